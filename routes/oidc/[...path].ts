/**
 * `/oidc/*`: the town's OpenID provider (lib/http/idp/): discovery at
 * `/oidc/.well-known/openid-configuration`, `/oidc/auth`, `/oidc/token`, `/oidc/me`,
 * `/oidc/jwks`, `/oidc/token/revocation`. The request goes on to the provider with the town and
 * the person signed in to the portal (single sign-on); its answer comes back as it is. Its own
 * logout pages (`/oidc/session/end/confirm`, `…/success`) are not served: the portal answers
 * `/oidc/session/end` itself (routes/oidc/session/end.tsx).
 */
import { define } from "../../lib/http/define.ts";
import { getDb } from "../../lib/db.ts";
import { config } from "../../lib/config.ts";
import { forwardToIdp } from "../../lib/http/idp/server.ts";
import { HttpError } from "../../lib/web/mod.ts";
import type { State } from "../../lib/state.ts";

function forward(
  req: Request,
  state: State,
  readForm?: () => Promise<FormData>,
): Promise<Response> {
  const person = state.person;
  return forwardToIdp(getDb, config().sessionSecret, req, {
    tenantId: state.tenant.id,
    person: person
      ? {
        personId: person.personId,
        sessionId: person.sessionId,
        levelOfAssurance: person.levelOfAssurance,
      }
      : null,
  }, readForm);
}

/** The provider's own logout pages, never reached (see above). */
const PROVIDER_LOGOUT = /^\/oidc\/session\/end\//;

export const handler = define.handlers({
  GET(ctx) {
    if (PROVIDER_LOGOUT.test(ctx.url.pathname)) throw new HttpError(404);
    return forward(ctx.req, ctx.state);
  },
  POST(ctx) {
    if (PROVIDER_LOGOUT.test(ctx.url.pathname)) throw new HttpError(404);
    return forward(ctx.req, ctx.state, () => ctx.formData());
  },
});
