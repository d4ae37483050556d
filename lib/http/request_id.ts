/** A request id for every request: taken from a trusted proxy's header if well-formed, else new. */
import type { MiddlewareHandler } from "hono";
import "./vars.ts";
import { log } from "../log.ts";

const WELL_FORMED = /^[A-Za-z0-9._-]{8,64}$/;

export function requestId(): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const id = incoming && WELL_FORMED.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    await next();
  };
}

/**
 * One JSON line per request: method, path (no query string: it may carry what a person typed),
 * status, duration, ids. Never bodies, cookies or names.
 */
export function accessLog(): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log.info("request", {
      requestId: c.get("requestId"),
      tenant: c.get("tenant")?.slug,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
