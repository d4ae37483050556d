/**
 * One broadcast from the office (issue 13): wait until its time (a durable timer a cancel ends),
 * start sending (recipients written in batches, news and notice published), send batch by batch
 * (each batch one activity that heartbeats; a killed worker's batch is retried and resends the
 * rows it left in `sending` with their same ids), then the rows deferred by quiet hours, the
 * per-number limit or a temporary failure, when they fall due; then end it.
 *
 * Cancel is a signal the clerk's click queues; the web has already marked every queued row
 * cancelled in the same transaction, so the signal only ends the waiting early. The history
 * stays small: one activity per batch, and continue-as-new after `BATCHES_PER_RUN`.
 */
import {
  condition,
  continueAsNew,
  defineSignal,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from "@temporalio/workflow";
import type { BroadcastActivities } from "../activities/broadcasts.ts";
import { BROADCAST_SIGNALS, type BroadcastInput } from "../domain/workflows.ts";
import { CASE_STATUS } from "./search_attributes.ts";

export type { BroadcastInput };

export const cancelBroadcastSignal = defineSignal<[{ reason: string; clerkId: string }]>(
  BROADCAST_SIGNALS.cancel,
);

const { startBroadcastSending, finishBroadcast } = proxyActivities<BroadcastActivities>({
  startToCloseTimeout: "2 minutes",
  retry: { initialInterval: "1 second", maximumInterval: "1 minute" },
});

const { sendBroadcastBatch } = proxyActivities<BroadcastActivities>({
  startToCloseTimeout: "15 minutes",
  // A killed worker's batch is taken over soon: it heartbeats after every message.
  heartbeatTimeout: "20 seconds",
  retry: { initialInterval: "1 second", maximumInterval: "30 seconds" },
});

/** Batch activities per run before the history is started afresh. */
const BATCHES_PER_RUN = 200;

interface Carried {
  /** The next batch to send; batches counts them; `sweep` = the deferred rows phase. */
  next: number;
  batches: number;
}

export async function broadcastMessage(
  input: BroadcastInput & { carried?: Carried },
): Promise<{ status: string }> {
  let cancelled = false;
  setHandler(cancelBroadcastSignal, () => {
    cancelled = true;
  });
  const ref = { tenantId: input.tenantId, broadcastId: input.broadcastId };
  const end = async () => {
    const r = await finishBroadcast(ref);
    upsertSearchAttributes([{ key: CASE_STATUS, value: r.status }]);
    return r;
  };

  let carried = input.carried;
  if (!carried) {
    const wait = Date.parse(input.sendAt) - Date.now();
    if (wait > 0) await condition(() => cancelled, wait);
    if (cancelled) return await end();
    const started = await startBroadcastSending(ref);
    if (started.status !== "sending") return await end();
    upsertSearchAttributes([{ key: CASE_STATUS, value: "sending" }]);
    carried = { next: 0, batches: started.batches };
  }

  let calls = 0;
  const batchInput = (batch: number | null) => ({
    ...ref,
    batch,
    origin: input.origin,
    crisis: input.crisis,
  });
  // First every batch once (what is due now), then the deferred rows as they fall due.
  while (carried.next < carried.batches) {
    if (cancelled) return await end();
    if (++calls > BATCHES_PER_RUN) {
      return await continueAsNew<typeof broadcastMessage>({ ...input, carried });
    }
    const r = await sendBroadcastBatch(batchInput(carried.next));
    if (r.stopped) return await end();
    if (r.waitMs !== null) {
      await condition(() => cancelled, r.waitMs);
      continue;
    }
    if (r.dueNow > 0) continue;
    carried.next++;
  }
  for (;;) {
    if (cancelled) return await end();
    if (++calls > BATCHES_PER_RUN) {
      return await continueAsNew<typeof broadcastMessage>({ ...input, carried });
    }
    const r = await sendBroadcastBatch(batchInput(null));
    if (r.stopped) return await end();
    if (r.waitMs !== null) {
      await condition(() => cancelled, r.waitMs);
      continue;
    }
    if (r.dueNow > 0) continue;
    if (r.nextAt === null) break;
    const wait = Math.max(1000, Date.parse(r.nextAt) - Date.now());
    await condition(() => cancelled, wait);
  }
  return await end();
}
