/**
 * The grant committee's rules (issue 14), pure: a member's weighted score and the committee's
 * average, the ranking with its budget line (what fits into what is left of the programme's
 * total), and the forms of the committee (a member, a conflict statement, a member's scores),
 * the proposal and the council's decision. Kept apart from domain/grants.ts (the programme's
 * and the call's rules) so the three slices of the grants work do not edit one file; the
 * amount rules come from there.
 *
 * Who sees what: a member sees the other members' scores of an application only after they
 * scored it themselves or declared a conflict with it (`mayReadOthersScores`), so no member is
 * swayed by the others before they judged on their own.
 */
import { parseAmount } from "./finance/text.ts";
import { budgetLine } from "./grants.ts";
import { checkText, cleanText, type FieldError, type Validated } from "./validation.ts";
import { parseIsoDate } from "./clerks.ts";

export type CommitteeRole = "chair" | "member";
export const COMMITTEE_ROLES: readonly CommitteeRole[] = ["chair", "member"];

/** The application states the committee scores. */
export const SCORED_STATES = ["formally_ok", "evaluated"] as const;
/** The states the ranking lists (scored, proposed, decided). */
export const RANKED_STATES = [
  "formally_ok",
  "evaluated",
  "proposed",
  "granted",
  "refused",
] as const;

export const COMMITTEE_LIMITS = { statement: 2000, comment: 1000, reason: 2000, resolution: 100 };

/** This module's error codes; messages at `grantCommittee.errors.<code>`. */
export type CommitteeErrorCode =
  | "invalidScore"
  | "scoreTooHigh"
  | "invalidAmount"
  | "belowMinimum"
  | "aboveAsked"
  | "reasonRequired";

export const COMMITTEE_MESSAGES: Record<CommitteeErrorCode, string> = {
  invalidScore: "grantCommittee.errors.invalidScore",
  scoreTooHigh: "grantCommittee.errors.scoreTooHigh",
  invalidAmount: "grantCommittee.errors.invalidAmount",
  belowMinimum: "grantCommittee.errors.belowMinimum",
  aboveAsked: "grantCommittee.errors.aboveAsked",
  reasonRequired: "grantCommittee.errors.reasonRequired",
};

export type CommitteeFieldError = FieldError<
  import("./validation.ts").ValidationCode | CommitteeErrorCode
>;

// ---------------------------------------------------------------------------------------------
// Scores

export interface Criterion {
  id: string;
  weight: number;
  maxScore: number;
}

export interface Score {
  memberId: string;
  criterionId: string;
  score: number;
}

/**
 * One member's weighted score of an application, in percent (0–100): each criterion's score as
 * a share of its highest score, times its weight (the weights sum to 100). Null when the member
 * has not scored every criterion.
 */
export function memberWeightedScore(
  criteria: readonly Criterion[],
  scores: readonly Pick<Score, "criterionId" | "score">[],
): number | null {
  if (criteria.length === 0) return null;
  const byCriterion = new Map(scores.map((s) => [s.criterionId, s.score]));
  let sum = 0;
  for (const c of criteria) {
    const s = byCriterion.get(c.id);
    if (s === undefined) return null;
    sum += (Math.min(Math.max(s, 0), c.maxScore) / c.maxScore) * c.weight;
  }
  return sum;
}

/**
 * The committee's score of an application: the average of the weighted scores of the members
 * who scored every criterion (rounded to two decimals), and how many they were. Null with no
 * such member.
 */
export function weightedScore(
  criteria: readonly Criterion[],
  scores: readonly Score[],
): { score: number | null; members: number } {
  const byMember = new Map<string, Score[]>();
  for (const s of scores) {
    const list = byMember.get(s.memberId) ?? [];
    list.push(s);
    byMember.set(s.memberId, list);
  }
  const each = [...byMember.values()].map((list) => memberWeightedScore(criteria, list))
    .filter((v): v is number => v !== null);
  if (each.length === 0) return { score: null, members: 0 };
  const avg = each.reduce((a, b) => a + b, 0) / each.length;
  return { score: Math.round(avg * 100) / 100, members: each.length };
}

/** A member reads the others' scores once they scored it themselves or declared a conflict. */
export function mayReadOthersScores(me: { scored: boolean; conflict: boolean }): boolean {
  return me.scored || me.conflict;
}

// ---------------------------------------------------------------------------------------------
// Ranking

export interface RankInput {
  id: string;
  reference: string | null;
  asked: number;
  /** The committee's proposal (0: refuse), null before it. */
  proposed: number | null;
  score: number | null;
}

export interface RankedRow<T extends RankInput> {
  row: T;
  rank: number | null;
  /** The amount the budget line counts: the proposal, or what was asked before one. */
  counted: number;
  fits: boolean;
  leftAfter: number;
}

/**
 * The ranking: highest score first (unscored last), ties by the smaller amount asked, then by
 * reference; the budget line runs the counted amounts (the proposal, or the amount asked
 * before a proposal) against what is left of the programme's total (`total - grantedSoFar`).
 * A proposal to refuse counts nothing.
 */
export function rankApplications<T extends RankInput>(
  rows: readonly T[],
  total: number,
  grantedSoFar: number,
): RankedRow<T>[] {
  const sorted = [...rows].sort((a, b) => {
    if (a.score !== b.score) {
      if (a.score === null) return 1;
      if (b.score === null) return -1;
      return b.score - a.score;
    }
    if (a.asked !== b.asked) return a.asked - b.asked;
    return (a.reference ?? a.id).localeCompare(b.reference ?? b.id);
  });
  const counted = sorted.map((r) => r.proposed ?? r.asked);
  const line = budgetLine(total, grantedSoFar, counted);
  let rank = 0;
  return sorted.map((row, i) => ({
    row,
    rank: row.score === null ? null : ++rank,
    counted: counted[i],
    fits: line[i].fits,
    leftAfter: line[i].leftAfter,
  }));
}

// ---------------------------------------------------------------------------------------------
// Forms

/** The conflict of interest statement. */
export function validateConflict(form: FormData): Validated<string, CommitteeFieldError["code"]> {
  const statement = cleanText(form.get("statement")).slice(0, COMMITTEE_LIMITS.statement + 10);
  const errors: CommitteeFieldError[] = [];
  checkText(errors, "statement", statement, {
    required: true,
    max: COMMITTEE_LIMITS.statement,
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: statement };
}

export interface ScoreDraft {
  criterionId: string;
  score: number;
  comment: string;
}

/** A member's scores: every criterion a whole number 0..its highest score, a comment optional. */
export function validateScores(
  form: FormData,
  criteria: readonly Criterion[],
): Validated<ScoreDraft[], CommitteeFieldError["code"]> & { values: Record<string, string> } {
  const errors: CommitteeFieldError[] = [];
  const values: Record<string, string> = {};
  const drafts: ScoreDraft[] = [];
  criteria.forEach((c, i) => {
    const scoreText = cleanText(form.get(`score${i}`)).slice(0, 20);
    const comment = cleanText(form.get(`comment${i}`)).slice(0, COMMITTEE_LIMITS.comment + 10);
    values[`score${i}`] = scoreText;
    values[`comment${i}`] = comment;
    let score: number | null = null;
    if (scoreText === "") errors.push({ field: `score${i}`, code: "required" });
    else if (!/^\d{1,3}$/.test(scoreText)) {
      errors.push({ field: `score${i}`, code: "invalidScore" });
    } else if (Number(scoreText) > c.maxScore) {
      errors.push({ field: `score${i}`, code: "scoreTooHigh", params: { max: c.maxScore } });
    } else score = Number(scoreText);
    checkText(errors, `comment${i}`, comment, { max: COMMITTEE_LIMITS.comment });
    if (score !== null) drafts.push({ criterionId: c.id, score, comment });
  });
  return errors.length ? { ok: false, errors, values } : { ok: true, value: drafts, values };
}

export type Outcome = "grant" | "refuse";

export interface AmountDraft {
  outcome: Outcome;
  /** Haléře; 0 for a refusal. */
  amount: number;
  reason: string | null;
}

export interface AmountFormValues {
  outcome: string;
  amount: string;
  reason: string;
}

export function amountFormValues(form: FormData): AmountFormValues {
  return {
    outcome: cleanText(form.get("outcome")).slice(0, 20),
    amount: cleanText(form.get("amount")).slice(0, 40),
    reason: cleanText(form.get("reason")).slice(0, COMMITTEE_LIMITS.reason + 10),
  };
}

/**
 * A proposal or a decision on one application: an amount in crowns (at least the programme's
 * minimum grant, at most what was asked) or a refusal, which needs a reason.
 */
export function checkAmountDraft(
  v: AmountFormValues,
  limits: { minGrant: number; asked: number },
  errors: CommitteeFieldError[],
): AmountDraft | null {
  const before = errors.length;
  if (v.outcome !== "grant" && v.outcome !== "refuse") {
    errors.push({ field: "outcome", code: "invalidChoice" });
    return null;
  }
  if (v.outcome === "refuse") {
    if (v.reason === "") errors.push({ field: "reason", code: "reasonRequired" });
    else checkText(errors, "reason", v.reason, { max: COMMITTEE_LIMITS.reason });
    return errors.length > before ? null : { outcome: "refuse", amount: 0, reason: v.reason };
  }
  checkText(errors, "reason", v.reason, { max: COMMITTEE_LIMITS.reason });
  let amount: number | null = null;
  if (v.amount === "") errors.push({ field: "amount", code: "required" });
  else {
    amount = parseAmount(v.amount);
    if (amount === null || amount <= 0 || amount > 1e13) {
      errors.push({ field: "amount", code: "invalidAmount" });
      amount = null;
    } else if (amount < limits.minGrant) {
      errors.push({ field: "amount", code: "belowMinimum" });
    } else if (amount > limits.asked) errors.push({ field: "amount", code: "aboveAsked" });
  }
  if (errors.length > before || amount === null) return null;
  return { outcome: "grant", amount, reason: null };
}

export interface DecisionDraft extends AmountDraft {
  resolution: string;
  decidedOn: string;
}

export interface DecisionFormValues extends AmountFormValues {
  resolution: string;
  decidedOn: string;
}

export function decisionFormValues(form: FormData): DecisionFormValues {
  return {
    ...amountFormValues(form),
    resolution: cleanText(form.get("resolution")).slice(0, COMMITTEE_LIMITS.resolution + 10),
    decidedOn: cleanText(form.get("decidedOn")).slice(0, 20),
  };
}

/**
 * The council's decision on one application: the amount or a refusal with its reason, the
 * council's resolution number and its date (not after `today`).
 */
export function validateDecision(
  form: FormData,
  limits: { minGrant: number; asked: number; today: string },
): Validated<DecisionDraft, CommitteeFieldError["code"]> & { values: DecisionFormValues } {
  const values = decisionFormValues(form);
  const errors: CommitteeFieldError[] = [];
  const draft = checkAmountDraft(values, limits, errors);
  checkText(errors, "resolution", values.resolution, {
    required: true,
    max: COMMITTEE_LIMITS.resolution,
  });
  if (values.decidedOn === "") errors.push({ field: "decidedOn", code: "required" });
  else {
    const d = parseIsoDate(values.decidedOn);
    if (!d || d < "2000-01-01" || d > limits.today) {
      errors.push({ field: "decidedOn", code: "invalidDate" });
    }
  }
  if (errors.length || !draft) return { ok: false, errors, values };
  return {
    ok: true,
    value: { ...draft, resolution: values.resolution, decidedOn: values.decidedOn },
    values,
  };
}

/** The proposal form of one application. */
export function validateProposal(
  form: FormData,
  limits: { minGrant: number; asked: number },
): Validated<AmountDraft, CommitteeFieldError["code"]> & { values: AmountFormValues } {
  const values = amountFormValues(form);
  const errors: CommitteeFieldError[] = [];
  const draft = checkAmountDraft(values, limits, errors);
  if (errors.length || !draft) return { ok: false, errors, values };
  return { ok: true, value: draft, values };
}

/** Where a proposal may be made: scored (or proposed, to change it before the council decides). */
export function mayPropose(state: string): boolean {
  return state === "formally_ok" || state === "evaluated" || state === "proposed";
}

/** The council decides a proposed application (or one the committee scored). */
export function mayDecide(state: string): boolean {
  return state === "proposed" || state === "evaluated";
}
