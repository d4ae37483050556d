/**
 * The SMS gateway protocol (issue 13), both directions, shared by the worker's sender
 * (lib/worker/sms.ts), the web's delivery-receipt route (`POST /api/v1/sms/dorucenky`) and the
 * local sandbox (scripts/sandbox/sms.ts):
 *
 * - submit: `POST <SMS_GATEWAY_URL>` JSON `{ id, to, text, callbackUrl }`, bearer
 *   `SMS_GATEWAY_TOKEN`; 2xx = accepted (the gateway accepts an id once: a resend is a no-op),
 *   429 and 5xx = try again later, any other 4xx = refused for good;
 * - receipt: `POST <callbackUrl>` JSON `{ id, status: "delivered" | "failed", error?, at }`;
 * - inbound SMS (a reply to the town's number): `POST <origin>/api/v1/sms/prichozi` JSON
 *   `{ from, text, at? }` — STOP or ODHLÁSIT withdraws that number's subscription.
 *
 * Both are signed the same way: `X-Timestamp` (Unix seconds) and `X-Signature` =
 * hex(HMAC-SHA256(SMS_GATEWAY_SECRET, timestamp + "." + raw body)). A signature older or newer
 * than five minutes is refused, so a captured request cannot be replayed later.
 */
import { createHmac } from "node:crypto";
import { timingSafeEqual } from "./crypto.ts";

export const TIMESTAMP_HEADER = "x-timestamp";
export const SIGNATURE_HEADER = "x-signature";
/** How far a request's timestamp may be from now, in seconds. */
export const MAX_SKEW_SECONDS = 300;
/** The receipt route's path on the town's origin. */
export const RECEIPT_PATH = "/api/v1/sms/dorucenky";
/** The inbound SMS route's path on the town's origin. */
export const INBOUND_PATH = "/api/v1/sms/prichozi";

export function signGatewayBody(secret: string, timestamp: string, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The headers that sign `body` now. */
export function signedHeaders(
  secret: string,
  body: string,
  now = new Date(),
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: signGatewayBody(secret, timestamp, body),
  };
}

export type SignatureCheck = "ok" | "missing" | "stale" | "invalid";

/** Whether a request's signature headers sign its raw body with `secret`, recently. */
export function checkGatewaySignature(
  secret: string,
  headers: { get(name: string): string | null },
  body: string,
  now = new Date(),
): SignatureCheck {
  const timestamp = headers.get(TIMESTAMP_HEADER);
  const signature = headers.get(SIGNATURE_HEADER);
  if (!secret || !timestamp || !signature) return "missing";
  if (!/^[0-9]{1,12}$/.test(timestamp)) return "invalid";
  const expected = signGatewayBody(secret, timestamp, body);
  if (!timingSafeEqual(signature.toLowerCase(), expected)) return "invalid";
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return "stale";
  return "ok";
}

export interface DeliveryReceipt {
  id: string;
  status: "delivered" | "failed";
  error: string | null;
  at: Date;
}

/** A receipt's JSON, or null when it is not one (its fields missing or of the wrong kind). */
export function parseDeliveryReceipt(body: string): DeliveryReceipt | null {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return null;
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== "string" || r.id.length > 100) return null;
  if (r.status !== "delivered" && r.status !== "failed") return null;
  if (r.error !== undefined && r.error !== null && typeof r.error !== "string") return null;
  const at = typeof r.at === "string" ? new Date(r.at) : null;
  if (!at || Number.isNaN(at.getTime())) return null;
  // A receipt dated in the future (a gateway's clock ahead) counts as now.
  const when = at.getTime() > Date.now() ? new Date() : at;
  return {
    id: r.id,
    status: r.status,
    error: typeof r.error === "string"
      // deno-lint-ignore no-control-regex
      ? r.error.replace(/[\u0000-\u001f]/g, " ").slice(0, 300)
      : null,
    at: when,
  };
}

export interface InboundSms {
  /** E.164. */
  from: string;
  text: string;
}

/** An inbound SMS's JSON, or null when it is not one. */
export function parseInboundSms(body: string): InboundSms | null {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return null;
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const r = v as Record<string, unknown>;
  if (typeof r.from !== "string" || !/^\+[1-9][0-9]{6,14}$/.test(r.from)) return null;
  if (typeof r.text !== "string" || r.text.length > 1600) return null;
  return { from: r.from, text: r.text };
}
