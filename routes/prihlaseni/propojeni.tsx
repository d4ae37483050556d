/**
 * Pairing an external identity with an existing account: the provider's person has the same
 * verified e-mail and names as a local account. They confirm with a code sent to that
 * account's verified phone (proving control of it), or choose a separate new account.
 */
import { define } from "../../lib/http/define.ts";
import { limits } from "../../lib/http/identity/limits.ts";
import { enforce } from "../../lib/http/ratelimit.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { config } from "../../lib/config.ts";
import { checkCode } from "../../db/repositories/one_time_codes.ts";
import { verifiedPhone } from "../../db/repositories/persons.ts";
import { appendAudit } from "../../db/repositories/audit.ts";
import { clearStep, readStep } from "../../lib/http/identity/step.ts";
import { codeError } from "../../app/codes.ts";
import { createPersonFromIdentity, finishExternalLogin } from "../../lib/http/identity/external.ts";
import type { ExternalIdentityClaims } from "../../lib/oidc.ts";
import { maskPhone } from "../../domain/identity.ts";
import { cleanText, type FieldError } from "../../domain/validation.ts";
import { CsrfField, ErrorSummary, SubmitButton } from "../../components/form/mod.ts";
import { OneTimeCodeField } from "../../components/identity/OneTimeCodeField.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import type { State } from "../../lib/state.ts";
import type { Context } from "../../lib/web/mod.ts";
import { isSamlSessionInfo } from "../../lib/saml/session.ts";

async function pendingPairing(ctx: Context<State>) {
  const step = await readStep(ctx.hono, ctx.state.tenant.id, "pairing");
  const m = step && /^person:([0-9a-f-]{36})$/.exec(step.sub);
  if (!step || !m || typeof step.claims !== "object" || step.claims === null) return null;
  const phone = await verifiedPhone(getDb(), ctx.state.tenant.id, m[1]);
  if (!phone) return null;
  return {
    personId: m[1],
    claims: step.claims as ExternalIdentityClaims,
    next: step.next ?? "",
    phone,
    saml: isSamlSessionInfo(step.saml) ? step.saml : undefined,
  };
}

interface PairingData {
  phone: string;
  provider: string;
  errors: FieldError[];
}

export const handler = define.handlers({
  async GET(ctx) {
    const p = await pendingPairing(ctx);
    if (!p) return ctx.redirect("/prihlaseni");
    return page<PairingData>({
      phone: maskPhone(p.phone),
      provider: p.claims.provider,
      errors: [],
    });
  },
  async POST(ctx) {
    const p = await pendingPairing(ctx);
    if (!p) return ctx.redirect("/prihlaseni");
    const db = getDb();
    const { tenant, requestId } = ctx.state;
    const form = await ctx.formData();
    if (form.get("action") === "separate") {
      const personId = await createPersonFromIdentity(db, tenant.id, p.claims);
      clearStep(ctx.hono, "pairing");
      return finishExternalLogin(ctx, personId, p.claims, p.next, "identity.created", {}, p.saml);
    }
    await enforce(limits.code, `pairing:${p.personId}`, ctx);
    const code = cleanText(form.get("code")).slice(0, 20);
    const result = code
      ? await checkCode(
        db,
        config().sessionSecret,
        tenant.id,
        "pairing",
        { personId: p.personId },
        code,
      )
      : "missing";
    if (result !== "ok") {
      await appendAudit(db, {
        tenantId: tenant.id,
        actorType: "anonymous",
        actorId: p.personId,
        action: "identity.pairing_code_failed",
        requestId,
      });
      const errors: FieldError[] = [codeError("code", result)];
      return page<PairingData>({ phone: maskPhone(p.phone), provider: p.claims.provider, errors }, {
        status: 422,
      });
    }
    clearStep(ctx.hono, "pairing");
    // Linked in the use case's transaction, only if the identity is the account's person; if
    // another account took it meanwhile, a 409 (nobody is signed in as its owner).
    return finishExternalLogin(ctx, p.personId, p.claims, p.next, "identity.paired", {
      link: true,
      requireMatch: true,
    }, p.saml);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const labels = { code: t("login.code") };
  return (
    <div class="narrow">
      <PageTitle title={t("pairing.title")} state={state} />
      <h1>{t("pairing.title")}</h1>
      <p class="lead">{t("pairing.lead")}</p>
      <p>{t("pairing.rule")}</p>
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      <form method="post" action="/prihlaseni/propojeni" novalidate>
        <CsrfField token={state.csrfToken} />
        <OneTimeCodeField
          name="code"
          label={labels.code}
          hint={t("pairing.codeHint", { phone: data.phone })}
          errors={data.errors}
          t={t}
        />
        <SubmitButton name="action" value="confirm">{t("pairing.confirm")}</SubmitButton>
      </form>
      <h2>{t("pairing.separateHeading")}</h2>
      <p>{t("pairing.separateText")}</p>
      <form method="post" action="/prihlaseni/propojeni">
        <CsrfField token={state.csrfToken} />
        <SubmitButton variant="secondary" name="action" value="separate">
          {t("pairing.separate")}
        </SubmitButton>
      </form>
    </div>
  );
});
