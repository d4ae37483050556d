/**
 * Grants (issue 14) as pure rules: the programme's amount rules (the asked amount within the
 * minimum and maximum, the applicant's co-financing share, eligible costs only, the granted sum
 * within the programme's total), a call's phase and "how long is left", and the clerk's forms
 * for a programme (with its cost categories and weighted criteria) and a call. No clock: every
 * function that needs "now" takes it.
 */
import { parseAmount } from "./finance/text.ts";
import { formatPragueDate, parsePragueLocalDateTime, pragueStartOfDay } from "./time.ts";
import { checkText, cleanText, type FieldError, type Validated } from "./validation.ts";
import { parseIsoDate } from "./clerks.ts";

/** Basis points: 10 000 = 100 %. */
export const BP = 10_000;

export const APPLICANT_KINDS = ["person", "entrepreneur", "organisation"] as const;
export type ApplicantKind = typeof APPLICANT_KINDS[number];

export const CALL_STATES = ["draft", "scheduled", "open", "closed", "decided"] as const;
export type GrantCallState = typeof CALL_STATES[number];

export const APPLICATION_STATES = [
  "draft",
  "submitted",
  "returned",
  "lapsed",
  "formally_ok",
  "excluded",
  "evaluated",
  "proposed",
  "granted",
  "refused",
  "contracted",
  "paid",
  "settlement_submitted",
  "return_requested",
  "closed",
  "withdrawn",
] as const;
export type GrantApplicationState = typeof APPLICATION_STATES[number];

export type SettlementRule = "fixed" | "after_project";

/**
 * The required content of an application under § 10a(3) of Act 250/2000 Sb., in the law's
 * order; the public call page lists it (`grants.content.<key>`).
 */
export const APPLICATION_CONTENT = [
  "applicant",
  "legalPerson",
  "amount",
  "purpose",
  "period",
  "justification",
  "attachments",
  "date",
] as const;

/** This module's error codes; messages at `grants.errors.<code>` (see `GRANT_MESSAGES`). */
export type GrantErrorCode =
  | "invalidAmount"
  | "belowMinimum"
  | "aboveMaximum"
  | "cofinancingTooLow"
  | "ineligibleCost"
  | "unknownCost"
  | "exceedsTotal"
  | "minAboveMax"
  | "maxAboveTotal"
  | "invalidShare"
  | "weightsNotHundred"
  | "noCriteria"
  | "noEligibleCost"
  | "duplicateCost"
  | "noApplicantKind"
  | "closesBeforeOpens"
  | "decisionBeforeClose"
  | "projectEndBeforeStart"
  | "settlementBeforeProjectEnd"
  | "settlementRequired"
  | "datesLocked"
  | "titleTaken";

export const GRANT_ERROR_CODES: readonly GrantErrorCode[] = [
  "invalidAmount",
  "belowMinimum",
  "aboveMaximum",
  "cofinancingTooLow",
  "ineligibleCost",
  "unknownCost",
  "exceedsTotal",
  "minAboveMax",
  "maxAboveTotal",
  "invalidShare",
  "weightsNotHundred",
  "noCriteria",
  "noEligibleCost",
  "duplicateCost",
  "noApplicantKind",
  "closesBeforeOpens",
  "decisionBeforeClose",
  "projectEndBeforeStart",
  "settlementBeforeProjectEnd",
  "settlementRequired",
  "datesLocked",
  "titleTaken",
];

export const GRANT_MESSAGES: Record<GrantErrorCode, string> = Object.fromEntries(
  GRANT_ERROR_CODES.map((c) => [c, `grants.errors.${c}`]),
) as Record<GrantErrorCode, string>;

export type GrantFieldError = FieldError<import("./validation.ts").ValidationCode | GrantErrorCode>;

// ---------------------------------------------------------------------------------------------
// Amount rules

/** What the amount rules need of a programme. */
export interface AmountRules {
  minGrant: number;
  maxGrant: number;
  /** The applicant's own share of the total budget, at least (basis points). */
  cofinancingBp: number;
  total: number;
}

/** The asked amount within the programme's minimum and maximum (both inclusive). */
export function checkAskedAmount(
  p: Pick<AmountRules, "minGrant" | "maxGrant">,
  asked: number,
): "belowMinimum" | "aboveMaximum" | null {
  if (asked < p.minGrant) return "belowMinimum";
  if (asked > p.maxGrant) return "aboveMaximum";
  return null;
}

/** The least the applicant must bring of `totalBudget` (rounded up to a haléř). */
export function requiredOwnShare(totalBudget: number, cofinancingBp: number): number {
  return Math.ceil(totalBudget * cofinancingBp / BP);
}

/**
 * The applicant's co-financing: what they bring (`totalBudget - asked`) is at least the
 * programme's share of the total budget. Integer arithmetic, no rounding error.
 */
export function checkCofinancing(
  cofinancingBp: number,
  b: { totalBudget: number; asked: number },
): "cofinancingTooLow" | null {
  const own = b.totalBudget - b.asked;
  return own * BP >= b.totalBudget * cofinancingBp ? null : "cofinancingTooLow";
}

export interface CostCategory {
  id: string;
  code: string;
  name: string;
  eligible: boolean;
}

export interface BudgetLine {
  /** The category's id. */
  category: string;
  description: string;
  /** The line's whole cost. */
  amount: number;
  /** The part of it asked from the grant. */
  grant: number;
}

export interface BudgetProblem {
  /** The line's index, or null for the budget as a whole. */
  line: number | null;
  code: "unknownCost" | "ineligibleCost" | "invalidAmount";
}

/**
 * The grant pays eligible costs only: every line names one of the programme's categories, no
 * grant money on an ineligible one, and a line's grant part is within its cost.
 */
export function checkBudget(
  categories: readonly CostCategory[],
  lines: readonly BudgetLine[],
): BudgetProblem[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const problems: BudgetProblem[] = [];
  lines.forEach((l, i) => {
    const c = byId.get(l.category);
    if (!c) problems.push({ line: i, code: "unknownCost" });
    else if (l.amount < 0 || l.grant < 0 || l.grant > l.amount) {
      problems.push({ line: i, code: "invalidAmount" });
    } else if (!c.eligible && l.grant > 0) problems.push({ line: i, code: "ineligibleCost" });
  });
  return problems;
}

/** The budget's totals: the whole cost and the part asked from the grant. */
export function budgetTotals(lines: readonly BudgetLine[]): { total: number; asked: number } {
  return lines.reduce(
    (s, l) => ({ total: s.total + l.amount, asked: s.asked + l.grant }),
    { total: 0, asked: 0 },
  );
}

export type AmountProblem =
  | "belowMinimum"
  | "aboveMaximum"
  | "cofinancingTooLow"
  | "unknownCost"
  | "ineligibleCost"
  | "invalidAmount";

/** Every amount rule of the programme over an application's budget; empty when it passes. */
export function checkApplicationAmounts(
  p: AmountRules,
  categories: readonly CostCategory[],
  lines: readonly BudgetLine[],
): { problems: BudgetProblem[]; amount: AmountProblem[] } {
  const problems = checkBudget(categories, lines);
  const { total, asked } = budgetTotals(lines);
  const amount: AmountProblem[] = [];
  if (total <= 0 || asked <= 0) amount.push("invalidAmount");
  else {
    const range = checkAskedAmount(p, asked);
    if (range) amount.push(range);
    const share = checkCofinancing(p.cofinancingBp, { totalBudget: total, asked });
    if (share) amount.push(share);
  }
  return { problems, amount };
}

/**
 * The sum of granted amounts within the programme's total. The repository applies the same
 * rule in one UPDATE under a row lock (db/repositories/grants.ts `reserveGrantedAmount`); this
 * is the rule's statement and what the ranking's budget line uses.
 */
export function fitsTotal(total: number, grantedSoFar: number, amount: number): boolean {
  return amount >= 0 && grantedSoFar + amount <= total;
}

/** The ranking's budget line: which amounts, taken in order, fit into what is left. */
export function budgetLine(total: number, grantedSoFar: number, amounts: readonly number[]) {
  let left = total - grantedSoFar;
  return amounts.map((a) => {
    const fits = a <= left;
    if (fits) left -= a;
    return { amount: a, fits, leftAfter: left };
  });
}

// ---------------------------------------------------------------------------------------------
// A call's phase and how long is left

export type CallPhase = "upcoming" | "open" | "closed";

/** Where a call stands at `now` by its dates (the workflow's state follows these). */
export function callPhase(c: { opensAt: Date; closesAt: Date }, now: Date): CallPhase {
  if (now < c.opensAt) return "upcoming";
  if (now < c.closesAt) return "open";
  return "closed";
}

/**
 * Whole calendar days (Europe/Prague) from `now` to `at`: 0 on the same day, 1 tomorrow. The
 * public page says "zbývá 5 dní" for an open call, "otevře se 1. 3. 2027" for an upcoming one.
 */
export function daysUntil(at: Date, now: Date): number {
  const a = pragueStartOfDay(formatPragueDate(at)).getTime();
  const b = pragueStartOfDay(formatPragueDate(now)).getTime();
  return Math.round((a - b) / 86_400_000);
}

/** "2027-03-01" → "1. 3. 2027" (the Czech way of writing a date). */
export function czechDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return `${d}. ${m}. ${y}`;
}

/** Czech plural category for "den/dny/dní" and the like: one, few (2–4), many. */
export function czechPlural(n: number): "one" | "few" | "many" {
  if (n === 1) return "one";
  if (n >= 2 && n <= 4) return "few";
  return "many";
}

// ---------------------------------------------------------------------------------------------
// The clerk's programme form

export const PROGRAMME_LIMITS = {
  title: 200,
  text: 4000,
  short: 1000,
  legalBasis: 500,
  criteria: 6,
  costs: 8,
  criterionName: 200,
  costName: 200,
} as const;

export interface CriterionDraft {
  name: string;
  description: string;
  weight: number;
  maxScore: number;
}

export interface CostDraft {
  code: string;
  name: string;
  eligible: boolean;
}

export interface ProgrammeDraft {
  title: string;
  purpose: string;
  eligibleApplicants: string;
  applicantKinds: ApplicantKind[];
  total: number;
  minGrant: number;
  maxGrant: number;
  cofinancingBp: number;
  eligibleCosts: string;
  ineligibleCosts: string;
  settlementRule: SettlementRule;
  settlementDays: number | null;
  legalBasis: string;
  maxInstalments: number;
  /** Each applicant may file one application per call (withdrawn or lapsed ones not counted). */
  oneApplicationPerApplicant: boolean;
  costs: CostDraft[];
  criteria: CriterionDraft[];
}

/** What the form shows again (as typed). */
export interface ProgrammeFormValues {
  title: string;
  purpose: string;
  eligibleApplicants: string;
  applicantKinds: string[];
  total: string;
  minGrant: string;
  maxGrant: string;
  cofinancing: string;
  eligibleCosts: string;
  ineligibleCosts: string;
  settlementRule: string;
  settlementDays: string;
  legalBasis: string;
  maxInstalments: string;
  oneApplicationPerApplicant: boolean;
  costs: { name: string; eligible: boolean }[];
  criteria: { name: string; description: string; weight: string; maxScore: string }[];
}

export function programmeFormValues(form: FormData): ProgrammeFormValues {
  const keep = (name: string, max = PROGRAMME_LIMITS.text + 10) =>
    cleanText(form.get(name)).slice(0, max);
  const costs = [];
  for (let i = 0; i < PROGRAMME_LIMITS.costs; i++) {
    costs.push({
      name: keep(`cost${i}Name`, 300),
      eligible: form.get(`cost${i}Eligible`) === "on",
    });
  }
  const criteria = [];
  for (let i = 0; i < PROGRAMME_LIMITS.criteria; i++) {
    criteria.push({
      name: keep(`criterion${i}Name`, 300),
      description: keep(`criterion${i}Description`, 1100),
      weight: keep(`criterion${i}Weight`, 20),
      maxScore: keep(`criterion${i}MaxScore`, 20),
    });
  }
  return {
    title: keep("title", 300),
    purpose: keep("purpose"),
    eligibleApplicants: keep("eligibleApplicants"),
    applicantKinds: form.getAll("applicantKinds").filter((v): v is string =>
      typeof v === "string" && (APPLICANT_KINDS as readonly string[]).includes(v)
    ),
    total: keep("total", 40),
    minGrant: keep("minGrant", 40),
    maxGrant: keep("maxGrant", 40),
    cofinancing: keep("cofinancing", 20),
    eligibleCosts: keep("eligibleCosts"),
    ineligibleCosts: keep("ineligibleCosts"),
    settlementRule: keep("settlementRule", 20),
    settlementDays: keep("settlementDays", 20),
    legalBasis: keep("legalBasis", 600),
    maxInstalments: keep("maxInstalments", 20),
    oneApplicationPerApplicant: form.get("oneApplicationPerApplicant") === "on",
    costs,
    criteria,
  };
}

function crowns(errors: GrantFieldError[], field: string, text: string): number | null {
  if (text === "") {
    errors.push({ field, code: "required" });
    return null;
  }
  const h = parseAmount(text);
  if (h === null || h <= 0 || h > 1e13) {
    errors.push({ field, code: "invalidAmount" });
    return null;
  }
  return h;
}

function wholeNumber(
  errors: GrantFieldError[],
  field: string,
  text: string,
  min: number,
  max: number,
): number | null {
  if (text === "") {
    errors.push({ field, code: "required" });
    return null;
  }
  if (!/^\d{1,6}$/.test(text)) {
    errors.push({ field, code: "notWholeNumber" });
    return null;
  }
  const n = Number(text);
  if (n < min) errors.push({ field, code: "numberTooSmall", params: { min } });
  else if (n > max) errors.push({ field, code: "numberTooLarge", params: { max } });
  else return n;
  return null;
}

/** "25" or "12,5" (percent) → basis points. */
export function parsePercent(text: string): number | null {
  const m = /^(\d{1,2})(?:[,.](\d{1,2}))?\s*%?$/.exec(text.replace(/\s+/g, ""));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** Cost category codes are the names' first letters folded: stable keys for budget lines. */
export function costCode(name: string, i: number): string {
  const folded = name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40);
  return folded || `naklad-${i + 1}`;
}

/**
 * The clerk's programme form: texts, amounts in crowns (to haléře), the co-financing share in
 * percent, the cost categories (at least one eligible) and the criteria (weights summing to
 * 100 %). Empty rows are skipped.
 */
export function validateProgramme(
  form: FormData,
): Validated<ProgrammeDraft, GrantFieldError["code"]> {
  const v = programmeFormValues(form);
  const errors: GrantFieldError[] = [];
  checkText(errors, "title", v.title, { required: true, max: PROGRAMME_LIMITS.title });
  checkText(errors, "purpose", v.purpose, { required: true, max: PROGRAMME_LIMITS.text });
  checkText(errors, "eligibleApplicants", v.eligibleApplicants, {
    required: true,
    max: PROGRAMME_LIMITS.short,
  });
  const kinds = APPLICANT_KINDS.filter((k) => v.applicantKinds.includes(k));
  if (kinds.length === 0) errors.push({ field: "applicantKinds", code: "noApplicantKind" });
  const total = crowns(errors, "total", v.total);
  const minGrant = crowns(errors, "minGrant", v.minGrant);
  const maxGrant = crowns(errors, "maxGrant", v.maxGrant);
  if (minGrant !== null && maxGrant !== null && minGrant > maxGrant) {
    errors.push({ field: "maxGrant", code: "minAboveMax" });
  } else if (maxGrant !== null && total !== null && maxGrant > total) {
    errors.push({ field: "maxGrant", code: "maxAboveTotal" });
  }
  let cofinancingBp: number | null = null;
  if (v.cofinancing === "") errors.push({ field: "cofinancing", code: "required" });
  else {
    cofinancingBp = parsePercent(v.cofinancing);
    if (cofinancingBp === null || cofinancingBp >= BP) {
      errors.push({ field: "cofinancing", code: "invalidShare" });
    }
  }
  checkText(errors, "eligibleCosts", v.eligibleCosts, {
    required: true,
    max: PROGRAMME_LIMITS.text,
  });
  checkText(errors, "ineligibleCosts", v.ineligibleCosts, {
    required: true,
    max: PROGRAMME_LIMITS.text,
  });
  const settlementRule: SettlementRule = v.settlementRule === "after_project"
    ? "after_project"
    : "fixed";
  if (v.settlementRule !== "fixed" && v.settlementRule !== "after_project") {
    errors.push({ field: "settlementRule", code: "invalidChoice" });
  }
  const settlementDays = settlementRule === "after_project"
    ? wholeNumber(errors, "settlementDays", v.settlementDays, 1, 365)
    : null;
  checkText(errors, "legalBasis", v.legalBasis, {
    required: true,
    max: PROGRAMME_LIMITS.legalBasis,
  });
  const maxInstalments = v.maxInstalments === ""
    ? 1
    : wholeNumber(errors, "maxInstalments", v.maxInstalments, 1, 12);

  const costs: CostDraft[] = [];
  const codes = new Set<string>();
  v.costs.forEach((c, i) => {
    if (c.name === "") return;
    const before = errors.length;
    checkText(errors, `cost${i}Name`, c.name, { required: true, max: PROGRAMME_LIMITS.costName });
    const code = costCode(c.name, i);
    if (errors.length === before && codes.has(code)) {
      errors.push({ field: `cost${i}Name`, code: "duplicateCost" });
    }
    codes.add(code);
    costs.push({ code, name: c.name, eligible: c.eligible });
  });
  if (!costs.some((c) => c.eligible)) errors.push({ field: "cost0Name", code: "noEligibleCost" });

  const criteria: CriterionDraft[] = [];
  let weights = 0;
  let weightsOk = true;
  v.criteria.forEach((c, i) => {
    if (c.name === "" && c.weight === "" && c.description === "") return;
    checkText(errors, `criterion${i}Name`, c.name, {
      required: true,
      max: PROGRAMME_LIMITS.criterionName,
    });
    checkText(errors, `criterion${i}Description`, c.description, { max: 1000 });
    const weight = wholeNumber(errors, `criterion${i}Weight`, c.weight, 1, 100);
    const maxScore = c.maxScore === ""
      ? 10
      : wholeNumber(errors, `criterion${i}MaxScore`, c.maxScore, 1, 100);
    if (weight === null) weightsOk = false;
    else weights += weight;
    criteria.push({
      name: c.name,
      description: c.description,
      weight: weight ?? 0,
      maxScore: maxScore ?? 10,
    });
  });
  if (criteria.length === 0) errors.push({ field: "criterion0Name", code: "noCriteria" });
  else if (weightsOk && weights !== 100) {
    errors.push({ field: "criterion0Weight", code: "weightsNotHundred", params: { sum: weights } });
  }

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title: v.title,
      purpose: v.purpose,
      eligibleApplicants: v.eligibleApplicants,
      applicantKinds: kinds,
      total: total!,
      minGrant: minGrant!,
      maxGrant: maxGrant!,
      cofinancingBp: cofinancingBp!,
      eligibleCosts: v.eligibleCosts,
      ineligibleCosts: v.ineligibleCosts,
      settlementRule,
      settlementDays,
      legalBasis: v.legalBasis,
      maxInstalments: maxInstalments!,
      oneApplicationPerApplicant: v.oneApplicationPerApplicant,
      costs,
      criteria,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The clerk's call form

export interface CallDraft {
  title: string;
  opensAt: Date;
  closesAt: Date;
  decisionDeadline: string;
  settlementDeadline: string | null;
  projectFrom: string;
  projectTo: string;
}

export interface CallFormValues {
  title: string;
  opensAt: string;
  closesAt: string;
  decisionDeadline: string;
  settlementDeadline: string;
  projectFrom: string;
  projectTo: string;
}

export function callFormValues(form: FormData): CallFormValues {
  const keep = (name: string, max = 40) => cleanText(form.get(name)).slice(0, max);
  return {
    title: keep("title", 300),
    opensAt: keep("opensAt"),
    closesAt: keep("closesAt"),
    decisionDeadline: keep("decisionDeadline"),
    settlementDeadline: keep("settlementDeadline"),
    projectFrom: keep("projectFrom"),
    projectTo: keep("projectTo"),
  };
}

function dateTime(errors: GrantFieldError[], field: string, text: string): Date | null {
  if (text === "") errors.push({ field, code: "required" });
  else {
    const d = parsePragueLocalDateTime(text);
    if (d) return d;
    errors.push({ field, code: "invalidDateTime" });
  }
  return null;
}

function date(errors: GrantFieldError[], field: string, text: string, required: boolean) {
  if (text === "") {
    if (required) errors.push({ field, code: "required" });
    return null;
  }
  const d = parseIsoDate(text);
  if (!d || d < "2000-01-01" || d > "2200-12-31") errors.push({ field, code: "invalidDate" });
  return d;
}

/**
 * A call's form: the window (Prague wall-clock times), the decision deadline (not before the
 * window closes), the funded period, and the settlement deadline (required when the programme
 * fixes it per call; not before the funded period ends). A new window may not open in the past
 * (`now`); an edited one keeps its opening when the call is already open (`openedAt`).
 */
export function validateCall(
  form: FormData,
  opts: { now: Date; settlementRule: SettlementRule; alreadyOpen?: Date | null },
): Validated<CallDraft, GrantFieldError["code"]> {
  const v = callFormValues(form);
  const errors: GrantFieldError[] = [];
  checkText(errors, "title", v.title, { required: true, max: PROGRAMME_LIMITS.title });
  let opensAt = dateTime(errors, "opensAt", v.opensAt);
  if (opts.alreadyOpen) {
    // Open already: its opening is history; only the closing may move (not into the past).
    opensAt = opts.alreadyOpen;
  } else if (opensAt && opensAt.getTime() < opts.now.getTime() - 60_000) {
    errors.push({ field: "opensAt", code: "dateInPast" });
  }
  const closesAt = dateTime(errors, "closesAt", v.closesAt);
  if (opensAt && closesAt && closesAt <= opensAt) {
    errors.push({ field: "closesAt", code: "closesBeforeOpens" });
  } else if (closesAt && opts.alreadyOpen && closesAt <= opts.now) {
    errors.push({ field: "closesAt", code: "dateInPast" });
  }
  const decisionDeadline = date(errors, "decisionDeadline", v.decisionDeadline, true);
  if (decisionDeadline && closesAt && decisionDeadline < formatPragueDate(closesAt)) {
    errors.push({ field: "decisionDeadline", code: "decisionBeforeClose" });
  }
  const projectFrom = date(errors, "projectFrom", v.projectFrom, true);
  const projectTo = date(errors, "projectTo", v.projectTo, true);
  if (projectFrom && projectTo && projectTo < projectFrom) {
    errors.push({ field: "projectTo", code: "projectEndBeforeStart" });
  }
  const settlementDeadline = date(
    errors,
    "settlementDeadline",
    v.settlementDeadline,
    false,
  );
  if (opts.settlementRule === "fixed" && v.settlementDeadline === "") {
    errors.push({ field: "settlementDeadline", code: "settlementRequired" });
  } else if (settlementDeadline && projectTo && settlementDeadline < projectTo) {
    errors.push({ field: "settlementDeadline", code: "settlementBeforeProjectEnd" });
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title: v.title,
      opensAt: opensAt!,
      closesAt: closesAt!,
      decisionDeadline: decisionDeadline!,
      settlementDeadline: opts.settlementRule === "fixed" ? settlementDeadline : null,
      projectFrom: projectFrom!,
      projectTo: projectTo!,
    },
  };
}

/** The state a call takes when it is saved (scheduled before its window, open within it). */
export function scheduledState(c: { opensAt: Date; closesAt: Date }, now: Date): GrantCallState {
  const phase = callPhase(c, now);
  return phase === "upcoming" ? "scheduled" : phase === "open" ? "open" : "closed";
}

/** Which transition a workflow's timer may make now; null when the row is already past it. */
export function timerTransition(
  state: GrantCallState,
  target: "open" | "closed",
): GrantCallState | null {
  if (target === "open") return state === "scheduled" ? "open" : null;
  return state === "scheduled" || state === "open" ? "closed" : null;
}

// ---------------------------------------------------------------------------------------------
// Filling the forms from stored rows

/** Haléře as the form shows them: "50000" or "12500,50". */
export function crownsText(halere: number): string {
  const whole = Math.trunc(halere / 100);
  const rest = Math.abs(halere % 100);
  return rest ? `${whole},${String(rest).padStart(2, "0")}` : String(whole);
}

/** Basis points as the form shows them: 2500 → "25", 1250 → "12,5". */
export function percentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  return rest ? `${whole},${String(rest).padStart(2, "0").replace(/0$/, "")}` : String(whole);
}

export function programmeValuesOf(
  p: {
    title: string;
    purpose: string;
    eligible_applicants: string;
    applicant_kinds: string[];
    total_halere: string | number;
    min_grant_halere: string | number;
    max_grant_halere: string | number;
    cofinancing_bp: number;
    eligible_costs: string;
    ineligible_costs: string;
    settlement_rule: string;
    settlement_days: number | null;
    legal_basis: string;
    max_instalments: number;
    one_application_per_applicant: boolean;
  },
  costs: readonly { name: string; eligible: boolean }[],
  criteria: readonly { name: string; description: string; weight: number; max_score: number }[],
): ProgrammeFormValues {
  return {
    title: p.title,
    purpose: p.purpose,
    eligibleApplicants: p.eligible_applicants,
    applicantKinds: [...p.applicant_kinds],
    total: crownsText(Number(p.total_halere)),
    minGrant: crownsText(Number(p.min_grant_halere)),
    maxGrant: crownsText(Number(p.max_grant_halere)),
    cofinancing: percentText(p.cofinancing_bp),
    eligibleCosts: p.eligible_costs,
    ineligibleCosts: p.ineligible_costs,
    settlementRule: p.settlement_rule,
    settlementDays: p.settlement_days === null ? "" : String(p.settlement_days),
    legalBasis: p.legal_basis,
    maxInstalments: String(p.max_instalments),
    oneApplicationPerApplicant: p.one_application_per_applicant,
    costs: costs.map((c) => ({ name: c.name, eligible: c.eligible })),
    criteria: criteria.map((c) => ({
      name: c.name,
      description: c.description,
      weight: String(c.weight),
      maxScore: String(c.max_score),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Open data: what the list of granted grants publishes about a recipient

/**
 * Above this amount (haléře) a grant's contract must be published (§ 10d(1) of Act 250/2000
 * Sb.: contracts over 50 000 Kč, on the official board or in the register of contracts).
 */
export const PUBLISH_NAME_ABOVE_HALERE = 5_000_000;

export interface PublishedRecipient {
  /** The name as published ("Fyzická osoba" when a natural person's name may not be). */
  name: string;
  /** IČO for legal persons and entrepreneurs; never for a natural person. */
  ico: string | null;
  /** The municipality only (never the street, the house number or the postal code). */
  municipality: string | null;
  kind: ApplicantKind;
}

/** The municipality of a Czech address ("Lipová 12, 789 01 Lipnice" → "Lipnice"), or null. */
export function municipalityOf(address: string | null | undefined): string | null {
  const a = (address ?? "").trim();
  if (!a) return null;
  const psc = /\b\d{3}\s?\d{2}\s+([^,\d][^,]*)$/u.exec(a);
  const town = psc ? psc[1] : a.includes(",") ? a.slice(a.lastIndexOf(",") + 1) : "";
  const t = town.replace(/\s+/g, " ").trim();
  return t && !/\d/.test(t) ? t.slice(0, 100) : null;
}

/**
 * What the open data of granted grants (/dotace/poskytnute, CSV, JSON) says about a recipient,
 * decided from Act 250/2000 Sb. and the GDPR (Art. 5(1)(c) data minimisation; the legal ground is
 * Art. 6(1)(c)/(e), the publication the law requires):
 *
 * - a legal person (organisation) and an entrepreneur: name, IČO and municipality — public data
 *   of public registers; the transparency of public money is the point;
 * - a natural person not in business: § 10d(1) requires publishing the contract only above
 *   50 000 Kč, so only then the name and the municipality; at or below it "Fyzická osoba" with
 *   the municipality. Never a birth date, a street, a house number, a postal code, contacts or an
 *   IČO (the contract holds them; the list does not).
 *
 * The amount, programme, purpose and decision date are always published (§ 10d, the budget's
 * transparency). The purpose is the applicant's text: the page escapes it.
 */
export function publishedRecipient(a: {
  kind: ApplicantKind;
  name: string;
  ico: string | null;
  address: string | null;
  grantedHalere: number;
}): PublishedRecipient {
  const municipality = municipalityOf(a.address);
  if (a.kind === "person") {
    return {
      kind: a.kind,
      name: a.grantedHalere > PUBLISH_NAME_ABOVE_HALERE ? a.name : "Fyzická osoba",
      ico: null,
      municipality,
    };
  }
  return { kind: a.kind, name: a.name, ico: a.ico, municipality };
}
