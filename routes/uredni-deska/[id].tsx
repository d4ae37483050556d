import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { findNotice, listDocuments } from "../../db/repositories/notices.ts";
import { NoticeDates } from "../../components/notices/NoticeDates.tsx";
import { formatBytes, formatDateTime } from "../../lib/http/format.ts";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const db = getDb();
    const notice = await findNotice(db, ctx.state.tenant.id, ctx.params.id);
    // A notice not yet posted is not public: it does not exist for citizens.
    if (!notice || notice.status === "scheduled") throw new HttpError(404);
    const documents = await listDocuments(db, ctx.state.tenant.id, notice.id);
    return publicPage(ctx, { notice, documents }, { tags: ["notices"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { notice, documents } = data;
  const { t, locale } = state;
  const archived = notice.status !== "published";
  return (
    <article class="notice-detail">
      <PageTitle title={notice.title} state={state} />
      <Breadcrumbs
        t={t}
        items={[
          archived
            ? { label: t("noticeBoard.archiveTitle"), href: "/uredni-deska/archiv" }
            : { label: t("noticeBoard.title"), href: "/uredni-deska" },
          { label: notice.title },
        ]}
      />
      <h1>{notice.title}</h1>
      {archived && (
        <p class="notice-banner" role="note">
          {notice.status === "withdrawn"
            ? t("noticeBoard.withdrawnNote", {
              date: formatDateTime(notice.taken_down_at ?? notice.updated_at, locale),
            })
            : t("noticeBoard.expiredNote", {
              date: formatDateTime(notice.taken_down_at ?? notice.updated_at, locale),
            })}
        </p>
      )}
      {notice.description && <p class="notice-description">{notice.description}</p>}
      <dl class="notice-facts">
        {notice.reference_number && (
          <div>
            <dt>{t("noticeBoard.referenceNumber")}</dt>
            <dd>{notice.reference_number}</dd>
          </div>
        )}
        {notice.agenda && (
          <div>
            <dt>{t("noticeBoard.agenda")}</dt>
            <dd>{notice.agenda}</dd>
          </div>
        )}
      </dl>
      <NoticeDates
        postedFrom={notice.posted_from}
        relevantUntil={notice.relevant_until}
        takenDownAt={archived ? notice.taken_down_at : null}
        t={t}
        locale={locale}
      />
      <h2>{t("noticeBoard.documentsHeading")}</h2>
      {documents.length === 0
        ? <p>{t("noticeBoard.noDocuments")}</p>
        : (
          <ul class="notice-documents">
            {documents.map((d) => (
              <li>
                <a href={`/uredni-deska/${notice.id}/dokumenty/${d.id}`} download={d.file_name}>
                  {d.file_name}
                </a>{" "}
                <span class="file-meta">({formatBytes(d.size_bytes, locale)})</span>
              </li>
            ))}
          </ul>
        )}
    </article>
  );
});
