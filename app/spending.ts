/**
 * The town's spending in public (issue 12): the registers of invoices, contracts and orders, a
 * contract, a supplier's page, and the open data built from the same queries. Read-only and
 * anonymous: nothing here is audited. Each register answers one page (with the filter's count
 * and sum) or, for an export, every matching row up to `exportMax + 1` (the export refuses more).
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  budgetLinesOfYear,
  type ContractFilter,
  contractTotals,
  contractYears,
  findContract,
  findSupplier,
  type InvoiceFilter,
  invoiceTotals,
  invoiceYears,
  listContracts,
  listInvoices,
  listOrders,
  openDataYears,
  type OrderFilter,
  orderTotals,
  orderYears,
} from "../db/repositories/spending.ts";

export type SpendingDeps = { db: Kysely<Database> };

/** A page of a register, or an export of every row (`exportMax + 1` at most). */
export type RegisterView = { page: number; pageSize: number } | { exportMax: number };

export interface Register<R> {
  rows: R[];
  /** The whole filter's count and sum in haléře (for a page; an export: its rows). */
  count: number;
  sum: number;
  /** Years to filter by, newest first. */
  years: number[];
}

function paging(view: RegisterView) {
  return "exportMax" in view ? { limit: view.exportMax + 1 } : view;
}

async function register<R>(
  view: RegisterView,
  rows: Promise<R[]>,
  totals: () => Promise<{ count: number; sum: number }>,
  years: () => Promise<number[]>,
): Promise<Register<R>> {
  if ("exportMax" in view) return { rows: await rows, count: 0, sum: 0, years: [] };
  const [r, t, y] = await Promise.all([rows, totals(), years()]);
  return { rows: r, count: t.count, sum: t.sum, years: y };
}

export function invoiceRegister(
  deps: SpendingDeps,
  tenantId: string,
  filter: InvoiceFilter,
  view: RegisterView,
) {
  return register(
    view,
    listInvoices(deps.db, tenantId, filter, paging(view)),
    () => invoiceTotals(deps.db, tenantId, filter),
    () => invoiceYears(deps.db, tenantId),
  );
}

export function contractRegister(
  deps: SpendingDeps,
  tenantId: string,
  filter: ContractFilter,
  view: RegisterView,
) {
  return register(
    view,
    listContracts(deps.db, tenantId, filter, paging(view)),
    () => contractTotals(deps.db, tenantId, filter),
    () => contractYears(deps.db, tenantId),
  );
}

export function orderRegister(
  deps: SpendingDeps,
  tenantId: string,
  filter: OrderFilter,
  view: RegisterView,
) {
  return register(
    view,
    listOrders(deps.db, tenantId, filter, paging(view)),
    () => orderTotals(deps.db, tenantId, filter),
    () => orderYears(deps.db, tenantId),
  );
}

/** One contract of the town, with the contracts' count of its counterparty. */
export function contractPage(deps: SpendingDeps, tenantId: string, id: string) {
  return findContract(deps.db, tenantId, id);
}

/** How many of a supplier's latest invoices, contracts and orders its page lists. */
export const SUPPLIER_PAGE_ROWS = 50;

/**
 * A supplier's page: what the town paid them per year, their latest invoices, contracts and
 * orders; undefined when the town never dealt with the IČO.
 */
export async function supplierPage(deps: SpendingDeps, tenantId: string, ico: string) {
  if (!/^[0-9]{8}$/.test(ico)) return undefined;
  const supplier = await findSupplier(deps.db, tenantId, ico);
  if (!supplier) return undefined;
  const rows = { page: 1, pageSize: SUPPLIER_PAGE_ROWS };
  const [invoices, contracts, orders] = await Promise.all([
    listInvoices(deps.db, tenantId, { ico }, rows),
    listContracts(deps.db, tenantId, { ico }, rows),
    listOrders(deps.db, tenantId, { ico }, rows),
  ]);
  return { supplier, invoices, contracts, orders };
}

/** The most rows one open data file holds (a town's year of invoices is far below it). */
export const OPEN_DATA_MAX_ROWS = 200_000;

export function openDataIndex(deps: SpendingDeps, tenantId: string) {
  return openDataYears(deps.db, tenantId);
}

export function openDataInvoices(deps: SpendingDeps, tenantId: string, year: number) {
  return listInvoices(deps.db, tenantId, { year }, { limit: OPEN_DATA_MAX_ROWS });
}

export function openDataContracts(deps: SpendingDeps, tenantId: string) {
  return listContracts(deps.db, tenantId, {}, { limit: OPEN_DATA_MAX_ROWS });
}

export function openDataOrders(deps: SpendingDeps, tenantId: string) {
  return listOrders(deps.db, tenantId, {}, { limit: OPEN_DATA_MAX_ROWS });
}

export function openDataBudget(deps: SpendingDeps, tenantId: string, year: number) {
  return budgetLinesOfYear(deps.db, tenantId, year);
}
