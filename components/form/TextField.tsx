/** A single-line input with its label, hint and error (gov-form-input). */
import { GovCss } from "../gov/GovCss.tsx";
import { Field, fieldParts, type FieldProps } from "./field.tsx";

export type TextFieldType =
  | "text"
  | "email"
  | "tel"
  | "date"
  | "datetime-local"
  | "search"
  | "url"
  | "password";

export interface TextFieldProps extends FieldProps {
  type?: TextFieldType;
  /** Ignored for `type="password"`: a password is never sent back to the browser. */
  value?: string | null;
  /** e.g. "email", "tel", "name", "street-address", "postal-code", "off". */
  autocomplete?: string;
  inputMode?: "text" | "numeric" | "decimal" | "tel" | "email" | "url" | "search";
  maxLength?: number;
  min?: string;
  max?: string;
  spellcheck?: boolean;
  /** Visual width hint in characters (the field still fills 100% at 320 px). */
  width?: "s" | "m" | "l";
}

export function TextField(props: TextFieldProps) {
  const parts = fieldParts(props);
  return (
    <Field props={props} parts={parts}>
      <GovCss names={["gov-form-input"]} />
      <div
        class={props.width ? `gov-form-input form-input--${props.width}` : "gov-form-input"}
        data-size="m"
        data-hydrated="true"
        data-invalid={parts.error ? "true" : undefined}
        data-disabled={props.disabled ? "true" : undefined}
      >
        <div class="element">
          <input
            id={parts.id}
            name={props.name}
            // One component for several types; preact types each type separately.
            type={(props.type ?? "text") as "text"}
            value={props.type === "password" ? "" : props.value ?? ""}
            autocomplete={props.autocomplete}
            inputMode={props.inputMode}
            maxLength={props.maxLength}
            min={props.min}
            max={props.max}
            spellcheck={props.spellcheck}
            disabled={props.disabled}
            {...parts.aria}
          />
        </div>
      </div>
    </Field>
  );
}
