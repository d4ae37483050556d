/**
 * `createApp`: routes a request through Hono middleware, static files, island bundles and the
 * route table, runs `_middleware` chains and the handler, and renders pages and error pages.
 */
import { type Context as HonoContext, Hono, type MiddlewareHandler } from "hono";
import type { ComponentType } from "preact";
import { HttpError, isPageResponse, page as pageData, type PageResponse } from "./page.ts";
import { injectBeforeBodyEnd, islandScripts, registerIsland, renderPage } from "./render.ts";
import { buildRouteTable, matchRoute, type Route, type RouteTable } from "./routes.ts";
import { type FileReader, IMMUTABLE, staticFiles } from "./static.ts";
import { denoFileReader } from "./static_deno.ts";
import type { IslandBundle, IslandSource } from "./bundle.ts";
import {
  badRequestPage,
  checkedUrl,
  cleanFormData,
  cleanInput,
  isSafeHeaderValue,
  locationValue,
  MAX_SEGMENT_BYTES,
  refusedTarget,
  utf8Length,
} from "./input.ts";
import type { Context, HandlerFn, Manifest, Method } from "./types.ts";

export interface AppOptions<S> {
  manifest: Manifest;
  /** Folder of static files, relative to the manifest's folder; default `static`. */
  staticDir?: string;
  /** Where static files come from instead of `staticDir` (e.g. on an edge runtime). */
  staticFiles?: FileReader;
  /** Hono middleware run before anything else, e.g. `secureHeaders`, request ids, logging. */
  middleware?: MiddlewareHandler[];
  /** Builds `ctx.state` for each request, e.g. from Hono variables set by `middleware`. */
  initState?: (c: HonoContext) => S | Promise<S>;
  /** Told about every unexpected error (not `HttpError`); by default logged as a JSON line. */
  onError?: (error: unknown, c: HonoContext) => void;
  /**
   * Turns an error that has a known meaning into an `HttpError` (e.g. a lost database
   * connection into a 503 page); anything else stays unexpected (500).
   */
  classifyError?: (error: unknown) => HttpError | undefined;
  /** Minify island bundles; default true. */
  minify?: boolean;
}

export interface App {
  /** `info` is what Deno.serve passes (the connection); Hono hands it to `getConnInfo`. */
  fetch(req: Request, info?: unknown): Promise<Response>;
  hono: Hono;
  /** Builds the island bundles now instead of on the first page that needs them. */
  prebuild(): Promise<void>;
}

const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const JS_PREFIX = "/_frsh/js/";

export function createApp<S = Record<string, unknown>>(options: AppOptions<S>): App {
  const table = buildRouteTable<S>(options.manifest);
  const islands = registerIslands(options.manifest);
  const bundle = lazyBundle(islands, options.minify ?? true);
  const onError = options.onError ?? logError;
  const classify = (error: unknown) => options.classifyError?.(error) ?? error;
  const hono = new Hono();

  for (const middleware of options.middleware ?? []) hono.use(middleware);
  hono.get(`${JS_PREFIX}:file`, async (c) => {
    const file = islands.length > 0 ? (await bundle()).files.get(c.req.param("file")) : undefined;
    if (!file) return c.text("Nenalezeno.", 404);
    return new Response(file, {
      headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": IMMUTABLE },
    });
  });
  const serveStatic = staticReader(options);
  if (serveStatic) {
    hono.use(async (c, next) => {
      const response = await serveStatic(c.req.raw);
      if (response) return response;
      await next();
    });
  }
  hono.all("*", async (c) => {
    const ctx = createContext(c, {} as S);
    try {
      if (options.initState) ctx.state = await options.initState(c);
      ctx.url = checkedUrl(ctx.url);
      return withPreparedHeaders(c, await dispatch(table, ctx, bundle));
    } catch (error) {
      return withPreparedHeaders(
        c,
        await errorResponse(table, ctx, classify(error), bundle, onError),
      );
    }
  });
  hono.onError(async (error, c) => {
    // Thrown by platform middleware (CSRF, tenant, body limit): still give the error page
    // whatever state can be built, so it speaks the visitor's language and shows the town.
    const ctx = createContext(c, {} as S);
    if (options.initState) {
      try {
        ctx.state = await options.initState(c);
      } catch { /* render with the empty state */ }
    }
    return withPreparedHeaders(
      c,
      await errorResponse(table, ctx, classify(error), bundle, onError),
    );
  });

  return {
    fetch: async (req, info) => {
      const refused = refusedTarget(req);
      if (refused) return badRequestPage();
      return safeHeaders(await hono.fetch(req, info), req);
    },
    hono,
    prebuild: async () => {
      if (islands.length > 0) await bundle();
    },
  };
}

/**
 * Headers that Hono middleware set before `next()` (`c.header()`, `setCookie()`) live on the Hono
 * context until a response is made through it; routes return plain Responses, so merge them in.
 */
function withPreparedHeaders(c: HonoContext, res: Response): Response {
  return c.newResponse(res.body, res);
}

/**
 * The last guard before a response leaves: a header value that Deno would refuse to write
 * (and abort the process for) turns the response into a plain 500, and is logged. Every place
 * that builds a header from input checks it first (`headerValue`); this catches one that did not.
 */
function safeHeaders(res: Response, req: Request): Response {
  for (const [name, value] of res.headers) {
    if (isSafeHeaderValue(value)) continue;
    console.error(JSON.stringify({
      time: new Date().toISOString(),
      level: "error",
      msg: "response header with an unsafe value refused",
      header: name,
      requestId: res.headers.get("x-request-id") ?? undefined,
      method: req.method,
      path: new URL(req.url).pathname,
    }));
    res.body?.cancel().catch(() => {});
    return plainError(500);
  }
  return res;
}

/** The context as a middleware or handler sees it; `route` and `params` are set once matched. */
interface MutableContext<S> extends Context<S> {
  url: URL;
  route: string;
  params: Record<string, string>;
}

function createContext<S>(c: HonoContext, state: S): MutableContext<S> {
  let form: Promise<FormData> | undefined;
  return {
    req: c.req.raw,
    url: new URL(c.req.url),
    params: {},
    state,
    route: "",
    hono: c,
    next: () => Promise.reject(new Error("ctx.next() is only available in middleware")),
    // Hono caches the parsed body, so middleware (CSRF checks) and the handler can both read it;
    // the checked copy is made once per request.
    formData: () =>
      form ??= c.req.formData().then(cleanFormData, (error) => {
        throw error instanceof HttpError
          ? error
          : new HttpError(400, "Tělo požadavku není formulář.");
      }),
    redirect: (location, status = 303) =>
      new Response(null, { status, headers: { Location: locationValue(location) } }),
  };
}

type BundleLoader = () => Promise<IslandBundle>;

function dispatch<S>(
  table: RouteTable<S>,
  ctx: MutableContext<S>,
  bundle: BundleLoader,
): Promise<Response> {
  const matched = matchRoute(table, pathSegments(ctx.url.pathname));
  if (!matched) {
    return runMiddleware(ctx, table.rootMiddlewares, () => {
      throw new HttpError(404);
    });
  }
  ctx.route = matched.route.pattern;
  ctx.params = matched.params;
  return runMiddleware(
    ctx,
    matched.route.middlewares,
    () => runRoute(table, matched.route, ctx, bundle),
  );
}

/** Runs `middlewares` outermost first; each one's `ctx.next()` runs the rest, then `last`. */
function runMiddleware<S>(
  ctx: MutableContext<S>,
  middlewares: ((ctx: Context<S>) => Response | Promise<Response>)[],
  last: () => Response | Promise<Response>,
): Promise<Response> {
  const run = async (i: number): Promise<Response> => {
    const middleware = middlewares[i];
    if (!middleware) return await last();
    ctx.next = () => run(i + 1);
    const response = await middleware(ctx);
    if (!(response instanceof Response)) throw new Error("A middleware did not return a Response");
    return response;
  };
  return run(0);
}

async function runRoute<S>(
  table: RouteTable<S>,
  route: Route<S>,
  ctx: MutableContext<S>,
  bundle: BundleLoader,
): Promise<Response> {
  const method = ctx.req.method === "HEAD" ? "GET" : ctx.req.method;
  const handler = pickHandler(route, method);
  if (handler === "not allowed") {
    return new Response("Metoda není povolena.", {
      status: 405,
      headers: { Allow: allowedMethods(route).join(", ") },
    });
  }
  const result = handler ? await handler(ctx) : undefined;
  if (result instanceof Response) return result;
  if (result !== undefined && !isPageResponse(result)) {
    throw new Error(`The handler of ${route.file} returned neither a Response nor page(…)`);
  }
  return await pageResponse(table, route, ctx, result, bundle);
}

function pickHandler<S>(
  route: Route<S>,
  method: string,
): HandlerFn<unknown, S> | undefined | "not allowed" {
  const { handler } = route;
  if (typeof handler === "function") return handler;
  if (!handler) return method === "GET" ? undefined : "not allowed";
  return handler[method as Method] ?? "not allowed";
}

function allowedMethods<S>(route: Route<S>): string[] {
  const { handler } = route;
  const methods = typeof handler === "object" ? METHODS.filter((m) => handler[m]) : ["GET"];
  return methods.includes("GET") ? [...methods, "HEAD"] : methods;
}

async function pageResponse<S>(
  table: RouteTable<S>,
  route: Route<S>,
  ctx: MutableContext<S>,
  result: PageResponse<unknown> | undefined,
  bundle: BundleLoader,
): Promise<Response> {
  if (!route.component) throw new Error(`${route.file} has no page component to render`);
  const rendered = renderPage({
    app: route.config.skipAppWrapper ? undefined : table.app,
    layouts: route.layouts,
    page: route.component,
    props: {
      data: result?.data,
      url: ctx.url,
      params: ctx.params,
      state: ctx.state,
      route: ctx.route,
      error: ctx.error,
    },
  });
  let html = rendered.html;
  if (rendered.islands.length > 0) {
    const { client, islands } = await bundle();
    const urls = { client: JS_PREFIX + client, islands: prefixed(islands) };
    html = injectBeforeBodyEnd(html, islandScripts(rendered, urls, cspNonce(ctx.hono)));
  }
  const headers = new Headers(result?.headers);
  if (!headers.has("Content-Type")) headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(html, { status: result?.status ?? 200, headers });
}

async function errorResponse<S>(
  table: RouteTable<S>,
  ctx: MutableContext<S>,
  error: unknown,
  bundle: BundleLoader,
  onError: (error: unknown, c: HonoContext) => void,
): Promise<Response> {
  const status = error instanceof HttpError ? error.status : 500;
  if (!(error instanceof HttpError)) onError(error, ctx.hono);
  const page = status === 404 && table.notFound ? table.notFound : table.error;
  if (!page) return plainError(status);
  ctx.error = error;
  try {
    return await pageResponse(table, page, ctx, pageData(undefined, { status }), bundle);
  } catch (renderError) {
    onError(renderError, ctx.hono);
    return plainError(500);
  }
}

/**
 * A path split into URL-decoded segments: `/a/b%20c` → `["a", "b c"]`, `/` → `[]`. A segment
 * longer than `MAX_SEGMENT_BYTES` or holding a control character names nothing here: 404.
 */
function pathSegments(pathname: string): string[] {
  if (pathname === "/") return [];
  let segments: string[];
  try {
    segments = pathname.slice(1).split("/").map(decodeURIComponent);
  } catch {
    throw new HttpError(400, "Malformed URL");
  }
  for (const segment of segments) {
    if (utf8Length(segment) > MAX_SEGMENT_BYTES) throw new HttpError(404);
    try {
      cleanInput(segment);
    } catch {
      throw new HttpError(404);
    }
  }
  return segments;
}

/** Set by Hono's `secureHeaders` middleware when its CSP uses the `NONCE` helper. */
function cspNonce(c: HonoContext): string | undefined {
  const nonce = (c.var as Record<string, unknown>).secureHeadersNonce;
  return typeof nonce === "string" ? nonce : undefined;
}

function registerIslands(manifest: Manifest): IslandSource[] {
  const names = new Set<string>();
  return Object.entries(manifest.islands).map(([key, module]) => {
    const name = /([^/]+)\.[jt]sx?$/.exec(key)?.[1] ?? key;
    if (!/^[A-Z][A-Za-z0-9]*$/.test(name) || names.has(name)) {
      throw new Error(`Island files need unique PascalCase names: ${key}`);
    }
    if (typeof module.default !== "function") {
      throw new Error(`${key} must default-export its component`);
    }
    names.add(name);
    registerIsland(name, module.default as ComponentType<Record<string, unknown>>);
    return { name, url: new URL(key, manifest.baseUrl).href };
  });
}

function lazyBundle(islands: IslandSource[], minify: boolean): BundleLoader {
  let building: Promise<IslandBundle> | undefined;
  return () => {
    if (!building) {
      building = import("./bundle.ts").then(({ bundleIslands }) => bundleIslands(islands, minify));
      building.catch(() => building = undefined); // let the next request try again
    }
    return building;
  };
}

function staticReader<S>(options: AppOptions<S>) {
  if (options.staticFiles) return staticFiles(options.staticFiles);
  const base = new URL(options.manifest.baseUrl);
  if (base.protocol !== "file:") return undefined;
  return staticFiles(denoFileReader(new URL(`${options.staticDir ?? "static"}/`, base)));
}

function prefixed(files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files].map(([name, file]) => [name, JS_PREFIX + file]));
}

function plainError(status: number): Response {
  const text = status >= 500
    ? "Nastala chyba serveru."
    : status === 404
    ? "Stránka nenalezena."
    : "Požadavek nelze zpracovat.";
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** One JSON line per unexpected error: enough to find it, never the request body. */
function logError(error: unknown, c: HonoContext): void {
  console.error(JSON.stringify({
    time: new Date().toISOString(),
    level: "error",
    msg: "request failed",
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    error: error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack }
      : String(error),
  }));
}
