/**
 * Temporal Schedules the worker keeps: created on start if missing (idempotently: a second
 * worker, or a restart, finds the Schedule there and leaves it be).
 */
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from "@temporalio/client";
import type { Duration } from "@temporalio/common";
import {
  DRAFT_EXPIRY_SCHEDULE_ID,
  PAYMENT_REMINDERS_SCHEDULE_ID,
  STATEMENT_DROP_SCHEDULE_ID,
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

/**
 * Imports the bank statements dropped into the towns' folders (workflows/statement_drop.ts),
 * every `interval` (`STATEMENT_DROP_INTERVAL`, 1 minute; tests use seconds); a poll still going
 * at the next tick is not doubled (SKIP) and missed ticks are not made up (the next poll finds
 * every file anyway). A Schedule that exists keeps its action (a test's worker on its own task
 * queue must not take it over); only its interval follows the configuration.
 */
export async function ensureStatementDropSchedule(
  client: Client,
  taskQueue: string,
  interval: string,
): Promise<void> {
  const spec = { intervals: [{ every: interval as Duration }] };
  try {
    await client.schedule.create({
      scheduleId: STATEMENT_DROP_SCHEDULE_ID,
      spec,
      action: {
        type: "startWorkflow",
        workflowType: WORKFLOW_TYPES.statementDrop,
        taskQueue,
        workflowId: "statement-drop-poll",
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: "1 minute" },
    });
    log.info("created the statement-drop schedule", { taskQueue, interval });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) {
      log.warn("could not create the statement-drop schedule", describeError(err));
      return;
    }
    try {
      const handle = client.schedule.getHandle(STATEMENT_DROP_SCHEDULE_ID);
      const every = (await handle.describe()).spec.intervals?.[0]?.every;
      if (every !== undefined && msOf(every) === msOf(interval)) return;
      await handle.update((previous) => ({ ...previous, spec }));
      log.info("changed the statement-drop interval", { interval });
    } catch (updateErr) {
      log.warn("could not update the statement-drop schedule", describeError(updateErr));
    }
  }
}

/** A duration in milliseconds, for comparing "1 minute" with 60000. */
function msOf(d: Duration | string): number {
  if (typeof d === "number") return d;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(d.trim());
  if (!m) return Number.NaN;
  const unit = m[2].toLowerCase();
  const factor = unit.startsWith("ms")
    ? 1
    : unit.startsWith("s") || unit === ""
    ? 1000
    : unit.startsWith("m")
    ? 60_000
    : unit.startsWith("h")
    ? 3_600_000
    : 86_400_000;
  return Number(m[1]) * factor;
}
