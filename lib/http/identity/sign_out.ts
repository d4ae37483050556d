/**
 * Ends the portal session of the request, as `/odhlaseni` and an application's logout request
 * (`/oidc/session/end`) both do: the session's row revoked at once (and every application's
 * session with it, by the durable back-channel logout), the cookie cleared. A session that came
 * from NIA over SAML then has to go on to NIA with a LogoutRequest (single logout,
 * lib/saml/logout.ts): its address is returned, and NIA comes back to `/saml/slo`.
 */
import { deleteCookie } from "hono/cookie";
import type { Context as HonoContext } from "hono";
import { SESSION_COOKIE } from "../../session.ts";
import type { State } from "../../state.ts";
import { signedInRef } from "./actor.ts";
import { signOut } from "../../../app/identity.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { getDb } from "../../db.ts";
import { log } from "../../log.ts";
import { niaSamlConfig } from "../../saml/config.ts";
import { spLogoutUrl } from "../../saml/logout.ts";

/** Signs the request's person or clerk out; the NIA logout address when NIA must follow. */
export async function endPortalSession(
  hono: HonoContext,
  state: State,
  origin: string,
): Promise<string | null> {
  const who = signedInRef(state);
  let atIdp: string | null = null;
  if (who) {
    try {
      const cfg = niaSamlConfig(state.tenant.slug);
      atIdp = await spLogoutUrl(getDb(), who.tenantId, cfg, origin, who.sessionId);
    } catch (e) {
      // The portal session ends anyway; NIA's ends when it expires.
      log.warn("nia single logout could not start", { error: String(e).slice(0, 200) });
    }
    await signOut(defaultDeps(), who);
  }
  deleteCookie(hono, SESSION_COOKIE, { path: "/", secure: true });
  return atIdp;
}
