/**
 * The public registers' URLs (`/faktury`, `/smlouvy`, `/objednavky`): the search (`q`), filters,
 * page (`strana`) and format (`format=csv|xlsx|docx|pdf`, else HTML), parsed once. A value a
 * person can only have typed by hand (a year that is no year, a paragraf with letters, an IČO of
 * the wrong length, a date that is no date) is a Czech 400; the list query's own checks apply to
 * the rest (lib/web/list_query.ts). Also the registers' export columns.
 */
import { HttpError } from "../web/page.ts";
import { pragueStartOfDay } from "../../domain/time.ts";
import { type ListQuery, listQueryOrThrow } from "../web/list_query.ts";
import {
  EXPORT_MAX_ROWS,
  type ExportColumn,
  type ExportFormat,
  exportResponse,
  isExportFormat,
} from "./export.ts";
import { publicPage } from "./public_page.ts";
import type { PageResponse } from "../web/mod.ts";
import type { Context } from "../web/types.ts";
import { getDb } from "../db.ts";
import type { Register, RegisterView } from "../../app/spending.ts";
import type { State, Translate } from "../state.ts";
import type {
  ContractFilter,
  ContractRow,
  InvoiceFilter,
  InvoiceRow,
  OrderFilter,
  OrderRow,
} from "../../db/repositories/spending.ts";

export const INVOICE_PARAMS = [
  "rok",
  "druh",
  "paragraf",
  "polozka",
  "orj",
  "org",
  "ico",
  "od",
  "do",
] as const;
export type InvoiceParam = typeof INVOICE_PARAMS[number];
export const CONTRACT_PARAMS = ["rok", "ico", "od", "do"] as const;
export type ContractParam = typeof CONTRACT_PARAMS[number];

/** `druh` values: received (přijaté, KDF) and issued (vydané, KOF) invoices. */
export const INVOICE_KINDS = { prijate: "KDF", vydane: "KOF" } as const;

export interface RegisterRequest<F extends string> {
  query: ListQuery<F>;
  format: ExportFormat | "html";
}

const CHECKS: Record<string, { pattern: RegExp; problem: string }> = {
  rok: { pattern: /^(19[9][0-9]|20[0-9]{2}|2100)$/, problem: "spending.errors.year" },
  paragraf: { pattern: /^[0-9]{1,4}$/, problem: "spending.errors.paragraf" },
  polozka: { pattern: /^[0-9]{1,4}$/, problem: "spending.errors.polozka" },
  ico: { pattern: /^[0-9]{8}$/, problem: "spending.errors.ico" },
  orj: { pattern: /^[0-9A-Za-z._-]{1,20}$/, problem: "spending.errors.code" },
  org: { pattern: /^[0-9A-Za-z._-]{1,20}$/, problem: "spending.errors.code" },
  druh: { pattern: /^(prijate|vydane)$/, problem: "spending.errors.kind" },
};

/** The register's URL parsed, or an `HttpError(400)` with a Czech message key. */
export function registerRequest<F extends string>(
  url: URL,
  params: readonly F[],
): RegisterRequest<F> {
  const rawFormat = (url.searchParams.get("format") ?? "").trim();
  let format: ExportFormat | "html" = "html";
  if (isExportFormat(rawFormat)) format = rawFormat;
  else if (rawFormat !== "" && rawFormat !== "html") {
    throw new HttpError(400, "spending.errors.format");
  }
  const withoutFormat = new URL(url);
  withoutFormat.searchParams.delete("format");
  const spec = Object.fromEntries(
    params.map((p) => [p, p === "od" || p === "do" ? "date" : "text"]),
  ) as Record<F, "date" | "text">;
  const query = listQueryOrThrow(withoutFormat, spec);
  for (const [name, value] of Object.entries(query.filters) as [string, string][]) {
    const check = CHECKS[name];
    if (check && !check.pattern.test(value)) throw new HttpError(400, check.problem);
  }
  const f = query.filters as Record<string, string | undefined>;
  if (f.od && f.do && f.od > f.do) throw new HttpError(400, "spending.errors.dateRange");
  return { query, format };
}

export function invoiceFilter(query: ListQuery<InvoiceParam>): InvoiceFilter {
  const f = query.filters;
  return {
    search: query.q || undefined,
    year: f.rok ? Number(f.rok) : undefined,
    kind: f.druh ? INVOICE_KINDS[f.druh as keyof typeof INVOICE_KINDS] : undefined,
    paragraf: f.paragraf,
    polozka: f.polozka,
    orj: f.orj,
    org: f.org,
    ico: f.ico,
    from: f.od,
    to: f.do,
  };
}

export function contractFilter(query: ListQuery<ContractParam>): ContractFilter | OrderFilter {
  const f = query.filters;
  return {
    search: query.q || undefined,
    year: f.rok ? Number(f.rok) : undefined,
    ico: f.ico,
    from: f.od,
    to: f.do,
  };
}

const crowns = (halere: number | null) => halere === null ? null : halere / 100;
/** A calendar date as the export's date cell (a Prague midnight: a date without time). */
const pragueDay = (iso: string | null) => iso === null ? null : pragueStartOfDay(iso);

/** The name a register shows for a supplier: theirs with an IČO, else "fyzická osoba". */
export function supplierLabel(ico: string | null, name: string | null, t: Translate): string {
  return ico === null ? t("spending.naturalPerson") : name ?? ico;
}

export function invoiceExport(t: Translate): ExportColumn<InvoiceRow>[] {
  return [
    { header: t("spending.invoice.bookedOn"), value: (r) => pragueDay(r.booked_on) },
    { header: t("spending.invoice.kind"), value: (r) => t(`spending.invoice.kinds.${r.kind}`) },
    { header: t("spending.invoice.document"), value: (r) => r.document },
    {
      header: t("spending.supplier"),
      value: (r) => supplierLabel(r.supplier_ico, r.supplier_name, t),
    },
    { header: t("spending.ico"), value: (r) => r.supplier_ico },
    { header: t("spending.invoice.description"), value: (r) => r.description },
    { header: t("spending.paragraf"), value: (r) => r.paragraf },
    { header: t("spending.polozka"), value: (r) => r.polozka },
    { header: t("spending.amountCzk"), value: (r) => crowns(r.amount_halere), money: true },
  ];
}

export function contractExport(t: Translate): ExportColumn<ContractRow>[] {
  return [
    { header: t("spending.contract.concludedOn"), value: (r) => pragueDay(r.concluded_on) },
    { header: t("spending.contract.subject"), value: (r) => r.subject },
    { header: t("spending.contract.number"), value: (r) => r.number },
    {
      header: t("spending.counterparty"),
      value: (r) => supplierLabel(r.counterparty_ico, r.counterparty_name, t),
    },
    { header: t("spending.ico"), value: (r) => r.counterparty_ico },
    {
      header: t("spending.contract.withoutVat"),
      value: (r) => crowns(r.value_without_vat_halere),
      money: true,
    },
    {
      header: t("spending.contract.withVat"),
      value: (r) => crowns(r.value_with_vat_halere),
      money: true,
    },
  ];
}

export function orderExport(t: Translate): ExportColumn<OrderRow>[] {
  return [
    { header: t("spending.order.orderedOn"), value: (r) => pragueDay(r.ordered_on) },
    { header: t("spending.order.number"), value: (r) => r.number },
    { header: t("spending.order.subject"), value: (r) => r.subject },
    {
      header: t("spending.supplier"),
      value: (r) => supplierLabel(r.supplier_ico, r.supplier_name, t),
    },
    { header: t("spending.ico"), value: (r) => r.supplier_ico },
    { header: t("spending.amountCzk"), value: (r) => crowns(r.amount_halere), money: true },
  ];
}

/** The export's line under its title: what was searched and filtered, as in the URL. */
export function filterSummary(query: ListQuery, t: Translate): string {
  const parts = [
    ...(query.q ? [`„${query.q}“`] : []),
    ...Object.entries(query.filters as Record<string, string | undefined>)
      .filter(([, v]) => v).map(([k, v]) => `${k} ${v}`),
  ];
  return t("spending.exportTitleFilter", {
    filter: parts.length ? parts.join(", ") : t("spending.exportAll"),
  });
}

/** Open data answers: JSON, cacheable like the notice board's JSON-LD, readable from any site. */
export function openDataResponse(body: unknown, contentType = "application/json"): Response {
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": `${contentType}; charset=utf-8`,
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A year in an open data URL (`/opendata/faktury/2026.json`), or a Czech 400. */
export function openDataYear(text: string): number {
  if (!/^(199[0-9]|20[0-9]{2}|2100)$/.test(text)) throw new HttpError(400, "spending.errors.year");
  return Number(text);
}

/** What differs between the three registers' GET: their parameters, query, export and texts. */
export interface RegisterSpec<F extends string, Filter, R> {
  params: readonly F[];
  filter: (query: ListQuery<F>) => Filter;
  load: (
    deps: { db: ReturnType<typeof getDb> },
    tenantId: string,
    filter: Filter,
    view: RegisterView,
  ) => Promise<Register<R>>;
  /** The export's file name (an ASCII constant) and its columns. */
  fileBase: string;
  columns: (t: Translate) => ExportColumn<R>[];
  /** `spending.<texts>.title` and `.sheetName`. */
  texts: "invoice" | "contract" | "order";
}

/**
 * A register's GET (`/faktury`, `/smlouvy`, `/objednavky`): the URL parsed once; an export of
 * every row the filter gives (CSV, xlsx, docx or PDF), or a page of 50 as a public, cacheable
 * page (tag `finance`, dropped by every import). One query function serves both.
 */
export async function answerRegister<F extends string, Filter, R>(
  ctx: Context<State>,
  spec: RegisterSpec<F, Filter, R>,
): Promise<Response | PageResponse<{ query: ListQuery<F>; register: Register<R> }>> {
  const { tenant, t } = ctx.state;
  const { query, format } = registerRequest(ctx.url, spec.params);
  const filter = spec.filter(query);
  const deps = { db: getDb() };
  if (format !== "html") {
    const { rows } = await spec.load(deps, tenant.id, filter, { exportMax: EXPORT_MAX_ROWS });
    return await exportResponse(format, spec.fileBase, spec.columns(t), rows, {
      sheetName: t(`spending.${spec.texts}.sheetName`),
      subtitle: filterSummary(query, t),
      title: `${t(`spending.${spec.texts}.title`)} – ${tenant.officialName}`,
    });
  }
  const register = await spec.load(deps, tenant.id, filter, {
    page: query.page,
    pageSize: query.pageSize,
  });
  return publicPage(ctx, { query, register }, { tags: ["finance"] });
}
