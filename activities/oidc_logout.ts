/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0): the town's provider tells a
 * client application that a session it got tokens under has ended. The logout token is a JWT
 * (`typ: logout+jwt`) signed with the town's key (lib/idp/keys.ts): iss, aud (the client), iat,
 * exp, jti, the pairwise `sub` and `sid` of that client, and the back-channel logout event. It is
 * POSTed as `logout_token` to the client's URI. A 2xx ends the delivery; a 4xx is the client
 * refusing it and is not retried (`LogoutRefused`); anything else (5xx, network) is retried by
 * the workflow's policy. The outcome goes to `oidc_logout_deliveries`, which the admin sees.
 */
import { ApplicationFailure } from "@temporalio/activity";
import { importJWK, SignJWT } from "jose";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  findLogoutDelivery,
  finishLogoutDelivery,
  logoutDeliveryFacts,
} from "../db/repositories/oidc.ts";
import { townSigningKey } from "../lib/idp/keys.ts";
import { config } from "../lib/config.ts";
import { randomToken } from "../lib/crypto.ts";

export interface OidcLogoutRef {
  tenantId: string;
  deliveryId: string;
}

export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

export function createOidcLogoutActivities(
  deps: { db: Kysely<Database>; secret?: string; fetch?: typeof fetch },
) {
  const { db } = deps;
  const secret = () => deps.secret ?? config().sessionSecret;
  const send = deps.fetch ?? fetch;

  async function sendBackchannelLogout(ref: OidcLogoutRef): Promise<"sent" | "already-done"> {
    const delivery = await findLogoutDelivery(db, ref.tenantId, ref.deliveryId);
    if (!delivery) {
      throw ApplicationFailure.nonRetryable("delivery not found", "DeliveryNotFound");
    }
    if (delivery.status !== "pending") return "already-done";
    const facts = await logoutDeliveryFacts(
      db,
      ref.tenantId,
      delivery.session_id,
      delivery.client_id,
    );
    if (!facts?.backchannel_logout_uri) {
      throw ApplicationFailure.nonRetryable("client has no logout URI", "LogoutRefused");
    }
    const jwk = await townSigningKey(db, secret(), ref.tenantId);
    const key = await importJWK(jwk, "ES256");
    const token = await new SignJWT({
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      ...(facts.sid ? { sid: facts.sid } : {}),
    })
      .setProtectedHeader({ alg: "ES256", typ: "logout+jwt", kid: jwk.kid })
      .setIssuer(facts.issuer)
      .setAudience(delivery.client_id)
      .setSubject(facts.sub)
      .setIssuedAt()
      .setExpirationTime("2m")
      .setJti(randomToken(16))
      .sign(key);
    let res: Response;
    try {
      res = await send(facts.backchannel_logout_uri, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ logout_token: token }),
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      throw new Error(`logout URI not reachable: ${String(e).slice(0, 200)}`);
    }
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) {
      await finishLogoutDelivery(db, ref.tenantId, ref.deliveryId, "sent", null);
      return "sent";
    }
    if (res.status >= 400 && res.status < 500) {
      throw ApplicationFailure.nonRetryable(`client answered ${res.status}`, "LogoutRefused");
    }
    throw new Error(`client answered ${res.status}`);
  }

  async function markBackchannelLogoutFailed(
    ref: OidcLogoutRef & { error: string },
  ): Promise<void> {
    await finishLogoutDelivery(db, ref.tenantId, ref.deliveryId, "failed", ref.error.slice(0, 300));
  }

  return { sendBackchannelLogout, markBackchannelLogoutFailed };
}

export type OidcLogoutActivities = ReturnType<typeof createOidcLogoutActivities>;
