/**
 * The office's list of representation requests: the pending ones (the default, oldest first)
 * and the archive of decided ones (granted, refused, revoked, withdrawn by the representative;
 * newest decision first), searched by the represented party's and the representative's names
 * (diacritics and case ignored), within a date range, with who decided. One query for the page
 * and the export; counts per state for the same search.
 */
import { type Kysely, sql, type SqlBool, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { searchCondition } from "../search.ts";
import { allOf, instantRange, type Paging } from "./list_sql.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** A request's state as the office tells them apart: a withdrawal is a revoke nobody decided. */
export const REPRESENTATION_LIST_STATES = [
  "requested",
  "granted",
  "refused",
  "revoked",
  "withdrawn",
] as const;
export type RepresentationListState = (typeof REPRESENTATION_LIST_STATES)[number];

/** The `stav` filter: one state, every decided one (`archiv`) or everything (`vse`). */
export const REPRESENTATION_STATE_FILTERS = [
  ...REPRESENTATION_LIST_STATES,
  "archiv",
  "vse",
] as const;
export type RepresentationStateFilter = (typeof REPRESENTATION_STATE_FILTERS)[number];

export interface RepresentationListFilter {
  search: string;
  state: RepresentationStateFilter;
  /** Prague days of the request's filing, or of its decision once decided. */
  from?: string;
  to?: string;
}

export interface RepresentationListRow {
  id: string;
  kind: "power_of_attorney" | "parent" | "company";
  represented_name: string;
  representative_given_name: string;
  representative_family_name: string;
  scope: string[];
  state: RepresentationListState;
  requested_at: Date;
  decided_at: Date | null;
  decided_by_name: string | null;
  decision_note: string | null;
}

const STATE = sql<RepresentationListState>`(case when r.status = 'revoked'
  and r.decided_by is null then 'withdrawn' else r.status end)`;

function conditions(tenantId: string, f: Omit<RepresentationListFilter, "state">) {
  return [
    sql<SqlBool>`r.tenant_id = ${tenantId}`,
    searchCondition(f.search, [
      sql.ref("r.represented_name"),
      sql.ref("p.given_name"),
      sql.ref("p.family_name"),
      sql.ref("r.represented_ico"),
    ]),
    ...instantRange(sql`coalesce(r.decided_at, r.requested_at)`, f.from, f.to),
  ];
}

function stateCondition(state: RepresentationStateFilter) {
  if (state === "vse") return undefined;
  if (state === "archiv") return sql<SqlBool>`r.status <> 'requested'`;
  return sql<SqlBool>`${STATE} = ${state}`;
}

const FROM = sql`representations r
  join persons p on p.id = r.representative_id and p.tenant_id = r.tenant_id
  left join clerks c on c.id = r.decided_by and c.tenant_id = r.tenant_id`;

/** The requests of the filter, a page of them (or up to an export's limit). */
export async function listRepresentationRequests(
  db: Db,
  tenantId: string,
  f: RepresentationListFilter,
  paging: Paging,
): Promise<{ rows: RepresentationListRow[]; total: number }> {
  const where = allOf([...conditions(tenantId, f), stateCondition(f.state)]);
  const order = f.state === "requested"
    ? sql`r.requested_at, r.id`
    : sql`coalesce(r.decided_at, r.requested_at) desc, r.id`;
  const [rows, total] = await Promise.all([
    sql<RepresentationListRow>`
      select r.id, r.kind, r.represented_name, p.given_name as representative_given_name,
        p.family_name as representative_family_name, r.scope, ${STATE} as state,
        r.requested_at, r.decided_at, c.display_name as decided_by_name, r.decision_note
      from ${FROM} where ${where} order by ${order}
      limit ${paging.limit} offset ${paging.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from ${FROM} where ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: total.rows[0].n };
}

/** How many requests of the search and date range are in each state. */
export async function countRepresentationStates(
  db: Db,
  tenantId: string,
  f: Omit<RepresentationListFilter, "state">,
): Promise<Record<RepresentationListState, number>> {
  const counts = Object.fromEntries(REPRESENTATION_LIST_STATES.map((s) => [s, 0])) as Record<
    RepresentationListState,
    number
  >;
  const result = await sql<{ state: RepresentationListState; n: number }>`
    select ${STATE} as state, count(*)::int as n from ${FROM}
    where ${allOf(conditions(tenantId, f))} group by 1`.execute(db);
  for (const r of result.rows) counts[r.state] = r.n;
  return counts;
}
