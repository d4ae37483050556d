/** The form's button (gov-button). Primary is solid; secondary is outlined. */
import type { ComponentChildren } from "preact";
import { GovCss } from "../gov/GovCss.tsx";

export interface SubmitButtonProps {
  children: ComponentChildren;
  variant?: "primary" | "secondary";
  /** For forms with several actions: which one was pressed. */
  name?: string;
  value?: string;
  /** Submit another form than the enclosing one. */
  form?: string;
  /**
   * The accessible name when the visible text alone is ambiguous on the page (several "Odebrat
   * přístup" buttons): starts with the visible text (WCAG 2.5.3), then says which.
   */
  label?: string;
}

export function SubmitButton(
  { children, variant = "primary", name, value, form, label }: SubmitButtonProps,
) {
  return (
    <>
      <GovCss names={["gov-button"]} />
      <button
        type="submit"
        class="gov-button"
        data-color="primary"
        data-type={variant === "primary" ? "solid" : "outlined"}
        data-size="m"
        name={name}
        value={value}
        form={form}
        aria-label={label}
      >
        {children}
      </button>
    </>
  );
}
