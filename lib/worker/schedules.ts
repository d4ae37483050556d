/**
 * Temporal Schedules the worker keeps: created on start if missing (idempotently: a second
 * worker, or a restart, finds the Schedule there and leaves it be).
 */
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from "@temporalio/client";
import {
  DRAFT_EXPIRY_SCHEDULE_ID,
  PAYMENT_REMINDERS_SCHEDULE_ID,
  WORKFLOW_TYPES,
} from "../../domain/workflows.ts";
import { describeError, log } from "../log.ts";

/** Expires drafts untouched for 90 days, and warns their owners a week ahead; every 6 hours. */
export async function ensureDraftExpirySchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: DRAFT_EXPIRY_SCHEDULE_ID,
      spec: { intervals: [{ every: "6 hours" }] },
      action: {
        type: "startWorkflow",
        workflowType: WORKFLOW_TYPES.draftExpiry,
        taskQueue,
        workflowId: "draft-expiry-sweep",
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: "1 day" },
    });
    log.info("created the draft-expiry schedule", { taskQueue });
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return;
    log.warn("could not create the draft-expiry schedule", describeError(err));
  }
}

/**
 * Payment reminders every morning at 08:00 Prague time (workflows/payment_reminders.ts): before
 * the due date and after it passes. A run still going at the next tick is not doubled (SKIP); a
 * morning missed while Temporal was down is run when it is back, within a day; the reminders'
 * own windows (domain/reminders.ts) catch up on longer outages.
 */
export async function ensurePaymentRemindersSchedule(
  client: Client,
  taskQueue: string,
): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: PAYMENT_REMINDERS_SCHEDULE_ID,
      spec: { calendars: [{ hour: 8, minute: 0 }], timezone: "Europe/Prague" },
      action: {
        type: "startWorkflow",
        workflowType: WORKFLOW_TYPES.paymentReminders,
        taskQueue,
        workflowId: "payment-reminders",
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: "1 day" },
    });
    log.info("created the payment-reminders schedule", { taskQueue });
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return;
    log.warn("could not create the payment-reminders schedule", describeError(err));
  }
}
