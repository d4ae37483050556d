/**
 * When a grant application's settlement reminders go out (issue 14), as a pure function the
 * workflow calls: one "due soon" 14 days before the settlement date, one on the day, one the day
 * after (overdue) — each once (the `grant_reminders` row is the proof), only while the grant
 * runs (granted, contracted, paid) and no settlement report was filed. A reminder whose time
 * window passed while nothing ran is skipped (no "due in 14 days" on the day it is overdue).
 * No imports and no clock: workflow-safe.
 */

export type SettlementReminderKind = "settlement_before" | "settlement_due" | "settlement_overdue";

export const SETTLEMENT_REMINDER_KINDS: readonly SettlementReminderKind[] = [
  "settlement_before",
  "settlement_due",
  "settlement_overdue",
];

/** Days before the settlement date the first reminder goes. */
export const SETTLEMENT_REMIND_BEFORE_DAYS = 14;

/** The states in which the applicant owes a settlement report. */
export const SETTLEMENT_OWED_STATES = ["granted", "contracted", "paid"] as const;

/** The states that end the application's workflow. */
export const GRANT_APPLICATION_END_STATES = [
  "closed",
  "refused",
  "excluded",
  "lapsed",
  "withdrawn",
] as const;

export function applicationEnded(state: string): boolean {
  return (GRANT_APPLICATION_END_STATES as readonly string[]).includes(state);
}

export interface ReminderRow {
  state: string;
  /** The settlement date's start (epoch ms), or null when none is set. */
  settlementDueAt: number | null;
  settlementsFiled: number;
  remindersSent: readonly string[];
}

/**
 * The next reminder to send: `at` (epoch ms) when it is due — now or later — or null when no
 * reminder is owed. `dayMs` is a day (tests pass a shorter one).
 */
export function nextSettlementReminder(
  row: ReminderRow,
  now: number,
  dayMs: number,
): { kind: SettlementReminderKind; at: number } | null {
  if (row.settlementDueAt === null || row.settlementsFiled > 0) return null;
  if (!(SETTLEMENT_OWED_STATES as readonly string[]).includes(row.state)) return null;
  const due = row.settlementDueAt;
  const windows: Record<SettlementReminderKind, [number, number]> = {
    settlement_before: [due - SETTLEMENT_REMIND_BEFORE_DAYS * dayMs, due],
    settlement_due: [due, due + dayMs],
    settlement_overdue: [due + dayMs, Number.POSITIVE_INFINITY],
  };
  for (const kind of SETTLEMENT_REMINDER_KINDS) {
    if (row.remindersSent.includes(kind)) continue;
    const [start, end] = windows[kind];
    if (now >= end) continue;
    return { kind, at: start };
  }
  return null;
}
