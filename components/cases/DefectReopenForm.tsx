/**
 * The reporter's "the defect is still there" form on their case page: a reason, posted to
 * `/ucet/podani/<id>/znovu-otevrit`. A plain form: it works without JavaScript.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import { DEFECT_TEXT_MAX } from "../../domain/defect_reports.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import { CsrfField, ErrorSummary, SubmitButton, TextArea } from "../form/mod.ts";

export function DefectReopenForm(p: {
  caseId: string;
  /** The end of the reopen window (the intro names it), when known. */
  until?: Date;
  reason: string;
  errors: readonly FieldError[];
  csrfToken: string;
  t: Translate;
  locale: Locale;
}) {
  const { t } = p;
  return (
    <section aria-labelledby="reopen-heading">
      <h2 id="reopen-heading">{t("defectReports.reopen.heading")}</h2>
      {p.until && (
        <p>{t("defectReports.reopen.intro", { date: formatDateTime(p.until, p.locale) })}</p>
      )}
      <ErrorSummary
        errors={p.errors}
        t={t}
        labels={{ reason: t("defectReports.reopen.reason") }}
      />
      <form method="post" action={`/ucet/podani/${p.caseId}/znovu-otevrit`} novalidate>
        <CsrfField token={p.csrfToken} />
        <TextArea
          name="reason"
          label={t("defectReports.reopen.reason")}
          value={p.reason}
          required
          rows={3}
          maxLength={DEFECT_TEXT_MAX}
          errors={p.errors}
          t={t}
        />
        <SubmitButton>{t("defectReports.reopen.submit")}</SubmitButton>
      </form>
    </section>
  );
}
