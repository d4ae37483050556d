/**
 * A group of radio buttons or checkboxes in a fieldset: the legend names the question, each
 * option has its own label, and the hint and error are tied to the group. The first option
 * has the field's id (`field-<name>`), so the error summary's link lands on it.
 */
import type { FieldError } from "../../domain/validation.ts";
import type { Translate } from "../../lib/state.ts";
import { GovCss } from "../gov/GovCss.tsx";
import { Icon } from "../gov/Icon.tsx";
import { errorFor, errorMessage, fieldId } from "../form/field.tsx";
import { ChoiceControl } from "../form/ChoiceControl.tsx";

export interface ChoiceGroupProps {
  type: "radio" | "checkbox";
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  selected: readonly string[];
  t: Translate;
  errors?: readonly FieldError<string>[];
  hint?: string;
  required?: boolean;
}

export function ChoiceGroup(props: ChoiceGroupProps) {
  const { t, name } = props;
  const id = fieldId(name);
  const error = errorFor(props.errors, name);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      class="form-field gov-form-control choice-group"
      data-invalid={error ? "true" : undefined}
      aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
    >
      <GovCss names={["gov-form-control", "gov-form-label", "gov-form-message"]} />
      <legend class="gov-form-label" data-size="m">
        <span class="gov-form-label__label">
          {props.legend}
          {props.required && (
            <>
              {" "}
              <span class="form-field__required">{t("layout.form.required")}</span>
            </>
          )}
        </span>
      </legend>
      {props.hint && (
        <div
          class="gov-form-message form-field__hint"
          data-color="neutral"
          data-size="m"
          id={hintId}
        >
          <span class="gov-form-message__content">{props.hint}</span>
        </div>
      )}
      {props.options.map((o, i) => {
        const optionId = i === 0 ? id : `${id}-${o.value}`;
        return (
          <ChoiceControl
            key={o.value}
            type={props.type}
            id={optionId}
            name={name}
            value={o.value}
            checked={props.selected.includes(o.value)}
            invalid={Boolean(error)}
            // The group describes itself too; on the option it is heard even when a screen
            // reader skips fieldset descriptions.
            describedBy={errorId}
          >
            {o.label}
          </ChoiceControl>
        );
      })}
      {error && (
        <p class="gov-form-message form-field__error" data-color="error" data-size="m" id={errorId}>
          <Icon name="exclamation-triangle-fill" />
          <span class="gov-form-message__content">
            <span class="u-sr-only">{t("layout.form.errorPrefix")}</span>
            {errorMessage(t, error)}
          </span>
        </p>
      )}
    </fieldset>
  );
}
