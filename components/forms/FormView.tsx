/**
 * A form definition rendered on the server, working with JavaScript off: every step is a
 * section with its heading (the ones not current are `hidden`, their fields still posted),
 * repeatable groups have "add"/"remove" submit buttons (`_action`), steps have "back"/"continue"
 * submit buttons (`_step`), errors show at each field and in the summary at the top. Conditional
 * fields are always rendered (without JavaScript a person cannot reveal them otherwise) and
 * marked `data-when`; the FormEnhancer island hides them live and adds inline validation, step
 * navigation without a round trip and autosave.
 */
import type { FieldError } from "../../domain/validation.ts";
import type {
  AddressField,
  AttachmentRef,
  FieldDef,
  FormDefinition,
  GroupField,
  ItemField,
  RawValue,
  RawValues,
} from "../../domain/forms/types.ts";
import { ADDRESS_PARTS, isRequired } from "../../domain/forms/engine.ts";
import type { Translate } from "../../lib/state.ts";
import { GovCss } from "../gov/GovCss.tsx";
import { Icon } from "../gov/Icon.tsx";
import { ChoiceGroup } from "../identity/ChoiceGroup.tsx";
import { ChoiceControl } from "../form/ChoiceControl.tsx";
import { CsrfField } from "../form/CsrfField.tsx";
import { ErrorSummary } from "../form/ErrorSummary.tsx";
import { errorFor, errorMessage, fieldId } from "../form/field.tsx";
import { FileField } from "../form/FileField.tsx";
import { IdempotencyField } from "../form/IdempotencyField.tsx";
import { Select } from "../form/Select.tsx";
import { SubmitButton } from "../form/SubmitButton.tsx";
import { TextArea } from "../form/TextArea.tsx";
import { TextField } from "../form/TextField.tsx";
import FormEnhancer from "../../islands/FormEnhancer.tsx";

export interface FormViewProps {
  def: FormDefinition;
  values: RawValues;
  errors: readonly FieldError<string>[];
  t: Translate;
  /** Where the form posts. */
  action: string;
  csrfToken: string;
  idempotencyKey?: string;
  /** The step shown; null shows every step (after a final submit with errors). */
  step: number | null;
  signedIn: boolean;
  /** Stored attachments the values refer to, by id (listed, kept as hidden fields). */
  attachments?: Readonly<Record<string, AttachmentRef>>;
  /** The draft endpoint; with it the island autosaves. */
  autosaveUrl?: string;
  /** False renders no island (tests, e-mail previews). */
  enhance?: boolean;
}

export function formId(def: FormDefinition): string {
  return `form-${def.slug}`;
}

/** Field path → its label as the person sees it ("Pes 2 – Jméno psa"), for the error summary. */
export function formLabels(def: FormDefinition, values: RawValues, t: Translate) {
  const labels: Record<string, string> = {};
  for (const field of def.steps.flatMap((s) => s.fields)) {
    labels[field.name] = t(field.label);
    if (field.type === "address") addressLabels(field.name, t(field.label));
    if (field.type !== "group") continue;
    const items = Array.isArray(values[field.name]) ? values[field.name] as RawValues[] : [];
    items.forEach((_, i) => {
      const item = t(field.itemLabel, { n: i + 1 });
      for (const f of field.fields) {
        labels[`${field.name}[${i}].${f.name}`] = `${item} – ${t(f.label)}`;
        if (f.type === "address") addressLabels(`${field.name}[${i}].${f.name}`, item);
      }
    });
  }
  return labels;

  function addressLabels(path: string, prefix: string) {
    for (const part of ADDRESS_PARTS) {
      labels[`${path}.${part}`] = `${prefix} – ${t(`formEngine.${part}`)}`;
    }
  }
}

export function FormView(props: FormViewProps) {
  const { def, values, errors, t, step } = props;
  const last = def.steps.length - 1;
  const id = formId(def);
  return (
    <form
      id={id}
      method="post"
      action={props.action}
      enctype="multipart/form-data"
      novalidate
      class="form-view"
    >
      <ErrorSummary errors={errors} t={t} labels={formLabels(def, values, t)} />
      <CsrfField token={props.csrfToken} />
      {props.idempotencyKey && <IdempotencyField value={props.idempotencyKey} />}
      {def.steps.map((s, i) => (
        <section
          key={s.id}
          id={`step-${s.id}`}
          class="form-step"
          data-step={i}
          aria-labelledby={`step-${s.id}-title`}
          hidden={step !== null && step !== i}
        >
          <h2 id={`step-${s.id}-title`} tabindex={-1}>
            {def.steps.length > 1 && (
              <span class="form-step__count">
                {t("formEngine.stepOf", { n: i + 1, total: def.steps.length })}
                {": "}
              </span>
            )}
            {t(s.title)}
          </h2>
          {s.intro && <p>{t(s.intro)}</p>}
          {s.fields.map((f) => <FieldView key={f.name} field={f} path={f.name} {...props} />)}
          <div class="form-step__nav">
            {step !== null && i > 0 && (
              <SubmitButton variant="secondary" name="_step" value={String(i - 1)}>
                {t("formEngine.back")}
              </SubmitButton>
            )}
            {step !== null && i < last && (
              <SubmitButton name="_step" value={String(i + 1)}>{t("formEngine.next")}</SubmitButton>
            )}
            {(step === null ? i === last : true) && i === last && (
              <SubmitButton>{t("formEngine.submit")}</SubmitButton>
            )}
          </div>
        </section>
      ))}
      {props.enhance !== false && (
        <FormEnhancer
          formId={id}
          def={def}
          signedIn={props.signedIn}
          autosaveUrl={props.autosaveUrl}
          messages={validationMessages(t)}
          texts={{
            saved: t("formEngine.draftSaved"),
            saving: t("formEngine.draftSaving"),
            failed: t("formEngine.draftFailed"),
            errorPrefix: t("layout.form.errorPrefix"),
          }}
        />
      )}
    </form>
  );
}

/** The `validation.*` message templates the island fills in the browser. */
const ISLAND_CODES = [
  "required",
  "tooLong",
  "tooShort",
  "htmlNotAllowed",
  "invalidEmail",
  "invalidPhone",
  "invalidName",
  "invalidChoice",
  "invalidDate",
  "invalidBirthNumber",
  "invalidIco",
  "invalidPostalCode",
  "invalidMicrochip",
  "invalidBankAccount",
  "invalidNumber",
  "notWholeNumber",
  "numberTooSmall",
  "numberTooLarge",
  "dateInFuture",
  "dateTooEarly",
  "dateTooLate",
  "tooFewItems",
  "tooManyItems",
  "fileUnknown",
];

function validationMessages(t: Translate): Record<string, string> {
  // Placeholders pass through untranslated: `{max}` stays for the island to fill.
  const keep = { min: "{min}", max: "{max}", types: "{types}" };
  return Object.fromEntries(ISLAND_CODES.map((code) => [code, t(`validation.${code}`, keep)]));
}

interface FieldViewProps extends FormViewProps {
  field: FieldDef;
  path: string;
  /** `group:index` of the enclosing group item, for conditions on a sibling. */
  item?: string;
}

function FieldView(props: FieldViewProps) {
  const { field, path, t, errors } = props;
  const scope = path.slice(0, path.length - field.name.length);
  const raw = valueIn(props.values, scope, field.name);
  const required = isRequired(field, props);
  const label = t(field.label);
  const hint = field.hint ? t(field.hint) : undefined;
  const common = { name: path, label, t, errors, hint, required };
  let control;
  switch (field.type) {
    case "text":
      control = (
        <TextField
          {...common}
          type={field.format === "email" ? "email" : field.format === "phone" ? "tel" : "text"}
          value={str(raw)}
          autocomplete={field.autocomplete}
          inputMode={field.format === "postalCode" || field.format === "microchip"
            ? "numeric"
            : undefined}
          maxLength={field.maxLength ? field.maxLength + 20 : undefined}
        />
      );
      break;
    case "textarea":
      control = <TextArea {...common} value={str(raw)} rows={field.rows} />;
      break;
    case "number":
      control = <TextField {...common} value={str(raw)} inputMode="decimal" width="m" />;
      break;
    case "date":
      control = <TextField {...common} type="date" value={str(raw)} width="m" />;
      break;
    case "choice": {
      const options = field.options.map((o) => ({ value: o.value, label: t(o.label) }));
      control = field.display === "radio"
        ? (
          <ChoiceGroup
            type="radio"
            name={path}
            legend={label}
            options={options}
            selected={[str(raw)]}
            t={t}
            errors={errors}
            hint={hint}
            required={required}
          />
        )
        : <Select {...common} options={options} value={str(raw)} placeholder="" />;
      break;
    }
    case "checkbox":
      control = <Checkbox {...common} checked={raw === true} />;
      break;
    case "address":
      control = <AddressView {...props} field={field} required={required} raw={raw} />;
      break;
    case "attachment": {
      const ids = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === "string") : [];
      control = (
        <>
          <FileField
            {...common}
            multiple={field.maxFiles > 1}
            accept={field.mediaTypes.join(",")}
          />
          {ids.length > 0 && (
            <div class="form-attached">
              <p>{t("formEngine.attached")}</p>
              <ul>
                {ids.map((fileId) => (
                  <li key={fileId}>
                    {props.attachments?.[fileId]?.name ?? fileId}
                    <input type="hidden" name={path} value={fileId} />
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      );
      break;
    }
    case "group":
      control = <GroupView {...props} field={field} raw={raw} />;
      break;
  }
  if (!field.when) return control;
  return (
    <div
      class="form-conditional"
      data-when={JSON.stringify(field.when)}
      data-item={props.item}
    >
      {control}
    </div>
  );
}

function Checkbox(
  props: {
    name: string;
    label: string;
    hint?: string;
    checked: boolean;
    required: boolean;
    t: Translate;
    errors: readonly FieldError<string>[];
  },
) {
  const id = fieldId(props.name);
  const error = errorFor(props.errors, props.name);
  const describedBy = [props.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return (
    <div class="form-field gov-form-control" data-invalid={error ? "true" : undefined}>
      <GovCss names={["gov-form-control", "gov-form-message"]} />
      <ChoiceControl
        type="checkbox"
        id={id}
        name={props.name}
        value="on"
        checked={props.checked}
        invalid={Boolean(error)}
        required={props.required}
        describedBy={describedBy.join(" ")}
      >
        {props.label}
      </ChoiceControl>
      {props.hint && (
        <div class="gov-form-message form-field__hint" data-color="neutral" id={`${id}-hint`}>
          <span class="gov-form-message__content">{props.hint}</span>
        </div>
      )}
      {error && <ErrorLine id={`${id}-error`} t={props.t} error={error} />}
    </div>
  );
}

function ErrorLine({ id, t, error }: { id: string; t: Translate; error: FieldError<string> }) {
  return (
    <p class="gov-form-message form-field__error" data-color="error" data-size="m" id={id}>
      <Icon name="exclamation-triangle-fill" />
      <span class="gov-form-message__content">
        <span class="u-sr-only">{t("layout.form.errorPrefix")}</span>
        {errorMessage(t, error)}
      </span>
    </p>
  );
}

function AddressView(
  props: FieldViewProps & { field: AddressField; required: boolean; raw: RawValue | undefined },
) {
  const { field, path, t } = props;
  const raw = isObject(props.raw) ? props.raw : {};
  const autocomplete: Record<string, string> = {
    street: "address-line1",
    houseNumber: "off",
    town: "address-level2",
    postalCode: "postal-code",
  };
  return (
    <fieldset class="form-group form-address" id={fieldId(path)}>
      <legend class="gov-form-label">
        <span class="gov-form-label__label">{t(field.label)}</span>
      </legend>
      {field.hint && <p class="form-field__hint">{t(field.hint)}</p>}
      {ADDRESS_PARTS.map((part) => (
        <TextField
          key={part}
          name={`${path}.${part}`}
          label={t(`formEngine.${part}`)}
          t={t}
          errors={props.errors}
          required={props.required}
          value={str(raw[part])}
          autocomplete={autocomplete[part]}
          inputMode={part === "postalCode" ? "numeric" : undefined}
          width={part === "postalCode" || part === "houseNumber" ? "s" : undefined}
        />
      ))}
    </fieldset>
  );
}

function GroupView(props: FieldViewProps & { field: GroupField; raw: RawValue | undefined }) {
  const { field, path, t } = props;
  const items = Array.isArray(props.raw) ? (props.raw as RawValues[]).filter(isObject) : [];
  const error = errorFor(props.errors, path);
  return (
    <fieldset
      class="form-group form-repeatable"
      id={fieldId(path)}
      tabindex={-1}
      aria-describedby={error ? `${fieldId(path)}-error` : undefined}
    >
      <legend class="gov-form-label">
        <span class="gov-form-label__label">{t(field.label)}</span>
      </legend>
      {field.hint && <p class="form-field__hint">{t(field.hint)}</p>}
      {items.map((_, i) => {
        const itemLabel = t(field.itemLabel, { n: i + 1 });
        return (
          <fieldset key={i} class="form-group__item" data-group-item={`${field.name}:${i}`}>
            <legend class="gov-form-label">
              <span class="gov-form-label__label">{itemLabel}</span>
            </legend>
            {field.fields.map((f: ItemField) => (
              <FieldView
                key={f.name}
                {...props}
                field={f}
                path={`${path}[${i}].${f.name}`}
                item={`${field.name}:${i}`}
              />
            ))}
            {items.length > field.min && (
              <SubmitButton variant="secondary" name="_action" value={`remove:${field.name}:${i}`}>
                {t("formEngine.removeItem", { item: itemLabel })}
              </SubmitButton>
            )}
          </fieldset>
        );
      })}
      {error && <ErrorLine id={`${fieldId(path)}-error`} t={t} error={error} />}
      {items.length < field.max && (
        <SubmitButton variant="secondary" name="_action" value={`add:${field.name}`}>
          {t(field.addLabel)}
        </SubmitButton>
      )}
    </fieldset>
  );
}

function isObject(value: unknown): value is RawValues {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The raw value of `name` in the scope `""` or `dogs[1].`. */
function valueIn(values: RawValues, scope: string, name: string): RawValue | undefined {
  if (scope === "") return Object.hasOwn(values, name) ? values[name] : undefined;
  const m = /^([a-zA-Z0-9]+)\[(\d+)\]\.$/.exec(scope);
  if (!m) return undefined;
  const items = values[m[1]];
  const item = Array.isArray(items) ? items[Number(m[2])] : undefined;
  return isObject(item) && Object.hasOwn(item, name) ? item[name] : undefined;
}
