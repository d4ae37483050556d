/**
 * Turns the manifest's route files into a route table with Fresh's file-system conventions:
 * `index`, `[id]`, `[...slug]`, `(group)` folders, and the `_app`, `_layout`, `_middleware`,
 * `_error`, `_404` special files.
 */
import type {
  Manifest,
  Middleware,
  ModuleLike,
  PageComponent,
  RouteConfig,
  RouteHandler,
} from "./types.ts";

export interface Route<S> {
  /** Manifest key, e.g. `./routes/posts/[id].tsx`. */
  file: string;
  /** Fresh-style pattern for `ctx.route`, e.g. `/posts/:id`, `/docs/:slug*`. */
  pattern: string;
  handler?: RouteHandler<unknown, S>;
  component?: PageComponent<unknown, S>;
  config: RouteConfig;
  /** `_middleware` handlers of enclosing folders, outermost first. */
  middlewares: Middleware<S>[];
  /** `_layout` components of enclosing folders, outermost first. */
  layouts: PageComponent<unknown, S>[];
  segments: Segment[];
}

export interface RouteTable<S> {
  /** Most specific first: the first route that matches wins. */
  routes: Route<S>[];
  app?: PageComponent<unknown, S>;
  notFound?: Route<S>;
  error?: Route<S>;
  /** Middleware of the routes folder itself, run also for paths no route matches. */
  rootMiddlewares: Middleware<S>[];
}

type Segment =
  | { kind: "static"; text: string }
  | { kind: "param"; regex: RegExp; names: string[]; display: string; mixed: boolean }
  | { kind: "rest"; name: string };

const ROUTE_FILE = /^\.\/routes\/(.+)\.(tsx?|jsx?)$/;

interface RouteFile {
  key: string;
  /** Folders below `routes/`, groups included: they scope layouts and middleware. */
  dir: string[];
  name: string;
  module: ModuleLike;
}

export function buildRouteTable<S>(manifest: Manifest): RouteTable<S> {
  const files = Object.entries(manifest.routes).map(([key, module]) => parseRouteFile(key, module));
  const layouts = new Map<string, { component: PageComponent<unknown, S>; config: RouteConfig }>();
  const middleware = new Map<string, Middleware<S>[]>();
  const table: RouteTable<S> = { routes: [], rootMiddlewares: [] };
  const pages: RouteFile[] = [];

  for (const file of files) {
    const dirKey = file.dir.join("/");
    switch (file.name) {
      case "_app":
        assertRoot(file);
        table.app = pageComponent<S>(file);
        break;
      case "_layout":
        layouts.set(dirKey, { component: pageComponent<S>(file), config: configOf(file.module) });
        break;
      case "_middleware":
        middleware.set(dirKey, middlewareOf<S>(file));
        break;
      case "_error":
      case "_404":
        assertRoot(file);
        pages.push(file);
        break;
      default:
        if (!file.name.startsWith("_")) pages.push(file);
    }
  }

  const chain = <T>(dir: string[], byDir: Map<string, T>): T[] =>
    ancestors(dir).flatMap((key) => byDir.has(key) ? [byDir.get(key)!] : []);

  for (const file of pages) {
    const config = configOf(file.module);
    const isErrorPage = file.name === "_404" || file.name === "_error";
    const route: Route<S> = {
      file: file.key,
      ...(isErrorPage ? { pattern: "", segments: [] } : routePath(file)),
      handler: handlerOf<S>(file),
      component: typeof file.module.default === "function" ? pageComponent<S>(file) : undefined,
      config,
      middlewares: chain(file.dir, middleware).flat(),
      layouts: config.skipInheritedLayouts ? [] : layoutChain(chain(file.dir, layouts)),
    };
    if (!route.handler && !route.component) {
      throw new Error(`${file.key} exports neither a handler nor a default page component`);
    }
    if (file.name === "_404") table.notFound = route;
    else if (file.name === "_error") table.error = route;
    else table.routes.push(route);
  }

  table.rootMiddlewares = middleware.get("") ?? [];
  table.routes.sort(bySpecificity);
  assertUniquePatterns(table.routes);
  return table;
}

/** Finds the route for a path already split into URL-decoded segments. */
export function matchRoute<S>(
  table: RouteTable<S>,
  segments: string[],
): { route: Route<S>; params: Record<string, string> } | null {
  // A route of static segments only is the most specific one for its path (static ranks first
  // at every position), so a lookup by the whole path finds it without trying the others.
  const exact = staticRoutes(table).get(segments.join("\0"));
  if (exact) return { route: exact, params: {} };
  for (const route of table.routes) {
    const params = matchSegments(route.segments, segments);
    if (params) return { route, params };
  }
  return null;
}

const staticTables = new WeakMap<RouteTable<unknown>, Map<string, Route<unknown>>>();

/** The table's routes without parameters, by their segments joined with NUL (never in a path). */
function staticRoutes<S>(table: RouteTable<S>): Map<string, Route<S>> {
  let map = staticTables.get(table as RouteTable<unknown>) as Map<string, Route<S>> | undefined;
  if (!map) {
    map = new Map();
    for (const route of table.routes) {
      if (!route.segments.every((s) => s.kind === "static")) continue;
      const key = route.segments.map((s) => (s as { text: string }).text).join("\0");
      if (!map.has(key)) map.set(key, route);
    }
    staticTables.set(table as RouteTable<unknown>, map as Map<string, Route<unknown>>);
  }
  return map;
}

function matchSegments(pattern: Segment[], path: string[]): Record<string, string> | null {
  if (pattern.length !== path.length && pattern[pattern.length - 1]?.kind !== "rest") return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const segment = pattern[i];
    if (segment.kind === "rest") {
      params[segment.name] = path.slice(i).join("/");
      return params;
    }
    const part = path[i];
    if (part === undefined) return null;
    if (segment.kind === "static") {
      if (part !== segment.text) return null;
      continue;
    }
    const match = segment.regex.exec(part);
    if (!match) return null;
    segment.names.forEach((name, j) => params[name] = match[j + 1]);
  }
  return path.length === pattern.length ? params : null;
}

function parseRouteFile(key: string, module: ModuleLike): RouteFile {
  const match = ROUTE_FILE.exec(key);
  if (!match) throw new Error(`Manifest route key must look like ./routes/…/name.tsx: ${key}`);
  const parts = match[1].split("/");
  return { key, module, name: parts.pop()!, dir: parts };
}

function routePath(file: RouteFile): { segments: Segment[]; pattern: string } {
  const parts = [...file.dir, file.name]
    .filter((part) => !/^\(.+\)$/.test(part))
    .filter((part, i, all) => !(part === "index" && i === all.length - 1));
  const segments = parts.map(parseSegment);
  const restAt = segments.findIndex((s) => s.kind === "rest");
  if (restAt >= 0 && restAt !== segments.length - 1) {
    throw new Error(`${file.key}: a [...catch-all] segment must be the last one`);
  }
  return { segments, pattern: "/" + segments.map(displaySegment).join("/") };
}

const PARAM = /\[(\.\.\.)?([^\]/]+)\]/g;

function parseSegment(text: string): Segment {
  const rest = /^\[\.\.\.([^\]]+)\]$/.exec(text);
  if (rest) return { kind: "rest", name: rest[1] };
  const names: string[] = [];
  let source = "";
  let last = 0;
  for (const match of text.matchAll(PARAM)) {
    if (match[1]) throw new Error(`[...${match[2]}] must be a whole path segment`);
    source += escapeRegExp(text.slice(last, match.index)) + "(.+?)";
    names.push(match[2]);
    last = match.index + match[0].length;
  }
  if (names.length === 0) return { kind: "static", text };
  source += escapeRegExp(text.slice(last));
  const display = text.replace(PARAM, (_, __, name: string) => `:${name}`);
  return {
    kind: "param",
    regex: new RegExp(`^${source}$`),
    names,
    display,
    mixed: text !== `[${names[0]}]`,
  };
}

function displaySegment(segment: Segment): string {
  if (segment.kind === "static") return segment.text;
  if (segment.kind === "rest") return `:${segment.name}*`;
  return segment.display;
}

/** Static beats mixed (`[id].json`) beats `[param]` beats the path's end beats `[...rest]`. */
function rank(segment: Segment): number {
  if (segment.kind === "static") return 4;
  if (segment.kind === "param") return segment.mixed ? 3 : 2;
  return 0;
}
const END_RANK = 1;

function bySpecificity<S>(a: Route<S>, b: Route<S>): number {
  const ra = [...a.segments.map(rank), END_RANK];
  const rb = [...b.segments.map(rank), END_RANK];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    if (ra[i] !== rb[i]) return rb[i] - ra[i];
  }
  return a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0;
}

function assertUniquePatterns<S>(routes: Route<S>[]): void {
  // Two routes clash when their segments match the same paths, whatever the params are named.
  const shape = (s: Segment) =>
    s.kind === "static" ? `=${s.text}` : s.kind === "rest" ? "*" : s.regex.source;
  const seen = new Map<string, string>();
  for (const route of routes) {
    const key = route.segments.map(shape).join("/");
    const other = seen.get(key);
    if (other) throw new Error(`${route.file} and ${other} both serve ${route.pattern}`);
    seen.set(key, route.file);
  }
}

/** Keeps layouts from the innermost one that says `skipInheritedLayouts` inwards. */
function layoutChain<S>(
  layouts: { component: PageComponent<unknown, S>; config: RouteConfig }[],
): PageComponent<unknown, S>[] {
  const start = layouts.findLastIndex((layout) => layout.config.skipInheritedLayouts);
  return layouts.slice(Math.max(start, 0)).map((layout) => layout.component);
}

/** `["a", "b"]` → `["", "a", "a/b"]`: the folder keys whose special files apply. */
function ancestors(dir: string[]): string[] {
  return [...Array(dir.length + 1).keys()].map((n) => dir.slice(0, n).join("/"));
}

function assertRoot(file: RouteFile): void {
  if (file.dir.length > 0) throw new Error(`${file.key}: ${file.name} belongs in routes/ itself`);
}

// The manifest types modules loosely; here their shapes are checked and the types trusted.
function pageComponent<S>(file: RouteFile): PageComponent<unknown, S> {
  const component = file.module.default;
  if (typeof component !== "function") {
    throw new Error(`${file.key} must default-export a component`);
  }
  return component as PageComponent<unknown, S>;
}

function handlerOf<S>(file: RouteFile): RouteHandler<unknown, S> | undefined {
  const handler = file.module.handler;
  if (handler === undefined || typeof handler === "function") {
    return handler as RouteHandler<unknown, S> | undefined;
  }
  if (typeof handler !== "object" || handler === null) {
    throw new Error(`${file.key}: handler must be a function or an object of methods`);
  }
  return handler as RouteHandler<unknown, S>;
}

function middlewareOf<S>(file: RouteFile): Middleware<S>[] {
  const handler = file.module.handler ?? file.module.default;
  const list = Array.isArray(handler) ? handler : [handler];
  if (!list.every((fn) => typeof fn === "function")) {
    throw new Error(`${file.key} must export handler: a middleware function or an array of them`);
  }
  return list as Middleware<S>[];
}

function configOf(module: ModuleLike): RouteConfig {
  const config = module.config;
  return typeof config === "object" && config !== null ? config as RouteConfig : {};
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
