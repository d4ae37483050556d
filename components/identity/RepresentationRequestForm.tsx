/**
 * The person's request to represent someone: kind, the represented party (a person's name and
 * birth date, or a company's IČO), the agendas, the expiry and the attached document. The form
 * carries a one-time key: a double submit files one request.
 */
import type { Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import { AGENDAS } from "../../domain/identity.ts";
import {
  REPRESENTATION_DOCUMENT_ACCEPT,
  REPRESENTATION_KINDS,
  REPRESENTATION_LIMITS,
  type RepresentationFormValues,
} from "../../domain/representation.ts";
import {
  CsrfField,
  ErrorSummary,
  FileField,
  IdempotencyField,
  SubmitButton,
  TextField,
} from "../form/mod.ts";
import { ChoiceGroup } from "./ChoiceGroup.tsx";

export interface RepresentationRequestFormProps {
  action: string;
  values: RepresentationFormValues;
  errors: readonly FieldError<string>[];
  idempotencyKey: string;
  csrfToken: string;
  /** A translator that knows the representation form's own codes (`withErrorMessages`). */
  t: Translate;
}

export function RepresentationRequestForm(props: RepresentationRequestFormProps) {
  const { t, values, errors } = props;
  const labels = {
    kind: t("representation.form.kind"),
    representedName: t("representation.form.name"),
    birthDate: t("representation.form.birthDate"),
    ico: t("representation.form.ico"),
    scope: t("representation.form.scope"),
    validUntil: t("representation.form.validUntil"),
    document: t("representation.form.document"),
  };
  return (
    <section aria-labelledby="request-heading">
      <h2 id="request-heading">{t("representation.form.heading")}</h2>
      <p>{t("representation.form.lead")}</p>
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form
        method="post"
        action={props.action}
        enctype="multipart/form-data"
        class="form"
        novalidate
      >
        <CsrfField token={props.csrfToken} />
        <IdempotencyField value={props.idempotencyKey} />
        <ChoiceGroup
          type="radio"
          name="kind"
          legend={labels.kind}
          options={REPRESENTATION_KINDS.map((k) => ({
            value: k,
            label: t(`representation.kindOption.${k}`),
          }))}
          selected={[values.kind]}
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="representedName"
          label={labels.representedName}
          hint={t("representation.form.nameHint")}
          value={values.representedName}
          required
          maxLength={REPRESENTATION_LIMITS.name}
          errors={errors}
          t={t}
        />
        <TextField
          name="birthDate"
          type="date"
          label={labels.birthDate}
          hint={t("representation.form.birthDateHint")}
          value={values.birthDate}
          width="m"
          errors={errors}
          t={t}
        />
        <TextField
          name="ico"
          label={labels.ico}
          hint={t("representation.form.icoHint")}
          value={values.ico}
          inputMode="numeric"
          maxLength={12}
          width="s"
          errors={errors}
          t={t}
        />
        <ChoiceGroup
          type="checkbox"
          name="scope"
          legend={labels.scope}
          hint={t("representation.form.scopeHint")}
          options={AGENDAS.map((a) => ({ value: a, label: t(`agenda.${a}`) }))}
          selected={values.scope}
          required
          errors={errors}
          t={t}
        />
        <TextField
          name="validUntil"
          type="date"
          label={labels.validUntil}
          hint={t("representation.form.validUntilHint")}
          value={values.validUntil}
          width="m"
          errors={errors}
          t={t}
        />
        <FileField
          name="document"
          label={labels.document}
          hint={t("representation.form.documentHint", {
            size: REPRESENTATION_LIMITS.maxDocumentBytes / 1024 / 1024,
          })}
          accept={REPRESENTATION_DOCUMENT_ACCEPT}
          required
          errors={errors}
          t={t}
        />
        <SubmitButton>{t("representation.form.submit")}</SubmitButton>
      </form>
    </section>
  );
}
