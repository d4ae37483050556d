/**
 * The portal's security headers, computed once: the same set Hono's `secureHeaders` sent, as a
 * constant list instead of fifteen header writes and a CSP string built per request. The CSP
 * carries a script nonce only on a page that has scripts (islands): the runtime asks for the
 * nonce (`cspNonce`, lib/web/app.ts) when it injects them, and only then is one made and put
 * into the policy. A page without scripts gets `script-src 'none'` and no nonce, so its bytes and
 * headers are the same for every visitor and a cache may keep them.
 *
 * A response that brings its own header of the same name keeps it (a downloaded document's
 * `default-src 'none'; sandbox` stays its CSP): the runtime writes prepared headers under a
 * route's own.
 */
import type { MiddlewareHandler } from "hono";
import "./vars.ts";
import { preparedHeaders } from "../web/mod.ts";

const DIRECTIVES = (script: string) =>
  [
    "default-src 'self'",
    `script-src ${script}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

/** The policy of a page without scripts. */
export const CSP_WITHOUT_SCRIPTS = DIRECTIVES("'none'");

/** The policy of a page whose scripts carry `nonce`. */
export function cspWithNonce(nonce: string): string {
  return DIRECTIVES(`'nonce-${nonce}' 'strict-dynamic'`);
}

/**
 * Every header but the CSP, in the order Hono's `secureHeaders` sends them, without four of its
 * defaults that no browser the portal supports acts on: `X-XSS-Protection: 0` (turns off an XSS
 * filter that current browsers no longer have), `X-Download-Options` (Internet Explorer 8),
 * `X-Permitted-Cross-Domain-Policies` (Flash) and `X-DNS-Prefetch-Control: off` (browsers do not
 * prefetch DNS for links on HTTPS pages unless a page asks with `on`). Each header is work per
 * response for the server, a CDN and the browser; `X-Frame-Options` stays beside the CSP's
 * `frame-ancestors` for browsers older than CSP level 2.
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Origin-Agent-Cluster", "?1"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "SAMEORIGIN"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=()"],
];

/** Headers of a static file (a stylesheet, a font, an icon): no page, so nothing runs in it. */
export const STATIC_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ...SECURITY_HEADERS,
  ["Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox"],
];

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    const list = preparedHeaders(c);
    list.appendAll(SECURITY_HEADERS);
    list.append("Content-Security-Policy", CSP_WITHOUT_SCRIPTS);
    let nonce: string | undefined;
    c.set("cspNonce", () => {
      if (nonce === undefined) {
        nonce = randomNonce();
        c.header("Content-Security-Policy", cspWithNonce(nonce));
      }
      return nonce;
    });
    await next();
  };
}
