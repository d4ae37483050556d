/**
 * Resolves the town (obec) from the host name. Every row in the database belongs to a tenant,
 * and this is where a request gets its one. Unknown hosts get a Czech 404, except for the
 * operator endpoints and static assets, which do not belong to a town.
 */
import type { MiddlewareHandler } from "hono";
import type { Kysely } from "kysely";
import "./vars.ts";
import type { Database } from "../../db/schema.ts";
import { findTenantByHost } from "../../db/repositories/tenants.ts";
import type { Tenant } from "../state.ts";
import { HttpError } from "../web/mod.ts";

const TTL_MS = 30_000;
const TENANTLESS = /^\/(healthz|readyz)$|^\/_frsh\/|^\/gov\/|\.(css|js|svg|png|ico|woff2|txt)$/;

export function tenantResolver(db: () => Kysely<Database>): MiddlewareHandler {
  const cache = new Map<string, { tenant: Tenant | null; until: number }>();
  return async (c, next) => {
    const host = new URL(c.req.url).hostname.toLowerCase();
    let hit = cache.get(host);
    if (!hit || hit.until < Date.now()) {
      hit = { tenant: await findTenantByHost(db(), host), until: Date.now() + TTL_MS };
      if (cache.size > 1000) cache.clear();
      cache.set(host, hit);
    }
    c.set("tenant", hit.tenant);
    if (!hit.tenant && !TENANTLESS.test(new URL(c.req.url).pathname)) {
      throw new HttpError(404, "errors.unknownTenant");
    }
    await next();
  };
}
