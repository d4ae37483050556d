/**
 * An application asks the portal to sign the person out (OpenID Connect RP-Initiated Logout
 * 1.0, `/oidc/session/end`): who asks and where the person goes afterwards. The request is
 * checked before anything is shown:
 *
 * - `id_token_hint`, when sent, must be an ID token this town's provider signed (its issuer and
 *   signature; an expired one is fine, as the standard allows). Its audience names the client.
 * - `client_id`, when sent, must be this town's client and agree with the hint.
 * - `post_logout_redirect_uri` needs the client and must be one of the addresses its
 *   registration lists, exactly (the admin's registry, /urad/aplikace); `state` goes back with
 *   it. Without it the person stays on the portal's signed-out page.
 *
 * Signing out itself is the portal's sign-out (lib/http/identity/sign_out.ts): the portal
 * session ends and every application's with it, by the durable back-channel logout.
 */
import { compactVerify, importJWK } from "jose";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { findOidcClient } from "../db/repositories/oidc.ts";
import { townSigningKey } from "../lib/idp/keys.ts";

export interface EndSessionParams {
  idTokenHint: string;
  clientId: string;
  postLogoutRedirectUri: string;
  state: string;
}

export type EndSessionRefusal =
  | "badHint"
  | "unknownClient"
  | "clientMismatch"
  | "redirectWithoutClient"
  | "unregisteredRedirect"
  | "badState";

export interface EndSessionRequest {
  /** The application's name from the registry, when the request names one. */
  clientName: string | null;
  /** Where to send the person afterwards (the registered address with `state`), or null. */
  returnTo: string | null;
}

const STATE_MAX = 512;
const HINT_MAX = 8192;

/** The audience of an ID token this town's provider signed; null when it is not one. */
async function hintAudience(
  deps: { db: Kysely<Database>; secret: string },
  tenantId: string,
  issuer: string,
  hint: string,
): Promise<string | null> {
  if (hint.length > HINT_MAX) return null;
  try {
    const { d: _private, ...publicJwk } = await townSigningKey(deps.db, deps.secret, tenantId);
    const key = await importJWK(publicJwk, "ES256");
    const { payload, protectedHeader } = await compactVerify(hint, key, {
      algorithms: ["ES256"],
    });
    if (protectedHeader.typ !== undefined && protectedHeader.typ !== "JWT") return null;
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    if (claims.iss !== issuer) return null;
    const aud = claims.aud;
    if (typeof aud === "string") return aud;
    if (Array.isArray(aud) && aud.length === 1 && typeof aud[0] === "string") return aud[0];
    if (Array.isArray(aud) && typeof claims.azp === "string" && aud.includes(claims.azp)) {
      return claims.azp;
    }
    return null;
  } catch {
    return null;
  }
}

/** Checks an application's logout request; what the confirmation page and the redirect need. */
export async function checkEndSession(
  deps: { db: Kysely<Database>; secret: string },
  tenantId: string,
  issuer: string,
  p: EndSessionParams,
): Promise<{ ok: true; request: EndSessionRequest } | { ok: false; code: EndSessionRefusal }> {
  if (p.state.length > STATE_MAX) return { ok: false, code: "badState" };
  let clientId = p.clientId;
  if (p.idTokenHint) {
    const aud = await hintAudience(deps, tenantId, issuer, p.idTokenHint);
    if (!aud) return { ok: false, code: "badHint" };
    if (clientId && clientId !== aud) return { ok: false, code: "clientMismatch" };
    clientId = aud;
  }
  const client = clientId ? await findOidcClient(deps.db, tenantId, clientId) : undefined;
  if (clientId && (!client || client.disabled_at)) return { ok: false, code: "unknownClient" };
  if (!p.postLogoutRedirectUri) {
    return { ok: true, request: { clientName: client?.name ?? null, returnTo: null } };
  }
  if (!client) return { ok: false, code: "redirectWithoutClient" };
  // The registered address as the registry stores it (a parsed URL's href), never the input.
  const registered = client.post_logout_redirect_uris.find((u) => u === p.postLogoutRedirectUri);
  if (!registered) return { ok: false, code: "unregisteredRedirect" };
  const returnTo = p.state
    ? `${registered}${registered.includes("?") ? "&" : "?"}state=${encodeURIComponent(p.state)}`
    : registered;
  return { ok: true, request: { clientName: client.name, returnTo } };
}
