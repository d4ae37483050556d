/**
 * `GET /prihlaseni/oidc/<provider>`: starts a sign-in at a national identity provider (NIA,
 * Bank iD, MojeID). The PKCE verifier, state and nonce go into a short-lived encrypted cookie
 * (`__Host-oidc`, ten minutes, HttpOnly, Secure, SameSite=Lax so that it comes back with the
 * provider's top-level redirect); then 303 to the provider's authorization endpoint.
 */
import { setCookie } from "hono/cookie";
import { define } from "../../../lib/http/define.ts";
import { HttpError } from "../../../lib/web/mod.ts";
import { config } from "../../../lib/config.ts";
import { safeNext } from "../../../lib/http/auth.ts";
import { log } from "../../../lib/log.ts";
import {
  beginLogin,
  findProvider,
  OIDC_COOKIE,
  OidcError,
  PENDING_LOGIN_TTL_SECONDS,
  sealPendingLogin,
} from "../../../lib/oidc.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const provider = findProvider(ctx.params.provider);
    if (!provider) throw new HttpError(404);
    const next = safeNext(ctx.url.searchParams.get("next"), "/ucet");
    const redirectUri = new URL(`/prihlaseni/oidc/${provider.id}/callback`, ctx.url.origin).href;
    let begun;
    try {
      begun = await beginLogin(provider, redirectUri, next);
    } catch (e) {
      if (!(e instanceof OidcError)) throw e;
      log.warn("oidc login could not start", {
        provider: provider.id,
        code: e.code,
        detail: e.detail,
        requestId: ctx.state.requestId,
      });
      throw new HttpError(503, "oidc.errors.unavailable");
    }
    const pending = { ...begun.pending, tenantId: ctx.state.tenant.id };
    setCookie(ctx.hono, OIDC_COOKIE, await sealPendingLogin(pending, config().sessionSecret), {
      path: "/",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      maxAge: PENDING_LOGIN_TTL_SECONDS,
    });
    ctx.hono.header("cache-control", "no-store");
    return ctx.redirect(begun.url.href, 303);
  },
});
