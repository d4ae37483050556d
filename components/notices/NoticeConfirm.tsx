/**
 * The notice board's confirmation pages (issue 10): before a notice is published (with a
 * preview of its public page) and before it is withdrawn early. Both are `ConfirmAction`.
 */
import type { State } from "../../lib/state.ts";
import { type NoticeFormValues, toPragueLocalInput } from "../../domain/notice.ts";
import { formatBytes, formatDateTime } from "../../lib/http/format.ts";
import { ConfirmAction } from "../layout/ConfirmAction.tsx";
import { NoticeArticleBody } from "./NoticeArticle.tsx";

export function WithdrawConfirm(
  { state, notice, reason }: {
    state: State;
    notice: { id: string; title: string; reference_number: string | null };
    reason: string;
  },
) {
  const { t } = state;
  const action = `/urad/uredni-deska/${notice.id}`;
  return (
    <ConfirmAction
      state={state}
      action={action}
      title={t("office.confirm.withdrawTitle")}
      consequence={t("office.confirm.withdrawConsequence")}
      summary={[
        { label: t("office.confirm.notice"), value: notice.title },
        ...(notice.reference_number
          ? [{ label: t("noticeBoard.referenceNumber"), value: notice.reference_number }]
          : []),
        { label: t("office.confirm.reason"), value: reason },
      ]}
      hidden={{ reason }}
      confirmLabel={t("office.confirm.withdrawConfirm")}
      backHref={action}
    />
  );
}

export interface NoticeDraftView {
  draft: {
    id: string;
    idempotency_key: string;
    title: string;
    description: string | null;
    reference_number: string | null;
    agenda: string | null;
    posted_from: Date | null;
    relevant_until: Date | null;
  };
  documents: readonly { file_name: string; size_bytes: number }[];
}

export function PublishConfirm(
  { state, view, now }: { state: State; view: NoticeDraftView; now: Date },
) {
  const { t, locale } = state;
  const { draft, documents } = view;
  return (
    <ConfirmAction
      state={state}
      action="/urad/uredni-deska/novy"
      title={t("office.confirm.publishTitle")}
      consequence={t("office.confirm.publishConsequence")}
      summary={[
        {
          label: t("office.confirm.postedFrom"),
          value: draft.posted_from
            ? formatDateTime(draft.posted_from, locale)
            : t("office.confirm.immediately"),
        },
        {
          label: t("office.confirm.relevantUntil"),
          value: draft.relevant_until
            ? formatDateTime(draft.relevant_until, locale)
            : t("noticeBoard.untilFurtherNotice"),
        },
        {
          label: t("office.confirm.documents"),
          value: documents.length
            ? documents.map((d) => `${d.file_name} (${formatBytes(d.size_bytes, locale)})`)
              .join(", ")
            : t("office.confirm.noDocuments"),
        },
      ]}
      hidden={{ _draft: draft.id, _idem: draft.idempotency_key }}
      confirmLabel={t("office.confirm.publishConfirm")}
      backHref={`/urad/uredni-deska/novy?koncept=${draft.id}`}
    >
      <section class="notice-preview" aria-labelledby="notice-preview-heading">
        <h2 id="notice-preview-heading">{t("office.confirm.previewHeading")}</h2>
        <p>{t("office.confirm.previewLead")}</p>
        <article class="notice-detail notice-preview__page">
          <h3>{draft.title}</h3>
          <NoticeArticleBody
            notice={{
              ...draft,
              posted_from: draft.posted_from ?? now,
              status: "scheduled",
              taken_down_at: null,
              updated_at: now,
            }}
            documents={documents}
            posted={false}
            t={t}
            locale={locale}
            preview
          />
        </article>
      </section>
    </ConfirmAction>
  );
}

/** The form filled in again from the clerk's draft (back from the confirmation page). */
export function draftValues(view: NoticeDraftView): NoticeFormValues {
  const { draft } = view;
  return {
    title: draft.title,
    description: draft.description ?? "",
    referenceNumber: draft.reference_number ?? "",
    agenda: draft.agenda ?? "",
    postedFrom: draft.posted_from ? toPragueLocalInput(draft.posted_from) : "",
    relevantUntil: draft.relevant_until ? toPragueLocalInput(draft.relevant_until) : "",
  };
}
