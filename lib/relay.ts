/**
 * The outbox relay. The web stores a case in the database first and starts its workflow right
 * after; if Temporal was unreachable at that moment the row keeps `workflow_started_at = null`
 * and this relay (run by the worker every few seconds) starts it later. Nothing filed is lost
 * to an outage, and a start is keyed by the case, so starting twice starts once.
 */
import type { Kysely } from "kysely";
import type { Client } from "@temporalio/client";
import type { Database } from "../db/schema.ts";
import { listUnstarted, markWorkflowStarted } from "../db/repositories/notices.ts";
import {
  listUnstartedReports,
  markReportWorkflowStarted,
} from "../db/repositories/accessibility_reports.ts";
import { startMessageWorkflow, startNoticeWorkflow, startReportWorkflow } from "./temporal.ts";
import { listUnstartedMessages, markMessageWorkflowStarted } from "../db/repositories/outbox.ts";
import { describeError, log } from "./log.ts";

interface Pending {
  kind: string;
  id: string;
  start(): Promise<void>;
}

async function relay(pending: Pending[]): Promise<number> {
  let started = 0;
  for (const p of pending) {
    try {
      await p.start();
      started++;
    } catch (err) {
      log.warn("relay could not start workflow", { kind: p.kind, id: p.id, ...describeError(err) });
    }
  }
  return started;
}

export async function relayUnstartedNotices(
  db: Kysely<Database>,
  client: Client,
  graceMs = 10_000,
): Promise<number> {
  const olderThan = new Date(Date.now() - graceMs);
  const notices = (await listUnstarted(db, olderThan)).map((n): Pending => ({
    kind: "notice",
    id: n.id,
    async start() {
      await startNoticeWorkflow(client, {
        tenantId: n.tenant_id,
        noticeId: n.id,
        workflowId: n.workflow_id,
        postedFrom: n.posted_from,
        relevantUntil: n.relevant_until,
      });
      await markWorkflowStarted(db, n.tenant_id, n.id);
    },
  }));
  const started = await relay(notices);
  if (started > 0) log.info("relay started notice workflows", { count: started });
  return started;
}

export async function relayUnstartedReports(
  db: Kysely<Database>,
  client: Client,
  graceMs = 10_000,
): Promise<number> {
  const reports = (await listUnstartedReports(db, new Date(Date.now() - graceMs))).map((
    r,
  ): Pending => ({
    kind: "accessibility-report",
    id: r.id,
    async start() {
      await startReportWorkflow(client, { tenantId: r.tenant_id, reportId: r.id });
      await markReportWorkflowStarted(db, r.tenant_id, r.id);
    },
  }));
  const started = await relay(reports);
  if (started > 0) log.info("relay started report workflows", { count: started });
  return started;
}

export async function relayUnstartedMessages(
  db: Kysely<Database>,
  client: Client,
  graceMs = 10_000,
): Promise<number> {
  const messages = (await listUnstartedMessages(db, new Date(Date.now() - graceMs))).map((
    m,
  ): Pending => ({
    kind: "message",
    id: m.id,
    async start() {
      await startMessageWorkflow(client, { tenantId: m.tenant_id, messageId: m.id });
      await markMessageWorkflowStarted(db, m.tenant_id, m.id);
    },
  }));
  return await relay(messages);
}

export async function relayAll(db: Kysely<Database>, client: Client): Promise<void> {
  await relayUnstartedNotices(db, client);
  await relayUnstartedReports(db, client);
  await relayUnstartedMessages(db, client);
}
