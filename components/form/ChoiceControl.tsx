/**
 * One checkbox or radio button in the design system's own control (`gov-form-checkbox`,
 * `gov-form-radio`, html flavour): a 24 px box or circle (WCAG 2.5.8 target size; the native
 * control is 13 px) drawn over the real `<input>`, which stays in the page for keyboards, screen
 * readers and forms without JavaScript, and a label that is part of the target. Every checkbox
 * and radio button of the portal goes through here (ChoiceGroup, the forms engine, the clerk's
 * pages), so they look and behave alike.
 */
import type { ComponentChildren } from "preact";
import { GovCss } from "../gov/GovCss.tsx";

export interface ChoiceControlProps {
  type: "checkbox" | "radio";
  id: string;
  name: string;
  value: string;
  checked?: boolean;
  children: ComponentChildren;
  invalid?: boolean;
  required?: boolean;
  disabled?: boolean;
  describedBy?: string;
  /** For islands that need to find the control. */
  class?: string;
  /** Only the box shows (in a table row that names the item); the label is for screen readers. */
  hideLabel?: boolean;
  /** Associates the control with a form elsewhere in the page (`form` attribute). */
  form?: string;
}

export function ChoiceControl(props: ChoiceControlProps) {
  const base = props.type === "checkbox" ? "gov-form-checkbox" : "gov-form-radio";
  return (
    <div
      class={`${base} choice-control${props.class ? ` ${props.class}` : ""}`}
      data-size="m"
      data-invalid={props.invalid ? "true" : undefined}
      data-disabled={props.disabled ? "true" : undefined}
      data-no-label={props.hideLabel ? "true" : undefined}
    >
      <GovCss names={[base]} />
      <input
        type={props.type}
        id={props.id}
        name={props.name}
        value={props.value}
        checked={props.checked}
        disabled={props.disabled}
        form={props.form}
        aria-invalid={props.invalid ? "true" : undefined}
        aria-required={props.required ? "true" : undefined}
        aria-describedby={props.describedBy || undefined}
      />
      <span>
        {/* The tick: a CSS mask of the check-lg icon (static/app.css), not inline SVG. */}
        {props.type === "checkbox" && <span class="gov-form-checkbox__check" aria-hidden="true" />}
        <span slot="label">
          <label for={props.id} class={props.hideLabel ? "u-sr-only" : undefined}>
            {props.children}
          </label>
        </span>
      </span>
    </div>
  );
}
