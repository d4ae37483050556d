/**
 * The clerk's list of the town's notices in every state: search (diacritics ignored: title,
 * reference number, agenda), filters (state, agenda, author, vyvěšení from–to), clickable state
 * counts, 50 a page, and the same rows as CSV or xlsx (`format=csv|xlsx`, every page, at most
 * 10 000 rows).
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { listQueryOrThrow } from "../../../lib/web/list_query.ts";
import { EXPORT_MAX_ROWS, type ExportColumn, exportResponse } from "../../../lib/http/export.ts";
import { NOTICE_STATUSES, type NoticeListParam, openNoticeList } from "../../../app/notice_list.ts";
import type { ClerkNoticeRow } from "../../../db/repositories/notice_list.ts";
import type { Translate } from "../../../lib/state.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { ClerkNoticeList } from "../../../components/notices/ClerkNoticeList.tsx";

const SPEC: Record<NoticeListParam, readonly string[] | "date" | "text" | "uuid"> = {
  stav: NOTICE_STATUSES,
  agenda: "text",
  autor: "uuid",
  od: "date",
  do: "date",
};

function exportColumns(t: Translate): ExportColumn<ClerkNoticeRow>[] {
  return [
    { header: t("noticeList.column.title"), value: (n) => n.title },
    { header: t("noticeList.column.referenceNumber"), value: (n) => n.reference_number },
    { header: t("noticeList.column.agenda"), value: (n) => n.agenda },
    { header: t("noticeList.column.author"), value: (n) => n.author_name },
    { header: t("noticeList.column.postedFrom"), value: (n) => n.posted_from },
    { header: t("noticeList.column.relevantUntil"), value: (n) => n.relevant_until },
    { header: t("noticeList.column.status"), value: (n) => t(`noticeBoard.status.${n.status}`) },
  ];
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "notices");
    const { tenant, t } = ctx.state;
    const query = listQueryOrThrow(ctx.url, SPEC);
    const list = await openNoticeList({ db: getDb() }, tenant.id, query, {
      exportMax: EXPORT_MAX_ROWS,
    });
    if (query.format !== "html") {
      return await exportResponse(query.format, "uredni-deska", exportColumns(t), list.rows, {
        sheetName: t("noticeList.sheetName"),
      });
    }
    return page({ list, query });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div>
      <PageTitle title={t("noticeList.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("noticeList.title")}</h1>
      <p>
        <a
          class="gov-button gov-button--primary"
          data-color="primary"
          data-type="solid"
          href="/urad/uredni-deska/novy"
        >
          {t("office.newNotice")}
        </a>
      </p>
      <ClerkNoticeList list={data.list} query={data.query} state={state} />
    </div>
  );
});
