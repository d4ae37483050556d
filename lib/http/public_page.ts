/**
 * Public pages that a CDN, the browser and the portal's render cache may keep: an anonymous
 * request gets `Cache-Control: public, max-age=0, s-maxage=60, stale-while-revalidate=300`, a
 * strong `ETag` (a digest of the bytes sent) and a 304 to a matching `If-None-Match`; the
 * rendered page is kept, compressed, in the process's render cache (render_cache.ts) until the
 * data named by `tags` changes. A request with a session gets the page without any of this (the
 * session middleware makes it `private, no-store`), and so does one that switches the language
 * (`?lang=` answers with a cookie, which no shared cache may keep).
 *
 * Such a page must not render anything per request: no CSRF token, no script nonce (guides,
 * the notice board and the like ship no JavaScript). A page that does anyway (a form with its
 * token) is sent, but not kept.
 */
import { page, type PageResponse } from "../web/mod.ts";
import type { Context } from "../web/types.ts";
import type { State } from "../state.ts";
import { SESSION_COOKIE } from "../session.ts";

export const PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=60, stale-while-revalidate=300";

/**
 * Data a public page shows, as the database triggers name it (`notices`, `guides`, `defects`,
 * `tenant`…); `*` for a page that shows something no tag names: then any change of its town's
 * public data drops it, and it expires after a minute in any case.
 */
export type CacheTag = string;

export interface PublicPageOptions {
  /** What the page shows; default `*`. */
  tags?: readonly CacheTag[];
}

/** The tags of a public page answered to an anonymous request (read by the render cache). */
const publicRequests = new WeakMap<Request, readonly CacheTag[]>();

/** The tags `req`'s page declared, if it is a public page answered to an anonymous request. */
export function publicPageTags(req: Request): readonly CacheTag[] | undefined {
  return publicRequests.get(req);
}

/**
 * Whether `ctx`'s request is one a public page may answer cacheably: nobody signed in, no session
 * cookie (not even an expired one), no language switch (`lang` in the query sets a cookie).
 */
export function isAnonymous(ctx: Context<State>): boolean {
  return !ctx.state.person && !ctx.state.clerk &&
    !(ctx.req.headers.get("cookie") ?? "").includes(`${SESSION_COOKIE}=`) &&
    !ctx.url.search.includes("lang=");
}

/** `page(data)` for a public page: cacheable and revalidated by ETag when anonymous. */
export function publicPage<T>(
  ctx: Context<State>,
  data: T,
  options: PublicPageOptions = {},
): PageResponse<T> {
  if (!isAnonymous(ctx)) return page(data);
  publicRequests.set(ctx.req, options.tags ?? ["*"]);
  return page(data, { headers: { "Cache-Control": PUBLIC_CACHE_CONTROL } });
}
