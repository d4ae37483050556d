/**
 * Sign-out (POST only): revokes this session's server-side row at once and clears the cookie
 * (lib/http/identity/sign_out.ts). A session that came from NIA over SAML then goes on to NIA
 * with a LogoutRequest (single logout), which comes back to `/saml/slo`. Either way the person
 * lands on the sign-in page saying they have been signed out.
 */
import { define } from "../../lib/http/define.ts";
import { endPortalSession } from "../../lib/http/identity/sign_out.ts";

export const handler = define.handlers({
  async POST(ctx) {
    const atIdp = await endPortalSession(ctx.hono, ctx.state, ctx.url.origin);
    return ctx.redirect(atIdp ?? "/prihlaseni?odhlaseno=1");
  },
});
