/**
 * Temporal Schedules the worker keeps: created on start if missing (idempotently: a second
 * worker, or a restart, finds the Schedule there and leaves it be).
 */
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from "@temporalio/client";
import { DRAFT_EXPIRY_SCHEDULE_ID, WORKFLOW_TYPES } from "../../domain/workflows.ts";
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
