/**
 * The budget explorer's state (`/rozpocet`), all of it in the URL so that a drill-down is a link
 * one can send: `?rok=2026&strana=vydaje&podle=paragraf&paragraf=36&polozka=5`.
 *
 * - `rok`: the newest year shown (the two years with data before it are shown beside it);
 *   default the newest year with data.
 * - `strana`: `prijmy` | `vydaje` (default) | `financovani`.
 * - `podle`: what the rows are: `paragraf` (default; skupina → oddíl → pododdíl → paragraf
 *   below the `paragraf` prefix), `polozka` (třída → … → položka below the `polozka` prefix),
 *   `orj` (departments), `org` (projects/akce), `organizace` (founded organisations).
 * - `paragraf`, `polozka`: prefixes of 1–4 digits; `orj`, `org`: the town's codes; `ico`: a
 *   founded organisation's IČO.
 * - `format`: `csv` | `xlsx` | `docx` | `pdf` (an export of the same view), else HTML.
 *
 * What a person can only have typed by hand (a year that is no year, an unknown side, a code
 * with letters, a položka of another side) is a Czech 400, as in the list kit
 * (lib/web/list_query.ts); the problems are message keys `budget.errors.*`.
 */
import { HttpError } from "../web/page.ts";

export type BudgetSide = "prijmy" | "vydaje" | "financovani";
export type BudgetDimension = "paragraf" | "polozka" | "orj" | "org" | "organizace";
export type ExplorerFormat = "html" | "csv" | "xlsx" | "docx" | "pdf";

export const SIDES: readonly BudgetSide[] = ["vydaje", "prijmy", "financovani"];
export const DIMENSIONS: readonly BudgetDimension[] = [
  "paragraf",
  "polozka",
  "orj",
  "org",
  "organizace",
];
export const EXPLORER_FORMATS: readonly ExplorerFormat[] = ["csv", "xlsx", "docx", "pdf"];

export const EXPLORER_PATH = "/rozpocet";

export interface ExplorerQuery {
  /** `rok`; null: the newest year with data. */
  year: number | null;
  side: BudgetSide;
  by: BudgetDimension;
  paragraf?: string;
  polozka?: string;
  orj?: string;
  org?: string;
  ico?: string;
  format: ExplorerFormat;
}

export const EXPLORER_PROBLEMS = {
  year: "budget.errors.year",
  side: "budget.errors.side",
  dimension: "budget.errors.dimension",
  paragraf: "budget.errors.paragraf",
  polozka: "budget.errors.polozka",
  sideMismatch: "budget.errors.sideMismatch",
  unit: "budget.errors.unit",
  ico: "budget.errors.ico",
  format: "budget.errors.format",
} as const;

const CODE = /^[0-9]{1,4}$/;
const UNIT = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]{0,19}$/u;
const ICO = /^[0-9]{8}$/;

/** The side a položka (or its prefix) belongs to: < 5 revenue, 5–7 expenditure, ≥ 8 financing. */
export function sideOfPolozka(code: string): BudgetSide {
  const first = Number(code[0]);
  return first < 5 ? "prijmy" : first < 8 ? "vydaje" : "financovani";
}

export type ExplorerQueryResult = { ok: true; query: ExplorerQuery } | {
  ok: false;
  problems: string[];
};

/** Parses the explorer's URL; see the file's comment. */
export function parseExplorerQuery(url: URL): ExplorerQueryResult {
  const params = url.searchParams;
  const problems: string[] = [];
  const get = (name: string) => (params.get(name) ?? "").trim();

  let year: number | null = null;
  const rawYear = get("rok");
  if (rawYear !== "") {
    if (!/^[0-9]{4}$/.test(rawYear) || Number(rawYear) < 1990 || Number(rawYear) > 2100) {
      problems.push(EXPLORER_PROBLEMS.year);
    } else year = Number(rawYear);
  }

  let side: BudgetSide = "vydaje";
  const rawSide = get("strana");
  if (rawSide !== "") {
    if ((SIDES as readonly string[]).includes(rawSide)) side = rawSide as BudgetSide;
    else problems.push(EXPLORER_PROBLEMS.side);
  }

  let by: BudgetDimension = "paragraf";
  const rawBy = get("podle");
  if (rawBy !== "") {
    if ((DIMENSIONS as readonly string[]).includes(rawBy)) by = rawBy as BudgetDimension;
    else problems.push(EXPLORER_PROBLEMS.dimension);
  }

  const query: ExplorerQuery = { year, side, by, format: "html" };
  const paragraf = get("paragraf");
  if (paragraf !== "") {
    if (CODE.test(paragraf)) query.paragraf = paragraf;
    else problems.push(EXPLORER_PROBLEMS.paragraf);
  }
  const polozka = get("polozka");
  if (polozka !== "") {
    if (!CODE.test(polozka)) problems.push(EXPLORER_PROBLEMS.polozka);
    else if (rawSide !== "" && sideOfPolozka(polozka) !== side) {
      problems.push(EXPLORER_PROBLEMS.sideMismatch);
    } else {
      query.polozka = polozka;
      // A položka names its side: a link without `strana` still shows the right one.
      query.side = sideOfPolozka(polozka);
    }
  }
  for (const name of ["orj", "org"] as const) {
    const value = get(name).normalize("NFC");
    if (value === "") continue;
    if (UNIT.test(value)) query[name] = value;
    else problems.push(EXPLORER_PROBLEMS.unit);
  }
  const ico = get("ico");
  if (ico !== "") {
    if (ICO.test(ico)) query.ico = ico;
    else problems.push(EXPLORER_PROBLEMS.ico);
  }
  const rawFormat = get("format");
  if (rawFormat !== "" && rawFormat !== "html") {
    if ((EXPLORER_FORMATS as readonly string[]).includes(rawFormat)) {
      query.format = rawFormat as ExplorerFormat;
    } else problems.push(EXPLORER_PROBLEMS.format);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, query };
}

/** `parseExplorerQuery`, or an `HttpError(400)` with its first problem (the Czech error page). */
export function explorerQueryOrThrow(url: URL): ExplorerQuery {
  const parsed = parseExplorerQuery(url);
  if (!parsed.ok) throw new HttpError(400, parsed.problems[0]);
  return parsed.query;
}

/**
 * What the rows of `query` really are: below a whole paragraf (4 digits) there is no deeper
 * paragraf, so its rows are položky, and the other way round. Null: both are whole, the
 * deepest level (one paragraf × položka combination).
 */
export function effectiveDimension(query: ExplorerQuery): BudgetDimension | null {
  const fullParagraf = query.paragraf?.length === 4;
  const fullPolozka = query.polozka?.length === 4;
  if (query.by === "paragraf" && fullParagraf) return fullPolozka ? null : "polozka";
  if (query.by === "polozka" && fullPolozka) return fullParagraf ? null : "paragraf";
  return query.by;
}

/** The URL of a state: parameters in a fixed order, defaults left out, never the format. */
export function explorerHref(
  query: Omit<ExplorerQuery, "format">,
  format?: ExplorerFormat,
): string {
  const params = new URLSearchParams();
  if (query.year !== null) params.set("rok", String(query.year));
  params.set("strana", query.side);
  if (query.by !== "paragraf") params.set("podle", query.by);
  if (query.paragraf) params.set("paragraf", query.paragraf);
  if (query.polozka) params.set("polozka", query.polozka);
  if (query.orj) params.set("orj", query.orj);
  if (query.org) params.set("org", query.org);
  if (query.ico) params.set("ico", query.ico);
  if (format && format !== "html") params.set("format", format);
  return `${EXPLORER_PATH}?${params}`;
}

/** The state one row's link leads to: one level deeper (or into the unit's breakdown). */
export function drillQuery(
  query: ExplorerQuery,
  by: BudgetDimension,
  code: string,
): ExplorerQuery {
  const next: ExplorerQuery = { ...query, format: "html" };
  switch (by) {
    case "paragraf":
      next.paragraf = code;
      next.by = code.length < 4 ? "paragraf" : next.polozka?.length === 4 ? "paragraf" : "polozka";
      break;
    case "polozka":
      next.polozka = code;
      next.by = code.length < 4 ? "polozka" : next.paragraf?.length === 4 ? "polozka" : "paragraf";
      break;
    case "orj":
      next.orj = code;
      next.by = "paragraf";
      break;
    case "org":
      next.org = code;
      next.by = "paragraf";
      break;
    case "organizace":
      next.ico = code;
      next.by = "paragraf";
      break;
  }
  return next;
}

/**
 * The invoices booked on a state's budget line (helper R's register), once the line is a whole
 * paragraf × položka combination: `/faktury?rok=2026&paragraf=3612&polozka=5169`.
 */
export function invoicesHref(query: ExplorerQuery, year: number): string | null {
  if (query.paragraf?.length !== 4 || query.polozka?.length !== 4) return null;
  const params = new URLSearchParams({
    rok: String(year),
    paragraf: query.paragraf,
    polozka: query.polozka,
  });
  if (query.orj) params.set("orj", query.orj);
  if (query.org) params.set("org", query.org);
  return `/faktury?${params}`;
}
