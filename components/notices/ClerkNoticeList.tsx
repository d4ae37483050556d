/**
 * The clerk's list of the town's notices: search and filters, clickable state counts, the
 * table (stacked rows below 40em), paging and the export links — all plain GET links and forms.
 */
import type { State } from "../../lib/state.ts";
import { listHref, type ListQuery } from "../../lib/web/list_query.ts";
import { plural } from "../../lib/i18n.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import type { NoticeListResult } from "../../app/notice_list.ts";
import { NOTICE_STATUSES } from "../../app/notice_list.ts";
import type { ClerkNoticeRow } from "../../db/repositories/notice_list.ts";
import { ExportLinks, ListSearch, Pagination, StateCounts } from "../lists/mod.ts";
import { DataTable } from "../layout/DataTable.tsx";

export const NOTICE_LIST_PATH = "/urad/uredni-deska";

export function ClerkNoticeList(
  { list, query, state }: { list: NoticeListResult; query: ListQuery; state: State },
) {
  const { t, locale } = state;
  const counts = list.counts!;
  const pageCount = Math.max(1, Math.ceil(list.total / query.pageSize));
  return (
    <>
      <ListSearch
        path={NOTICE_LIST_PATH}
        query={query}
        searchLabel={t("noticeList.searchLabel")}
        searchHint={t("noticeList.searchHint")}
        fields={[
          {
            kind: "select",
            name: "agenda",
            label: t("noticeList.agenda"),
            options: list.choices.agendas.map((a) => ({ value: a.code, label: a.name })),
          },
          {
            kind: "select",
            name: "autor",
            label: t("noticeList.author"),
            hint: t("noticeList.authorHint"),
            options: list.choices.authors.map((a) => ({ value: a.id, label: a.name })),
          },
          { kind: "date", name: "od", label: t("noticeList.postedFrom") },
          { kind: "date", name: "do", label: t("noticeList.postedTo") },
        ]}
        t={t}
      />
      <StateCounts
        path={NOTICE_LIST_PATH}
        query={query}
        name="stav"
        total={list.all}
        items={NOTICE_STATUSES.map((s) => ({
          value: s,
          label: t(`noticeBoard.status.${s}`),
          count: counts[s],
        }))}
        t={t}
      />
      <p role="status" class="list-count">{plural(t, locale, "noticeList.found", list.total)}</p>
      <DataTable<ClerkNoticeRow>
        caption={t("noticeList.title")}
        captionHidden
        rows={list.rows}
        rowKey={(n) => n.id}
        empty={t("noticeList.empty")}
        columns={[
          {
            header: t("noticeList.column.title"),
            rowHeader: true,
            cell: (n) => <a href={`/urad/uredni-deska/${n.id}`}>{n.title}</a>,
          },
          {
            header: t("noticeList.column.referenceNumber"),
            cell: (n) => n.reference_number ?? "—",
          },
          { header: t("noticeList.column.agenda"), cell: (n) => n.agenda ?? "—" },
          { header: t("noticeList.column.author"), cell: (n) => n.author_name ?? "—" },
          {
            header: t("noticeList.column.postedFrom"),
            cell: (n) => formatDateTime(n.posted_from, locale),
          },
          {
            header: t("noticeList.column.relevantUntil"),
            cell: (n) =>
              n.relevant_until
                ? formatDateTime(n.relevant_until, locale)
                : t("noticeBoard.untilFurtherNotice"),
          },
          {
            header: t("noticeList.column.status"),
            cell: (n) => (
              <span class={`status status--${n.status}`}>
                {t(`noticeBoard.status.${n.status}`)}
              </span>
            ),
          },
        ]}
      />
      <Pagination
        page={query.page}
        pageCount={pageCount}
        href={(p) => listHref(NOTICE_LIST_PATH, query, { strana: String(p) })}
        t={t}
      />
      {list.total > 0 && <ExportLinks path={NOTICE_LIST_PATH} query={query} t={t} />}
    </>
  );
}
