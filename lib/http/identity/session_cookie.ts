/** Puts a freshly issued session into the cookie (a new token at every login and step-up). */
import { setCookie } from "hono/cookie";
import type { Context as HonoContext } from "hono";
import { SESSION_COOKIE } from "../../session.ts";

export function setSessionCookie(
  c: HonoContext,
  session: { token: string; expiresAt: Date },
): void {
  setCookie(c, SESSION_COOKIE, session.token, {
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "Lax",
    expires: session.expiresAt,
  });
}
