/**
 * The new-password pair every form with one shows (registration, password reset, a new clerk):
 * `password` with its hint and `passwordAgain`, both `autocomplete="new-password"`. The server
 * checks them with `readNewPassword` (domain/identity.ts).
 */
import type { Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import { PASSWORD_MAX } from "../../domain/identity.ts";
import { TextField } from "../form/mod.ts";

export function NewPasswordFields(
  { labels, hint, errors, t }: {
    labels: { password: string; passwordAgain: string };
    /** What makes a good password (the minimum length). */
    hint: string;
    errors: readonly FieldError<string>[];
    t: Translate;
  },
) {
  return (
    <>
      <TextField
        name="password"
        type="password"
        label={labels.password}
        hint={hint}
        autocomplete="new-password"
        required
        maxLength={PASSWORD_MAX}
        errors={errors}
        t={t}
      />
      <TextField
        name="passwordAgain"
        type="password"
        label={labels.passwordAgain}
        autocomplete="new-password"
        required
        maxLength={PASSWORD_MAX}
        errors={errors}
        t={t}
      />
    </>
  );
}
