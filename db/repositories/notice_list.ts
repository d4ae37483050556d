/**
 * The clerk's list of the town's notices (`/urad/uredni-deska`): every status, searched and
 * filtered, one page of it, or every matching row for an export — one query function for both,
 * so the export holds exactly the rows the page shows across its pages.
 */
import { type Kysely, type RawBuilder, sql, type SqlBool, type Transaction } from "kysely";
import type { Database, NoticeStatus } from "../schema.ts";
import { searchCondition } from "../search.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface ClerkNoticeFilter {
  /** Diacritics and case ignored; every word starts a word of the title, the reference number or the agenda. */
  search?: string;
  status?: NoticeStatus;
  /** The agenda's name (as the notices keep it). */
  agenda?: string;
  /** The id of the clerk who posted the notice. */
  author?: string;
  /** Vyvěšení on or after / on or before this day (Prague), `YYYY-MM-DD`. */
  postedFrom?: string;
  postedTo?: string;
}

export interface ClerkNoticeRow {
  id: string;
  title: string;
  reference_number: string | null;
  agenda: string | null;
  posted_from: Date;
  relevant_until: Date | null;
  taken_down_at: Date | null;
  status: NoticeStatus;
  /** The posting clerk's name; null for notices not posted by a clerk (the demo's seed). */
  author_name: string | null;
}

function conditions(
  tenantId: string,
  filter: ClerkNoticeFilter,
  opts: { withStatus: boolean },
): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`n.tenant_id = ${tenantId}`];
  if (opts.withStatus && filter.status) parts.push(sql<SqlBool>`n.status = ${filter.status}`);
  if (filter.agenda) parts.push(sql<SqlBool>`n.agenda = ${filter.agenda}`);
  if (filter.author) parts.push(sql<SqlBool>`n.created_by = ${filter.author}`);
  if (filter.postedFrom) {
    parts.push(
      sql<
        SqlBool
      >`(n.posted_from at time zone 'Europe/Prague')::date >= ${filter.postedFrom}::date`,
    );
  }
  if (filter.postedTo) {
    parts.push(
      sql<SqlBool>`(n.posted_from at time zone 'Europe/Prague')::date <= ${filter.postedTo}::date`,
    );
  }
  const matches = filter.search
    ? searchCondition(filter.search, [
      sql.ref("n.title"),
      sql.ref("n.reference_number"),
      sql.ref("n.agenda"),
    ])
    : undefined;
  if (matches) parts.push(matches);
  return sql.join(parts, sql` and `) as RawBuilder<SqlBool>;
}

/**
 * Matching notices newest vyvěšení first, with the posting clerk's name: one page
 * (`page`, `pageSize`), or with `limit` every row up to it (the export asks for one more than it
 * may write, to tell a too large filter).
 */
export async function listClerkNotices(
  db: Db,
  tenantId: string,
  filter: ClerkNoticeFilter,
  range: { page: number; pageSize: number } | { limit: number },
): Promise<ClerkNoticeRow[]> {
  const where = conditions(tenantId, filter, { withStatus: true });
  const [limit, offset] = "limit" in range
    ? [range.limit, 0]
    : [range.pageSize, (range.page - 1) * range.pageSize];
  const result = await sql<ClerkNoticeRow>`
    select n.id, n.title, n.reference_number, n.agenda, n.posted_from, n.relevant_until,
      n.taken_down_at, n.status, c.display_name as author_name
    from notices n
    left join clerks c on c.tenant_id = n.tenant_id and c.id::text = n.created_by
    where ${where}
    order by n.posted_from desc, n.id
    limit ${limit} offset ${offset}`.execute(db);
  return result.rows;
}

/**
 * How many notices match the filter in each status, the status filter itself left out (the
 * clickable counts show what choosing another status would find); `total` across them all.
 */
export async function countClerkNotices(
  db: Db,
  tenantId: string,
  filter: ClerkNoticeFilter,
): Promise<{ byStatus: Record<NoticeStatus, number>; total: number }> {
  const where = conditions(tenantId, filter, { withStatus: false });
  const result = await sql<{ status: NoticeStatus; n: number }>`
    select n.status, count(*)::int as n from notices n where ${where} group by n.status`
    .execute(db);
  const byStatus: Record<NoticeStatus, number> = {
    scheduled: 0,
    published: 0,
    expired: 0,
    withdrawn: 0,
  };
  for (const r of result.rows) byStatus[r.status] = r.n;
  return { byStatus, total: Object.values(byStatus).reduce((a, b) => a + b, 0) };
}

/** The clerks of the town who posted a notice (the author filter's choices). */
export async function noticeAuthors(
  db: Db,
  tenantId: string,
): Promise<{ id: string; name: string }[]> {
  const result = await sql<{ id: string; name: string }>`
    select c.id::text as id, c.display_name as name from clerks c
    where c.tenant_id = ${tenantId}
      and exists (select 1 from notices n where n.tenant_id = c.tenant_id and n.created_by = c.id::text)`
    .execute(db);
  return result.rows;
}
