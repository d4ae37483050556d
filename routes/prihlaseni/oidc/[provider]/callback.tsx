/**
 * `GET /prihlaseni/oidc/<provider>/callback`: the provider's redirect back. Opens the pending
 * login from the `__Host-oidc` cookie (and clears it: a login is single-use), lets
 * `completeLogin` check state, code, PKCE and ID token, then hands the claims to
 * `signInWithExternalIdentity` (pairing by (provider, subject), session, redirect).
 *
 * Whatever goes wrong on the way — no or expired cookie, a replayed or forged state, a cookie
 * of another provider, the person cancelling, an error from the provider — ends on this page
 * with a Czech explanation, a 4xx status and a way to try again; never a 500.
 */
import { deleteCookie, getCookie } from "hono/cookie";
import { define } from "../../../../lib/http/define.ts";
import { page } from "../../../../lib/web/mod.ts";
import { config } from "../../../../lib/config.ts";
import { getDb } from "../../../../lib/db.ts";
import { safeNext } from "../../../../lib/http/auth.ts";
import { log } from "../../../../lib/log.ts";
import {
  completeLogin,
  type ExternalIdentityClaims,
  findProvider,
  OIDC_COOKIE,
  OidcError,
  openPendingLogin,
} from "../../../../lib/oidc.ts";
import {
  IdentityMismatchError,
  signInWithExternalIdentity,
} from "../../../../lib/http/identity/external.ts";
import { appendAudit } from "../../../../db/repositories/audit.ts";
import { Alert } from "../../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { providerLoginHref } from "../../../../components/identity/ProviderButtons.tsx";

/** Why a callback failed; each has `oidc.errors.<reason>` in the catalogs. */
type Reason =
  | "unknownProvider"
  | "noPendingLogin"
  | "stateMismatch"
  | "cancelled"
  | "providerError"
  | "unavailable"
  | "invalidResponse"
  /** Signed in already, and the identity is somebody else's (names or birth date differ). */
  | "identityMismatch";

interface FailureData {
  reason: Reason;
  providerId: string | null;
  providerName: string | null;
  next: string;
}

function reasonOf(e: OidcError): Reason {
  switch (e.code) {
    case "UnknownProvider":
    case "StateMismatch":
      return "stateMismatch";
    case "ProviderError":
      return e.detail === "access_denied"
        ? "cancelled"
        : e.detail === "unreachable"
        ? "unavailable"
        : "providerError";
    case "InvalidResponse":
      return "invalidResponse";
  }
}

export const handler = define.handlers({
  async GET(ctx) {
    ctx.hono.header("cache-control", "no-store");
    const cookie = getCookie(ctx.hono, OIDC_COOKIE);
    // Single use: the cookie goes away whatever happens below.
    if (cookie !== undefined) deleteCookie(ctx.hono, OIDC_COOKIE, { path: "/", secure: true });
    const provider = findProvider(ctx.params.provider);
    const pending = await openPendingLogin(cookie, config().sessionSecret);
    const next = safeNext(pending?.next, "/ucet");
    const fail = async (reason: Reason, detail?: string, audited = false) => {
      log.warn("oidc login failed", {
        provider: ctx.params.provider.slice(0, 40),
        reason,
        detail,
        requestId: ctx.state.requestId,
      });
      if (reason !== "unknownProvider" && !audited) {
        await appendAudit(getDb(), {
          tenantId: ctx.state.tenant.id,
          actorType: "anonymous",
          actorId: null,
          action: "auth.external_login_failed",
          requestId: ctx.state.requestId,
          details: { provider: provider?.id, reason, ...(detail ? { detail } : {}) },
        });
      }
      const status = reason === "unknownProvider"
        ? 404
        : reason === "unavailable"
        ? 502
        : reason === "identityMismatch"
        ? 403
        : 400;
      return page<FailureData>({
        reason,
        providerId: provider?.id ?? null,
        providerName: provider?.name ?? null,
        next,
      }, { status });
    };

    if (!provider) return await fail("unknownProvider");
    if (!pending) return await fail("noPendingLogin");
    if (pending.provider !== provider.id) return await fail("stateMismatch", "provider mismatch");
    if (pending.tenantId && pending.tenantId !== ctx.state.tenant.id) {
      return await fail("noPendingLogin", "tenant mismatch");
    }
    let claims: ExternalIdentityClaims;
    try {
      claims = await completeLogin(provider, pending, ctx.url);
    } catch (e) {
      if (!(e instanceof OidcError)) throw e;
      return await fail(reasonOf(e), e.detail);
    }
    try {
      return await signInWithExternalIdentity(ctx, claims, next);
    } catch (e) {
      // The use case refused and audited it (`identity.link_refused`); explain it here.
      if (e instanceof IdentityMismatchError) {
        return await fail("identityMismatch", undefined, true);
      }
      throw e;
    }
  },
});

const titleKey = (reason: Reason) =>
  reason === "identityMismatch" ? "oidc.errors.identityMismatchTitle" : "oidc.errors.title";

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const signIn = `/prihlaseni?${new URLSearchParams({ next: data.next })}`;
  return (
    <div class="narrow">
      <PageTitle title={t(titleKey(data.reason))} state={state} />
      <h1>{t(titleKey(data.reason))}</h1>
      <Alert t={t}>
        <p>{t(`oidc.errors.${data.reason}`, { name: data.providerName ?? "" })}</p>
      </Alert>
      <ul>
        {data.providerId && (
          <li>
            <a href={providerLoginHref(data.providerId, data.next)}>
              {t("oidc.errors.retry", { name: data.providerName ?? "" })}
            </a>
          </li>
        )}
        <li>
          <a href={signIn}>{t("oidc.errors.otherWay")}</a>
        </li>
      </ul>
    </div>
  );
});
