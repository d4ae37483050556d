/**
 * Run every morning by the `payment-reminders` Schedule (created by the worker on start, see
 * lib/worker/schedules.ts): reminds of obligations due within a week and of those past their
 * due date (domain/reminders.ts), paging through the candidates in batches, each batch one
 * activity. Every reminder is recorded once per obligation and kind in the database, so a
 * retried batch, a second run the same day or an overlapping run sends nothing twice.
 *
 * `today` may be given (a test, or an operator re-running a missed day by hand); a scheduled
 * run asks the activity for today's date in Prague.
 */
import { continueAsNew, proxyActivities } from "@temporalio/workflow";
import type { PaymentReminderActivities } from "../activities/payment_reminders.ts";

const { paymentReminderDay, sendPaymentReminders } = proxyActivities<PaymentReminderActivities>({
  startToCloseTimeout: "10 minutes",
  retry: { initialInterval: "5 seconds", maximumInterval: "5 minutes", maximumAttempts: 20 },
});

export interface PaymentRemindersInput {
  /** ISO date the reminders are for; default today in Europe/Prague. */
  today?: string;
  /** Candidates per activity (default 200). */
  batchSize?: number;
  /** Cursor and totals carried over by continue-as-new. */
  after?: string | null;
  totals?: PaymentRemindersResult;
}

export interface PaymentRemindersResult {
  today: string;
  batches: number;
  checked: number;
  reminded: number;
  messages: number;
}

/** Batches per run before the history is started afresh (continue-as-new). */
const BATCHES_PER_RUN = 500;

export async function paymentReminders(
  input: PaymentRemindersInput = {},
): Promise<PaymentRemindersResult> {
  const today = input.today ?? await paymentReminderDay();
  const limit = Math.max(1, Math.min(input.batchSize ?? 200, 1000));
  const totals: PaymentRemindersResult = input.totals ??
    { today, batches: 0, checked: 0, reminded: 0, messages: 0 };
  let after = input.after ?? null;
  for (let i = 0; i < BATCHES_PER_RUN; i++) {
    const r = await sendPaymentReminders({ today, after, limit });
    totals.batches++;
    totals.checked += r.checked;
    totals.reminded += r.reminded;
    totals.messages += r.messages;
    if (r.next === null) return totals;
    after = r.next;
  }
  return await continueAsNew<typeof paymentReminders>({
    today,
    batchSize: limit,
    after,
    totals,
  });
}
