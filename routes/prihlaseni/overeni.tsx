/**
 * The second step of a sign-in: the SMS code. Five wrong tries or ten minutes end the code;
 * a new one can be sent. Succeeds into a new session (a new token at every login).
 */
import { define } from "../../lib/http/define.ts";
import { afterForm, safeNext } from "../../lib/http/auth.ts";
import { limits } from "../../lib/http/identity/limits.ts";
import { enforce } from "../../lib/http/ratelimit.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { findClerkPhone } from "../../db/repositories/clerks.ts";
import { verifiedPhone } from "../../db/repositories/persons.ts";
import { clearStep, readStep } from "../../lib/http/identity/step.ts";
import { completeSignInWithCode, resendSignInCode } from "../../app/identity.ts";
import { defaultDeps } from "../../app/deps.ts";
import { setSessionCookie } from "../../lib/http/identity/session_cookie.ts";
import { cleanText, type FieldError } from "../../domain/validation.ts";
import { maskPhone } from "../../domain/identity.ts";
import { CsrfField, ErrorSummary, SubmitButton } from "../../components/form/mod.ts";
import { OneTimeCodeField } from "../../components/identity/OneTimeCodeField.tsx";
import { Notice } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import type { State } from "../../lib/state.ts";
import type { Context } from "../../lib/web/mod.ts";

interface StepData {
  phone: string;
  errors: FieldError[];
  resent: boolean;
}

async function pending(ctx: Context<State>) {
  const step = await readStep(ctx.hono, ctx.state.tenant.id, "login");
  const m = step && /^(clerk|person):([0-9a-f-]{36})$/.exec(step.sub);
  if (!step || !m) return null;
  const kind = m[1] as "clerk" | "person";
  const db = getDb();
  const phone = kind === "clerk"
    ? await findClerkPhone(db, ctx.state.tenant.id, m[2])
    : await verifiedPhone(db, ctx.state.tenant.id, m[2]);
  return phone ? { kind, id: m[2], phone, next: step.next ?? "" } : null;
}

export const handler = define.handlers({
  async GET(ctx) {
    const p = await pending(ctx);
    if (!p) return ctx.redirect("/prihlaseni");
    return page<StepData>({ phone: maskPhone(p.phone), errors: [], resent: false });
  },
  async POST(ctx) {
    const p = await pending(ctx);
    if (!p) return ctx.redirect("/prihlaseni");
    const deps = defaultDeps();
    const request = { ...ctx.state, userAgent: ctx.req.headers.get("user-agent") };
    const form = await ctx.formData();
    const account = { kind: p.kind, id: p.id };
    if (form.get("action") === "resend") {
      await enforce(limits.codeSend, `login:${p.id}`, ctx);
      await resendSignInCode(deps, request, account, p.phone);
      return page<StepData>({ phone: maskPhone(p.phone), errors: [], resent: true });
    }
    await enforce(limits.code, `login:${p.id}`, ctx);
    const code = cleanText(form.get("code")).slice(0, 20);
    const outcome = await completeSignInWithCode(deps, request, account, code);
    if (!outcome.ok) {
      return page<StepData>({ phone: maskPhone(p.phone), errors: outcome.errors, resent: false }, {
        status: 422,
      });
    }
    const session = outcome.session;
    clearStep(ctx.hono, "login");
    setSessionCookie(ctx.hono, session);
    return ctx.redirect(afterForm(safeNext(p.next, p.kind === "clerk" ? "/urad" : "/ucet")));
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const labels = { code: t("login.code") };
  return (
    <div class="narrow">
      <PageTitle title={t("login.codeTitle")} state={state} />
      <h1>{t("login.codeTitle")}</h1>
      <p class="lead">{t("login.codeLead", { phone: data.phone })}</p>
      {data.resent && <Notice type="info" t={t} title={t("login.codeResent")} />}
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      <form method="post" action="/prihlaseni/overeni" novalidate>
        <CsrfField token={state.csrfToken} />
        <OneTimeCodeField
          name="code"
          label={labels.code}
          hint={t("login.codeHint")}
          errors={data.errors}
          t={t}
        />
        <SubmitButton name="action" value="verify">{t("login.codeSubmit")}</SubmitButton>
      </form>
      <form method="post" action="/prihlaseni/overeni">
        <CsrfField token={state.csrfToken} />
        <SubmitButton variant="secondary" name="action" value="resend">
          {t("login.codeResend")}
        </SubmitButton>
      </form>
    </div>
  );
});
