/**
 * Waiting briefly for a queued command's outcome, for a person who needs one at once (a clerk's
 * withdrawal). The relay records the outcome on the command row and PostgreSQL notifies
 * `workflow_command_outcomes`; one listening connection per process wakes the waiting requests,
 * and each also re-reads its row every half second, so a lost notification or a dropped
 * listening connection only makes the answer a little later. After the timeout the caller shows
 * "being processed" and the page refreshes until the outcome is there.
 */
import type { Kysely } from "kysely";
import type pg from "pg";
import type { Database } from "../db/schema.ts";
import type { CommandOutcome } from "../domain/workflows.ts";
import { findCommand, outcomeOf } from "../db/repositories/commands.ts";
import { config } from "./config.ts";
import { createClient, getDb } from "./db.ts";
import { describeError, log } from "./log.ts";

const CHANNEL = "workflow_command_outcomes";
const POLL_MS = 500;

export interface OutcomeWaiter {
  /** The outcome, or `{ status: "pending" }` when it did not come within `timeoutMs`. */
  wait(tenantId: string, commandId: string, timeoutMs: number): Promise<CommandOutcome>;
  close(): Promise<void>;
}

export function createOutcomeWaiter(
  db: Kysely<Database>,
  connectionString: string,
): OutcomeWaiter {
  const wakers = new Map<string, Set<() => void>>();
  let listener: Promise<pg.Client | null> | null = null;
  let closed = false;

  function listen(): Promise<pg.Client | null> {
    listener ??= (async () => {
      const client = createClient(connectionString, (err) => {
        log.warn("outcome listener lost its connection", describeError(err));
        listener = null; // the next wait connects again
        client.end().catch(() => {});
      });
      try {
        await client.connect();
        client.on("notification", (n) => {
          for (const wake of wakers.get(n.payload ?? "") ?? []) wake();
        });
        await client.query(`LISTEN ${CHANNEL}`);
        return client;
      } catch (err) {
        log.warn("outcome listener could not connect; polling", describeError(err));
        listener = null;
        await client.end().catch(() => {});
        return null;
      }
    })();
    return listener;
  }

  return {
    async wait(tenantId, commandId, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let wake = () => {};
      const set = wakers.get(commandId) ?? new Set();
      wakers.set(commandId, set);
      const waker = () => wake();
      set.add(waker);
      try {
        if (!closed) void listen(); // until it listens, the re-reads find the outcome
        for (;;) {
          const row = await findCommand(db, tenantId, commandId);
          if (!row) return { status: "rejected", code: "NotFound", message: "" };
          const outcome = outcomeOf(row);
          const left = deadline - Date.now();
          if (outcome.status !== "pending" || left <= 0) return outcome;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(POLL_MS, left));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      } finally {
        set.delete(waker);
        if (set.size === 0) wakers.delete(commandId);
      }
    },
    async close() {
      closed = true;
      const client = await listener?.catch(() => null);
      listener = null;
      await client?.end().catch(() => {});
    },
  };
}

let shared: OutcomeWaiter | undefined;

/** The web process's waiter, over its shared pool. */
export function getOutcomeWaiter(): OutcomeWaiter {
  return shared ??= createOutcomeWaiter(getDb(), config().databaseUrl);
}

export async function closeOutcomeWaiter(): Promise<void> {
  await shared?.close();
  shared = undefined;
}
