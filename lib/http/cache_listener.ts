/**
 * Keeps the render cache (render_cache.ts) and the tagged read-model caches (cache.ts) coherent
 * with the database: one connection per web
 * process LISTENs on `portal_cache`, where triggers (db/migrations/2026_12_01_110000_…) announce
 * `<tenant id>:<tag>` whenever public data changes, and drops the entries concerned. The cache
 * is live only while this connection listens: when it is lost the cache empties and serves
 * nothing until the connection is back (retried with a growing pause, at most 10 s), so a
 * notification missed meanwhile cannot leave a stale page behind.
 */
import type pg from "pg";
import { createClient } from "../db.ts";
import { describeError, log } from "../log.ts";
import type { RenderCache } from "./render_cache.ts";
import { invalidateDataCaches } from "./cache.ts";

export const CACHE_CHANNEL = "portal_cache";

export interface CacheListener {
  /** Resolves once the first attempt to listen has ended (listening or not). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function listenForInvalidations(
  cache: RenderCache,
  connectionString: string,
): CacheListener {
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 250;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const lost = (why: string, err?: unknown) => {
    if (cache.live) log.warn(`render cache off: ${why}`, err ? describeError(err) : {});
    cache.live = false;
    cache.clear();
    const old = client;
    client = null;
    old?.end().catch(() => {});
    if (!closed) {
      timer = setTimeout(connect, retryMs);
      unref(timer);
      retryMs = Math.min(retryMs * 2, 10_000);
    }
  };

  async function connect(): Promise<void> {
    timer = undefined;
    if (closed) return;
    const c = createClient(connectionString, (err) => {
      if (client === c) lost("the invalidation listener lost its connection", err);
    });
    client = c;
    try {
      await c.connect();
      c.on("notification", (n) => {
        const payload = n.payload ?? "";
        const colon = payload.indexOf(":");
        const [tenantId, tag] = colon < 0
          ? ["*", "*"]
          : [payload.slice(0, colon), payload.slice(colon + 1)];
        cache.invalidate(tenantId, tag);
        invalidateDataCaches(tenantId, tag);
      });
      c.on("end", () => {
        if (client === c && !closed) lost("the invalidation listener's connection ended");
      });
      await c.query(`LISTEN ${CACHE_CHANNEL}`);
      if (closed) return;
      // Whatever changed while nobody listened: start empty.
      cache.clear();
      invalidateDataCaches("*", "*");
      cache.live = true;
      retryMs = 250;
    } catch (err) {
      if (client === c) lost("the invalidation listener could not connect", err);
    }
  }

  const ready = connect();
  return {
    ready,
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      cache.live = false;
      cache.clear();
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

function unref(t: ReturnType<typeof setTimeout>): void {
  if (typeof t === "number") Deno.unrefTimer(t);
}
