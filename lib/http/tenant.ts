/**
 * Resolves the town (obec) from the host name. Every row in the database belongs to a tenant,
 * and this is where a request gets its one. Unknown hosts get a Czech 404, except for the
 * operator endpoints and static assets, which do not belong to a town. The host is the `Host`
 * header's (an absolute-form request target naming another host never reaches here: the app's
 * `fetch` refuses it, lib/web/input.ts), and it chooses nothing else: links that leave the
 * request (e-mails) use the town's configured origin, `tenantOrigin`.
 */
import type { MiddlewareHandler } from "hono";
import type { Kysely } from "kysely";
import "./vars.ts";
import type { Database } from "../../db/schema.ts";
import { findTenantByHost } from "../../db/repositories/tenants.ts";
import type { Tenant } from "../state.ts";
import { HttpError } from "../web/mod.ts";
import { config } from "../config.ts";
import { requestInfo } from "./request_id.ts";
import { onDataChange } from "./cache.ts";
import { pathOf } from "../web/static.ts";

const TTL_MS = 30_000;
const TENANTLESS = /^\/(healthz|readyz)$|^\/_frsh\/|^\/gov\/|\.(css|js|svg|png|ico|woff2|txt)$/;

export function tenantResolver(db: () => Kysely<Database>): MiddlewareHandler {
  // Keyed by the raw Host header (or URL, in-process), so a hit parses nothing.
  const cache = new Map<string, { tenant: Tenant | null; until: number }>();
  // A town's record changed (its name, hosts, contacts): ask the database again.
  onDataChange(["tenant"], () => cache.clear());
  return async (c, next) => {
    const raw = c.req.raw.headers.get("host") ?? c.req.url;
    let hit = cache.get(raw);
    if (!hit || hit.until < Date.now()) {
      const host = requestHostname(c.req.raw);
      hit = { tenant: await findTenantByHost(db(), host), until: Date.now() + TTL_MS };
      if (cache.size > 1000) cache.clear();
      cache.set(raw, hit);
    }
    c.set("tenant", hit.tenant);
    if (hit.tenant) {
      const info = requestInfo(c.req.raw);
      if (info) info.tenant = { id: hit.tenant.id, slug: hit.tenant.slug };
    } else if (!TENANTLESS.test(pathOf(c.req.url))) {
      throw new HttpError(404, "errors.unknownTenant");
    }
    await next();
  };
}

/** The host name the town is chosen by: `Host` without the port, else the URL's (in-process). */
export function requestHostname(req: Request): string {
  const host = req.headers.get("host");
  const hostname = host ? new URL(`http://${host}`).hostname : new URL(req.url).hostname;
  return hostname.toLowerCase().replace(/\.$/, "");
}

const LOOPBACK = /^(localhost|.+\.localhost|127\.0\.0\.1|\[::1\])$/;

/**
 * The origin of the town's portal for links in e-mails and messages, never taken from the
 * request: the configured `public_origin`, else `https://` + its first host. Outside production
 * a loopback origin (the demo towns' `http://localhost:8000`) gets the port this process was
 * told to listen on (`PORT`), so links work when the start or test command picked another port.
 */
export function tenantOrigin(tenant: Pick<Tenant, "publicOrigin" | "hosts">): string {
  const url = new URL(tenant.publicOrigin || `https://${tenant.hosts[0] ?? "localhost"}`);
  const { appEnv, port } = config();
  if (appEnv !== "production" && LOOPBACK.test(url.hostname) && port > 0) {
    url.port = String(port);
  }
  return url.origin;
}
