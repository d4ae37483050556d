/**
 * The person's request to represent someone, kind first: a small GET form chooses the kind
 * (`?druh=`, no JavaScript needed), then the request form shows only that kind's fields (a
 * person's name and birth date, or a company's name and IČO), the agendas, the expiry and the
 * attached document, with a link to choose another kind. The form carries a one-time key: a
 * double submit files one request.
 */
import type { Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import { AGENDAS } from "../../domain/identity.ts";
import {
  isRepresentationKind,
  REPRESENTATION_DOCUMENT_ACCEPT,
  REPRESENTATION_KINDS,
  REPRESENTATION_LIMITS,
  type RepresentationFormValues,
  representsPerson,
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
  const kind = isRepresentationKind(values.kind) ? values.kind : null;
  if (!kind) return <KindStep {...props} />;
  const person = representsPerson(kind);
  const labels = {
    kind: t("representation.form.kind"),
    representedName: t(
      person ? "representation.form.personName" : "representation.form.companyName",
    ),
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
        <input type="hidden" name="kind" value={kind} />
        <p>
          {labels.kind}: <strong>{t(`representation.kindOption.${kind}`)}</strong>{" "}
          <a href={`${props.action}#request-heading`}>{t("representation.form.changeKind")}</a>
        </p>
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
        {person
          ? (
            <TextField
              name="birthDate"
              type="date"
              label={labels.birthDate}
              value={values.birthDate}
              width="m"
              required
              errors={errors}
              t={t}
            />
          )
          : (
            <TextField
              name="ico"
              label={labels.ico}
              hint={t("representation.form.icoHint")}
              value={values.ico}
              inputMode="numeric"
              maxLength={12}
              width="s"
              required
              errors={errors}
              t={t}
            />
          )}
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
          hint={t(
            kind === "parent"
              ? "representation.form.validUntilHintParent"
              : "representation.form.validUntilHint",
          )}
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

/** Step one: which kind of representation (a GET form: choosing files nothing). */
function KindStep(props: RepresentationRequestFormProps) {
  const { t, errors } = props;
  return (
    <section aria-labelledby="request-heading">
      <h2 id="request-heading">{t("representation.form.heading")}</h2>
      <p>{t("representation.form.lead")}</p>
      <form method="get" action={`${props.action}#request-heading`} class="form" novalidate>
        <ChoiceGroup
          type="radio"
          name="druh"
          legend={t("representation.form.kind")}
          hint={t("representation.form.kindLead")}
          options={REPRESENTATION_KINDS.map((k) => ({
            value: k,
            label: t(`representation.kindOption.${k}`),
          }))}
          selected={[]}
          required
          errors={errors.filter((e) => e.field === "kind").map((e) => ({ ...e, field: "druh" }))}
          t={t}
        />
        <SubmitButton>{t("representation.form.continue")}</SubmitButton>
      </form>
    </section>
  );
}
