/**
 * Sign-out (POST only): revokes this session's server-side row at once and clears the cookie.
 * A session that came from NIA over SAML then goes on to NIA with a LogoutRequest (single
 * logout, lib/saml/logout.ts), which comes back to `/saml/slo`. Either way the person lands on the sign-in page saying
 * they have been signed out.
 */
import { deleteCookie } from "hono/cookie";
import { define } from "../../lib/http/define.ts";
import { SESSION_COOKIE } from "../../lib/session.ts";
import { signedInRef } from "../../lib/http/identity/actor.ts";
import { signOut } from "../../app/identity.ts";
import { defaultDeps } from "../../app/deps.ts";
import { getDb } from "../../lib/db.ts";
import { log } from "../../lib/log.ts";
import { niaSamlConfig } from "../../lib/saml/config.ts";
import { spLogoutUrl } from "../../lib/saml/logout.ts";

export const handler = define.handlers({
  async POST(ctx) {
    const who = signedInRef(ctx.state);
    let atIdp: string | null = null;
    if (who) {
      try {
        const cfg = niaSamlConfig(ctx.state.tenant.slug);
        atIdp = await spLogoutUrl(getDb(), who.tenantId, cfg, ctx.url.origin, who.sessionId);
      } catch (e) {
        // The portal session ends anyway; NIA's ends when it expires.
        log.warn("nia single logout could not start", { error: String(e).slice(0, 200) });
      }
      await signOut(defaultDeps(), who);
    }
    deleteCookie(ctx.hono, SESSION_COOKIE, { path: "/", secure: true });
    return ctx.redirect(atIdp ?? "/prihlaseni?odhlaseno=1");
  },
});
