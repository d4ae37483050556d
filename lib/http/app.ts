/**
 * The portal's web app: the Fresh-convention runtime over the route manifest, with the
 * platform middleware in front (order matters: id → security headers → tenant → locale →
 * body limit → CSRF → session), and before all of it the render cache's fast path: an anonymous
 * GET of a public page that is in the cache is answered from there, with no middleware run
 * (render_cache.ts). Static files are answered before the middleware too (lib/web/app.ts).
 * Every response gets one line in the access log, buffered and written off the request path
 * (lib/log.ts).
 *
 * Response compression: Deno.serve does not compress, so a cached page is kept gzip and brotli
 * compressed (once) and static stylesheets are compressed at build time (scripts/vendor_gov.ts);
 * other responses go out as they are (personal pages change with every request; a reverse
 * proxy may compress them).
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createApp } from "../web/mod.ts";
import { manifest } from "../../routes.gen.ts";
import { config } from "../config.ts";
import { getDb, isConnectionError } from "../db.ts";
import { translator } from "../i18n.ts";
import { describeError, log } from "../log.ts";
import { requestId, requestInfo } from "./request_id.ts";
import { securityHeaders, STATIC_SECURITY_HEADERS } from "./security_headers.ts";
import { cacheKey, keyLocale, RenderCache } from "./render_cache.ts";
import { type CacheListener, listenForInvalidations } from "./cache_listener.ts";
import { publicPageTags } from "./public_page.ts";
import { readEnv } from "../env.ts";
import { pathOf } from "../web/static.ts";
import type { Locale, Translate } from "../state.ts";
import { tenantResolver } from "./tenant.ts";
import { localeResolver } from "./locale.ts";
import { csrfProtection } from "./csrf.ts";
import { sessionReader } from "./session.ts";
import type { State } from "../state.ts";
import { HttpError } from "../web/mod.ts";

/**
 * Largest request body per path: a notice may carry ten 10 MB documents, a request for
 * representation one 10 MB document; every other form is far smaller. A larger body gets a
 * Czech 413 page before anything reads it.
 */
const BODY_LIMITS: [prefix: string | RegExp, bytes: number][] = [
  ["/urad/", 110 * 1024 * 1024],
  ["/ucet/zastoupeni", 11 * 1024 * 1024],
  // A life situation's form: up to three 10 MB attachments and the fields.
  [/^\/zivotni-situace\/[^/]+\/formular$/, 31 * 1024 * 1024],
];
const DEFAULT_BODY_LIMIT = 1024 * 1024;

function limitBodies(): MiddlewareHandler {
  const tooLarge = () => {
    throw new HttpError(413, "errors.tooLarge");
  };
  const limiters = new Map(
    [...BODY_LIMITS.map(([, bytes]) => bytes), DEFAULT_BODY_LIMIT].map((
      bytes,
    ) => [bytes, bodyLimit({ maxSize: bytes, onError: tooLarge })]),
  );
  return (c, next) => {
    // Only a request with a body has one to limit.
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const path = pathOf(c.req.url);
    const bytes =
      BODY_LIMITS.find(([prefix]) =>
        typeof prefix === "string" ? path.startsWith(prefix) : prefix.test(path)
      )?.[1] ??
        DEFAULT_BODY_LIMIT;
    return limiters.get(bytes)!(c, next);
  };
}

/** Translators made once per language; a message without parameters is looked up once. */
const translators = new Map<Locale, Translate>();
function cachedTranslator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    const base = translator(locale);
    const plain = new Map<string, string>();
    t = (key, params) => {
      if (params) return base(key, params);
      let text = plain.get(key);
      if (text === undefined) plain.set(key, text = base(key));
      return text;
    };
    translators.set(locale, t);
  }
  return t;
}

/** `PAGE_CACHE=off` turns the render cache off (the benchmark measures both). */
export function pageCacheEnabled(): boolean {
  return (readEnv("PAGE_CACHE") ?? "on") !== "off";
}

export interface PortalApp {
  fetch(req: Request, info?: unknown): Response | Promise<Response>;
  /** Builds the island bundles and starts listening for cache invalidations. */
  prebuild(): Promise<void>;
  /** The render cache (for tests and the benchmark's report). */
  cache: RenderCache;
  close(): Promise<void>;
}

export function createPortalApp(options: { pageCache?: boolean } = {}): PortalApp {
  const { sessionSecret } = config();
  const app = createApp<State>({
    manifest,
    staticDir: new URL("../../static/", import.meta.url).pathname,
    staticHeaders: STATIC_SECURITY_HEADERS,
    middleware: [
      requestId(),
      securityHeaders(),
      tenantResolver(getDb),
      localeResolver(),
      limitBodies(),
      csrfProtection(sessionSecret),
      sessionReader(getDb, sessionSecret),
    ],
    // A lost database connection (failover, restart, a reaper) is a Czech 503, not a 500: the
    // pool reconnects and the next request succeeds.
    classifyError: (error) => {
      if (!isConnectionError(error)) return undefined;
      log.warn("request lost its database connection", describeError(error));
      return new HttpError(503, "errors.unavailableText");
    },
    // One JSON line per unexpected error, with the request id the error page shows, so an
    // operator can find it; never the request body.
    onError: (error, c) =>
      log.error("request failed", {
        requestId: c.get("requestId"),
        method: c.req.method,
        path: pathOf(c.req.url),
        ...describeError(error),
        stack: error instanceof Error ? error.stack?.split("\n").slice(1, 8).join("\n") : undefined,
      }),
    initState: (c) => {
      const locale = c.get("locale") ?? "cs";
      const csrf = c.get("csrfToken");
      const nonce = c.get("cspNonce");
      return {
        requestId: c.get("requestId"),
        tenant: c.get("tenant")!,
        locale,
        t: cachedTranslator(locale),
        get nonce() {
          return nonce ? nonce() : "";
        },
        get csrfToken() {
          return csrf ? csrf() : "";
        },
        clerk: c.get("clerk") ?? null,
        person: c.get("person") ?? null,
      };
    },
  });

  const cache = new RenderCache({ enabled: options.pageCache ?? pageCacheEnabled() });
  let listener: CacheListener | undefined;
  // Listening also keeps the tagged read-model caches fresh, so it runs with the cache off too.
  const listen = () => (listener ??= listenForInvalidations(cache, config().databaseUrl)).ready;

  // Synchronous on the fast path: Deno.serve sends a Response returned as such without the
  // round through the microtask queue that a promise costs.
  const fetch = (req: Request, info?: unknown): Response | Promise<Response> => {
    const started = performance.now();
    const method = req.method;
    const key = method === "GET" || method === "HEAD" ? cacheKey(req) : null;
    // The fast path: a public page already rendered for an anonymous visitor.
    if (key !== null && cache.live) {
      const entry = cache.get(key);
      if (entry) {
        const requestId = crypto.randomUUID();
        const res = cache.respond(entry, req, requestId);
        if (log.requestsLogged) {
          log.request({
            requestId,
            tenant: entry.tenantSlug,
            method,
            path: pathOf(req.url),
            status: res.status,
            ms: performance.now() - started,
            via: "cache",
          });
        }
        return res;
      }
    }
    return render(req, info, key, started, method);
  };

  const render = async (
    req: Request,
    info: unknown,
    key: string | null,
    started: number,
    method: string,
  ): Promise<Response> => {
    if (!listener) listen();
    const generation = cache.generation;
    let res = await app.fetch(req, info);
    const request = requestInfo(req);
    // With the cache off (PAGE_CACHE=off) a public page goes out as rendered: public
    // Cache-Control, but no ETag (that comes with the cache, from the bytes it keeps).
    const tags = key !== null && cache.enabled ? publicPageTags(req) : undefined;
    if (
      tags && res.status === 200 && request?.tenant && !request.personal &&
      res.headers.get("content-language") === keyLocale(key!) && !res.headers.has("set-cookie") &&
      !(res.headers.get("content-security-policy") ?? "").includes("'nonce-")
    ) {
      res = await cache.store(key!, req, res, {
        tenantId: request.tenant.id,
        tenantSlug: request.tenant.slug,
        tags,
        generation,
      });
    }
    if (log.requestsLogged) {
      log.request({
        requestId: request?.id ?? "-",
        tenant: request?.tenant?.slug,
        method,
        path: pathOf(req.url),
        status: res.status,
        ms: performance.now() - started,
      });
    }
    return res;
  };

  return {
    fetch,
    cache,
    prebuild: async () => {
      await app.prebuild();
      await listen();
    },
    close: async () => {
      await listener?.close();
      listener = undefined;
    },
  };
}
