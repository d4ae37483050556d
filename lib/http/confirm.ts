/**
 * The confirmation step before what cannot be undone. A destructive POST without the field
 * renders a confirmation page (`components/layout/ConfirmAction.tsx`) that carries the input in
 * hidden fields plus this field; only the POST with it acts. Plain forms, no JavaScript.
 */
export const CONFIRM_FIELD = "_confirm";
export const CONFIRM_VALUE = "ano";

/** Whether this POST is the confirmed one. */
export function isConfirmed(form: FormData): boolean {
  return form.get(CONFIRM_FIELD) === CONFIRM_VALUE;
}
