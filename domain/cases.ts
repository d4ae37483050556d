/**
 * The case kit's rules, as pure functions: a case's states and which step may move it where,
 * what a clerk's decision must carry, reference numbers (`LIP-2026/000042`), how long the office
 * has for a case of each situation before it escalates, and how long a draft lives. The
 * workflow, the use cases and the pages read these; none re-states a rule.
 */
import { checkText, type FieldError } from "./validation.ts";

export type CaseState = "filed" | "returned" | "approved" | "rejected" | "closed";

export const CASE_STATES: readonly CaseState[] = [
  "filed",
  "returned",
  "approved",
  "rejected",
  "closed",
];

/** A case the office still has to act on, or the citizen to correct. */
export function isOpen(state: CaseState): boolean {
  return state === "filed" || state === "returned";
}

export type Decision = "approve" | "return" | "reject";
export const DECISIONS: readonly Decision[] = ["approve", "return", "reject"];

export function isDecision(value: unknown): value is Decision {
  return typeof value === "string" && (DECISIONS as readonly string[]).includes(value);
}

/** The state a decision leads to. */
export function stateAfter(decision: Decision): CaseState {
  return decision === "approve" ? "approved" : decision === "return" ? "returned" : "rejected";
}

/** Where a step may start from: a clerk decides a filed case, the citizen resubmits a returned one. */
export function mayDecide(state: CaseState): boolean {
  return state === "filed";
}

export function mayResubmit(state: CaseState): boolean {
  return state === "returned";
}

/**
 * Whether the citizen may still take the filing back (zpětvzetí, § 45(4) of the Administrative
 * Procedure Code): while the office has not decided it — waiting in the queue or returned to
 * them for a correction.
 */
export function mayWithdraw(state: CaseState): boolean {
  return state === "filed" || state === "returned";
}

/** Characters of the reason a citizen may give with a withdrawal. */
export const WITHDRAW_REASON_MAX = 1000;

export const DECISION_TEXT_MAX = 2000;
export const NOTE_MAX = 2000;

/** A return needs a message for the citizen, a rejection a reason; an approval may carry a note. */
export function checkDecision(decision: Decision, text: string): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, "text", text, { required: decision !== "approve", max: DECISION_TEXT_MAX });
  return errors;
}

export function checkNote(text: string): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, "text", text, { required: true, max: NOTE_MAX });
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Timeline

/** What a timeline event says happened (`cases.event.<kind>` in the locales). */
export type CaseEventKind =
  | "filed"
  | "claimed"
  | "released"
  | "approved"
  | "returned"
  | "resubmitted"
  | "rejected"
  | "note"
  | "escalated"
  | "closed"
  /** A situation issued a předpis (the dog fee after an approval). */
  | "assessed"
  /** The person reminded that a returned case awaits their correction before its deadline. */
  | "correctionReminder"
  /** Approved figures imported for the budget explorer (a founded organisation's report). */
  | "published"
  /** Approved figures that could not be imported (the clerk sees why). */
  | "publishFailed"
  /** A returned case whose correction deadline passed unanswered (grant applications). */
  | "lapsed"
  /** The citizen took the filing back before the office decided it; the case is closed. */
  | "withdrawn"
  /** A grant's settlement report: due soon, due today, overdue (one message each). */
  | "settlementBefore"
  | "settlementDue"
  | "settlementOverdue"
  /** The grant committee scored the application / proposed its amount (internal steps). */
  | "grantEvaluated"
  | "grantProposed"
  /** The council granted the application (its amount) or refused it (its reason). */
  | "grantGranted"
  | "grantRefused"
  /** After the decision (app/grant_awards.ts): the contract ready to confirm, confirmed, a
   * payout paid, the settlement report filed, settled (closed), a return requested. */
  | "grantContractReady"
  | "grantContracted"
  | "grantPaid"
  | "grantSettlementFiled"
  | "grantSettlementFiledLate"
  | "grantSettled"
  | "grantReturnRequested"
  /** The kit's fee of a case issued as an obligation (activities/cases.ts `issueCaseFee`). */
  | "feeIssued"
  /** Overlapping occupations of the same place, flagged to the clerk at filing (internal). */
  | "overlapFlagged"
  /** A wedding: the registry office confirmed the date (and the documents to bring). */
  | "weddingConfirmed"
  /** A wedding: the reminders a month and a week before, once each. */
  | "weddingReminderMonth"
  | "weddingReminderWeek"
  /** A wedding's date passed: the case closes. A refused one releases its slot. */
  | "weddingHeld"
  | "slotReleased"
  /** A zábor: the permit issued once its fee is paid; the occupation ended and the case closed. */
  | "permitIssued"
  | "occupationEnded";

/** Internal events the citizen does not see: notes, claims, escalations, the committee's work. */
export function visibleToCitizen(kind: CaseEventKind): boolean {
  return !(kind === "note" || kind === "claimed" || kind === "released" || kind === "escalated" ||
    kind === "grantEvaluated" || kind === "grantProposed" || kind === "overlapFlagged");
}

/** The unique key of a step (a retried activity records it once): case, round, what. */
export function eventKey(caseId: string, kind: CaseEventKind, discriminator: string | number) {
  return `case/${caseId}:${kind}:${discriminator}`;
}

// ---------------------------------------------------------------------------------------------
// Situations

/**
 * What the kit needs to know about a life situation that is filed as a case: the agenda whose
 * clerks review it and how many days the office has before the case escalates. A town may
 * override the days in its settings (`caseKit.reviewDays.<slug>`).
 */
export interface CaseSituation {
  slug: string;
  agenda: string;
  reviewDays: number;
}

export const DEFAULT_REVIEW_DAYS = 30;

/** The kit's defaults for the situations known today; a situation's own module may add more. */
export const CASE_SITUATIONS: Record<string, Omit<CaseSituation, "slug">> = {
  "poplatek-ze-psa": { agenda: "poplatky", reviewDays: 15 },
  "hlaseni-zavady": { agenda: "zavady", reviewDays: 10 },
  // A founded organisation's financial report, for the clerks with the `finance` role.
  "financni-vykaz-organizace": { agenda: "finance", reviewDays: 15 },
  // A grant application's formal check, for the clerks with the `grants` role.
  "zadost-o-dotaci": { agenda: "dotace", reviewDays: 15 },
  // A wedding date, for the registry office (role `agenda:matrika`).
  "svatba": { agenda: "matrika", reviewDays: 10 },
  // A public-space occupation permit, for the clerks of local fees.
  "zabor-verejneho-prostranstvi": { agenda: "poplatky", reviewDays: 10 },
};

/** A situation's settings, the town's overrides applied (unknown slug: null). */
export function caseSituation(
  slug: string,
  settings: Record<string, unknown> = {},
  agendaOfForm?: string,
): CaseSituation | null {
  const base = CASE_SITUATIONS[slug] ??
    (agendaOfForm ? { agenda: agendaOfForm, reviewDays: DEFAULT_REVIEW_DAYS } : null);
  if (!base) return null;
  const kit = (settings.caseKit ?? {}) as { reviewDays?: Record<string, unknown> };
  const days = kit.reviewDays?.[slug];
  const reviewDays = typeof days === "number" && Number.isInteger(days) && days > 0 && days <= 365
    ? days
    : base.reviewDays;
  return { slug, agenda: agendaOfForm ?? base.agenda, reviewDays };
}

export const DAY_MS = 86_400_000;

/** How long ahead of a correction's deadline the person is reminded (at most half the period). */
export const CORRECTION_REMIND_DAYS = 3;

/**
 * A returned case's correction deadline (the situation's review days after the return) and
 * when the person is reminded of it, as epoch milliseconds.
 */
export function correctionSchedule(
  returnedAt: number,
  days: number,
): { dueAt: number; remindAt: number } {
  const dueAt = returnedAt + days * DAY_MS;
  return { dueAt, remindAt: dueAt - Math.min(CORRECTION_REMIND_DAYS, days / 2) * DAY_MS };
}

/** A Czech date (`5. 12. 2026`) of an instant, in Europe/Prague, without Intl (workflow-safe). */
export function czechDateOf(epochMs: number): string {
  // Central European time: UTC+1, summer time (UTC+2) from the last Sunday of March to the
  // last Sunday of October at 01:00 UTC.
  const y = new Date(epochMs).getUTCFullYear();
  const lastSunday = (month: number) => {
    const d = new Date(Date.UTC(y, month + 1, 0, 1));
    return d.getTime() - d.getUTCDay() * DAY_MS;
  };
  const summer = epochMs >= lastSunday(2) && epochMs < lastSunday(9);
  const local = new Date(epochMs + (summer ? 2 : 1) * 3_600_000);
  return `${local.getUTCDate()}. ${local.getUTCMonth() + 1}. ${local.getUTCFullYear()}`;
}

export function dueAfter(from: Date, reviewDays: number): Date {
  return new Date(from.getTime() + reviewDays * DAY_MS);
}

/** Whether the case is past its deadline and still waits for the office. */
export function isOverdue(c: { state: CaseState; due_at: Date }, now: Date): boolean {
  return c.state === "filed" && c.due_at.getTime() < now.getTime();
}

// ---------------------------------------------------------------------------------------------
// Reference numbers

/**
 * A town's prefix: the `caseKit.referencePrefix` setting, else the first three letters of its
 * slug without diacritics, upper-cased (`lipnice` → `LIP`).
 */
export function referencePrefix(slug: string, settings: Record<string, unknown> = {}): string {
  const configured = (settings.caseKit as { referencePrefix?: unknown } | undefined)
    ?.referencePrefix;
  if (typeof configured === "string" && /^[A-Z0-9]{1,10}$/.test(configured)) return configured;
  const letters = slug.normalize("NFD").replace(/[^A-Za-z0-9]/g, "").toUpperCase();
  return (letters.slice(0, 3) || "POD");
}

export function formatReference(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}/${String(n).padStart(6, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Drafts

export const DRAFT_TTL_DAYS = 90;
/** The person is told this many days before a draft expires. */
export const DRAFT_WARN_DAYS = 7;

export function draftExpiry(updatedAt: Date): Date {
  return new Date(updatedAt.getTime() + DRAFT_TTL_DAYS * DAY_MS);
}

/** Largest draft the autosave accepts (its JSON), so a draft cannot fill the database. */
export const DRAFT_MAX_BYTES = 256 * 1024;

// ---------------------------------------------------------------------------------------------
// Who works which cases

/** The agendas a clerk's roles let them work (`agenda:<agenda>`); an administrator works all. */
export function clerkAgendas(roles: readonly string[]): string[] | "all" {
  if (roles.includes("admin")) return "all";
  const agendas = roles.filter((r) => r.startsWith("agenda:")).map((r) =>
    r.slice("agenda:".length)
  );
  // The finance role (imports, founded organisations' reports) works the `finance` agenda.
  if (roles.includes("finance")) agendas.push("finance");
  // The grants role does the formal check of grant applications (agenda `dotace`).
  if (roles.includes("grants")) agendas.push("dotace");
  // The registry office's role works wedding dates (agenda `matrika`).
  if (roles.includes("registry")) agendas.push("matrika");
  return agendas;
}

export function mayWorkAgenda(roles: readonly string[], agenda: string): boolean {
  const agendas = clerkAgendas(roles);
  return agendas === "all" || agendas.includes(agenda);
}

/** The year of a filing in Europe/Prague (a filing at New Year's midnight belongs to the new year). */
export function pragueYear(d: Date): number {
  return Number(PRAGUE_YEAR.format(d));
}

const PRAGUE_YEAR = new Intl.DateTimeFormat("en", { timeZone: "Europe/Prague", year: "numeric" });
