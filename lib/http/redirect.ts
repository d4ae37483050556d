/**
 * The one check of a redirect target that came with a request (`next` of the sign-in form, of
 * `POST /ucet/jednat-za`, of the identity-provider links): only a path on this site, given back
 * as the URL parser serialises it. Anything else gives the fallback:
 *
 * - not a string, empty, or longer than 2000 characters;
 * - not starting with one `/` (`//host`, `/\host` and `https://…` are other sites);
 * - a control character, space, line separator, zero-width or bidi character anywhere
 *   (`/<TAB>/evil.example` is `//evil.example` to a browser, which drops the TAB);
 * - a backslash, or a percent-encoded slash, backslash or control character;
 * - anything that the URL parser, against the site's origin, resolves to another origin or to a
 *   path starting with `//` (`/a/..//evil.example`).
 */
import { isSafeHeaderValue } from "../web/input.ts";

const MAX_LENGTH = 2000;
// deno-lint-ignore no-control-regex
const FORBIDDEN = /[\x00-\x20\x7f-\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/;
const ENCODED_FORBIDDEN = /%(?:[01][0-9a-f]|2f|5c|7f)/i;
/** Stands for the site's origin when none is given: only the path is ever returned. */
const SITE = "https://portal.invalid";

export function redirectTarget(
  value: unknown,
  fallback: string,
  origin: string = SITE,
): string {
  if (typeof value !== "string" || value === "" || value.length > MAX_LENGTH) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  if (FORBIDDEN.test(value) || ENCODED_FORBIDDEN.test(value)) return fallback;
  let url: URL;
  let site: URL;
  try {
    site = new URL(origin);
    url = new URL(value, site);
  } catch {
    return fallback;
  }
  if (url.origin !== site.origin) return fallback;
  const target = url.pathname + url.search + url.hash;
  if (!target.startsWith("/") || target.startsWith("//") || !isSafeHeaderValue(target)) {
    return fallback;
  }
  return target;
}
