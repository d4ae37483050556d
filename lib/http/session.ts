/**
 * Puts the signed-in clerk or person (if any) on the request, and marks every response to a
 * request with a session, and every page under /ucet and /urad, `private, no-store`.
 */
import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import "./vars.ts";
import type { Database } from "../../db/schema.ts";
import { readSession, SESSION_COOKIE } from "../session.ts";

/** The personal account and the clerk workspace. */
const PERSONAL = /^\/(ucet|urad)(\/|$)/;
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
    await next();
    // Whatever a route said about caching: nothing answered to a session, and nothing of the
    // personal account or the clerk workspace, may be kept by a browser or any cache between.
    if (token || PERSONAL.test(new URL(c.req.url).pathname)) {
      if (!STATIC_ASSET.test(new URL(c.req.url).pathname)) {
        try {
          c.res.headers.set("Cache-Control", "private, no-store");
        } catch { // immutable headers (a fetched or Response.redirect response): copy it
          const res = new Response(c.res.body, c.res);
          res.headers.set("Cache-Control", "private, no-store");
          c.res = undefined;
          c.res = res;
        }
      }
    }
  };
}
