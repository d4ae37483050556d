/**
 * The form's one-time key: the handler generates a random UUID when it shows the form, and the
 * repository's unique constraint turns a double submit into one stored row.
 */
export function IdempotencyField({ value }: { value: string }) {
  return <input type="hidden" name="_idem" value={value} />;
}
