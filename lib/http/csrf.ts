/**
 * CSRF protection on every unsafe method, two layers:
 * 1. Origin check (as Hono's `csrf()`): a browser's cross-site POST carries a foreign Origin.
 * 2. A signed double-submit token: a random HttpOnly cookie, and in every form a hidden `_csrf`
 *    field (or `X-CSRF-Token` header) holding HMAC(secret, cookie). Without the cookie's value
 *    and the server's secret nobody can make a token that passes.
 */
import type { MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import "./vars.ts";
import { hmac, randomToken, timingSafeEqual } from "../crypto.ts";
import { HttpError } from "../web/mod.ts";

export const CSRF_COOKIE = "__Host-csrf";
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function csrfToken(secret: string, cookieValue: string): Promise<string> {
  return hmac(secret, `csrf:${cookieValue}`);
}

async function submittedToken(req: Request, formData: () => Promise<FormData>): Promise<string> {
  const header = req.headers.get(CSRF_HEADER);
  if (header) return header;
  const type = req.headers.get("content-type") ?? "";
  if (
    type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")
  ) {
    try {
      const value = (await formData()).get(CSRF_FIELD);
      return typeof value === "string" ? value : "";
    } catch {
      return "";
    }
  }
  return "";
}

export function csrfProtection(secret: string): MiddlewareHandler {
  return async (c, next) => {
    let cookie = getCookie(c, CSRF_COOKIE);
    if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) {
      cookie = randomToken();
      setCookie(c, CSRF_COOKIE, cookie, {
        path: "/",
        secure: true,
        httpOnly: true,
        sameSite: "Lax",
      });
      // A fresh cookie means no form of this visitor can carry a valid token yet.
      if (!SAFE.has(c.req.method)) throw new HttpError(403, "errors.csrfText");
    }
    const expected = await csrfToken(secret, cookie);
    c.set("csrfToken", expected);
    if (!SAFE.has(c.req.method)) {
      const origin = c.req.header("origin");
      if (origin && origin !== "null" && hostOf(origin) !== new URL(c.req.url).host) {
        throw new HttpError(403, "errors.csrfText");
      }
      const token = await submittedToken(c.req.raw, () => c.req.formData());
      if (!timingSafeEqual(token, expected)) throw new HttpError(403, "errors.csrfText");
    }
    await next();
  };
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return "";
  }
}
