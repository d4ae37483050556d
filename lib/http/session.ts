/**
 * Puts the signed-in clerk or person (if any) on the request, and marks every response to a
 * request with a session, and every response under /ucet, /urad and /api/v1/me,
 * `private, no-store` — the default of every response whose route declares nothing else.
 */
import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import "./vars.ts";
import type { Database } from "../../db/schema.ts";
import { readSession, SESSION_COOKIE } from "../session.ts";
import { preparedHeaders } from "../web/mod.ts";
import { pathOf } from "../web/static.ts";

/** The personal account, the clerk workspace and the personal API. */
export const PERSONAL = /^\/(ucet|urad|api\/v1\/me)(\/|$)/;
export const PRIVATE = "private, no-store";
/** Static files and island bundles: the same for everyone, so cached as they say. */
const STATIC_ASSET = /^\/_frsh\/|^\/gov\/|\.(css|js|svg|png|ico|woff2?|txt|map|webmanifest)$/;

export function sessionReader(db: () => Kysely<Database>, secret: string): MiddlewareHandler {
  return async (c, next) => {
    const tenant = c.get("tenant");
    const token = getCookie(c, SESSION_COOKIE);
    let signedIn = { clerk: null, person: null } as Awaited<ReturnType<typeof readSession>>;
    if (tenant && token) {
      signedIn = await readSession(db(), secret, tenant.id, token);
      if (!signedIn.clerk && !signedIn.person) {
        deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
      }
    }
    c.set("clerk", signedIn.clerk);
    c.set("person", signedIn.person);
    // A response is private unless its route says otherwise (a public page, a document, the
    // open data): a new page cannot become cacheable by mistake. Whatever a route says, nothing
    // answered to a session, and nothing of the personal account, the clerk workspace or the
    // personal API, may be kept by a browser or any cache between: enforced afterwards.
    preparedHeaders(c).append("Cache-Control", PRIVATE);
    const path = pathOf(c.req.url);
    const personal = (token !== undefined || PERSONAL.test(path)) && !STATIC_ASSET.test(path);
    await next();
    if (personal && c.res.headers.get("Cache-Control") !== PRIVATE) {
      try {
        c.res.headers.set("Cache-Control", PRIVATE);
      } catch { // immutable headers (a fetched or Response.redirect response): copy it
        const res = new Response(c.res.body, c.res);
        res.headers.set("Cache-Control", PRIVATE);
        c.res = undefined;
        c.res = res;
      }
    }
  };
}
