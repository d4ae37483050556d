/**
 * Notices on the official notice board. Every function takes the tenant: a notice is never
 * read or changed across towns. The public board reads this projection; the workflow's
 * activities write its status.
 */
import { type Kysely, type RawBuilder, sql, type SqlBool, type Transaction } from "kysely";
import type { Database, NoticeRow, NoticeStatus } from "../schema.ts";
import type { NoticeDraft } from "../../domain/notice.ts";
import { noticeWorkflowId } from "../../domain/notice.ts";
import { agendasInUse } from "./notice_agendas.ts";
import { searchCondition } from "../search.ts";

type Db = Kysely<Database> | Transaction<Database>;

export type NoticeSummary =
  & Pick<
    NoticeRow,
    | "id"
    | "title"
    | "reference_number"
    | "agenda"
    | "posted_from"
    | "relevant_until"
    | "status"
    | "taken_down_at"
  >
  & { document_count: number };

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Files a notice and its documents once per idempotency key, inside the caller's transaction. A
 * second call with the same key (double click, retried request) returns the first notice and
 * `created: false`.
 */
export async function createNotice(
  trx: Transaction<Database>,
  tenantId: string,
  idempotencyKey: string,
  draft: NoticeDraft,
  createdBy: string,
  tenantSlug: string,
): Promise<{ id: string; workflowId: string; created: boolean }> {
  {
    const id = crypto.randomUUID();
    const inserted = await trx.insertInto("notices").values({
      id,
      tenant_id: tenantId,
      idempotency_key: idempotencyKey,
      title: draft.title,
      description: draft.description,
      reference_number: draft.referenceNumber,
      agenda: draft.agenda,
      posted_from: draft.postedFrom,
      relevant_until: draft.relevantUntil,
      workflow_id: noticeWorkflowId(tenantSlug, id),
      created_by: createdBy,
      updated_at: new Date(),
    })
      .onConflict((oc) => oc.columns(["tenant_id", "idempotency_key"]).doNothing())
      .returning(["id", "workflow_id"])
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx.selectFrom("notices").select(["id", "workflow_id"])
        .where("tenant_id", "=", tenantId).where("idempotency_key", "=", idempotencyKey)
        .executeTakeFirstOrThrow();
      return { id: existing.id, workflowId: existing.workflow_id, created: false };
    }
    let position = 0;
    for (const doc of draft.documents) {
      await trx.insertInto("notice_documents").values({
        tenant_id: tenantId,
        notice_id: id,
        position: position++,
        file_name: doc.fileName,
        media_type: doc.mediaType,
        size_bytes: doc.content.byteLength,
        sha256: await sha256Hex(doc.content),
        content: doc.content,
      }).execute();
    }
    return { id, workflowId: inserted.workflow_id, created: true };
  }
}

/** One notice of this tenant; `lock` (inside a transaction) holds its row until commit. */
export function findNotice(db: Db, tenantId: string, id: string, opts: { lock?: boolean } = {}) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  const query = db.selectFrom("notices").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id);
  return (opts.lock ? query.forUpdate() : query).executeTakeFirst();
}

export function listDocuments(db: Db, tenantId: string, noticeId: string) {
  return db.selectFrom("notice_documents")
    .select(["id", "file_name", "media_type", "size_bytes", "position"])
    .where("tenant_id", "=", tenantId).where("notice_id", "=", noticeId)
    .orderBy("position").execute();
}

export function findDocument(db: Db, tenantId: string, noticeId: string, documentId: string) {
  if (!isUuid(noticeId) || !isUuid(documentId)) return Promise.resolve(undefined);
  return db.selectFrom("notice_documents").selectAll()
    .where("tenant_id", "=", tenantId).where("notice_id", "=", noticeId)
    .where("id", "=", documentId).executeTakeFirst();
}

export interface NoticeQuery {
  /** Which part of the board: what hangs now, what was taken down, or everything (clerk). */
  view: "current" | "archive" | "all";
  search?: string;
  agenda?: string;
  page: number;
  pageSize: number;
  /**
   * How many notices match, when the caller knows it already (the unfiltered board keeps its
   * count until a notice changes, lib/http/notice_board.ts): the statement then leaves the
   * count out.
   */
  knownTotal?: number;
}

/** How many notices of the town are in `view` (the board's count without a search). */
export async function countNotices(
  db: Db,
  tenantId: string,
  view: "current" | "archive",
): Promise<number> {
  const row = await db.selectFrom("notices").select((eb) => eb.fn.countAll<string>().as("n"))
    .where("tenant_id", "=", tenantId)
    .where("status", "in", view === "current" ? ["published"] : ["expired", "withdrawn"])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One page of notices and how many match, in one round trip: a single statement whose two
 * scalar subqueries count the matches and aggregate the page (with each notice's document
 * count) as JSON, which the client parses natively instead of row by row. The current board
 * reads the partial index `notices_published_board_idx` in order and stops after the page; the
 * archive `notices_archive_board_idx` (db/migrations/2026_12_01_110000_notice_board_indexes.ts).
 */
export async function listNotices(
  db: Db,
  tenantId: string,
  query: NoticeQuery,
): Promise<{ items: NoticeSummary[]; total: number }> {
  const conditions: RawBuilder<SqlBool>[] = [sql<SqlBool>`n.tenant_id = ${tenantId}`];
  if (query.view === "current") conditions.push(sql<SqlBool>`n.status = 'published'`);
  if (query.view === "archive") conditions.push(sql<SqlBool>`n.status in ('expired', 'withdrawn')`);
  if (query.agenda) conditions.push(sql<SqlBool>`n.agenda = ${query.agenda}`);
  // Diacritics and case ignored, every word of the query starts a word of the title, the
  // reference number or the description (domain/search.ts).
  const matches = query.search
    ? searchCondition(query.search, [
      sql.ref("n.title"),
      sql.ref("n.reference_number"),
      sql.ref("n.description"),
    ])
    : undefined;
  if (matches) conditions.push(matches);
  const where = sql.join(conditions, sql` and `);
  const order = query.view === "archive"
    ? sql`n.taken_down_at desc, n.id`
    : sql`n.posted_from desc, n.id`;
  const result = await sql<{ total: number; items: string }>`
    select
      ${
    query.knownTotal === undefined
      ? sql`(select count(*) from notices n where ${where})::int`
      : sql`${query.knownTotal}::int`
  } as total,
      (select coalesce(json_agg(p), '[]'::json) from (
        select n.*,
          (select count(*) from notice_documents d where d.notice_id = n.id)::int
            as document_count
        from (
          select n.id, n.title, n.reference_number, n.agenda, n.posted_from, n.relevant_until,
            n.status, n.taken_down_at
          from notices n where ${where}
          order by ${order}
          limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}
        ) n
      ) p)::text as items`.execute(db);
  const row = result.rows[0];
  const items = (JSON.parse(row.items) as (
    & Omit<NoticeSummary, "posted_from" | "relevant_until" | "taken_down_at">
    & { posted_from: string; relevant_until: string | null; taken_down_at: string | null }
  )[]).map((n) => ({
    ...n,
    posted_from: new Date(n.posted_from),
    relevant_until: n.relevant_until === null ? null : new Date(n.relevant_until),
    taken_down_at: n.taken_down_at === null ? null : new Date(n.taken_down_at),
  }));
  return { items, total: row.total };
}

/**
 * The current board's agenda filter: the names of the town's code list of agendas
 * (db/repositories/notice_agendas.ts) that some published notice carries, in Czech order (sorted
 * in TypeScript, not by the database, whose collation may be C: "Územní" after "Zastupitelstvo").
 */
export function listAgendas(db: Db, tenantId: string): Promise<string[]> {
  return agendasInUse(db, tenantId, ["published"]);
}

/** Published notices with their documents, for the OFN export. */
export async function listCurrentWithDocuments(db: Db, tenantId: string) {
  const notices = await db.selectFrom("notices").selectAll()
    .where("tenant_id", "=", tenantId).where("status", "=", "published")
    .orderBy("posted_from", "desc").orderBy("id").execute();
  const docs = notices.length === 0 ? [] : await db.selectFrom("notice_documents")
    .select(["id", "notice_id", "file_name", "media_type"])
    .where("tenant_id", "=", tenantId)
    .where("notice_id", "in", notices.map((n) => n.id))
    .orderBy("position").execute();
  return notices.map((n) => ({ ...n, documents: docs.filter((d) => d.notice_id === n.id) }));
}

/**
 * Moves a notice to `to` if it is still in one of `from`; returns whether it moved, so a retried
 * activity neither moves it twice nor writes a second audit entry.
 */
export async function transitionNotice(
  db: Db,
  tenantId: string,
  id: string,
  from: NoticeStatus[],
  to: NoticeStatus,
  extra: { withdrawnReason?: string | null } = {},
): Promise<boolean> {
  const now = new Date();
  const result = await db.updateTable("notices")
    .set({
      status: to,
      updated_at: now,
      ...(to === "published" ? { published_at: now } : { taken_down_at: now }),
      ...(to === "withdrawn" ? { withdrawn_reason: extra.withdrawnReason ?? null } : {}),
    })
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("status", "in", from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** How many notices the town has in each status (for the clerk's overview). */
export async function countNoticesByStatus(
  db: Db,
  tenantId: string,
): Promise<Record<NoticeStatus, number>> {
  const rows = await db.selectFrom("notices").select(["status", sql<number>`count(*)::int`.as("n")])
    .where("tenant_id", "=", tenantId).groupBy("status").execute();
  const counts: Record<NoticeStatus, number> = {
    scheduled: 0,
    published: 0,
    expired: 0,
    withdrawn: 0,
  };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}
