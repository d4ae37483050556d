/**
 * A short-lived, signed record of a half-done sign-in or registration ("password checked,
 * waiting for the SMS code"), kept in an HttpOnly `__Host-` cookie. HS256 only, bound to the
 * town (audience) and to its purpose, so it cannot be replayed as anything else.
 */
import { jwtVerify, SignJWT } from "jose";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Context as HonoContext } from "hono";
import { derivedKey } from "../../crypto.ts";
import { config } from "../../config.ts";

export type StepPurpose = "login" | "registration" | "pairing" | "join";

export interface StepClaims {
  /** Whose step: "clerk:<id>" or "person:<id>". */
  sub: string;
  next?: string;
  [key: string]: unknown;
}

const cookieName = (purpose: StepPurpose) => `__Host-step-${purpose}`;
const TTL_S: Record<StepPurpose, number> = {
  login: 10 * 60,
  registration: 60 * 60,
  pairing: 10 * 60,
  // Time to sign in to the offered account another way (app/account_join.ts).
  join: 20 * 60,
};

export async function setStep(
  c: HonoContext,
  tenantId: string,
  purpose: StepPurpose,
  claims: StepClaims,
): Promise<void> {
  const token = await new SignJWT({ ...claims, purpose })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(`step:${tenantId}`)
    .setIssuedAt()
    .setExpirationTime(`${TTL_S[purpose]}s`)
    .sign(await derivedKey(config().sessionSecret, `step:${purpose}`));
  setCookie(c, cookieName(purpose), token, {
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "Lax",
    maxAge: TTL_S[purpose],
  });
}

export async function readStep(
  c: HonoContext,
  tenantId: string,
  purpose: StepPurpose,
): Promise<StepClaims | null> {
  const token = getCookie(c, cookieName(purpose));
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(
      token,
      await derivedKey(config().sessionSecret, `step:${purpose}`),
      {
        algorithms: ["HS256"],
        audience: `step:${tenantId}`,
      },
    );
    if (payload.purpose !== purpose || typeof payload.sub !== "string") return null;
    return payload as StepClaims;
  } catch {
    return null;
  }
}

export function clearStep(c: HonoContext, purpose: StepPurpose): void {
  deleteCookie(c, cookieName(purpose), { path: "/", secure: true });
}
