/**
 * Sign-out (POST only): revokes this session's server-side row at once and clears the cookie
 * (lib/http/identity/sign_out.ts), then the sign-in page says so. A session that came from NIA
 * over SAML goes on to NIA with a LogoutRequest (single logout), which comes back to
 * `/saml/slo`: through a page of the portal's own that sends the browser on (components/layout/
 * Handoff.tsx), because browsers apply the page's CSP `form-action 'self'` to the whole
 * redirect chain of a form's POST and would stop a 303 to NIA.
 */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { endPortalSession } from "../../lib/http/identity/sign_out.ts";
import { Handoff } from "../../components/layout/Handoff.tsx";

export const handler = define.handlers({
  async POST(ctx) {
    const atIdp = await endPortalSession(ctx.hono, ctx.state, ctx.url.origin);
    if (!atIdp) return ctx.redirect("/prihlaseni?odhlaseno=1");
    return page({ atIdp });
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <Handoff state={state} messages="signOutHandoff" type="info" href={data.atIdp} />
));
