/**
 * One application's proposal or decision form (issue 14): grant an amount (at least the
 * programme's minimum, at most what was asked) or refuse with a reason; for the council's
 * decision also the resolution's number and date. Several of these sit on one page, so each
 * field's id carries the application's id and the error summary links to those ids.
 */
import type { Translate } from "../../lib/state.ts";
import type { CommitteeFieldError, DecisionFormValues } from "../../domain/grant_committee.ts";
import { COMMITTEE_LIMITS, COMMITTEE_MESSAGES } from "../../domain/grant_committee.ts";
import {
  CsrfField,
  ErrorSummary,
  Select,
  SubmitButton,
  TextArea,
  TextField,
  withErrorMessages,
} from "../form/mod.ts";

export function AmountForm(props: {
  action: string;
  applicationId: string;
  heading: string;
  values: DecisionFormValues;
  errors: readonly CommitteeFieldError[];
  csrfToken: string;
  t: Translate;
  /** The council's decision: the resolution's number and date too. */
  decision?: boolean;
  submit: string;
}) {
  const t = withErrorMessages(props.t, COMMITTEE_MESSAGES);
  const { values, errors, applicationId: id } = props;
  const ids: Record<string, string> = {};
  for (const f of ["outcome", "amount", "reason", "resolution", "decidedOn"]) {
    ids[f] = `f-${id}-${f}`;
  }
  const labels = {
    outcome: t("grantCommittee.amountForm.outcome"),
    amount: t("grantCommittee.amountForm.amount"),
    reason: t("grantCommittee.amountForm.reason"),
    resolution: t("grantCommittee.amountForm.resolution"),
    decidedOn: t("grantCommittee.amountForm.decidedOn"),
  };
  const headingId = `h-${id}`;
  return (
    <section aria-labelledby={headingId} class="amount-form">
      <h3 id={headingId}>{props.heading}</h3>
      <ErrorSummary errors={errors} t={t} labels={labels} ids={ids} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="application" value={id} />
        <Select
          id={ids.outcome}
          name="outcome"
          label={labels.outcome}
          required
          value={values.outcome || "grant"}
          options={[
            { value: "grant", label: t("grantCommittee.amountForm.grant") },
            { value: "refuse", label: t("grantCommittee.amountForm.refuse") },
          ]}
          errors={errors}
          t={t}
        />
        <TextField
          id={ids.amount}
          name="amount"
          label={labels.amount}
          hint={t("grantCommittee.amountForm.amountHint")}
          inputMode="decimal"
          width="m"
          value={values.amount}
          errors={errors}
          t={t}
        />
        <TextArea
          id={ids.reason}
          name="reason"
          label={labels.reason}
          hint={t("grantCommittee.amountForm.reasonHint")}
          rows={2}
          maxLength={COMMITTEE_LIMITS.reason}
          value={values.reason}
          errors={errors}
          t={t}
        />
        {props.decision && (
          <>
            <TextField
              id={ids.resolution}
              name="resolution"
              label={labels.resolution}
              hint={t("grantCommittee.amountForm.resolutionHint")}
              required
              width="m"
              maxLength={COMMITTEE_LIMITS.resolution}
              value={values.resolution}
              errors={errors}
              t={t}
            />
            <TextField
              id={ids.decidedOn}
              name="decidedOn"
              type="date"
              label={labels.decidedOn}
              required
              value={values.decidedOn}
              errors={errors}
              t={t}
            />
          </>
        )}
        <SubmitButton>{props.submit}</SubmitButton>
      </form>
    </section>
  );
}
