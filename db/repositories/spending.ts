/**
 * The town's spending as the public registers show it (issue 12): invoices (the accounting lines
 * of received `KDF` and issued `KOF` invoices), contracts, orders, and a supplier by IČO across
 * the three. Every query is scoped by the tenant; each list has one query that serves its page
 * (`{ page, pageSize }`) and its export (`{ limit }`: every matching row up to the limit).
 *
 * Natural persons: a record without an IČO is a natural person's, whom the law does not let the
 * town name. Their name never leaves this module (`supplier_name` is null for them) and a search
 * never matches it, so a search for a person's name cannot find their invoices either.
 *
 * Search ignores diacritics and case (db/search.ts). Money is integer haléře (bigint columns come
 * back as strings; `Number` is exact below 2^53).
 */
import { type Expression, type Kysely, sql, type SqlBool, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { searchCondition } from "../search.ts";

type Db = Kysely<Database> | Transaction<Database>;

export type Paging = { page: number; pageSize: number } | { limit: number };

export type InvoiceKind = "KDF" | "KOF";

export interface InvoiceFilter {
  search?: string;
  year?: number;
  kind?: InvoiceKind;
  /** Prefixes of 1–4 digits (a budget line or a level above it). */
  paragraf?: string;
  polozka?: string;
  orj?: string;
  org?: string;
  ico?: string;
  /** Booked from / to, `YYYY-MM-DD`, inclusive. */
  from?: string;
  to?: string;
}

export interface InvoiceRow {
  id: string;
  year: number;
  kind: InvoiceKind;
  document: string | null;
  booked_on: string;
  paragraf: string;
  polozka: string;
  orj: string | null;
  org: string | null;
  amount_halere: number;
  supplier_ico: string | null;
  /** Null for a natural person without an IČO (shown as "fyzická osoba"). */
  supplier_name: string | null;
  description: string | null;
}

/** The supplier's name only where the record has an IČO. */
const publicName = (table: string, ico: string, name: string) =>
  sql<string | null>`case when ${sql.ref(`${table}.${ico}`)} is null then null
    else ${sql.ref(`${table}.${name}`)} end`;

function invoiceConditions(tenantId: string, f: InvoiceFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [sql<SqlBool>`e.tenant_id = ${tenantId}`];
  if (f.year !== undefined) c.push(sql<SqlBool>`e.year = ${f.year}`);
  if (f.kind) c.push(sql<SqlBool>`e.kind = ${f.kind}`);
  if (f.paragraf) c.push(sql<SqlBool>`e.paragraf like ${f.paragraf + "%"}`);
  if (f.polozka) c.push(sql<SqlBool>`e.polozka like ${f.polozka + "%"}`);
  if (f.orj) c.push(sql<SqlBool>`e.orj = ${f.orj}`);
  if (f.org) c.push(sql<SqlBool>`e.org = ${f.org}`);
  if (f.ico) c.push(sql<SqlBool>`e.supplier_ico = ${f.ico}`);
  if (f.from) c.push(sql<SqlBool>`e.booked_on >= ${f.from}::date`);
  if (f.to) c.push(sql<SqlBool>`e.booked_on <= ${f.to}::date`);
  const search = f.search
    ? searchCondition(f.search, [
      publicName("e", "supplier_ico", "supplier_name"),
      sql.ref("e.supplier_ico"),
      sql.ref("e.description"),
      sql.ref("e.document"),
    ])
    : undefined;
  if (search) c.push(search);
  return c;
}

const and = (c: Expression<SqlBool>[]) => sql<SqlBool>`${sql.join(c, sql` and `)}`;

function limitOffset(paging: Paging) {
  return "limit" in paging
    ? sql`limit ${paging.limit}`
    : sql`limit ${paging.pageSize} offset ${(paging.page - 1) * paging.pageSize}`;
}

/** Invoices of the filter, newest first: one page or (export) every row up to the limit. */
export async function listInvoices(
  db: Db,
  tenantId: string,
  filter: InvoiceFilter,
  paging: Paging,
): Promise<InvoiceRow[]> {
  const result = await sql<InvoiceRow & { amount_halere: string }>`
    select e.id::text as id, e.year, e.kind, e.document, e.booked_on::text as booked_on,
      e.paragraf, e.polozka, e.orj, e.org, e.amount_halere, e.supplier_ico,
      ${publicName("e", "supplier_ico", "supplier_name")} as supplier_name, e.description
    from accounting_entries e
    where ${and(invoiceConditions(tenantId, filter))}
    order by e.booked_on desc, e.id desc
    ${limitOffset(paging)}`.execute(db);
  return result.rows.map((r) => ({ ...r, amount_halere: Number(r.amount_halere) }));
}

/** How many invoices the filter finds and their sum (haléře). */
export async function invoiceTotals(
  db: Db,
  tenantId: string,
  filter: InvoiceFilter,
): Promise<{ count: number; sum: number }> {
  const result = await sql<{ count: number; sum: string }>`
    select count(*)::int as count, coalesce(sum(e.amount_halere), 0)::text as sum
    from accounting_entries e where ${and(invoiceConditions(tenantId, filter))}`.execute(db);
  return { count: result.rows[0].count, sum: Number(result.rows[0].sum) };
}

/** Years with invoices, newest first (the year filter's choices). */
export async function invoiceYears(db: Db, tenantId: string): Promise<number[]> {
  const rows = await db.selectFrom("accounting_entries").select("year").distinct()
    .where("tenant_id", "=", tenantId).orderBy("year", "desc").execute();
  return rows.map((r) => r.year);
}

// ---------------------------------------------------------------------------------------------
// contracts

export interface ContractFilter {
  search?: string;
  year?: number;
  ico?: string;
  from?: string;
  to?: string;
}

export interface ContractRow {
  id: string;
  register_id: string;
  subject: string;
  concluded_on: string | null;
  number: string | null;
  value_without_vat_halere: number | null;
  value_with_vat_halere: number | null;
  counterparty_ico: string | null;
  /** Null for a natural person without an IČO. */
  counterparty_name: string | null;
  url: string | null;
}

export interface ContractDetail extends ContractRow {
  attachments: { name: string; url: string | null }[];
}

function contractConditions(tenantId: string, f: ContractFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [sql<SqlBool>`c.tenant_id = ${tenantId}`];
  if (f.year !== undefined) {
    c.push(sql<SqlBool>`c.concluded_on >= make_date(${f.year}, 1, 1)`);
    c.push(sql<SqlBool>`c.concluded_on < make_date(${f.year + 1}, 1, 1)`);
  }
  if (f.ico) c.push(sql<SqlBool>`c.counterparty_ico = ${f.ico}`);
  if (f.from) c.push(sql<SqlBool>`c.concluded_on >= ${f.from}::date`);
  if (f.to) c.push(sql<SqlBool>`c.concluded_on <= ${f.to}::date`);
  const search = f.search
    ? searchCondition(f.search, [
      sql.ref("c.subject"),
      sql.ref("c.number"),
      publicName("c", "counterparty_ico", "counterparty_name"),
      sql.ref("c.counterparty_ico"),
    ])
    : undefined;
  if (search) c.push(search);
  return c;
}

const contractColumns = sql`c.id::text as id, c.register_id, c.subject,
  c.concluded_on::text as concluded_on, c.number, c.value_without_vat_halere,
  c.value_with_vat_halere, c.counterparty_ico,
  ${publicName("c", "counterparty_ico", "counterparty_name")} as counterparty_name, c.url`;

type MoneyText<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null };

function contractFromDb<T extends ContractRow>(
  r: MoneyText<T, "value_without_vat_halere" | "value_with_vat_halere">,
): T {
  return {
    ...r,
    value_without_vat_halere: r.value_without_vat_halere === null
      ? null
      : Number(r.value_without_vat_halere),
    value_with_vat_halere: r.value_with_vat_halere === null
      ? null
      : Number(r.value_with_vat_halere),
  } as T;
}

/** Contracts of the filter, newest first (undated last). */
export async function listContracts(
  db: Db,
  tenantId: string,
  filter: ContractFilter,
  paging: Paging,
): Promise<ContractRow[]> {
  const result = await sql<
    MoneyText<ContractRow, "value_without_vat_halere" | "value_with_vat_halere">
  >`
    select ${contractColumns} from contracts c
    where ${and(contractConditions(tenantId, filter))}
    order by c.concluded_on desc nulls last, c.id
    ${limitOffset(paging)}`.execute(db);
  return result.rows.map((r) => contractFromDb<ContractRow>(r));
}

export async function contractTotals(
  db: Db,
  tenantId: string,
  filter: ContractFilter,
): Promise<{ count: number; sum: number }> {
  const result = await sql<{ count: number; sum: string }>`
    select count(*)::int as count, coalesce(sum(c.value_with_vat_halere), 0)::text as sum
    from contracts c where ${and(contractConditions(tenantId, filter))}`.execute(db);
  return { count: result.rows[0].count, sum: Number(result.rows[0].sum) };
}

/** One contract of the town (undefined for another town's or a malformed id). */
export async function findContract(
  db: Db,
  tenantId: string,
  id: string,
): Promise<ContractDetail | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const result = await sql<
    MoneyText<ContractDetail, "value_without_vat_halere" | "value_with_vat_halere">
  >`
    select ${contractColumns}, c.attachments from contracts c
    where c.tenant_id = ${tenantId} and c.id = ${id}::uuid`.execute(db);
  const row = result.rows[0];
  return row ? contractFromDb<ContractDetail>(row) : undefined;
}

export async function contractYears(db: Db, tenantId: string): Promise<number[]> {
  const result = await sql<{ year: number }>`
    select distinct extract(year from concluded_on)::int as year from contracts
    where tenant_id = ${tenantId} and concluded_on is not null order by year desc`.execute(db);
  return result.rows.map((r) => r.year);
}

// ---------------------------------------------------------------------------------------------
// orders

export type OrderFilter = ContractFilter;

export interface OrderRow {
  id: string;
  number: string;
  ordered_on: string;
  subject: string;
  amount_halere: number | null;
  supplier_ico: string | null;
  /** Null for a natural person without an IČO. */
  supplier_name: string | null;
}

function orderConditions(tenantId: string, f: OrderFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [sql<SqlBool>`o.tenant_id = ${tenantId}`];
  if (f.year !== undefined) {
    c.push(sql<SqlBool>`o.ordered_on >= make_date(${f.year}, 1, 1)`);
    c.push(sql<SqlBool>`o.ordered_on < make_date(${f.year + 1}, 1, 1)`);
  }
  if (f.ico) c.push(sql<SqlBool>`o.supplier_ico = ${f.ico}`);
  if (f.from) c.push(sql<SqlBool>`o.ordered_on >= ${f.from}::date`);
  if (f.to) c.push(sql<SqlBool>`o.ordered_on <= ${f.to}::date`);
  const search = f.search
    ? searchCondition(f.search, [
      sql.ref("o.subject"),
      sql.ref("o.number"),
      publicName("o", "supplier_ico", "supplier_name"),
      sql.ref("o.supplier_ico"),
    ])
    : undefined;
  if (search) c.push(search);
  return c;
}

export async function listOrders(
  db: Db,
  tenantId: string,
  filter: OrderFilter,
  paging: Paging,
): Promise<OrderRow[]> {
  const result = await sql<Omit<OrderRow, "amount_halere"> & { amount_halere: string | null }>`
    select o.id::text as id, o.number, o.ordered_on::text as ordered_on, o.subject,
      o.amount_halere, o.supplier_ico,
      ${publicName("o", "supplier_ico", "supplier_name")} as supplier_name
    from orders o where ${and(orderConditions(tenantId, filter))}
    order by o.ordered_on desc, o.number desc
    ${limitOffset(paging)}`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    amount_halere: r.amount_halere === null ? null : Number(r.amount_halere),
  }));
}

export async function orderTotals(
  db: Db,
  tenantId: string,
  filter: OrderFilter,
): Promise<{ count: number; sum: number }> {
  const result = await sql<{ count: number; sum: string }>`
    select count(*)::int as count, coalesce(sum(o.amount_halere), 0)::text as sum
    from orders o where ${and(orderConditions(tenantId, filter))}`.execute(db);
  return { count: result.rows[0].count, sum: Number(result.rows[0].sum) };
}

export async function orderYears(db: Db, tenantId: string): Promise<number[]> {
  const result = await sql<{ year: number }>`
    select distinct extract(year from ordered_on)::int as year from orders
    where tenant_id = ${tenantId} order by year desc`.execute(db);
  return result.rows.map((r) => r.year);
}

// ---------------------------------------------------------------------------------------------
// suppliers

export interface SupplierSummary {
  ico: string;
  /** The name the latest record (invoice, contract or order) gives. */
  name: string | null;
  /** Per year (newest first): received invoices (paid by the town) and issued ones. */
  byYear: { year: number; paid: number; billed: number; count: number }[];
  contractCount: number;
  orderCount: number;
}

/** A supplier the town dealt with (undefined when no record of the town has the IČO). */
export async function findSupplier(
  db: Db,
  tenantId: string,
  ico: string,
): Promise<SupplierSummary | undefined> {
  const result = await sql<{
    name: string | null;
    by_year: { year: number; paid: string; billed: string; count: number }[] | null;
    contracts: number;
    orders: number;
  }>`
    select
      (select name from (
        select supplier_name as name, booked_on as on_day from accounting_entries
          where tenant_id = ${tenantId} and supplier_ico = ${ico} and supplier_name is not null
        union all
        select counterparty_name, concluded_on from contracts
          where tenant_id = ${tenantId} and counterparty_ico = ${ico}
            and counterparty_name is not null
        union all
        select supplier_name, ordered_on from orders
          where tenant_id = ${tenantId} and supplier_ico = ${ico} and supplier_name is not null
      ) n order by on_day desc nulls last limit 1) as name,
      (select json_agg(y order by y.year desc) from (
        select year,
          coalesce(sum(amount_halere) filter (where kind = 'KDF'), 0)::text as paid,
          coalesce(sum(amount_halere) filter (where kind = 'KOF'), 0)::text as billed,
          count(*)::int as count
        from accounting_entries where tenant_id = ${tenantId} and supplier_ico = ${ico}
        group by year
      ) y) as by_year,
      (select count(*)::int from contracts
        where tenant_id = ${tenantId} and counterparty_ico = ${ico}) as contracts,
      (select count(*)::int from orders
        where tenant_id = ${tenantId} and supplier_ico = ${ico}) as orders`.execute(db);
  const row = result.rows[0];
  const byYear = (row.by_year ?? []).map((y) => ({
    year: y.year,
    paid: Number(y.paid),
    billed: Number(y.billed),
    count: y.count,
  }));
  if (byYear.length === 0 && row.contracts === 0 && row.orders === 0) return undefined;
  return { ico, name: row.name, byYear, contractCount: row.contracts, orderCount: row.orders };
}

// ---------------------------------------------------------------------------------------------
// the budget for open data

export interface BudgetLineRow {
  paragraf: string;
  paragraf_name: string | null;
  polozka: string;
  polozka_name: string | null;
  orj: string | null;
  org: string | null;
  organisation_ico: string | null;
  approved_halere: number;
  amended_halere: number;
  actual_halere: number;
}

/** The year's budget lines summed per their codes and dimensions, in code order. */
export async function budgetLinesOfYear(
  db: Db,
  tenantId: string,
  year: number,
): Promise<BudgetLineRow[]> {
  const result = await sql<
    Omit<BudgetLineRow, "approved_halere" | "amended_halere" | "actual_halere"> & {
      approved_halere: string;
      amended_halere: string;
      actual_halere: string;
    }
  >`
    select l.paragraf, p.name as paragraf_name, l.polozka, i.name as polozka_name,
      l.orj, l.org, l.organisation_ico,
      sum(l.approved_halere)::text as approved_halere,
      sum(l.amended_halere)::text as amended_halere,
      sum(l.actual_halere)::text as actual_halere
    from budget_lines l
    left join budget_classification p on p.kind = 'paragraf' and p.code = l.paragraf
    left join budget_classification i on i.kind = 'polozka' and i.code = l.polozka
    where l.tenant_id = ${tenantId} and l.year = ${year}
    group by l.paragraf, p.name, l.polozka, i.name, l.orj, l.org, l.organisation_ico
    order by l.paragraf, l.polozka, l.orj nulls first, l.org nulls first,
      l.organisation_ico nulls first`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    approved_halere: Number(r.approved_halere),
    amended_halere: Number(r.amended_halere),
    actual_halere: Number(r.actual_halere),
  }));
}

/** Years with budget lines or invoices, newest first (the open data's index). */
export async function openDataYears(db: Db, tenantId: string): Promise<{
  invoices: number[];
  budget: number[];
}> {
  const [invoices, budget] = await Promise.all([
    invoiceYears(db, tenantId),
    db.selectFrom("budget_lines").select("year").distinct().where("tenant_id", "=", tenantId)
      .orderBy("year", "desc").execute(),
  ]);
  return { invoices, budget: budget.map((r) => r.year) };
}
