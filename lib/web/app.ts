/**
 * `createApp`: routes a request through Hono middleware, static files, island bundles and the
 * route table, runs `_middleware` chains and the handler, and renders pages and error pages.
 */
import { type Context as HonoContext, Hono, type MiddlewareHandler } from "hono";
import type { ComponentType } from "preact";
import { HttpError, isPageResponse, page as pageData, type PageResponse } from "./page.ts";
import { injectBeforeBodyEnd, islandScripts, registerIsland, renderPage } from "./render.ts";
import { buildRouteTable, matchRoute, type Route, type RouteTable } from "./routes.ts";
import { type FileReader, IMMUTABLE, pathOf, staticFiles } from "./static.ts";
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
  /**
   * Headers every static file is sent with besides its type, caching and ETag (e.g. security
   * headers). Static files are answered before any middleware runs: they are the same for every
   * visitor, so they need no tenant, session or per-request header.
   */
  staticHeaders?: readonly (readonly [string, string])[];
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

  // Headers that middleware set with `c.header()` (and `setCookie`) before the response exists
  // are collected in a plain list and written once, onto the one Response a request makes:
  // every Response constructed or copied with headers costs tens of µs in Deno.
  hono.use((c, next) => {
    const list = new PreparedHeaders();
    prepared.set(c.req.raw, list);
    const original = c.header;
    c.header = ((name: string, value?: string, opts?: { append?: boolean }) => {
      if (c.finalized) return original(name, value as string, opts);
      if (value === undefined) list.delete(name);
      else if (opts?.append) list.append(name, value);
      else list.set(name, value);
    }) as typeof c.header;
    return next();
  });
  for (const middleware of options.middleware ?? []) hono.use(middleware);
  const serveStatic = staticReader(options);
  const staticHeaders = (options.staticHeaders ?? []).map(([n, v]): [string, string] => [n, v]);
  /** An island bundle: the same for everyone, answered before any middleware. */
  const serveIsland = async (req: Request, path: string): Promise<Response> => {
    const file = islands.length > 0
      ? (await bundle()).files.get(path.slice(JS_PREFIX.length))
      : undefined;
    if (!file) return plainError(404);
    return new Response(req.method === "HEAD" ? null : file, {
      headers: [
        ["Content-Type", "text/javascript; charset=utf-8"],
        ["Cache-Control", IMMUTABLE],
        ...staticHeaders,
      ],
    });
  };
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
      if (req.method === "GET" || req.method === "HEAD") {
        const path = pathOf(req.url);
        if (path.startsWith(JS_PREFIX)) return serveIsland(req, path);
        if (serveStatic) {
          const file = await serveStatic(req);
          if (file) return file;
        }
      }
      const res = await hono.fetch(req, info);
      // A response made outside the route handler (the island bundles, Hono's own 404) gets the
      // prepared headers here.
      const list = prepared.get(req);
      return safeHeaders(list && !list.applied ? withPreparedHeaders(list, res) : res, req);
    },
    hono,
    prebuild: async () => {
      if (islands.length > 0) await bundle();
    },
  };
}

const prepared = new WeakMap<Request, PreparedHeaders>();

/**
 * The headers middleware set for a request before its response exists, in order. Names compare
 * case-insensitively; `set` replaces every earlier value of the name, `append` adds one.
 */
export class PreparedHeaders {
  readonly entries: [string, string][] = [];
  /** Set once they were written onto the response. */
  applied = false;

  set(name: string, value: string): void {
    this.delete(name);
    this.entries.push([name, value]);
  }

  append(name: string, value: string): void {
    this.entries.push([name, value]);
  }

  /** Appends constant headers (shared pairs, not copied), e.g. a precomputed security set. */
  appendAll(headers: readonly (readonly [string, string])[]): void {
    for (const header of headers) this.entries.push(header as [string, string]);
  }

  delete(name: string): void {
    const lower = name.toLowerCase();
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i][0].toLowerCase() === lower) this.entries.splice(i, 1);
    }
  }

  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    return this.entries.find(([n]) => n.toLowerCase() === lower)?.[1];
  }
}

/** The prepared headers of the request `c` handles (an empty list outside `createApp`). */
export function preparedHeaders(c: HonoContext): PreparedHeaders {
  let list = prepared.get(c.req.raw);
  if (!list) prepared.set(c.req.raw, list = new PreparedHeaders());
  return list;
}

/**
 * Writes the prepared headers onto a response a handler made: the response's own headers win
 * (a download's own CSP stays), cookies add up. A response with immutable headers (a fetched one,
 * `Response.redirect`) is copied first.
 */
function withPreparedHeaders(source: HonoContext | PreparedHeaders, res: Response): Response {
  const list = source instanceof PreparedHeaders ? source : prepared.get(source.req.raw);
  if (!list || list.applied) return res;
  list.applied = true;
  if (list.entries.length === 0) return res;
  let headers = res.headers;
  const own = new Set<string>();
  headers.forEach((_, name) => own.add(name));
  try {
    for (const [name, value] of list.entries) {
      const lower = name.toLowerCase();
      if (lower === "set-cookie" || !own.has(lower)) headers.append(name, value);
    }
  } catch { // immutable headers: copy the response, then add
    res = new Response(res.body, res);
    headers = res.headers;
    for (const [name, value] of list.entries) {
      const lower = name.toLowerCase();
      if (lower === "set-cookie" || !own.has(lower)) headers.append(name, value);
    }
  }
  return res;
}

/**
 * A page's response, made once: the body and status, then the prepared headers and the page's
 * own (which win over prepared ones of the same name), appended onto it.
 */
function makeResponse(
  c: HonoContext,
  body: string,
  status: number,
  own: [string, string][],
): Response {
  const res = new Response(body, { status });
  const headers = res.headers;
  const list = prepared.get(c.req.raw);
  if (list && !list.applied) {
    list.applied = true;
    const names = own.length > 0 ? new Set(own.map(([n]) => n.toLowerCase())) : null;
    for (const [name, value] of list.entries) {
      if (!names || !names.has(name.toLowerCase()) || name.toLowerCase() === "set-cookie") {
        headers.append(name, value);
      }
    }
  }
  for (const [name, value] of own) {
    // A string body came with `text/plain` already: replace it.
    if (name.toLowerCase() === "content-type") headers.set(name, value);
    else headers.append(name, value);
  }
  return res;
}

/** A `HeadersInit` as a list of pairs (no Headers object made for the common plain ones). */
function headerPairs(init: HeadersInit | undefined): [string, string][] {
  if (!init) return [];
  if (Array.isArray(init)) return init.map(([n, v]) => [n, v]);
  if (init instanceof Headers) {
    const pairs: [string, string][] = [];
    init.forEach((value, name) => pairs.push([name, value]));
    return pairs;
  }
  return Object.entries(init as Record<string, string>);
}

/**
 * The last guard before a response leaves: a header value that Deno would refuse to write
 * (and abort the process for) turns the response into a plain 500, and is logged. Every place
 * that builds a header from input checks it first (`headerValue`); this catches one that did not.
 */
function safeHeaders(res: Response, req: Request): Response {
  // forEach, not for…of: Deno's header iterator costs a hundred µs per response.
  let unsafe: string | undefined;
  res.headers.forEach((value, name) => {
    if (unsafe === undefined && !isSafeHeaderValue(value)) unsafe = name;
  });
  if (unsafe !== undefined) {
    const name = unsafe;
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
  const own = headerPairs(result?.headers);
  if (!own.some(([name]) => name.toLowerCase() === "content-type")) {
    own.push(["Content-Type", "text/html; charset=utf-8"]);
  }
  return makeResponse(ctx.hono, html, result?.status ?? 200, own);
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

/**
 * The CSP nonce for the page's scripts: asked for only when a page has scripts, so a page
 * without any needs none. Middleware offers it as the context variable `cspNonce`, a function
 * that makes the nonce (and puts it into the CSP) on first use; Hono's `secureHeaders` with its
 * `NONCE` helper sets `secureHeadersNonce` instead.
 */
function cspNonce(c: HonoContext): string | undefined {
  const get = c.get as (key: string) => unknown;
  const lazy = get("cspNonce");
  if (typeof lazy === "function") return lazy();
  const nonce = get("secureHeadersNonce");
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
  if (options.staticFiles) return staticFiles(options.staticFiles, options.staticHeaders);
  const base = new URL(options.manifest.baseUrl);
  if (base.protocol !== "file:") return undefined;
  return staticFiles(
    denoFileReader(new URL(`${options.staticDir ?? "static"}/`, base)),
    options.staticHeaders,
  );
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
