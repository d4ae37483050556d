/**
 * Run by the `statement-drop-poll` Schedule (created by the worker on start; every minute,
 * overlapping runs skipped): imports the bank statements dropped into each town's folder. One
 * activity per town, all towns at once; a town whose folder fails (its disk, the database) does
 * not hold up the others, and the next poll tries it again.
 */
import { proxyActivities } from "@temporalio/workflow";
import type { DropResult, StatementActivities } from "../activities/statements.ts";

const { listStatementDropTowns } = proxyActivities<StatementActivities>({
  startToCloseTimeout: "1 minute",
  // The next poll is a minute away: a failing poll gives up soon instead of piling up.
  retry: { initialInterval: "2 seconds", maximumAttempts: 2 },
});

const { importDroppedStatements } = proxyActivities<StatementActivities>({
  startToCloseTimeout: "15 minutes",
  heartbeatTimeout: "2 minutes",
  retry: {
    initialInterval: "5 seconds",
    maximumAttempts: 2,
    nonRetryableErrorTypes: ["InvalidInput"],
  },
});

export async function statementDropPoll(): Promise<DropResult & { towns: number }> {
  const towns = await listStatementDropTowns();
  const results = await Promise.allSettled(towns.map((town) => importDroppedStatements(town)));
  const total = { towns: towns.length, imported: 0, already: 0, failed: 0 };
  for (const r of results) {
    if (r.status !== "fulfilled") continue;
    total.imported += r.value.imported;
    total.already += r.value.already;
    total.failed += r.value.failed;
  }
  return total;
}
