/**
 * Sessions: a jose-signed token (HS256 only; iss, aud and exp checked) in an HttpOnly
 * `__Host-` cookie, backed by a server-side row, so a logout revokes it at once. Idle and
 * absolute timeouts are enforced on the row.
 */
import { jwtVerify, SignJWT } from "jose";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { createSession, findLiveSession, touchSession } from "../db/repositories/sessions.ts";
import { findClerk } from "../db/repositories/clerks.ts";
import { derivedKey, randomToken } from "./crypto.ts";
import type { ClerkSession } from "./state.ts";

export const SESSION_COOKIE = "__Host-session";
export const SESSION_ISSUER = "portal-obcana";
export const ABSOLUTE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
const TOUCH_AFTER_MS = 60 * 1000;

const audience = (tenantId: string) => `portal-obcana:${tenantId}`;

export async function issueClerkSession(
  db: Kysely<Database>,
  secret: string,
  tenantId: string,
  clerkId: string,
  userAgent: string | null,
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const sessionId = randomToken();
  const expiresAt = new Date(Date.now() + ABSOLUTE_TIMEOUT_MS);
  await createSession(db, { id: sessionId, tenantId, clerkId, expiresAt, userAgent });
  const token = await new SignJWT({ sid: sessionId, kind: "clerk" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(clerkId)
    .setIssuer(SESSION_ISSUER)
    .setAudience(audience(tenantId))
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await derivedKey(secret, "session"));
  return { token, sessionId, expiresAt };
}

/** The clerk behind a session token, or null for anything not valid right now. */
export async function readClerkSession(
  db: Kysely<Database>,
  secret: string,
  tenantId: string,
  token: string,
): Promise<ClerkSession | null> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, await derivedKey(secret, "session"), {
      algorithms: ["HS256"],
      issuer: SESSION_ISSUER,
      audience: audience(tenantId),
      requiredClaims: ["sid", "sub", "exp"],
    }));
  } catch {
    return null;
  }
  if (payload.kind !== "clerk" || typeof payload.sid !== "string") return null;
  const session = await findLiveSession(
    db,
    tenantId,
    payload.sid,
    new Date(Date.now() - IDLE_TIMEOUT_MS),
  );
  if (!session || session.clerk_id !== payload.sub) return null;
  const clerk = await findClerk(db, tenantId, session.clerk_id);
  if (!clerk) return null;
  if (Date.now() - session.last_seen_at.getTime() > TOUCH_AFTER_MS) {
    await touchSession(db, session.id);
  }
  return {
    sessionId: session.id,
    clerkId: clerk.id,
    username: clerk.username,
    displayName: clerk.display_name,
    roles: clerk.roles,
  };
}
