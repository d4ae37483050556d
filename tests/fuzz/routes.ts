/**
 * The router as the fuzz suite sees it: every route of the manifest with the methods it
 * answers, read from the route modules themselves, so a new route is fuzzed without a fixture.
 */
import type { Manifest } from "../../lib/web/mod.ts";

export const UNSAFE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
const ALL_METHODS = ["GET", ...UNSAFE_METHODS] as const;

export interface FuzzRoute {
  /** `./routes/uredni-deska/[id].tsx` */
  file: string;
  /** The path with every dynamic segment replaced by `param` (already URL-encoded). */
  path(param?: string): string;
  /** Methods the route has a handler (or a page) for. */
  methods: string[];
  /** Whether the path has a dynamic segment. */
  dynamic: boolean;
}

/** `./routes/a/[id]/b.tsx` → `/a/<param>/b`; `index` is the folder; `[...rest]` gets two segments. */
export function routePath(file: string, param: string): string {
  const path = file.replace(/^\.\/routes/, "").replace(/\.tsx?$/, "").replace(/\/index$/, "/")
    .replace(/\[\.\.\.[^\]]+\]/g, `${param}/${param}`).replace(/\[[^\]]+\]/g, param);
  return path || "/";
}

export function fuzzRoutes(manifest: Manifest): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [file, mod] of Object.entries(manifest.routes)) {
    // `_app`, `_layout`, `_middleware`, `_404`, `_error` and `_`-prefixed partials are no routes.
    if (/\/_[^/]*$/.test(file)) continue;
    const handler = (mod as { handler?: unknown }).handler;
    const hasPage = typeof (mod as { default?: unknown }).default === "function";
    let methods: string[];
    if (typeof handler === "function") methods = [...ALL_METHODS];
    else if (handler && typeof handler === "object") {
      methods = ALL_METHODS.filter((m) => m in handler);
      if (hasPage && !methods.includes("GET")) methods.unshift("GET");
    } else methods = ["GET"];
    routes.push({
      file,
      path: (param = crypto.randomUUID()) => routePath(file, param),
      methods,
      dynamic: file.includes("["),
    });
  }
  return routes;
}
