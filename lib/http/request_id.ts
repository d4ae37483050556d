/**
 * A request id for every request (taken from a trusted proxy's header if well-formed, else new),
 * and what the access log needs to know about a request beyond its response: its id and town,
 * and whether it rendered something for this visitor alone (a CSRF token), which the render
 * cache must not keep.
 */
import type { MiddlewareHandler } from "hono";
import "./vars.ts";
import { preparedHeaders } from "../web/mod.ts";

const WELL_FORMED = /^[A-Za-z0-9._-]{8,64}$/;

export interface RequestInfo {
  id: string;
  tenant?: { id: string; slug: string };
  /** The page holds something made for this visitor (a CSRF token): never cached. */
  personal?: boolean;
}

const infos = new WeakMap<Request, RequestInfo>();

/** What the platform middleware learnt about `req` (undefined before `requestId` ran). */
export function requestInfo(req: Request): RequestInfo | undefined {
  return infos.get(req);
}

export function requestId(): MiddlewareHandler {
  return (c, next) => {
    const incoming = c.req.raw.headers.get("x-request-id");
    const id = incoming && WELL_FORMED.test(incoming) ? incoming : crypto.randomUUID();
    infos.set(c.req.raw, { id });
    c.set("requestId", id);
    preparedHeaders(c).append("X-Request-Id", id);
    return next();
  };
}
