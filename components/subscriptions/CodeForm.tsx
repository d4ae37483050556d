/** The SMS code of a phone's subscription, posted to /odber/kod with the number. */
import { CODE_INPUT_MAX } from "../../domain/identity.ts";
import type { FieldError } from "../../domain/validation.ts";
import type { State } from "../../lib/state.ts";
import { SUBSCRIPTION_ERROR_MESSAGES } from "../../domain/subscriptions.ts";
import { formatPhone } from "../../domain/identity.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextField,
  withErrorMessages,
} from "../form/mod.ts";

export function CodeForm(
  { phone, errors, state }: { phone: string; errors: FieldError<string>[]; state: State },
) {
  const t = withErrorMessages(state.t, SUBSCRIPTION_ERROR_MESSAGES);
  const labels = { code: state.t("subscriptions.code") };
  return (
    <>
      <p class="lead">{state.t("subscriptions.codeLead", { phone: formatPhone(phone) })}</p>
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" action="/odber/kod" novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="phone" value={phone} />
        <TextField
          name="code"
          label={labels.code}
          value=""
          autocomplete="one-time-code"
          inputMode="numeric"
          width="s"
          required
          maxLength={CODE_INPUT_MAX}
          errors={errors}
          t={t}
        />
        <SubmitButton>{state.t("subscriptions.confirm")}</SubmitButton>
      </form>
      <p>
        <a href="/odber">{state.t("subscriptions.startAgain")}</a>
      </p>
    </>
  );
}
