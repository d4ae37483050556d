/**
 * Turning on the SMS second factor, confirmed by a code sent to the verified phone first: the
 * settings page's button posts `action=send` here (a code goes out, rate-limited per person),
 * this page asks for the code, and the right code turns the factor on (app/account.ts). GET
 * shows the step with a button to send the code.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { limits } from "../../../lib/http/identity/limits.ts";
import { enforce } from "../../../lib/http/ratelimit.ts";
import { confirmSmsSecondFactor, startSmsSecondFactor } from "../../../app/account.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { verifiedPhone } from "../../../db/repositories/persons.ts";
import { maskPhone, normalizeCode } from "../../../domain/identity.ts";
import { cleanText, type FieldError } from "../../../domain/validation.ts";
import { CsrfField, ErrorSummary, SubmitButton } from "../../../components/form/mod.ts";
import { OneTimeCodeField } from "../../../components/identity/OneTimeCodeField.tsx";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

interface Data {
  phone: string;
  sent: boolean;
  errors: FieldError<string>[];
}

const PATH = "/ucet/nastaveni/sms-overeni";

export const handler = define.handlers({
  async GET(ctx) {
    const actor = personActor(ctx.state);
    const phone = await verifiedPhone(getDb(), actor.tenantId, actor.personId);
    if (!phone) return ctx.redirect("/ucet/nastaveni");
    return page<Data>({ phone: maskPhone(phone), sent: false, errors: [] });
  },
  async POST(ctx) {
    const actor = personActor(ctx.state);
    const form = await ctx.formData();
    const deps = defaultDeps();
    if (form.get("action") === "send") {
      await enforce(limits.codeSend, `sms-factor:${actor.personId}`, ctx);
      const started = await startSmsSecondFactor(deps, ctx.state, actor);
      if (!started.ok) return ctx.redirect("/ucet/nastaveni");
      return page<Data>({ phone: maskPhone(started.phone), sent: true, errors: [] });
    }
    await enforce(limits.code, `sms-factor:${actor.personId}`, ctx);
    const code = normalizeCode(cleanText(form.get("code"))).slice(0, 20);
    const outcome = await confirmSmsSecondFactor(deps, ctx.state, actor, code);
    if (outcome.ok) return ctx.redirect("/ucet/nastaveni?sms=zapnuto");
    if (outcome.code === "noVerifiedPhone") return ctx.redirect("/ucet/nastaveni");
    const phone = await verifiedPhone(getDb(), actor.tenantId, actor.personId);
    return page<Data>({ phone: maskPhone(phone ?? ""), sent: true, errors: outcome.errors }, {
      status: 422,
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const labels = { code: t("accountSettings.sms.code") };
  return (
    <div class="narrow">
      <PageTitle title={t("accountSettings.sms.title")} state={state} />
      <p>
        <a href="/ucet/nastaveni">{t("accountSettings.back")}</a>
      </p>
      <h1>{t("accountSettings.sms.title")}</h1>
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      {data.sent && data.errors.length === 0 && (
        <Notice type="success" t={t} title={t("accountSettings.sms.sent", { phone: data.phone })} />
      )}
      {data.sent
        ? (
          <form method="post" action={PATH} novalidate>
            <CsrfField token={state.csrfToken} />
            <input type="hidden" name="action" value="confirm" />
            <OneTimeCodeField
              name="code"
              label={labels.code}
              hint={t("accountSettings.sms.codeHint", { phone: data.phone })}
              errors={data.errors}
              t={t}
            />
            <SubmitButton>{t("accountSettings.sms.confirm")}</SubmitButton>
          </form>
        )
        : <p class="lead">{t("accountSettings.sms.lead", { phone: data.phone })}</p>}
      <form method="post" action={PATH}>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="action" value="send" />
        <SubmitButton variant={data.sent ? "secondary" : "primary"}>
          {data.sent ? t("accountSettings.sms.resend") : t("accountSettings.sms.send")}
        </SubmitButton>
      </form>
    </div>
  );
});
