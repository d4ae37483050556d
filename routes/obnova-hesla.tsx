/** Setting a new password from the e-mailed link; every session of the account ends. */
import { define } from "../lib/http/define.ts";
import { page } from "../lib/web/mod.ts";
import { isUuid } from "../db/repositories/notices.ts";
import { resetPassword } from "../app/passwords.ts";
import { defaultDeps } from "../app/deps.ts";
import { PASSWORD_MIN } from "../domain/identity.ts";
import type { FieldError } from "../domain/validation.ts";
import { CsrfField, ErrorSummary, SubmitButton } from "../components/form/mod.ts";
import { NewPasswordFields } from "../components/identity/NewPasswordFields.tsx";
import { PageTitle } from "../components/layout/DocumentTitle.tsx";

interface ResetData {
  account: string;
  code: string;
  errors: FieldError[];
}

export const handler = define.handlers({
  GET(ctx) {
    const account = ctx.url.searchParams.get("ucet") ?? "";
    const code = (ctx.url.searchParams.get("kod") ?? "").replace(/\D/g, "").slice(0, 6);
    return page<ResetData>({ account: isUuid(account) ? account : "", code, errors: [] });
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const account = String(form.get("account") ?? "");
    const code = String(form.get("code") ?? "").replace(/\D/g, "").slice(0, 6);
    const outcome = await resetPassword(defaultDeps(), ctx.state, account, code, form);
    if (outcome.ok) return ctx.redirect("/prihlaseni?heslo=zmeneno");
    return page<ResetData>({ account: outcome.account, code, errors: outcome.errors }, {
      status: 422,
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const labels = {
    password: t("reset.newPassword"),
    passwordAgain: t("registration.passwordAgain"),
  };
  return (
    <div class="narrow">
      <PageTitle title={t("reset.newTitle")} state={state} />
      <h1>{t("reset.newTitle")}</h1>
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      <form method="post" action="/obnova-hesla" novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="account" value={data.account} />
        <input type="hidden" name="code" value={data.code} />
        <NewPasswordFields
          labels={labels}
          hint={t("registration.passwordHint", { min: PASSWORD_MIN })}
          errors={data.errors}
          t={t}
        />
        <SubmitButton>{t("reset.save")}</SubmitButton>
      </form>
    </div>
  );
});
