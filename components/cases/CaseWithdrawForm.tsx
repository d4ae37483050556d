/**
 * "Vzít podání zpět" on the citizen's case page while the office has not decided it: an
 * optional reason, posted to `/ucet/podani/<id>/zpet-vzit`, which first shows a confirmation
 * page (the withdrawal cannot be undone). A plain form: it works without JavaScript.
 */
import type { Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import { WITHDRAW_REASON_MAX } from "../../domain/cases.ts";
import { CsrfField, ErrorSummary, SubmitButton, TextArea } from "../form/mod.ts";

export function CaseWithdrawForm(p: {
  caseId: string;
  reason: string;
  errors: readonly FieldError[];
  csrfToken: string;
  t: Translate;
}) {
  const { t } = p;
  return (
    <section aria-labelledby="withdraw-heading">
      <h2 id="withdraw-heading">{t("cases.withdraw.heading")}</h2>
      <p>{t("cases.withdraw.intro")}</p>
      <ErrorSummary errors={p.errors} t={t} labels={{ reason: t("cases.withdraw.reason") }} />
      <form method="post" action={`/ucet/podani/${p.caseId}/zpet-vzit`} novalidate>
        <CsrfField token={p.csrfToken} />
        <TextArea
          name="reason"
          label={t("cases.withdraw.reason")}
          value={p.reason}
          rows={3}
          maxLength={WITHDRAW_REASON_MAX}
          errors={p.errors}
          t={t}
        />
        <SubmitButton>{t("cases.withdraw.submit")}</SubmitButton>
      </form>
    </section>
  );
}
