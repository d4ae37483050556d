/**
 * Setting a new password from the link sent by e-mail or SMS; every session of the account
 * ends. A link opened after it was used, replaced or expired says which, with a button that
 * sends a new link to the same account (through the forgotten-password form, so the answer is
 * the same whether or not the account exists).
 */
import { define } from "../lib/http/define.ts";
import { page } from "../lib/web/mod.ts";
import { isUuid } from "../db/repositories/notices.ts";
import { resetLinkStatus, resetPassword } from "../app/passwords.ts";
import type { CodeStatus } from "../db/repositories/one_time_codes.ts";
import { defaultDeps } from "../app/deps.ts";
import { PASSWORD_MIN } from "../domain/identity.ts";
import type { FieldError } from "../domain/validation.ts";
import { CsrfField, ErrorSummary, SubmitButton } from "../components/form/mod.ts";
import { NewPasswordFields } from "../components/identity/NewPasswordFields.tsx";
import { PageTitle } from "../components/layout/DocumentTitle.tsx";
import type { State } from "../lib/state.ts";

interface ResetData {
  account: string;
  code: string;
  errors: FieldError[];
  /** Why the link no longer works; null while it does. */
  dead?: Exclude<CodeStatus, "ok"> | null;
}

export const handler = define.handlers({
  async GET(ctx) {
    const raw = ctx.url.searchParams.get("ucet") ?? "";
    const account = isUuid(raw) ? raw : "";
    const code = (ctx.url.searchParams.get("kod") ?? "").replace(/\D/g, "").slice(0, 6);
    const status = await resetLinkStatus(defaultDeps(), ctx.state, account, code);
    return page<ResetData>({
      account,
      code,
      errors: [],
      dead: status === "ok" ? null : status,
    }, { status: status === "ok" ? 200 : 410 });
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
  if (data.dead) return <DeadLink why={data.dead} account={data.account} state={state} />;
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

function DeadLink(
  { why, account, state }: { why: Exclude<CodeStatus, "ok">; account: string; state: State },
) {
  const { t } = state;
  return (
    <div class="narrow">
      <PageTitle title={t(`reset.dead.${why}.title`)} state={state} />
      <h1>{t(`reset.dead.${why}.title`)}</h1>
      <p class="lead">{t(`reset.dead.${why}.text`)}</p>
      {account
        ? (
          <form method="post" action="/zapomenute-heslo">
            <CsrfField token={state.csrfToken} />
            <input type="hidden" name="identifier" value={account} />
            <p>{t("reset.dead.againHint")}</p>
            <SubmitButton>{t("reset.dead.again")}</SubmitButton>
          </form>
        )
        : (
          <p>
            <a href="/zapomenute-heslo">{t("reset.dead.again")}</a>
          </p>
        )}
      {account && (
        <p>
          <a href="/zapomenute-heslo">{t("reset.dead.other")}</a>
        </p>
      )}
    </div>
  );
}
