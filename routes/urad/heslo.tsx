/**
 * The clerk's own new password. A clerk whose password the administrator set (a new account)
 * is led here after the password and the SMS code, and every other page of the workspace leads
 * back here until it is done (routes/urad/_middleware.ts); any clerk may change theirs here.
 */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { assertClerk } from "../../lib/http/auth.ts";
import { clerkActor } from "../../lib/http/identity/actor.ts";
import { limits } from "../../lib/http/identity/limits.ts";
import { enforce } from "../../lib/http/ratelimit.ts";
import { changeOwnClerkPassword } from "../../app/clerks.ts";
import { defaultDeps } from "../../app/deps.ts";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../domain/identity.ts";
import type { FieldError } from "../../domain/validation.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextField,
  withErrorMessages,
} from "../../components/form/mod.ts";
import { NewPasswordFields } from "../../components/identity/NewPasswordFields.tsx";
import { Notice } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

interface PasswordPage {
  required: boolean;
  done: boolean;
  errors: FieldError<string>[];
}

const MESSAGES = {
  passwordUnchanged: "clerkAccount.errors.passwordUnchanged",
  currentPasswordWrong: "clerkAccount.errors.currentPasswordWrong",
};

export const handler = define.handlers({
  GET(ctx) {
    assertClerk(ctx.state);
    return page<PasswordPage>({
      required: ctx.state.clerk.mustChangePassword === true,
      done: ctx.url.searchParams.has("zmeneno"),
      errors: [],
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state);
    // Each try checks the current password: a few per quarter of an hour, like a sign-in.
    await enforce(limits.loginAccount, `password-change:${ctx.state.clerk.clerkId}`, ctx);
    const form = await ctx.formData();
    const outcome = await changeOwnClerkPassword(defaultDeps(), clerkActor(ctx.state), form);
    if (outcome.ok) {
      return ctx.redirect(ctx.state.clerk.mustChangePassword ? "/urad" : "/urad/heslo?zmeneno=1");
    }
    return page<PasswordPage>({
      required: ctx.state.clerk.mustChangePassword === true,
      done: false,
      errors: outcome.errors,
    }, { status: 422 });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const t = withErrorMessages(state.t, MESSAGES);
  const labels = {
    currentPassword: t("clerkAccount.currentPassword"),
    password: t("clerkAccount.newPassword"),
    passwordAgain: t("clerkAccount.newPasswordAgain"),
  };
  return (
    <div class="narrow">
      <PageTitle title={t("clerkAccount.passwordTitle")} state={state} />
      {!data.required && (
        <p>
          <a href="/urad">{t("office.backToWorkspace")}</a>
        </p>
      )}
      <h1>{t("clerkAccount.passwordTitle")}</h1>
      {data.done && <Notice type="success" t={t} title={t("clerkAccount.passwordChanged")} />}
      <p class="lead">
        {t(data.required ? "clerkAccount.passwordRequiredLead" : "clerkAccount.passwordLead")}
      </p>
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      <form method="post" action="/urad/heslo" novalidate>
        <CsrfField token={state.csrfToken} />
        <TextField
          name="currentPassword"
          type="password"
          label={labels.currentPassword}
          hint={t("clerkAccount.currentPasswordHint")}
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
        <SubmitButton>{t("clerkAccount.passwordSubmit")}</SubmitButton>
      </form>
    </div>
  );
});
