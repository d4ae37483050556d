/**
 * The person's message history (/ucet/zpravy): when, by which channel and to which address,
 * what kind of message, how its delivery went, and the text (folded under the subject, or the
 * start of an SMS). A secret message (a code, a confirmation link) says its content is not
 * stored. A table that stacks at 320 px, with paging.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { HistoryEntry } from "../../app/message_history.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import { DataTable } from "../layout/DataTable.tsx";
import { Pagination } from "../layout/Pagination.tsx";

const SUMMARY_CHARS = 60;

function Content({ e, t }: { e: HistoryEntry; t: Translate }) {
  // A code's or a link's text is never kept; an older message's was cleared once sent.
  if (e.secret || e.body === null) {
    return (
      <>
        {e.subject && <p class="message-history__subject">{e.subject}</p>}
        <span class="message-history__note">
          {t(e.secret ? "messageHistory.secret" : "messageHistory.cleared")}
        </span>
      </>
    );
  }
  const start = e.body.length > SUMMARY_CHARS
    ? `${e.body.slice(0, SUMMARY_CHARS).trimEnd()}…`
    : e.body;
  return (
    <details class="message-history__text">
      <summary>
        {e.channel === "email" && e.subject ? e.subject : t("messageHistory.smsSummary", { start })}
      </summary>
      <p class="message-history__body">{e.body}</p>
    </details>
  );
}

export function MessageHistory(
  { entries, page, pageCount, href, filtered, t, locale }: {
    entries: readonly HistoryEntry[];
    page: number;
    pageCount: number;
    /** A page's URL with the same search and filters. */
    href: (page: number) => string;
    /** A search or a filter is on (the empty text says so). */
    filtered: boolean;
    t: Translate;
    locale: Locale;
  },
) {
  return (
    <>
      <DataTable
        caption={t("messageHistory.caption")}
        captionHidden
        class="message-history"
        rows={entries}
        rowKey={(e) => e.id}
        empty={t(filtered ? "messageHistory.emptyFiltered" : "messageHistory.empty")}
        columns={[
          {
            header: t("messageHistory.col.at"),
            rowHeader: true,
            cell: (e) => <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, locale)}</time>,
          },
          {
            header: t("messageHistory.col.channel"),
            cell: (e) => (
              <>
                {t(`messageHistory.channel.${e.channel}`)}
                <span class="message-history__to">
                  {t("messageHistory.to", { recipient: e.recipient })}
                </span>
              </>
            ),
          },
          { header: t("messageHistory.col.kind"), cell: (e) => t(`messageHistory.kind.${e.kind}`) },
          {
            header: t("messageHistory.col.status"),
            cell: (e) => (
              <>
                {t(`messageHistory.status.${e.status}`)}
                {e.status === "failed" && e.error && (
                  <span class="message-history__to">
                    {t("messageHistory.failedReason", { reason: e.error })}
                  </span>
                )}
              </>
            ),
          },
          { header: t("messageHistory.col.content"), cell: (e) => <Content e={e} t={t} /> },
        ]}
      />
      <Pagination page={page} pageCount={pageCount} href={href} t={t} />
    </>
  );
}
