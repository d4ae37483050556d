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
}

export function SubmitButton(
  { children, variant = "primary", name, value, form }: SubmitButtonProps,
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
      >
        {children}
      </button>
    </>
  );
}
