/**
 * The office's forms on a person's page: granting an agenda after checking an ID document in
 * person (its kind and number, the birth date when not yet known, and the clerk's confirmation)
 * and revoking a live authorization with a reason.
 */
import type { Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import { AGENDAS } from "../../domain/identity.ts";
import { type GrantValues, ID_DOCUMENT_TYPES } from "../../domain/clerks.ts";
import { CsrfField, ErrorSummary, Select, SubmitButton, TextArea, TextField } from "../form/mod.ts";
import { ChoiceGroup } from "./ChoiceGroup.tsx";

export const EMPTY_GRANT: GrantValues = {
  agenda: "",
  documentType: "",
  documentNumber: "",
  birthDate: "",
  confirmed: false,
};

export function AgendaGrantForm(
  { values, errors, needBirthDate, today, csrfToken, t }: {
    values: GrantValues;
    errors: readonly FieldError<string>[];
    /** The person's birth date is not known: it is read from the document. */
    needBirthDate: boolean;
    /** Today in Europe/Prague (the birth date's upper bound). */
    today: string;
    csrfToken: string;
    /** A translator that knows the office's own codes (`withErrorMessages`). */
    t: Translate;
  },
) {
  const labels: Record<string, string> = {
    agenda: t("officePersons.grant.agenda"),
    documentType: t("officePersons.grant.documentType"),
    documentNumber: t("officePersons.grant.documentNumber"),
    birthDate: t("officePersons.field.birthDate"),
    confirmed: t("officePersons.grant.confirmLegend"),
  };
  return (
    <section aria-labelledby="grant-heading">
      <h2 id="grant-heading">{t("officePersons.grant.heading")}</h2>
      <p>{t("officePersons.grant.lead")}</p>
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="action" value="grant" />
        <Select
          name="agenda"
          label={labels.agenda}
          options={AGENDAS.map((a) => ({ value: a, label: t(`agenda.${a}`) }))}
          placeholder={t("officePersons.grant.choose")}
          value={values.agenda}
          required
          errors={errors}
          t={t}
        />
        <Select
          name="documentType"
          label={labels.documentType}
          options={ID_DOCUMENT_TYPES.map((d) => ({
            value: d,
            label: t(`officePersons.document.${d}`),
          }))}
          placeholder={t("officePersons.grant.choose")}
          value={values.documentType}
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="documentNumber"
          label={labels.documentNumber}
          hint={t("officePersons.grant.documentNumberHint")}
          value={values.documentNumber}
          required
          maxLength={30}
          autocomplete="off"
          spellcheck={false}
          width="m"
          errors={errors}
          t={t}
        />
        {needBirthDate && (
          <TextField
            name="birthDate"
            type="date"
            label={labels.birthDate}
            hint={t("officePersons.grant.birthDateHint")}
            value={values.birthDate}
            required
            max={today}
            min="1900-01-01"
            width="m"
            errors={errors}
            t={t}
          />
        )}
        {/* The clerk's confirmation that they checked the document: a one-option group. */}
        <ChoiceGroup
          type="checkbox"
          name="confirmed"
          legend={labels.confirmed}
          options={[{ value: "on", label: t("officePersons.grant.confirm") }]}
          selected={values.confirmed ? ["on"] : []}
          required
          errors={errors}
          t={t}
        />
        <SubmitButton>{t("officePersons.grant.submit")}</SubmitButton>
      </form>
    </section>
  );
}

export function AgendaRevokeForm(
  { live, values, errors, csrfToken, t }: {
    /** The person's live authorizations. */
    live: readonly { id: string; agenda: string }[];
    values: { authorization: string; reason: string };
    errors: readonly FieldError<string>[];
    csrfToken: string;
    t: Translate;
  },
) {
  const labels = {
    authorization: t("officePersons.revoke.authorization"),
    reason: t("officePersons.revoke.reason"),
  };
  return (
    <section aria-labelledby="revoke-heading">
      <h2 id="revoke-heading">{t("officePersons.revoke.heading")}</h2>
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="action" value="revoke" />
        <Select
          name="authorization"
          label={labels.authorization}
          options={live.map((a) => ({ value: a.id, label: t(`agenda.${a.agenda}`) }))}
          placeholder={t("officePersons.grant.choose")}
          value={values.authorization}
          required
          errors={errors}
          t={t}
        />
        <TextArea
          name="reason"
          label={labels.reason}
          hint={t("officePersons.revoke.reasonHint")}
          value={values.reason}
          required
          rows={3}
          maxLength={500}
          errors={errors}
          t={t}
        />
        <SubmitButton variant="secondary">{t("officePersons.revoke.submit")}</SubmitButton>
      </form>
    </section>
  );
}
