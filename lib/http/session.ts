/** Puts the signed-in clerk (if any) on the request. */
import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import "./vars.ts";
import type { Database } from "../../db/schema.ts";
import { readClerkSession, SESSION_COOKIE } from "../session.ts";

export function sessionReader(db: () => Kysely<Database>, secret: string): MiddlewareHandler {
  return async (c, next) => {
    const tenant = c.get("tenant");
    const token = getCookie(c, SESSION_COOKIE);
    let clerk = null;
    if (tenant && token) {
      clerk = await readClerkSession(db(), secret, tenant.id, token);
      if (!clerk) deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    }
    c.set("clerk", clerk);
    await next();
  };
}
