/**
 * The clerk's task queue: cases of the agendas the clerk works, searched by reference number,
 * the situation's title or the filer's name (diacritics and case ignored), filtered by state
 * (open ones by default), situation, assigned clerk and filing date. One query for the page and
 * the export, counts per state for the same search.
 */
import { type Kysely, sql, type SqlBool, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import type { CaseState } from "../../domain/cases.ts";
import { searchCondition } from "../search.ts";
import { allOf, instantRange, type Paging } from "./list_sql.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface CaseListFilter {
  /** The agendas the clerk works (`all` for an administrator). */
  agendas: readonly string[] | "all";
  search: string;
  /** The situations' titles by form slug, so a search for "poplatek ze psa" finds its cases. */
  titles: Readonly<Record<string, string>>;
  /** One state, the open ones (filed and returned) or every state. */
  state: CaseState | "open" | "all";
  slug?: string;
  /** A clerk's id, or `none` for cases nobody claimed. */
  assignee?: string;
  from?: string;
  to?: string;
}

export interface CaseListRow {
  id: string;
  reference: string;
  form_slug: string;
  agenda: string;
  state: CaseState;
  assigned_clerk_id: string | null;
  assigned_name: string | null;
  last_clerk_name: string | null;
  filer_name: string;
  due_at: Date;
  escalated_at: Date | null;
  created_at: Date;
}

function titleExpression(titles: Readonly<Record<string, string>>) {
  const entries = Object.entries(titles);
  if (entries.length === 0) return sql<string>`''`;
  return sql<string>`(case c.form_slug ${
    sql.join(entries.map(([slug, title]) => sql`when ${slug} then ${title}`), sql` `)
  } else '' end)`;
}

function conditions(tenantId: string, f: Omit<CaseListFilter, "state">) {
  if (f.agendas !== "all" && f.agendas.length === 0) return [sql<SqlBool>`false`];
  return [
    sql<SqlBool>`c.tenant_id = ${tenantId}`,
    f.agendas === "all" ? undefined : sql<SqlBool>`c.agenda in (${sql.join([...f.agendas])})`,
    searchCondition(f.search, [
      sql.ref("c.reference"),
      titleExpression(f.titles),
      sql.ref("p.given_name"),
      sql.ref("p.family_name"),
    ]),
    f.slug ? sql<SqlBool>`c.form_slug = ${f.slug}` : undefined,
    f.assignee === "none"
      ? sql<SqlBool>`c.assigned_clerk_id is null`
      : f.assignee
      ? sql<SqlBool>`c.assigned_clerk_id = ${f.assignee}`
      : undefined,
    ...instantRange(sql.ref("c.created_at"), f.from, f.to),
  ];
}

function stateCondition(state: CaseListFilter["state"]) {
  if (state === "all") return undefined;
  if (state === "open") return sql<SqlBool>`c.state in ('filed', 'returned')`;
  return sql<SqlBool>`c.state = ${state}`;
}

const FROM = sql`cases c
  join persons p on p.id = c.person_id and p.tenant_id = c.tenant_id
  left join clerks a on a.id = c.assigned_clerk_id and a.tenant_id = c.tenant_id
  left join clerks l on l.id = c.last_clerk_id and l.tenant_id = c.tenant_id`;

/** The cases of the filter, oldest filing first, a page of them (or an export's). */
export async function listCases(
  db: Db,
  tenantId: string,
  f: CaseListFilter,
  paging: Paging,
): Promise<{ rows: CaseListRow[]; total: number }> {
  const where = allOf([...conditions(tenantId, f), stateCondition(f.state)]);
  const [rows, total] = await Promise.all([
    sql<CaseListRow>`
      select c.id, c.reference, c.form_slug, c.agenda, c.state, c.assigned_clerk_id,
        a.display_name as assigned_name, l.display_name as last_clerk_name,
        p.given_name || ' ' || p.family_name as filer_name, c.due_at, c.escalated_at,
        c.created_at
      from ${FROM} where ${where}
      order by c.created_at, c.id
      limit ${paging.limit} offset ${paging.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from ${FROM} where ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: total.rows[0].n };
}

/** How many cases of the search and the other filters are in each state. */
export async function countCaseStates(
  db: Db,
  tenantId: string,
  f: Omit<CaseListFilter, "state">,
): Promise<Record<CaseState, number>> {
  const counts: Record<CaseState, number> = {
    filed: 0,
    returned: 0,
    approved: 0,
    rejected: 0,
    closed: 0,
  };
  const result = await sql<{ state: CaseState; n: number }>`
    select c.state, count(*)::int as n from ${FROM}
    where ${allOf(conditions(tenantId, f))} group by 1`.execute(db);
  for (const r of result.rows) counts[r.state] = r.n;
  return counts;
}

/** The town's clerks, for the assignee filter. */
export function listAssignableClerks(db: Db, tenantId: string) {
  return db.selectFrom("clerks").select(["id", "display_name"])
    .where("tenant_id", "=", tenantId).orderBy("display_name").orderBy("id").execute();
}
