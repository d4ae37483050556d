/**
 * The clerk's form for a grant call (new and edit): its title, the application window (Prague
 * time; the call opens and closes by itself then), the decision deadline, the funded period and,
 * when the programme fixes it per call, the settlement deadline.
 */
import type { FieldError } from "../../domain/validation.ts";
import { type CallFormValues, GRANT_MESSAGES, PROGRAMME_LIMITS } from "../../domain/grants.ts";
import type { Translate } from "../../lib/state.ts";
import {
  CsrfField,
  ErrorSummary,
  IdempotencyField,
  SubmitButton,
  TextField,
  withErrorMessages,
} from "../form/mod.ts";

export function callLabels(t: Translate): Record<string, string> {
  return {
    title: t("grants.callForm.title"),
    opensAt: t("grants.callForm.opensAt"),
    closesAt: t("grants.callForm.closesAt"),
    decisionDeadline: t("grants.callForm.decisionDeadline"),
    settlementDeadline: t("grants.callForm.settlementDeadline"),
    projectFrom: t("grants.callForm.projectFrom"),
    projectTo: t("grants.callForm.projectTo"),
  };
}

export function CallForm(props: {
  action: string;
  values: CallFormValues;
  errors: readonly FieldError<string>[];
  csrfToken: string;
  idempotencyKey?: string;
  /** The programme sets the settlement deadline after the project (no date per call). */
  settlementAfterProject: boolean;
  /** The call is open: its opening is history and cannot move. */
  openAlready?: boolean;
  t: Translate;
  submit: string;
}) {
  const t = withErrorMessages(props.t, GRANT_MESSAGES);
  const { values, errors } = props;
  const labels = callLabels(props.t);
  return (
    <>
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        {props.idempotencyKey && <IdempotencyField value={props.idempotencyKey} />}
        <TextField
          name="title"
          label={labels.title}
          value={values.title}
          required
          maxLength={PROGRAMME_LIMITS.title}
          errors={errors}
          t={t}
        />
        <TextField
          name="opensAt"
          type="datetime-local"
          label={labels.opensAt}
          hint={props.openAlready
            ? t("grants.callForm.opensAtLocked")
            : t("grants.callForm.datesHint")}
          value={values.opensAt}
          required
          disabled={props.openAlready}
          errors={errors}
          t={t}
        />
        {props.openAlready && <input type="hidden" name="opensAt" value={values.opensAt} />}
        <TextField
          name="closesAt"
          type="datetime-local"
          label={labels.closesAt}
          value={values.closesAt}
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="decisionDeadline"
          type="date"
          label={labels.decisionDeadline}
          value={values.decisionDeadline}
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="projectFrom"
          type="date"
          label={labels.projectFrom}
          value={values.projectFrom}
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="projectTo"
          type="date"
          label={labels.projectTo}
          value={values.projectTo}
          required
          errors={errors}
          t={t}
        />
        {!props.settlementAfterProject && (
          <TextField
            name="settlementDeadline"
            type="date"
            label={labels.settlementDeadline}
            value={values.settlementDeadline}
            required
            errors={errors}
            t={t}
          />
        )}
        <SubmitButton>{props.submit}</SubmitButton>
      </form>
    </>
  );
}
