/**
 * Forgotten password: a one-time link by e-mail. The answer is the same, and as quick, whether
 * or not the account exists (the request is only queued; a workflow sends the link), so the
 * form cannot be used to find out who is registered.
 */
import { define } from "../lib/http/define.ts";
import { limits } from "../lib/http/identity/limits.ts";
import { enforce, enforceAnonymousForm, enforceIp } from "../lib/http/ratelimit.ts";
import { tenantOrigin } from "../lib/http/tenant.ts";
import { page } from "../lib/web/mod.ts";
import { requestPasswordReset } from "../app/passwords.ts";
import { defaultDeps } from "../app/deps.ts";
import { cleanText, type FieldError } from "../domain/validation.ts";
import { normalizeLoginIdentifier } from "../domain/identity.ts";
import { CsrfField, ErrorSummary, SubmitButton, TextField } from "../components/form/mod.ts";
import { Notice } from "../components/layout/Notice.tsx";
import { PageTitle } from "../components/layout/DocumentTitle.tsx";

interface ForgottenData {
  identifier: string;
  errors: FieldError[];
  sent: boolean;
}

export const handler = define.handlers({
  GET() {
    return page<ForgottenData>({ identifier: "", errors: [], sent: false });
  },
  async POST(ctx) {
    const identifier = cleanText((await ctx.formData()).get("identifier")).slice(0, 254);
    if (!identifier) {
      return page<ForgottenData>({
        identifier,
        errors: [{ field: "identifier", code: "required" }],
        sent: false,
      }, { status: 422 });
    }
    const { tenant } = ctx.state;
    await enforceIp(limits.passwordResetIp, ctx);
    await enforceAnonymousForm(ctx, "password-reset");
    // Per identifier, normalised (however it is spelled), without looking the account up: the
    // answer must take as long for an unknown identifier as for a known one.
    await enforce(
      limits.passwordReset,
      `${tenant.id}:${normalizeLoginIdentifier(identifier)}`,
      ctx,
    );
    // Only queued here; a workflow looks the account up and sends the link if there is one.
    await requestPasswordReset(
      defaultDeps(),
      ctx.state,
      identifier,
      tenantOrigin(tenant),
      ctx.state.locale,
    );
    return page<ForgottenData>({ identifier: "", errors: [], sent: true });
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
