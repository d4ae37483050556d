/** Puts the signed-in clerk or person (if any) on the request. */
import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import "./vars.ts";
import type { Database } from "../../db/schema.ts";
import { readSession, SESSION_COOKIE } from "../session.ts";

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
  };
}
