/**
 * The clerk's form for a grant programme (new and edit): purpose, who may apply, the amounts in
 * crowns, the co-financing share in percent, eligible and ineligible costs with the cost
 * categories an application's budget uses, the evaluation criteria with weights, the settlement
 * rule and the legal basis. Works without JavaScript: a fixed number of category and criterion
 * rows, empty ones ignored.
 */
import type { FieldError } from "../../domain/validation.ts";
import {
  APPLICANT_KINDS,
  GRANT_MESSAGES,
  PROGRAMME_LIMITS,
  type ProgrammeFormValues,
} from "../../domain/grants.ts";
import type { Translate } from "../../lib/state.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextArea,
  TextField,
  withErrorMessages,
} from "../form/mod.ts";
import { ChoiceGroup } from "../identity/ChoiceGroup.tsx";
import { ChoiceControl } from "../form/ChoiceControl.tsx";

export function programmeLabels(t: Translate): Record<string, string> {
  const labels: Record<string, string> = {
    title: t("grants.form.title"),
    purpose: t("grants.form.purpose"),
    eligibleApplicants: t("grants.form.eligibleApplicants"),
    applicantKinds: t("grants.form.applicantKinds"),
    total: t("grants.form.total"),
    minGrant: t("grants.form.minGrant"),
    maxGrant: t("grants.form.maxGrant"),
    cofinancing: t("grants.form.cofinancing"),
    eligibleCosts: t("grants.form.eligibleCosts"),
    ineligibleCosts: t("grants.form.ineligibleCosts"),
    settlementRule: t("grants.form.settlementRule"),
    settlementDays: t("grants.form.settlementDays"),
    legalBasis: t("grants.form.legalBasis"),
    maxInstalments: t("grants.form.maxInstalments"),
    oneApplicationPerApplicant: t("grants.form.oneApplicationPerApplicant"),
  };
  for (let i = 0; i < PROGRAMME_LIMITS.costs; i++) {
    labels[`cost${i}Name`] = t("grants.form.costName", { n: i + 1 });
  }
  for (let i = 0; i < PROGRAMME_LIMITS.criteria; i++) {
    labels[`criterion${i}Name`] = t("grants.form.criterionName", { n: i + 1 });
    labels[`criterion${i}Description`] = t("grants.form.criterionDescription", { n: i + 1 });
    labels[`criterion${i}Weight`] = t("grants.form.criterionWeight", { n: i + 1 });
    labels[`criterion${i}MaxScore`] = t("grants.form.criterionMaxScore", { n: i + 1 });
  }
  return labels;
}

export function emptyProgrammeValues(): ProgrammeFormValues {
  return {
    title: "",
    purpose: "",
    eligibleApplicants: "",
    applicantKinds: [],
    total: "",
    minGrant: "",
    maxGrant: "",
    cofinancing: "",
    eligibleCosts: "",
    ineligibleCosts: "",
    settlementRule: "fixed",
    settlementDays: "",
    legalBasis: "",
    maxInstalments: "1",
    oneApplicationPerApplicant: false,
    costs: [],
    criteria: [],
  };
}

export function ProgrammeForm(props: {
  action: string;
  values: ProgrammeFormValues;
  errors: readonly FieldError<string>[];
  csrfToken: string;
  t: Translate;
  submit: string;
  /** The level of the form's own headings (cost categories, criteria). */
  level?: 2 | 3;
}) {
  const H = props.level === 3 ? "h3" : "h2";
  const t = withErrorMessages(props.t, GRANT_MESSAGES);
  const { values, errors } = props;
  const labels = programmeLabels(props.t);
  const amountHint = t("grants.form.amountHint");
  return (
    <>
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" action={props.action} novalidate class="grant-programme-form">
        <CsrfField token={props.csrfToken} />
        <TextField
          name="title"
          label={labels.title}
          value={values.title}
          required
          maxLength={PROGRAMME_LIMITS.title}
          errors={errors}
          t={t}
        />
        <TextArea
          name="purpose"
          label={labels.purpose}
          value={values.purpose}
          rows={4}
          required
          maxLength={PROGRAMME_LIMITS.text}
          errors={errors}
          t={t}
        />
        <TextArea
          name="eligibleApplicants"
          label={labels.eligibleApplicants}
          hint={t("grants.form.eligibleApplicantsHint")}
          value={values.eligibleApplicants}
          rows={3}
          required
          maxLength={PROGRAMME_LIMITS.short}
          errors={errors}
          t={t}
        />
        <ChoiceGroup
          type="checkbox"
          name="applicantKinds"
          legend={labels.applicantKinds}
          options={APPLICANT_KINDS.map((k) => ({ value: k, label: t(`grants.kind.${k}`) }))}
          selected={values.applicantKinds}
          required
          errors={errors}
          t={t}
        />
        <ChoiceControl
          type="checkbox"
          id="field-oneApplicationPerApplicant"
          name="oneApplicationPerApplicant"
          value="on"
          checked={values.oneApplicationPerApplicant}
        >
          {t("grants.form.oneApplicationPerApplicant")}
        </ChoiceControl>
        <TextField
          name="total"
          label={labels.total}
          hint={amountHint}
          value={values.total}
          inputMode="decimal"
          width="m"
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="minGrant"
          label={labels.minGrant}
          hint={amountHint}
          value={values.minGrant}
          inputMode="decimal"
          width="m"
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="maxGrant"
          label={labels.maxGrant}
          hint={amountHint}
          value={values.maxGrant}
          inputMode="decimal"
          width="m"
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="cofinancing"
          label={labels.cofinancing}
          hint={t("grants.form.cofinancingHint")}
          value={values.cofinancing}
          inputMode="decimal"
          width="s"
          required
          errors={errors}
          t={t}
        />
        <TextArea
          name="eligibleCosts"
          label={labels.eligibleCosts}
          value={values.eligibleCosts}
          rows={3}
          required
          maxLength={PROGRAMME_LIMITS.text}
          errors={errors}
          t={t}
        />
        <TextArea
          name="ineligibleCosts"
          label={labels.ineligibleCosts}
          value={values.ineligibleCosts}
          rows={3}
          required
          maxLength={PROGRAMME_LIMITS.text}
          errors={errors}
          t={t}
        />
        <fieldset class="grant-rows">
          <legend>
            <H>{t("grants.form.costsHeading")}</H>
          </legend>
          <p>{t("grants.form.costsHint")}</p>
          {Array.from({ length: PROGRAMME_LIMITS.costs }, (_, i) => {
            const row = values.costs[i] ?? { name: "", eligible: i === 0 };
            return (
              <div class="grant-row" key={i}>
                <TextField
                  name={`cost${i}Name`}
                  label={labels[`cost${i}Name`]}
                  value={row.name}
                  maxLength={PROGRAMME_LIMITS.costName}
                  errors={errors}
                  t={t}
                />
                <ChoiceControl
                  type="checkbox"
                  id={`field-cost${i}Eligible`}
                  name={`cost${i}Eligible`}
                  value="on"
                  checked={row.eligible}
                >
                  {t("grants.form.costEligible", { n: i + 1 })}
                </ChoiceControl>
              </div>
            );
          })}
        </fieldset>
        <fieldset class="grant-rows">
          <legend>
            <H>{t("grants.form.criteriaHeading")}</H>
          </legend>
          <p>{t("grants.form.criteriaHint")}</p>
          {Array.from({ length: PROGRAMME_LIMITS.criteria }, (_, i) => {
            const row = values.criteria[i] ??
              { name: "", description: "", weight: "", maxScore: "" };
            return (
              <div class="grant-row" key={i}>
                <TextField
                  name={`criterion${i}Name`}
                  label={labels[`criterion${i}Name`]}
                  value={row.name}
                  maxLength={PROGRAMME_LIMITS.criterionName}
                  errors={errors}
                  t={t}
                />
                <TextField
                  name={`criterion${i}Description`}
                  label={labels[`criterion${i}Description`]}
                  value={row.description}
                  maxLength={1000}
                  errors={errors}
                  t={t}
                />
                <TextField
                  name={`criterion${i}Weight`}
                  label={labels[`criterion${i}Weight`]}
                  value={row.weight}
                  inputMode="numeric"
                  width="s"
                  errors={errors}
                  t={t}
                />
                <TextField
                  name={`criterion${i}MaxScore`}
                  label={labels[`criterion${i}MaxScore`]}
                  hint={t("grants.form.maxScoreHint")}
                  value={row.maxScore}
                  inputMode="numeric"
                  width="s"
                  errors={errors}
                  t={t}
                />
              </div>
            );
          })}
        </fieldset>
        <ChoiceGroup
          type="radio"
          name="settlementRule"
          legend={labels.settlementRule}
          options={[
            { value: "fixed", label: t("grants.form.settlementFixed") },
            { value: "after_project", label: t("grants.form.settlementAfter") },
          ]}
          selected={[values.settlementRule]}
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="settlementDays"
          label={labels.settlementDays}
          hint={t("grants.form.settlementDaysHint")}
          value={values.settlementDays}
          inputMode="numeric"
          width="s"
          errors={errors}
          t={t}
        />
        <TextField
          name="maxInstalments"
          label={labels.maxInstalments}
          value={values.maxInstalments}
          inputMode="numeric"
          width="s"
          errors={errors}
          t={t}
        />
        <TextField
          name="legalBasis"
          label={labels.legalBasis}
          hint={t("grants.form.legalBasisHint")}
          value={values.legalBasis}
          required
          maxLength={PROGRAMME_LIMITS.legalBasis}
          errors={errors}
          t={t}
        />
        <SubmitButton>{props.submit}</SubmitButton>
      </form>
    </>
  );
}
