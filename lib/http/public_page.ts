/**
 * Public pages that a CDN and the browser may keep: an anonymous request gets
 * `Cache-Control: public, max-age=0, s-maxage=60, stale-while-revalidate=300`, a strong `ETag`
 * and a 304 to a matching `If-None-Match`. A request with a session gets the page without them
 * (the session middleware makes it `private, no-store`), and so does one that switches the
 * language (`?lang=` answers with a cookie, which no shared cache may keep).
 *
 * The ETag is a digest of what the page renders from: the town, the language, the URL, the
 * handler's data and this process's build (templates change only with a new process), so equal
 * ETags mean equal bytes. Such a page must not render anything per request (no CSRF token, no
 * script nonce): guides and the like, which ship no JavaScript.
 */
import { getCookie } from "hono/cookie";
import { page, type PageResponse } from "../web/mod.ts";
import type { Context } from "../web/types.ts";
import type { State } from "../state.ts";
import { SESSION_COOKIE } from "../session.ts";

export const PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=60, stale-while-revalidate=300";

/** Changes with every deployment (a new process), so a new template never matches an old ETag. */
const BUILD = crypto.randomUUID();

async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
  );
  return [...bytes.subarray(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Whether `If-None-Match` names `etag` (a list, `*`, or weak forms of it). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").map((t) => t.trim().replace(/^W\//, "")).includes(etag);
}

/** `page(data)` for a public page: cacheable and revalidated by ETag when anonymous. */
export async function publicPage<T>(
  ctx: Context<State>,
  data: T,
): Promise<Response | PageResponse<T>> {
  const anonymous = !ctx.state.person && !ctx.state.clerk &&
    !getCookie(ctx.hono, SESSION_COOKIE) && !ctx.url.searchParams.has("lang");
  if (!anonymous) return page(data);
  const etag = `"${await digest(
    JSON.stringify([
      BUILD,
      ctx.state.tenant.id,
      ctx.state.locale,
      ctx.url.pathname,
      ctx.url.search,
      data,
    ]),
  )}"`;
  const headers = { "Cache-Control": PUBLIC_CACHE_CONTROL, ETag: etag };
  if (etagMatches(ctx.req.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers });
  }
  return page(data, { headers });
}
