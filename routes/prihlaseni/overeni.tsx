/**
 * The second step of a sign-in: the SMS code. Five wrong tries or ten minutes end the code;
 * a new one can be sent. Succeeds into a new session (a new token at every login).
 */
import { define } from "../../lib/define.ts";
import { limits } from "../../lib/identity/limits.ts";
import { enforce } from "../../lib/http/ratelimit.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { config } from "../../lib/config.ts";
import { appendAudit } from "../../db/repositories/audit.ts";
import { checkCode } from "../../db/repositories/one_time_codes.ts";
import { findClerkPhone } from "../../db/repositories/clerks.ts";
import { verifiedPhone } from "../../db/repositories/persons.ts";
import { issueSession } from "../../lib/session.ts";
import { clearStep, readStep } from "../../lib/identity/step.ts";
import { codeError, sendSmsCode } from "../../lib/identity/codes.ts";
import { setSessionCookie } from "../../lib/identity/session_cookie.ts";
import { cleanText, type FieldError } from "../../domain/validation.ts";
import { maskPhone } from "../../domain/identity.ts";
import { CsrfField, ErrorSummary, SubmitButton, TextField } from "../../components/form/mod.ts";
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
    const { tenant, requestId } = ctx.state;
    const db = getDb();
    const form = await ctx.formData();
    const subject = p.kind === "clerk" ? { clerkId: p.id } : { personId: p.id };
    if (form.get("action") === "resend") {
      await enforce(limits.codeSend, `login:${p.id}`, ctx);
      await sendSmsCode(db, tenant, "login_sms", subject, p.phone, ctx.state.t);
      return page<StepData>({ phone: maskPhone(p.phone), errors: [], resent: true });
    }
    await enforce(limits.code, `login:${p.id}`, ctx);
    const code = cleanText(form.get("code")).slice(0, 20);
    const result = code === ""
      ? "missing"
      : await checkCode(db, config().sessionSecret, tenant.id, "login_sms", subject, code);
    if (result !== "ok") {
      await appendAudit(db, {
        tenantId: tenant.id,
        actorType: "anonymous",
        actorId: p.id,
        action: "auth.code_failed",
        requestId,
      });
      const errors: FieldError[] = [codeError("code", result)];
      return page<StepData>({ phone: maskPhone(p.phone), errors, resent: false }, { status: 422 });
    }
    const session = await issueSession(
      db,
      config().sessionSecret,
      tenant.id,
      p.kind === "clerk"
        ? { kind: "clerk", clerkId: p.id }
        : { kind: "person", personId: p.id, levelOfAssurance: "low" },
      "password+sms",
      ctx.req.headers.get("user-agent"),
    );
    await appendAudit(db, {
      tenantId: tenant.id,
      actorType: p.kind,
      actorId: p.id,
      action: "auth.login",
      requestId,
      details: { method: "password+sms" },
    });
    clearStep(ctx.hono, "login");
    setSessionCookie(ctx.hono, session);
    return ctx.redirect(p.next || (p.kind === "clerk" ? "/urad" : "/ucet"));
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
        <TextField
          name="code"
          label={labels.code}
          hint={t("login.codeHint")}
          autocomplete="one-time-code"
          inputMode="numeric"
          maxLength={6}
          width="s"
          required
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
