/**
 * Single logout with NIA in both directions.
 *
 * - Portal logout (`POST /odhlaseni`): when the session came from a SAML assertion, the portal
 *   session is revoked first, then the browser goes to NIA with a signed LogoutRequest
 *   (HTTP-Redirect; its ID waits in `saml_requests` for NIA's LogoutResponse at `/saml/slo`).
 * - NIA's LogoutRequest (`/saml/slo`, HTTP-POST, or HTTP-Redirect with a query signature):
 *   signature and issuer checked, every portal session of that NameID (and SessionIndex, when
 *   given) revoked and audited, answered with a signed LogoutResponse.
 */
import { Buffer } from "node:buffer";
import { inflateRawSync } from "node:zlib";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { revokeSession } from "../../db/repositories/sessions.ts";
import { queueBackchannelLogouts } from "../../db/repositories/oidc.ts";
import { appendAudit } from "../../db/repositories/audit.ts";
import type { NiaSamlConfig } from "./config.ts";
import { pendingRequest, SamlError, samlFor } from "./sp.ts";

/** The NIA logout URL for a portal session started by SAML, or null. Call before revoking. */
export async function spLogoutUrl(
  db: Kysely<Database>,
  tenantId: string,
  cfg: NiaSamlConfig | null,
  origin: string,
  sessionId: string,
): Promise<string | null> {
  const row = await db.selectFrom("saml_sessions").selectAll().where("session_id", "=", sessionId)
    .where("tenant_id", "=", tenantId).executeTakeFirst();
  if (!row) return null;
  await db.deleteFrom("saml_sessions").where("session_id", "=", sessionId).execute();
  if (!cfg?.idp.sloUrl) return null;
  const saml = samlFor(db, tenantId, cfg, origin, { kind: "logout" });
  return await saml.getLogoutUrlAsync(
    {
      issuer: cfg.idp.entityId,
      nameID: row.name_id,
      nameIDFormat: row.name_id_format ?? "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
      ...(row.session_index ? { sessionIndex: row.session_index } : {}),
    },
    "/",
    {},
  );
}

export type SloOutcome =
  | { kind: "loggedOutByIdp"; sessions: number; responseUrl: string }
  | { kind: "logoutConfirmed" };

/**
 * Handles a message NIA sent to `/saml/slo`: `post` for HTTP-POST fields, `query` (with the raw
 * query string) for HTTP-Redirect. Throws `SamlError` when it is not a valid, signed message.
 */
export async function handleSlo(
  db: Kysely<Database>,
  tenantId: string,
  cfg: NiaSamlConfig,
  origin: string,
  message:
    | { post: { SAMLRequest?: string; SAMLResponse?: string; RelayState?: string } }
    | { query: Record<string, string>; raw: string },
  requestId: string,
): Promise<SloOutcome> {
  const saml = samlFor(db, tenantId, cfg, origin, { kind: "logout" });
  const fields = "post" in message ? message.post : message.query;
  let profile;
  let loggedOut = false;
  try {
    if ("post" in message) {
      if (fields.SAMLRequest) {
        ({ profile } = await saml.validatePostRequestAsync({ SAMLRequest: fields.SAMLRequest }));
      } else if (fields.SAMLResponse) {
        ({ loggedOut } = await saml.validatePostResponseAsync({
          SAMLResponse: fields.SAMLResponse,
        }));
      } else throw new Error("no SAML message");
    } else {
      // node-saml accepts an unsigned redirect message; a logout must be signed.
      if (!message.query.Signature || !message.query.SigAlg) {
        throw new Error("Invalid signature: unsigned redirect message");
      }
      ({ profile, loggedOut } = await saml.validateRedirectAsync(message.query, message.raw));
    }
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    throw new SamlError(
      /signature/i.test(m)
        ? "invalidSignature"
        : /issuer/i.test(m)
        ? "wrongIssuer"
        : /InResponseTo/i
            .test(m)
        ? "unknownRequest"
        : "invalidResponse",
      m.slice(0, 200),
    );
  }
  if (!fields.SAMLRequest) {
    if (!loggedOut) throw new SamlError("invalidResponse", "logout not confirmed");
    // The answer's root is what node-saml verified the signature of; it must answer our request.
    const bytes = Buffer.from(fields.SAMLResponse!, "base64");
    const xml = ("post" in message ? bytes : inflateRawSync(bytes)).toString("utf8");
    const irt = /<(?:\w+:)?LogoutResponse\b[^>]*?\sInResponseTo="([^"]{1,200})"/.exec(xml)?.[1];
    const pending = irt ? await pendingRequest(db, tenantId, "logout", irt) : undefined;
    if (!pending) throw new SamlError("unknownRequest", "LogoutResponse to no pending request");
    await db.deleteFrom("saml_requests").where("id", "=", pending.id).execute();
    return { kind: "logoutConfirmed" };
  }
  if (!profile?.nameID) throw new SamlError("invalidResponse", "LogoutRequest without NameID");
  let query = db.selectFrom("saml_sessions").select("session_id").where("tenant_id", "=", tenantId)
    .where("name_id", "=", profile.nameID);
  if (profile.sessionIndex) query = query.where("session_index", "=", profile.sessionIndex);
  const rows = await query.execute();
  await db.transaction().execute(async (trx) => {
    for (const r of rows) {
      await revokeSession(trx, tenantId, r.session_id);
      await queueBackchannelLogouts(trx, tenantId, { sessionIds: [r.session_id] });
      await trx.deleteFrom("saml_sessions").where("session_id", "=", r.session_id).execute();
    }
    await appendAudit(trx, {
      tenantId,
      actorType: "system",
      actorId: null,
      action: "auth.logout_by_idp",
      requestId,
      details: { provider: "nia", sessions: rows.length },
    });
  });
  const responseUrl = await saml.getLogoutResponseUrlAsync(
    profile,
    fields.RelayState ?? "",
    {},
    true,
  );
  return { kind: "loggedOutByIdp", sessions: rows.length, responseUrl };
}
