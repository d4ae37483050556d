/**
 * The administrator's list of the town's clerk accounts: searched by name, user name or e-mail
 * (diacritics and case ignored), filtered by role and by active or deactivated, with the last
 * sign-in. One query for the page and the export, counts of active and deactivated accounts for
 * the same search.
 */
import { type Kysely, sql, type SqlBool, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { searchCondition } from "../search.ts";
import { allOf, type Paging } from "./list_sql.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** The `stav` filter's values. */
export const CLERK_STATES = ["aktivni", "deaktivovany"] as const;
export type ClerkState = (typeof CLERK_STATES)[number];

export interface ClerkListFilter {
  search: string;
  role?: string;
  state?: ClerkState;
}

export interface ClerkListRow {
  id: string;
  username: string;
  display_name: string;
  email: string;
  roles: string[];
  active: boolean;
  created_at: Date;
  last_login_at: Date | null;
}

function conditions(tenantId: string, f: ClerkListFilter) {
  return [
    sql<SqlBool>`c.tenant_id = ${tenantId}`,
    searchCondition(f.search, [
      sql.ref("c.display_name"),
      sql.ref("c.username"),
      sql.ref("c.email"),
    ]),
    f.role ? sql<SqlBool>`${f.role} = any(c.roles)` : undefined,
  ];
}

export async function listClerkAccounts(
  db: Db,
  tenantId: string,
  f: ClerkListFilter,
  paging: Paging,
): Promise<{ rows: ClerkListRow[]; total: number }> {
  const where = allOf([
    ...conditions(tenantId, f),
    f.state ? sql<SqlBool>`c.active = ${f.state === "aktivni"}` : undefined,
  ]);
  const [rows, total] = await Promise.all([
    sql<ClerkListRow>`
      select c.id, c.username, c.display_name, c.email, c.roles, c.active, c.created_at,
        c.last_login_at
      from clerks c where ${where}
      order by c.active desc, c.display_name, c.username, c.id
      limit ${paging.limit} offset ${paging.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from clerks c where ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: total.rows[0].n };
}

export async function countClerkStates(
  db: Db,
  tenantId: string,
  f: Omit<ClerkListFilter, "state">,
): Promise<Record<ClerkState, number>> {
  const result = await sql<{ active: boolean; n: number }>`
    select c.active, count(*)::int as n from clerks c
    where ${allOf(conditions(tenantId, f))} group by 1`.execute(db);
  const counts: Record<ClerkState, number> = { aktivni: 0, deaktivovany: 0 };
  for (const r of result.rows) counts[r.active ? "aktivni" : "deaktivovany"] = r.n;
  return counts;
}
