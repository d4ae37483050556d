/**
 * Broadcasts from the office (issue 13): message templates, the broadcasts and their recipients'
 * delivery (claimed exactly once: `queued` → `sending` → `sent`), and the news items on the
 * website. Every function takes the tenant.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import type { Channel, Topic } from "../../domain/messaging.ts";
import type { Paging } from "./list_sql.ts";

type Db = Kysely<Database> | Transaction<Database>;

// --- templates -------------------------------------------------------------------------------

export async function listTemplates(db: Db, tenantId: string) {
  return await db.selectFrom("message_templates")
    .select(["id", "name", "subject", "body", "sms_body", "topics", "crisis"])
    .where("tenant_id", "=", tenantId).orderBy("name").execute();
}

export async function findTemplate(db: Db, tenantId: string, id: string) {
  return await db.selectFrom("message_templates")
    .select(["id", "name", "subject", "body", "sms_body", "topics", "crisis"])
    .where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
}

/** Adds the templates a town lacks (by name); existing ones are left as the clerks keep them. */
export async function ensureTemplates(
  db: Db,
  tenantId: string,
  templates: readonly {
    name: string;
    subject: string;
    body: string;
    smsBody: string;
    topics: Topic[];
    crisis: boolean;
  }[],
): Promise<void> {
  for (const t of templates) {
    await db.insertInto("message_templates").values({
      tenant_id: tenantId,
      name: t.name,
      subject: t.subject,
      body: t.body,
      sms_body: t.smsBody,
      topics: t.topics,
      crisis: t.crisis,
    }).onConflict((oc) => oc.columns(["tenant_id", "name"]).doNothing()).execute();
  }
}

// --- broadcasts ------------------------------------------------------------------------------

export interface NewBroadcast {
  idempotencyKey: string;
  templateId: string | null;
  subject: string;
  body: string;
  smsBody: string | null;
  topics: Topic[];
  streetIds: string[];
  everyone: boolean;
  channels: Channel[];
  crisis: boolean;
  publishNews: boolean;
  publishNotice: boolean;
  sendAt: Date;
  createdBy: string;
}

/** Stores the broadcast once per idempotency key; a second call finds the first. */
export async function insertBroadcast(
  trx: Transaction<Database>,
  tenantId: string,
  b: NewBroadcast,
): Promise<{ id: string; created: boolean }> {
  const inserted = await trx.insertInto("broadcasts").values({
    tenant_id: tenantId,
    idempotency_key: b.idempotencyKey,
    template_id: b.templateId,
    subject: b.subject,
    body: b.body,
    sms_body: b.smsBody,
    topics: b.topics,
    street_ids: b.streetIds,
    everyone: b.everyone,
    channels: b.channels,
    crisis: b.crisis,
    publish_news: b.publishNews,
    publish_notice: b.publishNotice,
    send_at: b.sendAt,
    created_by: b.createdBy,
  }).onConflict((oc) => oc.columns(["tenant_id", "idempotency_key"]).doNothing())
    .returning("id").executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await trx.selectFrom("broadcasts").select("id")
    .where("tenant_id", "=", tenantId).where("idempotency_key", "=", b.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

export async function setBroadcastWorkflowId(
  trx: Db,
  tenantId: string,
  id: string,
  workflowId: string,
): Promise<void> {
  await trx.updateTable("broadcasts").set({ workflow_id: workflowId })
    .where("tenant_id", "=", tenantId).where("id", "=", id).execute();
}

export async function findBroadcast(
  db: Db,
  tenantId: string,
  id: string,
  opts: { lock?: boolean } = {},
) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return undefined;
  let q = db.selectFrom("broadcasts as b")
    .leftJoin("clerks as c", (j) => j.onRef("c.id", "=", "b.created_by"))
    .selectAll("b")
    .select("c.display_name as created_by_name")
    .where("b.tenant_id", "=", tenantId).where("b.id", "=", id);
  if (opts.lock) q = q.forUpdate("b");
  return await q.executeTakeFirst();
}

export type BroadcastRow = NonNullable<Awaited<ReturnType<typeof findBroadcast>>>;

export const BROADCAST_STATUSES = ["scheduled", "sending", "sent", "cancelled", "failed"] as const;

/** A page of the town's broadcasts, newest first, with their delivery counts. */
export async function listBroadcasts(
  db: Db,
  tenantId: string,
  filter: { status?: string; q?: string },
  paging: Paging,
) {
  let base = db.selectFrom("broadcasts as b").where("b.tenant_id", "=", tenantId);
  if (filter.q) {
    base = base.where(
      sql<boolean>`b.subject ilike ${"%" + filter.q.replace(/[\\%_]/g, "\\$&") + "%"}`,
    );
  }
  const counts = await base.select(["b.status", sql<string>`count(*)`.as("n")])
    .groupBy("b.status").execute();
  const filtered = filter.status ? base.where("b.status", "=", filter.status as never) : base;
  const rows = await filtered
    .select([
      "b.id",
      "b.subject",
      "b.status",
      "b.crisis",
      "b.channels",
      "b.send_at",
      "b.started_at",
      "b.finished_at",
      "b.created_at",
      "b.recipients_total",
      sql<string>`(select count(*) from broadcast_recipients r where r.broadcast_id = b.id
        and r.status in ('sent', 'delivered'))`.as("sent"),
      sql<string>`(select count(*) from broadcast_recipients r where r.broadcast_id = b.id
        and r.status = 'failed')`.as("failed"),
    ])
    .orderBy("b.created_at", "desc").orderBy("b.id", "desc")
    .limit(paging.limit).offset(paging.offset).execute();
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
  const total = filter.status
    ? byStatus[filter.status] ?? 0
    : counts.reduce((s, c) => s + Number(c.n), 0);
  return {
    rows: rows.map((r) => ({ ...r, sent: Number(r.sent), failed: Number(r.failed) })),
    total,
    byStatus: byStatus as Record<string, number>,
    all: counts.reduce((s, c) => s + Number(c.n), 0),
  };
}

/** Recipients per channel and state. */
export async function deliveryCounts(db: Db, tenantId: string, broadcastId: string) {
  const rows = await db.selectFrom("broadcast_recipients")
    .select(["channel", "status", sql<string>`count(*)`.as("n")])
    .where("tenant_id", "=", tenantId).where("broadcast_id", "=", broadcastId)
    .groupBy(["channel", "status"]).execute();
  const counts: Record<Channel, Record<string, number>> = { email: {}, sms: {} };
  for (const r of rows) counts[r.channel][r.status] = Number(r.n);
  return counts;
}

export async function listFailures(
  db: Db,
  tenantId: string,
  broadcastId: string,
  limit = 200,
) {
  return await db.selectFrom("broadcast_recipients")
    .select(["id", "channel", "address", "error", "failed_at", "attempts"])
    .where("tenant_id", "=", tenantId).where("broadcast_id", "=", broadcastId)
    .where("status", "=", "failed").orderBy("id").limit(limit).execute();
}

/**
 * Cancels a scheduled or sending broadcast: what is still queued is never sent. Returns false
 * when it had already ended (sent, cancelled).
 */
export async function markCancelled(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
  by: { clerkId: string; reason: string; now: Date },
): Promise<boolean> {
  const r = await trx.updateTable("broadcasts").set({
    status: "cancelled",
    cancelled_at: by.now,
    cancelled_by: by.clerkId,
    cancel_reason: by.reason,
    finished_at: by.now,
  }).where("tenant_id", "=", tenantId).where("id", "=", id)
    .where("status", "in", ["scheduled", "sending"]).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await cancelQueued(trx, tenantId, id);
  return true;
}

/** Everything of the broadcast that was not sent: cancelled. */
export async function cancelQueued(db: Db, tenantId: string, broadcastId: string) {
  await db.updateTable("broadcast_recipients")
    .set({ status: "cancelled", updated_at: sql`now()` })
    .where("tenant_id", "=", tenantId).where("broadcast_id", "=", broadcastId)
    .where("status", "=", "queued").execute();
}

// --- news ------------------------------------------------------------------------------------

export async function listNews(db: Db, tenantId: string, paging: Paging) {
  const [rows, total] = await Promise.all([
    db.selectFrom("news_items")
      .select(["id", "title", "body", "topics", "crisis", "published_at"])
      .where("tenant_id", "=", tenantId).where("withdrawn_at", "is", null)
      .where("published_at", "<=", sql<Date>`now()`)
      .orderBy("published_at", "desc").orderBy("id", "desc")
      .limit(paging.limit).offset(paging.offset).execute(),
    db.selectFrom("news_items").select(sql<string>`count(*)`.as("n"))
      .where("tenant_id", "=", tenantId).where("withdrawn_at", "is", null)
      .where("published_at", "<=", sql<Date>`now()`).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function findNews(db: Db, tenantId: string, id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return undefined;
  return await db.selectFrom("news_items")
    .select(["id", "title", "body", "topics", "crisis", "published_at"])
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("withdrawn_at", "is", null)
    .executeTakeFirst();
}

/** The broadcast's news item, once. */
export async function publishBroadcastNews(
  db: Db,
  tenantId: string,
  b: { id: string; subject: string; body: string; topics: string[]; crisis: boolean },
): Promise<void> {
  await db.insertInto("news_items").values({
    tenant_id: tenantId,
    broadcast_id: b.id,
    title: b.subject,
    body: b.body,
    topics: b.topics,
    crisis: b.crisis,
  }).onConflict((oc) => oc.columns(["tenant_id", "broadcast_id"]).doNothing()).execute();
}
