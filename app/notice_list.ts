/**
 * The clerk's notice list (`/urad/uredni-deska`): the parsed list query turned into one filter
 * that serves the page (one page of rows, the state counts) and the export (every row, up to
 * the export's limit) alike, so both hold the same rows.
 */
import type { Kysely } from "kysely";
import type { Database, NoticeStatus } from "../db/schema.ts";
import {
  type ClerkNoticeFilter,
  type ClerkNoticeRow,
  countClerkNotices,
  listClerkNotices,
  noticeAuthors,
} from "../db/repositories/notice_list.ts";
import { listNoticeAgendas } from "../db/repositories/notice_agendas.ts";
import type { NoticeAgenda } from "../domain/notice_agendas.ts";
import { sortCs } from "../domain/search.ts";
import type { ListQuery } from "../lib/web/list_query.ts";

export const NOTICE_STATUSES: readonly NoticeStatus[] = [
  "scheduled",
  "published",
  "expired",
  "withdrawn",
];

/** The list's URL parameters besides `q`, `strana` and `format`. */
export type NoticeListParam = "stav" | "agenda" | "autor" | "od" | "do";

export interface NoticeListChoices {
  agendas: NoticeAgenda[];
  authors: { id: string; name: string }[];
}

/** What the filters may choose from: every agenda of the town (retired too) and the authors. */
export async function noticeListChoices(
  deps: { db: Kysely<Database> },
  tenantId: string,
): Promise<NoticeListChoices> {
  const [agendas, authors] = await Promise.all([
    listNoticeAgendas(deps.db, tenantId),
    noticeAuthors(deps.db, tenantId),
  ]);
  return { agendas, authors: sortCs(authors, (a) => a.name) };
}

/** The repository's filter from the list's parsed parameters (agenda code → its name). */
export function noticeFilter(
  q: string,
  filters: Partial<Record<NoticeListParam, string>>,
  choices: NoticeListChoices,
): ClerkNoticeFilter {
  return {
    search: q,
    status: filters.stav as NoticeStatus | undefined,
    agenda: choices.agendas.find((a) => a.code === filters.agenda)?.name,
    author: filters.autor,
    postedFrom: filters.od,
    postedTo: filters.do,
  };
}

export interface NoticeListResult {
  choices: NoticeListChoices;
  /** One page (HTML), or every matching row up to `exportMax + 1` (an export). */
  rows: ClerkNoticeRow[];
  /** Per status, the status filter left out; only for HTML. */
  counts: Record<NoticeStatus, number> | null;
  /** How many rows the filter (with its status) matches; only for HTML. */
  total: number;
  /** How many match across every status; only for HTML. */
  all: number;
}

/**
 * The list for a parsed query: the filters' choices, then one page with the state counts, or,
 * for `format=csv|xlsx`, every matching row (`exportMax + 1` at most, so the caller can refuse a
 * too large export). An agenda code not in the town's list is ignored.
 */
export async function openNoticeList(
  deps: { db: Kysely<Database> },
  tenantId: string,
  query: ListQuery<NoticeListParam>,
  opts: { exportMax: number },
): Promise<NoticeListResult> {
  const choices = await noticeListChoices(deps, tenantId);
  const filter = noticeFilter(query.q, query.filters, choices);
  if (query.format !== "html") {
    const rows = await listClerkNotices(deps.db, tenantId, filter, { limit: opts.exportMax + 1 });
    return { choices, rows, counts: null, total: rows.length, all: rows.length };
  }
  const [rows, counts] = await Promise.all([
    listClerkNotices(deps.db, tenantId, filter, { page: query.page, pageSize: query.pageSize }),
    countClerkNotices(deps.db, tenantId, filter),
  ]);
  const total = filter.status ? counts.byStatus[filter.status] : counts.total;
  return { choices, rows, counts: counts.byStatus, total, all: counts.total };
}
