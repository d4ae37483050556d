/**
 * The body of a notice's public page: the banner of a notice taken down, the description, the
 * reference number and agenda, the dates and the documents. The public page renders it, and so
 * does the clerk's confirmation before publishing (a preview, one heading level lower, with the
 * documents not yet downloadable).
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { NoticeStatus } from "../../domain/notice.ts";
import { formatBytes, formatDateTime } from "../../lib/http/format.ts";
import { NoticeDates } from "./NoticeDates.tsx";

export interface NoticeArticleData {
  title: string;
  description: string | null;
  reference_number: string | null;
  agenda: string | null;
  posted_from: Date;
  relevant_until: Date | null;
  status: NoticeStatus;
  taken_down_at: Date | null;
  updated_at: Date;
}

export interface NoticeArticleDocument {
  file_name: string;
  size_bytes: number;
  /** The download address; none in a preview. */
  href?: string;
}

export function NoticeArticleBody(
  { notice, documents, t, locale, preview = false, posted = true }: {
    notice: NoticeArticleData;
    documents: readonly NoticeArticleDocument[];
    t: Translate;
    locale: Locale;
    /** Inside the clerk's confirmation page: the title is an h3 there, the documents an h4. */
    preview?: boolean;
    /** false while the notice waits for its vyvěšení. */
    posted?: boolean;
  },
) {
  const archived = notice.status === "withdrawn" || notice.status === "expired";
  const DocumentsHeading = preview ? "h4" : "h2";
  return (
    <>
      {archived && (
        <p class="notice-banner" role="note">
          {t(
            notice.status === "withdrawn" ? "noticeBoard.withdrawnNote" : "noticeBoard.expiredNote",
            {
              date: formatDateTime(notice.taken_down_at ?? notice.updated_at, locale),
            },
          )}
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
        posted={posted}
        t={t}
        locale={locale}
      />
      <DocumentsHeading>{t("noticeBoard.documentsHeading")}</DocumentsHeading>
      {documents.length === 0
        ? <p>{t("noticeBoard.noDocuments")}</p>
        : (
          <ul class="notice-documents">
            {documents.map((d) => (
              <li>
                {d.href
                  ? (
                    <a href={d.href} download={d.file_name}>
                      {d.file_name}
                    </a>
                  )
                  : d.file_name}{" "}
                <span class="file-meta">({formatBytes(d.size_bytes, locale)})</span>
              </li>
            ))}
          </ul>
        )}
    </>
  );
}
