/**
 * The one field every one-time code is typed into (the SMS code of a sign-in or of pairing,
 * the registration's e-mail and phone codes): six digits, the numeric keyboard on a phone, and
 * `autocomplete="one-time-code"` so the phone offers the code from the SMS. Room for the code
 * typed with separators ("560 327"): the server drops them (domain/identity.ts normalizeCode).
 */
import type { Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import { TextField } from "../form/mod.ts";
import { CODE_INPUT_MAX } from "../../domain/identity.ts";

export function OneTimeCodeField(
  { name, label, hint, value, errors, t }: {
    name: string;
    label: string;
    /** Where the code was sent. */
    hint: string;
    /** Prefilled from the e-mailed link, if any. */
    value?: string;
    errors: readonly FieldError<string>[];
    t: Translate;
  },
) {
  return (
    <TextField
      name={name}
      label={label}
      hint={hint}
      value={value}
      autocomplete="one-time-code"
      inputMode="numeric"
      maxLength={CODE_INPUT_MAX}
      width="s"
      required
      errors={errors}
      t={t}
    />
  );
}
