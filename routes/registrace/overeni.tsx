/** Registration, step 2: the codes sent to the e-mail and the phone. */
import { define } from "../../lib/http/define.ts";
import { limits } from "../../lib/http/identity/limits.ts";
import { enforce } from "../../lib/http/ratelimit.ts";
import { tenantOrigin } from "../../lib/http/tenant.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { clearStep, readStep } from "../../lib/http/identity/step.ts";
import { setSessionCookie } from "../../lib/http/identity/session_cookie.ts";
import {
  resendRegistrationCodes,
  type VerificationState,
  verificationState,
  verifyPendingWithoutAccount,
  verifyRegistration,
} from "../../app/identity.ts";
import { defaultDeps } from "../../app/deps.ts";
import { maskPhone } from "../../domain/identity.ts";
import { cleanText, type FieldError } from "../../domain/validation.ts";
import { CsrfField, ErrorSummary, SubmitButton } from "../../components/form/mod.ts";
import { OneTimeCodeField } from "../../components/identity/OneTimeCodeField.tsx";
import { Notice } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import type { State } from "../../lib/state.ts";
import type { Context } from "../../lib/web/mod.ts";

interface VerifyData {
  state: VerificationState;
  errors: FieldError[];
  emailCode: string;
  resent: boolean;
}

type Pending =
  | { kind: "person"; personId: string }
  /** A registration that made no account (an address was taken): what was typed. */
  | { kind: "none"; id: string; email: string; phone: string };

async function pendingRegistration(ctx: Context<State>): Promise<Pending | null> {
  const step = await readStep(ctx.hono, ctx.state.tenant.id, "registration");
  if (!step) return null;
  const person = /^person:([0-9a-f-]{36})$/.exec(step.sub);
  if (person) return { kind: "person", personId: person[1] };
  const none = /^pending:([0-9a-f-]{36})$/.exec(step.sub);
  if (none && typeof step.email === "string" && typeof step.phone === "string") {
    return { kind: "none", id: none[1], email: step.email, phone: step.phone };
  }
  return null;
}

/** The step's contacts as the page shows them, for an account or for none alike. */
async function stateOf(ctx: Context<State>, p: Pending): Promise<VerificationState> {
  if (p.kind === "person") return await verificationState(getDb(), ctx.state.tenant.id, p.personId);
  return {
    email: { id: "", value: p.email, verified: false },
    phone: { id: "", value: p.phone, verified: false },
  };
}

function view(s: VerificationState): VerificationState {
  // Show enough to recognise one's contacts, not the whole number.
  return { email: s.email, phone: s.phone && { ...s.phone, value: maskPhone(s.phone.value) } };
}

export const handler = define.handlers({
  async GET(ctx) {
    const pending = await pendingRegistration(ctx);
    if (!pending) return ctx.redirect("/registrace");
    const state = await stateOf(ctx, pending);
    const emailCode = (ctx.url.searchParams.get("email") ?? "").replace(/\D/g, "").slice(0, 6);
    return page<VerifyData>({ state: view(state), errors: [], emailCode, resent: false });
  },
  async POST(ctx) {
    const pending = await pendingRegistration(ctx);
    if (!pending) return ctx.redirect("/registrace");
    const { tenant } = ctx.state;
    const deps = defaultDeps();
    const form = await ctx.formData();
    const key = `registration:${pending.kind === "person" ? pending.personId : pending.id}`;
    if (form.get("action") === "resend") {
      await enforce(limits.codeSend, key, ctx);
      if (pending.kind === "person") {
        await resendRegistrationCodes(deps, ctx.state, pending.personId, tenantOrigin(tenant));
      }
      const state = await stateOf(ctx, pending);
      return page<VerifyData>({ state: view(state), errors: [], emailCode: "", resent: true });
    }
    await enforce(limits.code, key, ctx);
    const codes = {
      email: cleanText(form.get("emailCode")).slice(0, 20),
      phone: cleanText(form.get("phoneCode")).slice(0, 20),
    };
    const request = { ...ctx.state, userAgent: ctx.req.headers.get("user-agent") };
    const outcome = pending.kind === "person"
      ? await verifyRegistration(deps, request, pending.personId, codes)
      : { ok: false as const, errors: verifyPendingWithoutAccount(codes) };
    if (!outcome.ok) {
      const state = await stateOf(ctx, pending);
      return page<VerifyData>({
        state: view(state),
        errors: outcome.errors,
        emailCode: "",
        resent: false,
      }, { status: 422 });
    }
    const session = outcome.session;
    clearStep(ctx.hono, "registration");
    setSessionCookie(ctx.hono, session);
    return ctx.redirect("/registrace/hotovo");
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { errors } = data;
  const labels = { emailCode: t("registration.emailCode"), phoneCode: t("registration.phoneCode") };
  return (
    <div class="narrow">
      <PageTitle title={t("registration.verifyTitle")} state={state} />
      <h1>{t("registration.verifyTitle")}</h1>
      <p class="lead">{t("registration.verifyLead")}</p>
      {data.resent && <Notice type="info" t={t} title={t("registration.resent")} />}
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" action="/registrace/overeni" novalidate>
        <CsrfField token={state.csrfToken} />
        {data.state.email && !data.state.email.verified && (
          <OneTimeCodeField
            name="emailCode"
            label={labels.emailCode}
            hint={t("registration.emailCodeHint", { email: data.state.email.value })}
            value={data.emailCode}
            errors={errors}
            t={t}
          />
        )}
        {data.state.email?.verified && (
          <p>{t("registration.emailVerified", { email: data.state.email.value })}</p>
        )}
        {data.state.phone && !data.state.phone.verified && (
          <OneTimeCodeField
            name="phoneCode"
            label={labels.phoneCode}
            hint={t("registration.phoneCodeHint", { phone: data.state.phone.value })}
            errors={errors}
            t={t}
          />
        )}
        {data.state.phone?.verified && (
          <p>{t("registration.phoneVerified", { phone: data.state.phone.value })}</p>
        )}
        <SubmitButton name="action" value="verify">{t("registration.verifySubmit")}</SubmitButton>
      </form>
      <form method="post" action="/registrace/overeni">
        <CsrfField token={state.csrfToken} />
        <SubmitButton variant="secondary" name="action" value="resend">
          {t("registration.resend")}
        </SubmitButton>
      </form>
    </div>
  );
});
