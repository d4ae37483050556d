/**
 * A clerk list's URL, parsed once: the search text (`q`), the filters a list declares, the page
 * (`strana`, 1-based) and the format (`format=csv|xlsx`, else HTML). What a person can only have
 * typed by hand is a problem (a page that is no number, a search longer than 200 characters, a
 * date that is no date, an unknown format): the route answers it with a Czech 400
 * (`listQueryOrThrow`). A select filter's unknown value or a malformed id is dropped instead, as
 * a stale bookmark would carry one: the list then shows everything for that filter.
 *
 * Problems are message keys (`lists.errors.*`, locales/*.json): translate them with `t`, or
 * throw one as `HttpError(400, key)`, which the error page translates.
 *
 * `listHref` makes the links of the same list (state counts, pager, export) from the parsed query.
 */
import { HttpError } from "./page.ts";

export type ListFormat = "html" | "csv" | "xlsx";

export interface ListFilterSpec {
  /** allowed values of a select filter, or a kind of free filter */
  [name: string]: readonly string[] | "date" | "text" | "uuid";
}

export interface ListQuery<F extends string = string> {
  /** Search text, NFC, trimmed, at most `MAX_SEARCH_LENGTH` characters; "" = none. */
  q: string;
  /** Only valid values survive. Dates as `YYYY-MM-DD`. */
  filters: Partial<Record<F, string>>;
  /** `strana`, 1-based. */
  page: number;
  pageSize: number;
  format: ListFormat;
}

export type ListQueryResult<F extends string> =
  | { ok: true; query: ListQuery<F> }
  | { ok: false; problems: string[] };

export const MAX_SEARCH_LENGTH = 200;
/** A text filter's longest value. */
export const MAX_TEXT_FILTER_LENGTH = 200;
/** The highest page number accepted (a list of 50 a page would hold 5 million rows). */
export const MAX_PAGE = 100_000;
export const DEFAULT_PAGE_SIZE = 50;

/** The parameters every list reads besides its filters. */
export const SEARCH_PARAM = "q";
export const PAGE_PARAM = "strana";
export const FORMAT_PARAM = "format";

export const LIST_PROBLEMS = {
  page: "lists.errors.page",
  searchTooLong: "lists.errors.searchTooLong",
  textTooLong: "lists.errors.textTooLong",
  date: "lists.errors.date",
  format: "lists.errors.format",
  characters: "lists.errors.characters",
  exportTooLarge: "lists.errors.exportTooLarge",
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]/;

/**
 * A calendar date as `YYYY-MM-DD`, from `2026-12-02` (what `<input type="date">` sends) or the
 * Czech `2. 12. 2026` / `2.12.2026`; `null` when it is no real date (31 February) or out of the
 * years 1900–2999.
 */
export function parseListDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const cz = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})$/.exec(text);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : cz
    ? [Number(cz[3]), Number(cz[2]), Number(cz[1])]
    : [NaN, NaN, NaN];
  if (!Number.isInteger(y) || y < 1900 || y > 2999) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${
    String(d).padStart(2, "0")
  }`;
}

/** Parses a list's URL against its filters; see the file's comment. */
export function parseListQuery<F extends string>(
  url: URL,
  spec: Record<F, ListFilterSpec[string]>,
  opts: { pageSize?: number } = {},
): ListQueryResult<F> {
  const params = url.searchParams;
  const problems = new Set<string>();
  const text = (name: string): string => {
    const raw = params.get(name) ?? "";
    if (CONTROL.test(raw)) {
      problems.add(LIST_PROBLEMS.characters);
      return "";
    }
    return raw.normalize("NFC").replace(/\s+/gu, " ").trim();
  };

  const q = text(SEARCH_PARAM);
  if ([...q].length > MAX_SEARCH_LENGTH) problems.add(LIST_PROBLEMS.searchTooLong);

  let page = 1;
  const rawPage = (params.get(PAGE_PARAM) ?? "").trim();
  if (rawPage !== "") {
    if (!/^\d{1,6}$/.test(rawPage) || Number(rawPage) < 1 || Number(rawPage) > MAX_PAGE) {
      problems.add(LIST_PROBLEMS.page);
    } else page = Number(rawPage);
  }

  let format: ListFormat = "html";
  const rawFormat = (params.get(FORMAT_PARAM) ?? "").trim();
  if (rawFormat === "csv" || rawFormat === "xlsx") format = rawFormat;
  else if (rawFormat !== "" && rawFormat !== "html") problems.add(LIST_PROBLEMS.format);

  const filters: Partial<Record<F, string>> = {};
  for (const name of Object.keys(spec) as F[]) {
    const kind = spec[name];
    const value = text(name);
    if (value === "") continue;
    if (Array.isArray(kind)) {
      if (kind.includes(value)) filters[name] = value;
    } else if (kind === "uuid") {
      if (UUID.test(value)) filters[name] = value.toLowerCase();
    } else if (kind === "date") {
      const date = parseListDate(value);
      if (date) filters[name] = date;
      else problems.add(LIST_PROBLEMS.date);
    } else if (kind === "text") {
      if ([...value].length > MAX_TEXT_FILTER_LENGTH) problems.add(LIST_PROBLEMS.textTooLong);
      else filters[name] = value;
    }
  }

  if (problems.size > 0) return { ok: false, problems: [...problems] };
  return {
    ok: true,
    query: {
      q,
      filters,
      page,
      pageSize: opts.pageSize ?? DEFAULT_PAGE_SIZE,
      format,
    },
  };
}

/** `parseListQuery`, or an `HttpError(400)` with its first problem (the Czech error page). */
export function listQueryOrThrow<F extends string>(
  url: URL,
  spec: Record<F, ListFilterSpec[string]>,
  opts: { pageSize?: number } = {},
): ListQuery<F> {
  const parsed = parseListQuery(url, spec, opts);
  if (!parsed.ok) throw new HttpError(400, parsed.problems[0]);
  return parsed.query;
}

/**
 * The same list with some parameters changed (`null` removes one): the search, the filters and
 * the page as parsed, never the format unless `change` sets it. The page is kept only when
 * `change` names `strana` (a changed filter starts at page 1), and page 1 is left out.
 * `listHref("/urad/uredni-deska", query, { stav: "published" })`.
 */
export function listHref(
  path: string,
  query: ListQuery,
  change: Record<string, string | null>,
): string {
  const params = new URLSearchParams();
  if (query.q) params.set(SEARCH_PARAM, query.q);
  for (const [name, value] of Object.entries(query.filters)) {
    if (typeof value === "string" && value !== "") params.set(name, value);
  }
  for (const [name, value] of Object.entries(change)) {
    if (value === null || value === "") params.delete(name);
    else params.set(name, value);
  }
  if (params.get(PAGE_PARAM) === "1") params.delete(PAGE_PARAM);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** How many pages `total` rows make (at least one). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * The most rows an export holds: beyond it the export is refused with a Czech 4xx
 * (`lists.errors.exportTooLarge`) asking for a narrower filter.
 */
export const MAX_EXPORT_ROWS = 10_000;
