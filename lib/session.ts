/**
 * Sessions for clerks and persons: a jose-signed token (HS256 only; iss, aud and exp checked)
 * in an HttpOnly `__Host-` cookie, backed by a server-side row, so logout and "log out
 * everywhere" revoke at once. Every login and step-up makes a new row and token; idle and
 * absolute timeouts are enforced on the row.
 */
import { type JWTPayload, jwtVerify, SignJWT } from "jose";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { LevelOfAssurance } from "../domain/identity.ts";
import {
  createSession,
  findLiveSessionWithSubject,
  touchSession,
} from "../db/repositories/sessions.ts";
import { findActiveRepresentation } from "../db/repositories/representations.ts";
import { derivedKey, randomToken } from "./crypto.ts";
import { formatPragueDate } from "../domain/time.ts";
import type { ClerkSession, PersonSession } from "./state.ts";

export const SESSION_COOKIE = "__Host-session";
export const SESSION_ISSUER = "portal-obcana";
export const ABSOLUTE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
const TOUCH_AFTER_MS = 60 * 1000;

const audience = (tenantId: string) => `portal-obcana:${tenantId}`;

export type SessionSubject =
  | { kind: "clerk"; clerkId: string }
  | { kind: "person"; personId: string; levelOfAssurance: LevelOfAssurance };

export interface IssuedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

export async function issueSession(
  db: Kysely<Database>,
  secret: string,
  tenantId: string,
  subject: SessionSubject,
  authMethod: string,
  userAgent: string | null,
): Promise<IssuedSession> {
  const sessionId = randomToken();
  const expiresAt = new Date(Date.now() + ABSOLUTE_TIMEOUT_MS);
  const subjectId = subject.kind === "clerk" ? subject.clerkId : subject.personId;
  await createSession(db, {
    id: sessionId,
    tenantId,
    clerkId: subject.kind === "clerk" ? subject.clerkId : null,
    personId: subject.kind === "person" ? subject.personId : null,
    levelOfAssurance: subject.kind === "person" ? subject.levelOfAssurance : null,
    authMethod,
    expiresAt,
    userAgent,
  });
  const token = await new SignJWT({ sid: sessionId, kind: subject.kind })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(subjectId)
    .setIssuer(SESSION_ISSUER)
    .setAudience(audience(tenantId))
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await derivedKey(secret, "session"));
  return { token, sessionId, expiresAt };
}

/** Kept for the clerk login: a clerk session authenticated by password (+ SMS). */
export function issueClerkSession(
  db: Kysely<Database>,
  secret: string,
  tenantId: string,
  clerkId: string,
  userAgent: string | null,
  authMethod = "password",
): Promise<IssuedSession> {
  return issueSession(db, secret, tenantId, { kind: "clerk", clerkId }, authMethod, userAgent);
}

export interface SignedIn {
  clerk: ClerkSession | null;
  person: PersonSession | null;
}

const NOBODY: SignedIn = { clerk: null, person: null };

/**
 * Tokens whose signature, issuer and audience jose has checked, by secret, town and token, with
 * their claims: a signed-in person's every request brings the same token, and a WebCrypto HMAC
 * verification per request cost more CPU than the rest of the session check. Expiry is checked
 * on every use; revocation is the session row's business (looked up on every request anyway).
 * Bounded: the oldest entry goes when full.
 */
const verifiedTokens = new Map<string, JWTPayload>();
const MAX_VERIFIED_TOKENS = 10_000;

async function verifiedPayload(
  secret: string,
  tenantId: string,
  token: string,
): Promise<JWTPayload | null> {
  const id = `${tenantId} ${token} ${secret}`;
  const known = verifiedTokens.get(id);
  if (known) {
    if ((known.exp ?? 0) * 1000 > Date.now()) return known;
    verifiedTokens.delete(id);
    return null;
  }
  let payload: JWTPayload;
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
  if (verifiedTokens.size >= MAX_VERIFIED_TOKENS) {
    verifiedTokens.delete(verifiedTokens.keys().next().value!);
  }
  verifiedTokens.set(id, payload);
  return payload;
}

/** Who a session token belongs to right now; nobody for anything not valid at this moment. */
export async function readSession(
  db: Kysely<Database>,
  secret: string,
  tenantId: string,
  token: string,
): Promise<SignedIn> {
  const payload = await verifiedPayload(secret, tenantId, token);
  if (!payload) return NOBODY;
  if (typeof payload.sid !== "string") return NOBODY;
  // The session and its person or clerk in one round trip.
  const session = await findLiveSessionWithSubject(
    db,
    tenantId,
    payload.sid,
    new Date(Date.now() - IDLE_TIMEOUT_MS),
  );
  if (!session) return NOBODY;
  if (Date.now() - session.last_seen_at.getTime() > TOUCH_AFTER_MS) {
    await touchSession(db, session.id);
  }
  if (payload.kind === "clerk" && session.clerk_id === payload.sub) {
    if (!session.clerk_row_id) return NOBODY;
    return {
      person: null,
      clerk: {
        sessionId: session.id,
        clerkId: session.clerk_row_id,
        username: session.clerk_username!,
        displayName: session.display_name!,
        roles: session.roles!,
        mustChangePassword: session.must_change_password!,
      },
    };
  }
  if (payload.kind === "person" && session.person_id === payload.sub) {
    if (!session.person_row_id || session.person_status !== "active") return NOBODY;
    const personId = session.person_row_id;
    const acting = session.acting_for
      ? await findActiveRepresentation(
        db,
        tenantId,
        session.acting_for,
        personId,
        formatPragueDate(new Date()),
      )
      : undefined;
    return {
      clerk: null,
      person: {
        sessionId: session.id,
        personId,
        username: session.person_username!,
        displayName: `${session.given_name} ${session.family_name}`,
        levelOfAssurance: session.level_of_assurance ?? "low",
        authMethod: session.auth_method ?? "password",
        actingFor: acting
          ? {
            representationId: acting.id,
            name: acting.represented_name,
            scope: acting.scope,
            representedPersonId: acting.represented_person_id,
          }
          : null,
      },
    };
  }
  return NOBODY;
}
