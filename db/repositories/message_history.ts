/**
 * The history of communication with one person (/ucet/zpravy): every message the portal queued
 * for them (outbox_messages with their person_id) and every broadcast that reached them as a
 * resident with an account (broadcast_recipients with their person_id, with the broadcast's
 * texts), newest first. A secret message's body is never read out (a one-time code, a
 * confirmation link), even while it waits to be sent. Always scoped to the town and the person.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";
import type { Channel, MessageKind } from "../../domain/messaging.ts";
import { searchCondition } from "../search.ts";

/** A kind in the history: the outbox's kinds, and a broadcast from the office. */
export type HistoryKind = MessageKind | "broadcast";
export const HISTORY_KINDS: readonly HistoryKind[] = [
  "case",
  "reminder",
  "receipt",
  "payment",
  "account",
  "code",
  "broadcast",
  "other",
];
export type HistoryStatus = "queued" | "sent" | "delivered" | "failed";

export interface HistoryEntry {
  /** The gateway message id form: `m-<uuid>` or `b-<n>`. */
  id: string;
  at: Date;
  channel: Channel;
  kind: HistoryKind;
  status: HistoryStatus;
  recipient: string;
  subject: string | null;
  /** Null when secret (never kept, never shown) or when a sent message's body was cleared. */
  body: string | null;
  secret: boolean;
  error: string | null;
}

export interface HistoryFilter {
  search?: string;
  channel?: Channel;
  kind?: HistoryKind;
  limit: number;
  offset: number;
}

export async function listPersonMessages(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  f: HistoryFilter,
): Promise<{ rows: HistoryEntry[]; total: number }> {
  const history = sql`(
    select 'm-' || m.id::text as id, m.created_at as at, m.channel, m.kind, m.status,
      m.recipient, m.subject, case when m.secret then null else m.body end as body, m.secret,
      m.error
    from outbox_messages m
    where m.tenant_id = ${tenantId} and m.person_id = ${personId}
    union all
    select 'b-' || r.id::text, coalesce(r.sent_at, r.queued_at), r.channel, 'broadcast',
      case when r.status = 'sending' then 'queued' else r.status end,
      r.address, b.subject,
      case when r.channel = 'sms' then coalesce(b.sms_body, b.body) else b.body end, false,
      r.error
    from broadcast_recipients r
    join broadcasts b on b.id = r.broadcast_id and b.tenant_id = r.tenant_id
    where r.tenant_id = ${tenantId} and r.person_id = ${personId} and r.status <> 'cancelled'
  )`;
  const conditions = [
    f.search ? searchCondition(f.search, [sql.ref("h.subject"), sql.ref("h.body")]) : undefined,
    f.channel ? sql`h.channel = ${f.channel}` : undefined,
    f.kind ? sql`h.kind = ${f.kind}` : undefined,
  ].filter((c) => c !== undefined);
  const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const result = await sql<HistoryEntry & { total: string }>`
    select h.*, count(*) over () as total from ${history} h
    ${where}
    order by h.at desc, h.id desc
    limit ${f.limit} offset ${f.offset}
  `.execute(db);
  const total = result.rows.length ? Number(result.rows[0].total) : f.offset > 0
    ? Number(
      (await sql<{ n: string }>`select count(*) as n from ${history} h ${where}`.execute(db))
        .rows[0].n,
    )
    : 0;
  return { rows: result.rows.map(({ total: _, ...row }) => row), total };
}
