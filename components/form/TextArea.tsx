/** A multi-line text field (gov-form-input with a textarea). */
import { GovCss } from "../gov/GovCss.tsx";
import { Field, fieldParts, type FieldProps } from "./field.tsx";

export interface TextAreaProps extends FieldProps {
  value?: string | null;
  rows?: number;
  maxLength?: number;
  autocomplete?: string;
  spellcheck?: boolean;
}

export function TextArea(props: TextAreaProps) {
  const parts = fieldParts(props);
  return (
    <Field props={props} parts={parts}>
      <GovCss names={["gov-form-input"]} />
      <div
        class="gov-form-input"
        data-size="m"
        data-hydrated="true"
        data-invalid={parts.error ? "true" : undefined}
        data-disabled={props.disabled ? "true" : undefined}
      >
        <div class="element">
          <textarea
            id={parts.id}
            name={props.name}
            rows={props.rows ?? 6}
            maxLength={props.maxLength}
            autocomplete={props.autocomplete}
            spellcheck={props.spellcheck}
            disabled={props.disabled}
            {...parts.aria}
          >
            {props.value ?? ""}
          </textarea>
        </div>
      </div>
    </Field>
  );
}
