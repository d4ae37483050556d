/** Loads the public notice board for a page request (query parsing + repository calls). */
import { getDb } from "../db.ts";
import { countNotices, listAgendas, listNotices } from "../../db/repositories/notices.ts";
import { ttlCache } from "./cache.ts";
import type { NoticeSummary } from "../../db/repositories/notices.ts";

/** What the notice board page shows. */
export interface NoticeBoardData {
  view: "current" | "archive";
  items: NoticeSummary[];
  total: number;
  page: number;
  pageCount: number;
  search: string;
  agenda: string;
  agendas: string[];
}

export const PAGE_SIZE = 20;

/**
 * The board's count without a search or an agenda, per town and view: it changes only when a
 * notice is posted, taken down or withdrawn, which drops it (tag `notices`). A page of the
 * board is then one statement without the count.
 */
const totalOf = ttlCache(60_000, (key) => {
  const [tenantId, view] = key.split(" ");
  return countNotices(getDb(), tenantId, view as "current" | "archive");
}, { tags: ["notices"], keyTenant: (key) => key.split(" ")[0] });

/** The agenda filter's choices change only when a notice is posted or taken down. */
const agendasOf = ttlCache(60_000, (tenantId) => listAgendas(getDb(), tenantId), {
  tags: ["notices"],
});

export async function loadNoticeBoard(
  tenantId: string,
  url: URL,
  view: "current" | "archive",
): Promise<NoticeBoardData> {
  const search = (url.searchParams.get("q") ?? "").normalize("NFC").trim().slice(0, 200);
  const agenda = (url.searchParams.get("agenda") ?? "").trim().slice(0, 100);
  const requested = Number.parseInt(url.searchParams.get("strana") ?? "1", 10);
  const page = Number.isFinite(requested) && requested > 0 && requested < 100_000 ? requested : 1;
  const db = getDb();
  const knownTotal = search || agenda ? undefined : await totalOf(`${tenantId} ${view}`);
  const [{ items, total }, agendas] = await Promise.all([
    listNotices(db, tenantId, { view, search, agenda, page, pageSize: PAGE_SIZE, knownTotal }),
    view === "current" ? agendasOf(tenantId) : Promise.resolve([]),
  ]);
  return {
    view,
    items,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    search,
    agenda,
    agendas,
  };
}
