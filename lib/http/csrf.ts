/**
 * CSRF protection on every unsafe method, two layers:
 * 1. Origin check (as Hono's `csrf()`): a browser's cross-site POST carries a foreign Origin.
 * 2. A signed double-submit token: a random HttpOnly cookie, and in every form a hidden `_csrf`
 *    field (or `X-CSRF-Token` header) holding HMAC(secret, cookie). Without the cookie's value
 *    and the server's secret nobody can make a token that passes.
 * The token is made only when a page asks for it (it renders a form), and only then does a
 * first-time visitor get the cookie: plain reading pages set no cookie at all.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import "./vars.ts";
import { hmac, randomToken, timingSafeEqual } from "../crypto.ts";
import { HttpError } from "../web/mod.ts";
import { requestInfo } from "./request_id.ts";

export const CSRF_COOKIE = "__Host-csrf";
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The unsafe routes without a token, each authenticated by a signature instead of a session.
 *
 * The SMS gateway's delivery receipts (`POST /api/v1/sms/dorucenky`) and inbound SMS
 * (`POST /api/v1/sms/prichozi`): server-to-server calls with no browser and no cookies, signed
 * with HMAC-SHA256 over the timestamp and body (lib/sms_gateway.ts); a bad or stale signature is
 * a 401 and changes nothing.
 *
 * The card gateway's return (`POST /platby/navrat`). The
 * gateway's page sends the person's browser back with a self-submitting form, a cross-site POST:
 * its Origin is the gateway's, and the SameSite cookie (so a token) does not come with it. It
 * carries its own proof instead, the gateway's RSA signature over payId, dttm and the result;
 * app/card_payments.ts `handleGatewayReturn` refuses anything else with a 400, and a valid one
 * only asks the payment's workflow to look at the gateway now (it never books on the return).
 */
export const CSRF_EXEMPT_PATHS: ReadonlySet<string> = new Set([
  "/platby/navrat",
  "/api/v1/sms/dorucenky",
  "/api/v1/sms/prichozi",
  // SAML2 HTTP-POST binding from NIA: the message is signed (and the assertion encrypted).
  "/saml/acs",
  "/saml/slo",
  // The town's OpenID provider's back-channel endpoints (lib/http/idp/): called by client
  // applications' servers, no browser and no cookies; each authenticates the client itself
  // (client secret, or PKCE's code_verifier for a public client) or a bearer token.
  "/oidc/token",
  "/oidc/token/revocation",
  "/oidc/me",
]);

/**
 * The other unsafe request without a token: RFC 8058's one-click unsubscribe. A mail provider
 * POSTs `List-Unsubscribe=One-Click` to the `List-Unsubscribe` URL of a message it received
 * (`/odber/odhlasit/<token>`, domain/messaging.ts `unsubscribePath`), from its own servers: no
 * cookie, no Origin of ours, no token. The random path token is the capability, and the only
 * effect is withdrawing that one subscription. Exactly that path shape and that body pass;
 * anything else on the path (the page's own button) needs the token as every form does.
 */
const ONE_CLICK_PATH = /^\/odber\/odhlasit\/[A-Za-z0-9_-]{20,100}$/;

export async function isOneClickUnsubscribe(c: Context): Promise<boolean> {
  if (c.req.method !== "POST" || !ONE_CLICK_PATH.test(new URL(c.req.url).pathname)) return false;
  const type = c.req.header("content-type") ?? "";
  if (
    !type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")
  ) return false;
  try {
    const form = await c.req.formData();
    return form.get("List-Unsubscribe") === "One-Click" && !form.has(CSRF_FIELD);
  } catch {
    return false;
  }
}

export function csrfToken(secret: string, cookieValue: string): string {
  return hmac(secret, `csrf:${cookieValue}`);
}

async function submittedToken(c: Context): Promise<string> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (
    type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")
  ) {
    try {
      const value = (await c.req.formData()).get(CSRF_FIELD);
      return typeof value === "string" ? value : "";
    } catch {
      return "";
    }
  }
  return "";
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return "";
  }
}

export function csrfProtection(secret: string): MiddlewareHandler {
  return async (c, next) => {
    const existing = getCookie(c, CSRF_COOKIE);
    const cookie = existing && COOKIE_VALUE.test(existing) ? existing : undefined;
    if (
      !SAFE.has(c.req.method) && !CSRF_EXEMPT_PATHS.has(new URL(c.req.url).pathname) &&
      !(await isOneClickUnsubscribe(c))
    ) {
      const origin = c.req.header("origin");
      if (origin && origin !== "null" && hostOf(origin) !== new URL(c.req.url).host) {
        throw new HttpError(403, "errors.csrfText");
      }
      // Without the cookie no form of this visitor can carry a valid token.
      if (!cookie || !timingSafeEqual(await submittedToken(c), csrfToken(secret, cookie))) {
        throw new HttpError(403, "errors.csrfText");
      }
    }
    let token: string | undefined;
    c.set("csrfToken", () => {
      if (token) return token;
      // A page with a form holds this visitor's token: the render cache must not keep it.
      const info = requestInfo(c.req.raw);
      if (info) info.personal = true;
      let value = cookie;
      if (!value) {
        // First form for this visitor: the cookie goes out with the page that holds the form
        // (set now, while the page renders, so it is written with the response).
        value = randomToken();
        setCookie(c, CSRF_COOKIE, value, {
          path: "/",
          secure: true,
          httpOnly: true,
          sameSite: "Lax",
        });
      }
      return token = csrfToken(secret, value);
    });
    await next();
  };
}
