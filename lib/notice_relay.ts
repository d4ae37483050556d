/**
 * The outbox relay for notice workflows. The web files a notice in the database first and
 * starts its workflow right after; if Temporal was unreachable at that moment, the notice
 * keeps `workflow_started_at = null` and this relay (run by the worker) starts it later.
 * Nothing a clerk posted is lost to an outage.
 */
import type { Kysely } from "kysely";
import type { Client } from "@temporalio/client";
import type { Database } from "../db/schema.ts";
import { listUnstarted, markWorkflowStarted } from "../db/repositories/notices.ts";
import { startNoticeWorkflow } from "./temporal.ts";
import { describeError, log } from "./log.ts";

export async function relayUnstartedNotices(
  db: Kysely<Database>,
  client: Client,
  graceMs = 10_000,
): Promise<number> {
  const pending = await listUnstarted(db, new Date(Date.now() - graceMs));
  let started = 0;
  for (const n of pending) {
    try {
      await startNoticeWorkflow(client, {
        tenantId: n.tenant_id,
        noticeId: n.id,
        workflowId: n.workflow_id,
        postedFrom: n.posted_from,
        relevantUntil: n.relevant_until,
      });
      await markWorkflowStarted(db, n.tenant_id, n.id);
      started++;
    } catch (err) {
      log.warn("notice relay could not start workflow", { noticeId: n.id, ...describeError(err) });
    }
  }
  if (started > 0) log.info("notice relay started workflows", { count: started });
  return started;
}
