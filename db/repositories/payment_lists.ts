/**
 * The fees clerk's lists: the town's bank statements, the queue of unmatched statement lines
 * (and the dismissed ones, with who dismissed them) and the card payments. Each searched without
 * diacritics, within a date range, one query for the page and the export.
 */
import { type Kysely, sql, type SqlBool, type Transaction } from "kysely";
import type { CardPaymentState, Database } from "../schema.ts";
import { searchCondition } from "../search.ts";
import { allOf, dateRange, instantRange, type Paging } from "./list_sql.ts";
import {
  lineViews,
  type StatementLineView,
  type StatementSummary,
  summaries,
  UNMATCHED,
} from "./statements.ts";

type Db = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------------------------------------
// Statements

export const STATEMENT_SOURCES = ["upload", "drop"] as const;
export type StatementSource = (typeof STATEMENT_SOURCES)[number];

export interface StatementListFilter {
  /** Statement number, account, file name or the importing clerk's name. */
  search: string;
  source?: StatementSource;
  /** Statement dates. */
  from?: string;
  to?: string;
}

export type StatementListRow = StatementSummary & { imported_by_name: string | null };

function statementConditions(f: Omit<StatementListFilter, "source">) {
  return [
    searchCondition(f.search, [
      sql.ref("s.statement_number"),
      sql.ref("s.account"),
      sql.ref("s.file_name"),
      sql`(select ic.display_name from clerks ic where ic.id = s.imported_by
        and ic.tenant_id = s.tenant_id)`,
    ]),
    ...dateRange(sql.ref("s.statement_date"), f.from, f.to),
  ];
}

export async function listStatementsFiltered(
  db: Db,
  tenantId: string,
  f: StatementListFilter,
  paging: Paging,
): Promise<{ rows: StatementListRow[]; total: number }> {
  const where = allOf([
    ...statementConditions(f),
    f.source ? sql<SqlBool>`s.source = ${f.source}` : undefined,
  ]);
  const [items, total] = await Promise.all([
    summaries(db, tenantId, where, sql`limit ${paging.limit} offset ${paging.offset}`),
    sql<{ n: number }>`select count(*)::int as n from bank_statements s
      where s.tenant_id = ${tenantId} and ${where}`.execute(db),
  ]);
  const names = items.length === 0 ? [] : (await sql<{ id: string; name: string | null }>`
    select s.id, c.display_name as name from bank_statements s
    left join clerks c on c.id = s.imported_by and c.tenant_id = s.tenant_id
    where s.tenant_id = ${tenantId} and s.id in (${sql.join(items.map((i) => i.id))})`
    .execute(db)).rows;
  const byId = new Map(names.map((n) => [n.id, n.name]));
  return {
    rows: items.map((i) => ({ ...i, imported_by_name: byId.get(i.id) ?? null })),
    total: total.rows[0].n,
  };
}

export async function countStatementSources(
  db: Db,
  tenantId: string,
  f: Omit<StatementListFilter, "source">,
): Promise<Record<StatementSource, number>> {
  const counts: Record<StatementSource, number> = { upload: 0, drop: 0 };
  const result = await sql<{ source: StatementSource; n: number }>`
    select s.source, count(*)::int as n from bank_statements s
    where s.tenant_id = ${tenantId} and ${allOf(statementConditions(f))} group by 1`.execute(db);
  for (const r of result.rows) counts[r.source] = r.n;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The queue of unmatched lines, and the dismissed ones

export const LINE_STATES = ["unmatched", "dismissed"] as const;
export type LineState = (typeof LINE_STATES)[number];

export interface LineListFilter {
  /** Counterparty, its account, the message, the symbols, the dismissing clerk. */
  search: string;
  state: LineState;
  /** Booking dates. */
  from?: string;
  to?: string;
}

const DISMISSED = sql<SqlBool>`l.amount_halere > 0 and l.dismissed_at is not null`;

function lineConditions(f: Omit<LineListFilter, "state">) {
  return [
    searchCondition(f.search, [
      sql.ref("l.counter_name"),
      sql.ref("l.counter_account"),
      sql.ref("l.message"),
      sql.ref("l.variable_symbol"),
      sql.ref("l.constant_symbol"),
      sql.ref("l.specific_symbol"),
      sql`(select dc2.display_name from clerks dc2 where dc2.id = l.dismissed_by)`,
    ]),
    ...dateRange(sql.ref("l.booking_date"), f.from, f.to),
  ];
}

export async function listQueueLines(
  db: Db,
  tenantId: string,
  f: LineListFilter,
  paging: Paging,
): Promise<{ rows: StatementLineView[]; total: number }> {
  const where = allOf([
    ...lineConditions(f),
    f.state === "unmatched" ? sql<SqlBool>`${UNMATCHED}` : DISMISSED,
  ]);
  const order = f.state === "unmatched"
    ? sql`order by l.booking_date, s.statement_date, l.line_no, l.id`
    : sql`order by l.dismissed_at desc, l.id`;
  const [rows, total] = await Promise.all([
    lineViews(db, tenantId, where, sql`${order} limit ${paging.limit} offset ${paging.offset}`),
    sql<{ n: number }>`select count(*)::int as n from statement_lines l
      where l.tenant_id = ${tenantId} and ${where}`.execute(db),
  ]);
  return { rows, total: total.rows[0].n };
}

export async function countQueueLines(
  db: Db,
  tenantId: string,
  f: Omit<LineListFilter, "state">,
): Promise<Record<LineState, number>> {
  const base = allOf(lineConditions(f));
  const result = await sql<{ unmatched: number; dismissed: number }>`
    select count(*) filter (where ${UNMATCHED})::int as unmatched,
      count(*) filter (where ${DISMISSED})::int as dismissed
    from statement_lines l where l.tenant_id = ${tenantId} and ${base}`.execute(db);
  return result.rows[0];
}

// ---------------------------------------------------------------------------------------------
// Card payments

export const CARD_STATES: readonly CardPaymentState[] = [
  "created",
  "started",
  "authorised",
  "captured",
  "settled",
  "failed",
  "cancelled",
  "expired",
  "refunded",
];

export interface CardListFilter {
  /** The payer's name, the variable symbol, the gateway's payment id. */
  search: string;
  state?: CardPaymentState;
  /** Creation days (Prague). */
  from?: string;
  to?: string;
}

export interface CardListRow {
  id: string;
  created_at: Date;
  payer_name: string;
  amount_halere: number;
  state: CardPaymentState;
  variable_symbol: string;
  pay_id: string | null;
  refunded_at: Date | null;
  refunded_by_name: string | null;
  refund_reason: string | null;
}

const CARD_FROM = sql`card_payments c
  join persons p on p.id = c.person_id and p.tenant_id = c.tenant_id
  join payment_orders o on o.id = c.payment_order_id
  left join payments pay on pay.card_payment_id = c.id and pay.refunded_at is not null
  left join clerks rc on rc.id = pay.refunded_by and rc.tenant_id = c.tenant_id`;

function cardConditions(tenantId: string, f: Omit<CardListFilter, "state">) {
  return [
    sql<SqlBool>`c.tenant_id = ${tenantId}`,
    searchCondition(f.search, [
      sql.ref("p.given_name"),
      sql.ref("p.family_name"),
      sql.ref("o.variable_symbol"),
      sql.ref("c.pay_id"),
    ]),
    ...instantRange(sql.ref("c.created_at"), f.from, f.to),
  ];
}

export async function listCardPayments(
  db: Db,
  tenantId: string,
  f: CardListFilter,
  paging: Paging,
): Promise<{ rows: CardListRow[]; total: number }> {
  const where = allOf([
    ...cardConditions(tenantId, f),
    f.state ? sql<SqlBool>`c.state = ${f.state}` : undefined,
  ]);
  const [rows, total] = await Promise.all([
    sql<CardListRow & { amount_halere: string }>`
      select c.id, c.created_at, p.given_name || ' ' || p.family_name as payer_name,
        c.amount_halere, c.state, o.variable_symbol, c.pay_id, pay.refunded_at,
        rc.display_name as refunded_by_name, pay.refund_reason
      from ${CARD_FROM} where ${where}
      order by c.created_at desc, c.id desc
      limit ${paging.limit} offset ${paging.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from ${CARD_FROM} where ${where}`.execute(db),
  ]);
  return {
    rows: rows.rows.map((r) => ({ ...r, amount_halere: Number(r.amount_halere) })),
    total: total.rows[0].n,
  };
}

export async function countCardStates(
  db: Db,
  tenantId: string,
  f: Omit<CardListFilter, "state">,
): Promise<Record<CardPaymentState, number>> {
  const counts = Object.fromEntries(CARD_STATES.map((s) => [s, 0])) as Record<
    CardPaymentState,
    number
  >;
  const result = await sql<{ state: CardPaymentState; n: number }>`
    select c.state, count(*)::int as n from ${CARD_FROM}
    where ${allOf(cardConditions(tenantId, f))} group by 1`.execute(db);
  for (const r of result.rows) counts[r.state] = r.n;
  return counts;
}
