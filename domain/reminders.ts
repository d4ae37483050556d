/**
 * Payment reminders: which reminder an obligation is due for on a given day (Europe/Prague
 * calendar dates, ISO `YYYY-MM-DD`). A pure rule; the daily `payment-reminders` Schedule's
 * activity (activities/payment_reminders.ts) asks it for every candidate and the database's
 * primary key (obligation, kind) makes each reminder go at most once.
 *
 * - `before_due`: from `BEFORE_DUE_DAYS` (7) days before the due date to the day before it;
 * - `overdue`: from `OVERDUE_AFTER_DAYS` (3) days after the due date, for `OVERDUE_WINDOW_DAYS`
 *   (30) more days. A day the Schedule missed (the worker was down) is caught up by the next
 *   run within these windows; a debt older than that is the office's dunning (upomínka), not
 *   an automatic reminder, so switching reminders on never mails people about years-old debts.
 * - none for what is paid, overpaid or written off (only `unpaid` and `partly_paid` remind).
 */
import type { ObligationState } from "../db/schema.ts";

export const REMINDER_KINDS = ["before_due", "overdue"] as const;
export type ReminderKind = typeof REMINDER_KINDS[number];

/** The first reminder goes this many days before the due date. */
export const BEFORE_DUE_DAYS = 7;
/** The overdue reminder goes this many days after the due date (a payment may be on its way). */
export const OVERDUE_AFTER_DAYS = 3;
/** How many days after the first possible day an overdue reminder is still sent. */
export const OVERDUE_WINDOW_DAYS = 30;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

function dayNumber(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(t).toISOString().slice(0, 10);
  if (back !== iso) throw new RangeError(`not a calendar date: ${iso}`);
  return Math.round(t / DAY_MS);
}

/** The ISO date `days` after `iso` (negative: before). */
export function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Whether an obligation in this state still asks for money. */
export function isPayable(state: ObligationState): boolean {
  return state === "unpaid" || state === "partly_paid";
}

/** The reminder due for an obligation on `today`, or null. */
export function reminderDue(
  o: { dueDate: string; state: ObligationState },
  today: string,
): ReminderKind | null {
  if (!isPayable(o.state)) return null;
  const untilDue = daysBetween(today, o.dueDate);
  if (untilDue >= 1 && untilDue <= BEFORE_DUE_DAYS) return "before_due";
  const late = -untilDue;
  if (late >= OVERDUE_AFTER_DAYS && late <= OVERDUE_AFTER_DAYS + OVERDUE_WINDOW_DAYS) {
    return "overdue";
  }
  return null;
}

/**
 * The due dates (inclusive ranges) that may have a reminder on `today`: the database's
 * prefilter for `reminderDue`, so both agree by construction.
 */
export function reminderWindows(
  today: string,
): Record<ReminderKind, { from: string; to: string }> {
  return {
    before_due: { from: addDays(today, 1), to: addDays(today, BEFORE_DUE_DAYS) },
    overdue: {
      from: addDays(today, -(OVERDUE_AFTER_DAYS + OVERDUE_WINDOW_DAYS)),
      to: addDays(today, -OVERDUE_AFTER_DAYS),
    },
  };
}

/** The idempotency key of a reminder's message (one per obligation and kind). */
export function reminderMessageKey(obligationId: string, kind: ReminderKind): string {
  return `payment-reminder:${obligationId}:${kind}`;
}
