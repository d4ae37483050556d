/** A native select (gov-form-select), with an optional empty first option. */
import { GovCss } from "../gov/GovCss.tsx";
import { Icon } from "../gov/Icon.tsx";
import { Field, fieldParts, type FieldProps } from "./field.tsx";

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps extends FieldProps {
  options: readonly SelectOption[];
  value?: string | null;
  /** Text of an empty first option ("Vyberte…"); omit to start on the first real option. */
  placeholder?: string;
  autocomplete?: string;
}

export function Select(props: SelectProps) {
  const parts = fieldParts(props);
  const value = props.value ?? "";
  return (
    <Field props={props} parts={parts}>
      <GovCss names={["gov-form-select"]} />
      <div
        class="gov-form-select"
        data-size="m"
        data-hydrated="true"
        data-invalid={parts.error ? "true" : undefined}
        data-disabled={props.disabled ? "true" : undefined}
      >
        <div class="element">
          <select
            id={parts.id}
            name={props.name}
            autocomplete={props.autocomplete}
            disabled={props.disabled}
            {...parts.aria}
          >
            {props.placeholder !== undefined && (
              <option value="" selected={value === ""}>{props.placeholder}</option>
            )}
            {props.options.map((o) => (
              <option key={o.value} value={o.value} selected={o.value === value}>{o.label}</option>
            ))}
          </select>
          <span class="arrow-icon">
            <Icon name="chevron-down" />
          </span>
        </div>
      </div>
    </Field>
  );
}
