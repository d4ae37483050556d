/**
 * The office's list of the town's persons: searched by name or user name (diacritics and case
 * ignored, every word starting a word), a verified e-mail (a part of it), a verified phone
 * (whole or a run of its digits) or a birth date; filtered by account state and by a valid
 * agenda authorization; with each person's identity levels and valid authorizations. One query
 * for the page and the export, counts per account state for the same search.
 */
import { type Kysely, sql, type SqlBool, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { foldText } from "../../domain/search.ts";
import { searchCondition } from "../search.ts";
import { allOf, type Paging } from "./list_sql.ts";

type Db = Kysely<Database> | Transaction<Database>;

export const PERSON_STATES = ["pending", "active", "disabled"] as const;
export type PersonState = (typeof PERSON_STATES)[number];

export interface PersonListFilter {
  /** The search as typed ("" = everyone). */
  search: string;
  /** The search as a phone number in E.164, when it is one. */
  phone?: string | null;
  /** The search's digits, when it is only digits (a part of a phone number). */
  digits?: string | null;
  /** The search as a calendar date (`YYYY-MM-DD`), when it is one. */
  birthDate?: string | null;
  state?: PersonState;
  /** Only persons with a valid authorization for this agenda. */
  agenda?: string;
}

export interface PersonListRow {
  id: string;
  username: string;
  given_name: string;
  family_name: string;
  birth_date: string | null;
  status: PersonState;
  created_at: Date;
  /** Levels of assurance of the person's linked identities. */
  levels: string[];
  /** Agendas the person holds a valid authorization for. */
  agendas: string[];
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function contact(tenantId: string, kind: "email" | "phone", match: ReturnType<typeof sql>) {
  return sql<SqlBool>`exists (select 1 from person_contacts pc where pc.tenant_id = ${tenantId}
    and pc.person_id = p.id and pc.kind = ${kind} and pc.verified_at is not null and ${match})`;
}

function conditions(tenantId: string, f: Omit<PersonListFilter, "state">) {
  const out = [sql<SqlBool>`p.tenant_id = ${tenantId}`];
  const text = f.search.trim();
  if (text !== "") {
    const ors: ReturnType<typeof sql<SqlBool>>[] = [];
    const names = searchCondition(text, [
      sql.ref("p.given_name"),
      sql.ref("p.family_name"),
      sql.ref("p.username"),
    ]);
    if (names) ors.push(names);
    ors.push(contact(tenantId, "email", sql`pc.value like ${likePattern(foldText(text))}`));
    if (f.phone) ors.push(contact(tenantId, "phone", sql`pc.value = ${f.phone}`));
    if (f.digits) ors.push(contact(tenantId, "phone", sql`pc.value like ${likePattern(f.digits)}`));
    if (f.birthDate) ors.push(sql<SqlBool>`p.birth_date = ${f.birthDate}::date`);
    out.push(sql<SqlBool>`(${sql.join(ors, sql` or `)})`);
  }
  if (f.agenda) {
    out.push(sql<SqlBool>`exists (select 1 from agenda_authorizations a
      where a.tenant_id = ${tenantId} and a.person_id = p.id and a.agenda = ${f.agenda}
      and a.revoked_at is null)`);
  }
  return out;
}

/** The persons of the filter, by family and given name, a page of them (or an export's). */
export async function listTownPersons(
  db: Db,
  tenantId: string,
  f: PersonListFilter,
  paging: Paging,
): Promise<{ rows: PersonListRow[]; total: number }> {
  const where = allOf([
    ...conditions(tenantId, f),
    f.state ? sql<SqlBool>`p.status = ${f.state}` : undefined,
  ]);
  const [rows, total] = await Promise.all([
    sql<PersonListRow>`
      select p.id, p.username, p.given_name, p.family_name, p.birth_date::text as birth_date,
        p.status, p.created_at,
        coalesce((select array_agg(distinct e.level_of_assurance) from external_identities e
          where e.tenant_id = ${tenantId} and e.person_id = p.id), '{}') as levels,
        coalesce((select array_agg(distinct a.agenda order by a.agenda) from agenda_authorizations a
          where a.tenant_id = ${tenantId} and a.person_id = p.id and a.revoked_at is null), '{}')
          as agendas
      from persons p where ${where}
      order by p.family_name, p.given_name, p.username, p.id
      limit ${paging.limit} offset ${paging.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from persons p where ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: total.rows[0].n };
}

/** How many persons of the search and agenda filter are in each account state. */
export async function countPersonStates(
  db: Db,
  tenantId: string,
  f: Omit<PersonListFilter, "state">,
): Promise<Record<PersonState, number>> {
  const counts: Record<PersonState, number> = { pending: 0, active: 0, disabled: 0 };
  const result = await sql<{ status: PersonState; n: number }>`
    select p.status, count(*)::int as n from persons p
    where ${allOf(conditions(tenantId, f))} group by 1`.execute(db);
  for (const r of result.rows) counts[r.status] = r.n;
  return counts;
}
