/**
 * What every form field shares: ids, the label with its "(povinné)" marker, the hint and the
 * error message, and the aria wiring between them. Ids follow one rule — `field-<name>`,
 * `field-<name>-hint`, `field-<name>-error` — so the error summary can link to any field.
 */
import type { ComponentChildren } from "preact";
import type { FieldError } from "../../domain/validation.ts";
import type { Translate } from "../../lib/state.ts";
import { GovCss } from "../gov/GovCss.tsx";
import { Icon } from "../gov/Icon.tsx";

export interface FieldProps {
  name: string;
  label: string;
  t: Translate;
  /** All errors of the form (or just this field's); the field shows the first one for `name`. */
  errors?: readonly FieldError<string>[];
  hint?: ComponentChildren;
  /** Shows "(povinné)" in the label and sets aria-required; the server still validates. */
  required?: boolean;
  disabled?: boolean;
  /** Overrides the default `field-<name>` id (the summary links to `#<id>`). */
  id?: string;
}

export function fieldId(name: string): string {
  return `field-${name}`;
}

export function errorFor(
  errors: readonly FieldError<string>[] | undefined,
  name: string,
): FieldError<string> | undefined {
  return errors?.find((e) => e.field === name);
}

/** A field error in the reader's language: `validation.<code>` with its params. */
export function errorMessage(t: Translate, error: FieldError<string>): string {
  return t(`validation.${error.code}`, error.params);
}

export interface FieldParts {
  id: string;
  hintId?: string;
  errorId?: string;
  error?: FieldError<string>;
  /** Attributes for the control itself. */
  aria: {
    "aria-describedby"?: string;
    "aria-invalid"?: "true";
    "aria-required"?: "true";
  };
}

export function fieldParts(props: FieldProps): FieldParts {
  const id = props.id ?? fieldId(props.name);
  const error = errorFor(props.errors, props.name);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ");
  return {
    id,
    hintId,
    errorId,
    error,
    aria: {
      "aria-describedby": describedBy || undefined,
      "aria-invalid": error ? "true" : undefined,
      "aria-required": props.required ? "true" : undefined,
    },
  };
}

/** The wrapper: label, hint, the control (children), then the error message. */
export function Field(
  { props, parts, children, labelFor = true }: {
    props: FieldProps;
    parts: FieldParts;
    children: ComponentChildren;
    /** False for controls that are not labelable by `for` (none yet; kept for groups). */
    labelFor?: boolean;
  },
) {
  const { t } = props;
  return (
    <div class="form-field gov-form-control" data-invalid={parts.error ? "true" : undefined}>
      <GovCss names={["gov-form-control", "gov-form-label", "gov-form-message"]} />
      <label
        class="gov-form-label"
        data-size="m"
        slot="top"
        for={labelFor ? parts.id : undefined}
        id={`${parts.id}-label`}
      >
        <span class="gov-form-label__label">
          {props.label}
          {props.required && (
            <>
              {" "}
              <span class="form-field__required">{t("layout.form.required")}</span>
            </>
          )}
        </span>
      </label>
      {props.hint && (
        <div
          class="gov-form-message form-field__hint"
          data-color="neutral"
          data-size="m"
          id={parts.hintId}
        >
          <span class="gov-form-message__content">{props.hint}</span>
        </div>
      )}
      {children}
      {parts.error && (
        <p
          class="gov-form-message form-field__error"
          data-color="error"
          data-size="m"
          id={parts.errorId}
        >
          <Icon name="exclamation-triangle-fill" />
          <span class="gov-form-message__content">
            <span class="u-sr-only">{t("layout.form.errorPrefix")}</span>
            {errorMessage(t, parts.error)}
          </span>
        </p>
      )}
    </div>
  );
}
