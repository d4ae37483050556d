/**
 * `POST /saml/acs`: NIA's answer to a login (SAML2 HTTP-POST binding). `validateLogin` checks the
 * signature of the decrypted assertion, issuer, audience, times, that it answers a pending
 * request of this town (used up now), that the assertion is new and that its level of assurance
 * is at least the one asked; then the person signs in through the same path as every external
 * identity (`signInWithExternalIdentity`: the identity (NIA, person identifier), pairing and
 * agenda authorization), and the session is remembered with NameID and SessionIndex for single
 * logout. Anything refused ends on this page in Czech with a 4xx status, an audit entry and no
 * session.
 */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { safeNext } from "../../lib/http/auth.ts";
import { log } from "../../lib/log.ts";
import { niaSamlConfig } from "../../lib/saml/config.ts";
import { SamlError, type SamlFailure, validateLogin } from "../../lib/saml/sp.ts";
import {
  IdentityMismatchError,
  signInWithExternalIdentity,
} from "../../lib/http/identity/external.ts";
import { appendAudit } from "../../db/repositories/audit.ts";
import { Alert } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

type Reason = SamlFailure | "identityMismatch" | "notConfigured";

interface FailureData {
  reason: Reason;
  next: string;
}

export const handler = define.handlers({
  async POST(ctx) {
    ctx.hono.header("cache-control", "no-store");
    const form = await ctx.req.formData().catch(() => undefined);
    const field = (name: string) => {
      const v = form?.get(name);
      return typeof v === "string" ? v : null;
    };
    const next = safeNext(field("RelayState"), "/ucet");
    const db = getDb();
    const fail = async (reason: Reason, detail?: string) => {
      log.warn("nia saml login refused", { reason, detail, requestId: ctx.state.requestId });
      if (reason !== "identityMismatch") {
        await appendAudit(db, {
          tenantId: ctx.state.tenant.id,
          actorType: "anonymous",
          actorId: null,
          action: "auth.external_login_failed",
          requestId: ctx.state.requestId,
          details: { provider: "nia", protocol: "saml", reason, ...(detail ? { detail } : {}) },
        });
      }
      const status = reason === "notConfigured" ? 404 : reason === "identityMismatch" ? 403 : 400;
      return page<FailureData>({ reason, next }, { status });
    };
    let cfg;
    try {
      cfg = niaSamlConfig(ctx.state.tenant.slug);
    } catch {
      cfg = null;
    }
    if (!cfg) return await fail("notConfigured");
    const samlResponse = field("SAMLResponse");
    if (!samlResponse || samlResponse.length > 500_000) {
      return await fail("invalidResponse", "no SAMLResponse");
    }
    let login;
    try {
      login = await validateLogin(db, ctx.state.tenant.id, cfg, ctx.url.origin, samlResponse);
    } catch (e) {
      if (e instanceof SamlError) return await fail(e.code, e.detail);
      log.warn("nia saml response unreadable", { error: String(e).slice(0, 200) });
      return await fail("invalidResponse", "unreadable");
    }
    try {
      return await signInWithExternalIdentity(ctx, login.claims, next, {
        nameId: login.nameId,
        nameIdFormat: login.nameIdFormat,
        sessionIndex: login.sessionIndex,
      });
    } catch (e) {
      if (e instanceof IdentityMismatchError) return await fail("identityMismatch");
      throw e;
    }
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const title = data.reason === "identityMismatch"
    ? t("oidc.errors.identityMismatchTitle")
    : t("oidc.errors.title");
  const text = data.reason === "identityMismatch"
    ? t("oidc.errors.identityMismatch")
    : t(`saml.errors.${data.reason}`, { name: t("saml.nia") });
  const retry = `/prihlaseni/nia?${new URLSearchParams({ next: data.next })}`;
  return (
    <div class="narrow">
      <PageTitle title={title} state={state} />
      <h1>{title}</h1>
      <Alert t={t}>
        <p>{text}</p>
      </Alert>
      <ul>
        {data.reason !== "notConfigured" && (
          <li>
            <a href={retry}>{t("oidc.errors.retry", { name: t("saml.nia") })}</a>
          </li>
        )}
        <li>
          <a href={`/prihlaseni?${new URLSearchParams({ next: data.next })}`}>
            {t("oidc.errors.otherWay")}
          </a>
        </li>
      </ul>
    </div>
  );
});
