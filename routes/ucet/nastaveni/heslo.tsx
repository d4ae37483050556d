/**
 * The citizen changes their password: the current one first, then the new one twice (the
 * password policy of registration). Other devices are signed out; a security e-mail tells the
 * person (app/account.ts). Each try checks the current password, so tries are limited like a
 * sign-in's.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { limits } from "../../../lib/http/identity/limits.ts";
import { enforce } from "../../../lib/http/ratelimit.ts";
import { changePassword } from "../../../app/account.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../../domain/identity.ts";
import type { FieldError } from "../../../domain/validation.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextField,
  withErrorMessages,
} from "../../../components/form/mod.ts";
import { NewPasswordFields } from "../../../components/identity/NewPasswordFields.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

const MESSAGES = {
  passwordUnchanged: "clerkAccount.errors.passwordUnchanged",
  currentPasswordWrong: "clerkAccount.errors.currentPasswordWrong",
};

export const handler = define.handlers({
  GET() {
    return page<{ errors: FieldError<string>[] }>({ errors: [] });
  },
  async POST(ctx) {
    const actor = personActor(ctx.state);
    await enforce(limits.loginAccount, `password-change:${actor.personId}`, ctx);
    const form = await ctx.formData();
    const outcome = await changePassword(defaultDeps(), ctx.state, actor, form);
    if (outcome.ok) return ctx.redirect("/ucet/nastaveni?heslo=zmeneno");
    return page<{ errors: FieldError<string>[] }>({ errors: outcome.errors }, { status: 422 });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const t = withErrorMessages(state.t, MESSAGES);
  const labels = {
    currentPassword: t("accountSettings.password.current"),
    password: t("accountSettings.password.new"),
    passwordAgain: t("accountSettings.password.again"),
  };
  return (
    <div class="narrow">
      <PageTitle title={t("accountSettings.password.title")} state={state} />
      <p>
        <a href="/ucet/nastaveni">{t("accountSettings.back")}</a>
      </p>
      <h1>{t("accountSettings.password.title")}</h1>
      <p class="lead">{t("accountSettings.password.lead")}</p>
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      <form method="post" action="/ucet/nastaveni/heslo" novalidate>
        <CsrfField token={state.csrfToken} />
        <TextField
          name="currentPassword"
          type="password"
          label={labels.currentPassword}
          autocomplete="current-password"
          required
          maxLength={PASSWORD_MAX}
          errors={data.errors}
          t={t}
        />
        <NewPasswordFields
          labels={labels}
          hint={t("clerkAccount.passwordHint", { min: PASSWORD_MIN })}
          errors={data.errors}
          t={t}
        />
        <SubmitButton>{t("accountSettings.password.submit")}</SubmitButton>
      </form>
    </div>
  );
});
