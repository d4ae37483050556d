/** Setting a new password from the e-mailed link; every session of the account ends. */
import { define } from "../lib/define.ts";
import { page } from "../lib/web/mod.ts";
import { getDb } from "../lib/db.ts";
import { config } from "../lib/config.ts";
import { findPerson, setPassword } from "../db/repositories/persons.ts";
import { checkCode } from "../db/repositories/one_time_codes.ts";
import { revokeAllSessions } from "../db/repositories/sessions.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { isUuid } from "../db/repositories/notices.ts";
import { PASSWORD_MIN, readNewPassword } from "../domain/identity.ts";
import { hashPassword } from "../lib/password.ts";
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
    const { tenant, requestId } = ctx.state;
    const db = getDb();
    const person = isUuid(account) ? await findPerson(db, tenant.id, account) : undefined;
    const errors: FieldError[] = [];
    const password = readNewPassword(
      errors,
      form,
      person ? [person.given_name, person.family_name] : [],
    );
    const keep = { account: person ? account : "", code };
    if (errors.length) return page<ResetData>({ ...keep, errors }, { status: 422 });
    const result = person
      ? await checkCode(db, config().sessionSecret, tenant.id, "password_reset", {
        personId: person.id,
      }, code)
      : "expired";
    if (result !== "ok") {
      return page<ResetData>({ ...keep, errors: [{ field: "password", code: "codeExpired" }] }, {
        status: 422,
      });
    }
    await setPassword(db, tenant.id, person!.id, await hashPassword(password));
    const revoked = await revokeAllSessions(db, tenant.id, { personId: person!.id });
    await appendAudit(db, {
      tenantId: tenant.id,
      actorType: "person",
      actorId: person!.id,
      action: "auth.password_reset",
      requestId,
      details: { sessionsRevoked: revoked },
    });
    return ctx.redirect("/prihlaseni?heslo=zmeneno");
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
