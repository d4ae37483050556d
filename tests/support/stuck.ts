/**
 * "No case left retrying": after a run of bad input (the fuzz suite), nothing may be stuck — no
 * outbox command failing over and over, no workflow whose activity keeps retrying. Such a case
 * would be a submission that never completes and that no clerk sees.
 */
import { Client, Connection } from "@temporalio/client";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { failingCommands } from "../../db/repositories/commands.ts";

export interface StuckCase {
  what: string;
  id: string;
  attempts: number;
  error?: string | null;
}

/**
 * Commands that failed `minAttempts` times or more (with an error), and open workflows (started after `since`)
 * with an activity on its `minAttempts`th attempt or later.
 */
export async function casesLeftRetrying(
  db: Kysely<Database>,
  temporalAddress: string,
  opts: { since: Date; minAttempts?: number },
): Promise<StuckCase[]> {
  const minAttempts = opts.minAttempts ?? 3;
  // A command whose last attempt ended without an error is an Update still running inside its
  // workflow (a slow one, looked at again): not failing. Only errors count.
  const failing = (await failingCommands(db, minAttempts)).filter((c) => c.last_error !== null);
  const stuck: StuckCase[] = failing.map((c) => ({
    what: `outbox ${c.kind} ${c.name ?? ""}`.trim(),
    id: c.workflow_id,
    attempts: c.attempts,
    error: c.last_error,
  }));
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const client = new Client({ connection });
    const query = `ExecutionStatus = 'Running' AND StartTime > '${opts.since.toISOString()}'`;
    for await (const wf of client.workflow.list({ query })) {
      const described = await client.workflow.getHandle(wf.workflowId).describe();
      for (const activity of described.raw.pendingActivities ?? []) {
        if ((activity.attempt ?? 0) >= minAttempts) {
          stuck.push({
            what: `activity ${activity.activityType?.name ?? "?"}`,
            id: wf.workflowId,
            attempts: activity.attempt ?? 0,
            error: activity.lastFailure?.message,
          });
        }
      }
    }
  } finally {
    await connection.close();
  }
  return stuck;
}
