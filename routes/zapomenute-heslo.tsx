/**
 * Forgotten password: a one-time link by e-mail. The answer is the same whether or not the
 * account exists, so the form cannot be used to find out who is registered.
 */
import { define } from "../lib/define.ts";
import { limits } from "../lib/identity/limits.ts";
import { enforce, enforceIp } from "../lib/http/ratelimit.ts";
import { page } from "../lib/web/mod.ts";
import { getDb } from "../lib/db.ts";
import { findPersonByLogin, listContacts } from "../db/repositories/persons.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { sendEmailCode } from "../lib/identity/codes.ts";
import { normalizeEmail } from "../domain/identity.ts";
import { cleanText, type FieldError } from "../domain/validation.ts";
import { CsrfField, ErrorSummary, SubmitButton, TextField } from "../components/form/mod.ts";
import { Notice } from "../components/layout/Notice.tsx";
import { PageTitle } from "../components/layout/DocumentTitle.tsx";

export const handler = define.handlers({
  GET() {
    return page({ identifier: "", errors: [] as FieldError[], sent: false });
  },
  async POST(ctx) {
    const identifier = cleanText((await ctx.formData()).get("identifier")).slice(0, 254);
    if (!identifier) {
      return page({
        identifier,
        errors: [{ field: "identifier", code: "required" }] as FieldError[],
        sent: false,
      }, {
        status: 422,
      });
    }
    const { tenant, requestId } = ctx.state;
    await enforceIp(limits.passwordResetIp, ctx);
    await enforce(limits.passwordReset, `${tenant.id}:${identifier.toLowerCase()}`, ctx);
    const db = getDb();
    const person = await findPersonByLogin(db, tenant.id, {
      username: identifier.toLowerCase(),
      email: identifier.includes("@") ? normalizeEmail(identifier) : undefined,
    });
    const email = person &&
      (await listContacts(db, tenant.id, person.id)).find((c) =>
        c.kind === "email" && c.verified_at
      );
    if (person && email) {
      await sendEmailCode(
        db,
        tenant,
        "password_reset",
        { personId: person.id },
        email.value,
        (code) => `${ctx.url.origin}/obnova-hesla?ucet=${person.id}&kod=${code}`,
        ctx.state.t,
      );
      await appendAudit(db, {
        tenantId: tenant.id,
        actorType: "anonymous",
        actorId: person.id,
        action: "auth.password_reset_requested",
        requestId,
      });
    }
    return page({ identifier: "", errors: [] as FieldError[], sent: true });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const labels = { identifier: t("reset.identifier") };
  return (
    <div class="narrow">
      <PageTitle title={t("reset.title")} state={state} />
      <h1>{t("reset.title")}</h1>
      {data.sent
        ? <Notice type="info" t={t} title={t("reset.sentTitle")}>{t("reset.sentText")}</Notice>
        : <p class="lead">{t("reset.lead")}</p>}
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      <form method="post" action="/zapomenute-heslo" novalidate>
        <CsrfField token={state.csrfToken} />
        <TextField
          name="identifier"
          label={labels.identifier}
          value={data.identifier}
          autocomplete="username"
          required
          maxLength={254}
          spellcheck={false}
          errors={data.errors}
          t={t}
        />
        <SubmitButton>{t("reset.submit")}</SubmitButton>
      </form>
    </div>
  );
});
