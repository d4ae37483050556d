/**
 * The grant application (issue 14), the content § 10a(3) of Act 250/2000 Sb. asks for: the
 * applicant (a person, an entrepreneur with IČO, or the organisation the person acts for, with
 * who acts for it and its ownership), the project's purpose, period and justification, the
 * budget (each line a cost category of the programme, a description, its cost and the part
 * asked from the grant — the amount asked is the sum of these parts), attachments, and the
 * declaration (the filing's date and the signed-in person stand for the signature).
 *
 * The definition is built per call (`grantApplicationForm`): the budget's cost categories and the
 * kinds of applicant are the programme's. `checkGrantApplication` applies the programme's amount
 * rules (domain/grants.ts) to the validated values, as field errors (`validation.<code>`).
 */
import type { ChoiceOption, FormDefinition } from "../forms/types.ts";
import {
  type AmountRules,
  type ApplicantKind,
  BP,
  type BudgetLine,
  checkApplicationAmounts,
  type CostCategory,
} from "../grants.ts";
import type { FieldError } from "../validation.ts";

const K = "grantApplications.form";

export const GRANT_APPLICATION_SLUG = "zadost-o-dotaci";
/** The agenda whose clerks (role `grants`) do the formal check. */
export const GRANT_AGENDA = "dotace";

/** The budget's lines at most. */
export const GRANT_BUDGET_MAX_LINES = 20;

export interface GrantFormProgramme {
  applicantKinds: readonly ApplicantKind[];
  /** The programme's cost categories, eligible or not (ineligible ones may carry own money). */
  categories: readonly Pick<CostCategory, "code" | "name">[];
}

/** The application's form for one programme. Category labels are the categories' names. */
export function grantApplicationForm(p: GrantFormProgramme): FormDefinition {
  const kinds: ChoiceOption[] = p.applicantKinds.map((value) => ({
    value,
    label: `${K}.kinds.${value}`,
  }));
  return {
    slug: GRANT_APPLICATION_SLUG,
    title: `${K}.title`,
    intro: `${K}.intro`,
    steps: [
      {
        id: "zadatel",
        title: `${K}.steps.applicant`,
        intro: `${K}.steps.applicantIntro`,
        fields: [
          {
            type: "choice",
            name: "applicantKind",
            label: `${K}.applicantKind`,
            display: "radio",
            required: true,
            options: kinds,
          },
          {
            type: "text",
            name: "applicantIco",
            label: `${K}.applicantIco`,
            hint: `${K}.applicantIcoHint`,
            required: true,
            format: "ico",
            maxLength: 8,
            when: { field: "applicantKind", oneOf: ["entrepreneur"] },
          },
          {
            type: "textarea",
            name: "representatives",
            label: `${K}.representatives`,
            hint: `${K}.representativesHint`,
            required: true,
            maxLength: 2000,
            rows: 3,
            when: { field: "applicantKind", oneOf: ["organisation"] },
          },
          {
            type: "textarea",
            name: "ownership",
            label: `${K}.ownership`,
            hint: `${K}.ownershipHint`,
            required: true,
            maxLength: 2000,
            rows: 3,
            when: { field: "applicantKind", oneOf: ["organisation"] },
          },
          {
            type: "text",
            name: "bankAccount",
            label: `${K}.bankAccount`,
            hint: `${K}.bankAccountHint`,
            required: true,
            format: "bankAccount",
            maxLength: 40,
            minLength: 5,
            autocomplete: "off",
          },
        ],
      },
      {
        id: "projekt",
        title: `${K}.steps.project`,
        fields: [
          {
            type: "text",
            name: "purpose",
            label: `${K}.purpose`,
            hint: `${K}.purposeHint`,
            required: true,
            maxLength: 300,
          },
          {
            type: "date",
            name: "projectFrom",
            label: `${K}.projectFrom`,
            required: true,
          },
          {
            type: "date",
            name: "projectTo",
            label: `${K}.projectTo`,
            required: true,
            min: { field: "projectFrom" },
          },
          {
            type: "textarea",
            name: "justification",
            label: `${K}.justification`,
            hint: `${K}.justificationHint`,
            required: true,
            maxLength: 4000,
            rows: 5,
          },
        ],
      },
      {
        id: "rozpocet",
        title: `${K}.steps.budget`,
        intro: `${K}.steps.budgetIntro`,
        fields: [
          {
            type: "group",
            name: "budget",
            label: `${K}.budget`,
            itemLabel: `${K}.budgetItem`,
            addLabel: `${K}.budgetAdd`,
            min: 1,
            max: GRANT_BUDGET_MAX_LINES,
            fields: [
              {
                type: "choice",
                name: "category",
                label: `${K}.category`,
                display: "select",
                required: true,
                options: p.categories.map((c) => ({ value: c.code, label: c.name })),
              },
              {
                type: "text",
                name: "description",
                label: `${K}.description`,
                required: true,
                maxLength: 200,
              },
              {
                type: "number",
                name: "amountKc",
                label: `${K}.amountKc`,
                hint: `${K}.amountKcHint`,
                required: true,
                min: 0,
                max: 1_000_000_000,
                decimals: 2,
              },
              {
                type: "number",
                name: "grantKc",
                label: `${K}.grantKc`,
                hint: `${K}.grantKcHint`,
                required: true,
                min: 0,
                max: 1_000_000_000,
                decimals: 2,
              },
            ],
          },
        ],
      },
      {
        id: "prilohy",
        title: `${K}.steps.attachments`,
        fields: [
          {
            type: "attachment",
            name: "attachments",
            label: `${K}.attachments`,
            hint: `${K}.attachmentsHint`,
            maxFiles: 5,
            maxBytes: 10 * 1024 * 1024,
            mediaTypes: ["application/pdf", "image/png", "image/jpeg"],
          },
          {
            type: "checkbox",
            name: "declaration",
            label: `${K}.declaration`,
            required: true,
          },
        ],
      },
    ],
  };
}

/** Crowns (as the form gives them, up to two decimals) → haléře. */
export function halereOf(kc: number): number {
  return Math.round(kc * 100);
}

/** The validated budget's lines in haléře, the category by its code. */
export function budgetLinesOf(values: Record<string, unknown>): BudgetLine[] {
  const items = Array.isArray(values.budget) ? values.budget as Record<string, unknown>[] : [];
  return items.map((it) => ({
    category: String(it.category ?? ""),
    description: String(it.description ?? ""),
    amount: halereOf(Number(it.amountKc ?? 0)),
    grant: halereOf(Number(it.grantKc ?? 0)),
  }));
}

/** "50 000 Kč" for haléře (whole crowns without decimals). */
function kcText(halere: number): string {
  const kc = halere / 100;
  const whole = Number.isInteger(kc) ? String(kc) : kc.toFixed(2).replace(".", ",");
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
}

/**
 * The programme's amount rules over validated values: every budget line in a category of the
 * programme, no grant on an ineligible one, a line's grant part within its cost, the sum asked
 * within the minimum and maximum, the applicant's own share kept. Categories go by code.
 */
export function checkGrantApplication(
  p: AmountRules & { categories: readonly CostCategory[] },
  values: Record<string, unknown>,
): FieldError<string>[] {
  const lines = budgetLinesOf(values);
  const byCode = p.categories.map((c) => ({ ...c, id: c.code }));
  const { problems, amount } = checkApplicationAmounts(p, byCode, lines);
  const errors: FieldError<string>[] = [];
  for (const pr of problems) {
    const i = pr.line ?? 0;
    if (pr.code === "unknownCost") {
      errors.push({ field: `budget[${i}].category`, code: "invalidChoice" });
    } else if (pr.code === "ineligibleCost") {
      errors.push({ field: `budget[${i}].grantKc`, code: "grantIneligibleCost" });
    } else errors.push({ field: `budget[${i}].grantKc`, code: "grantAboveCost" });
  }
  if (errors.length) return errors;
  const { asked, total } = lines.reduce(
    (s, l) => ({ total: s.total + l.amount, asked: s.asked + l.grant }),
    { total: 0, asked: 0 },
  );
  for (const code of amount) {
    if (code === "belowMinimum") {
      errors.push({
        field: "budget",
        code: "grantBelowMinimum",
        params: { asked: kcText(asked), min: kcText(p.minGrant) },
      });
    } else if (code === "aboveMaximum") {
      errors.push({
        field: "budget",
        code: "grantAboveMaximum",
        params: { asked: kcText(asked), max: kcText(p.maxGrant) },
      });
    } else if (code === "cofinancingTooLow") {
      errors.push({
        field: "budget",
        code: "grantCofinancing",
        params: {
          share: String(p.cofinancingBp / (BP / 100)).replace(".", ","),
          own: kcText(Math.ceil(total * p.cofinancingBp / BP)),
        },
      });
    } else errors.push({ field: "budget", code: "grantNoAmount" });
  }
  return errors;
}
