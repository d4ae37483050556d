import type { ComponentChildren, ComponentType } from "preact";
import type { Context as HonoContext } from "hono";
import type { PageResponse } from "./page.ts";

/** The per-request context every handler, middleware and error page receives. */
export interface Context<S> {
  readonly req: Request;
  readonly url: URL;
  /** Values of the route's `[name]` and `[...name]` segments, URL-decoded. */
  readonly params: Record<string, string>;
  /** Shared by every middleware and the handler of one request; middleware fills it. */
  state: S;
  /** The matched route's pattern, e.g. `/posts/:id` (empty when nothing matched). */
  readonly route: string;
  /** In middleware: run the rest of the chain (inner middleware, then the route). */
  next(): Promise<Response>;
  /** Set while rendering `_error`/`_404`. */
  error?: unknown;
  /** The request body as form data, parsed once: safe to call from middleware and handler. */
  formData(): Promise<FormData>;
  redirect(location: string, status?: number): Response;
  /** The underlying Hono context: an escape hatch, not part of Fresh's API. */
  readonly hono: HonoContext;
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type HandlerResult<T> = Response | PageResponse<T>;
export type HandlerFn<T, S> = (
  ctx: Context<S>,
) => HandlerResult<T> | Promise<HandlerResult<T>>;
export type HandlerByMethod<T, S> = { [M in Method]?: HandlerFn<T, S> };
export type RouteHandler<T, S> = HandlerFn<T, S> | HandlerByMethod<T, S>;

export type Middleware<S> = (ctx: Context<S>) => Response | Promise<Response>;

export interface PageProps<T = undefined, S = unknown> {
  data: T;
  url: URL;
  params: Record<string, string>;
  state: S;
  route: string;
  /** In `_app` and `_layout`: the content to wrap. In a page: renders nothing. */
  Component: ComponentType;
  error?: unknown;
}

export type PageComponent<T, S> = (props: PageProps<T, S>) => ComponentChildren;

/** The data type a handler passes to `page(data)`; `undefined` for a page without a handler. */
export type HandlerData<H> = [H] extends [never] ? undefined
  : H extends (...args: never[]) => infer R ? PageData<Awaited<R>>
  : { [M in keyof H]-?: H[M] extends (...args: never[]) => infer R ? PageData<Awaited<R>> : never }[
    keyof H
  ];
type PageData<R> = R extends PageResponse<infer T> ? T : never;

export interface RouteConfig {
  /** Render without the `_layout`s of enclosing folders. */
  skipInheritedLayouts?: boolean;
  /** Render without `_app` (route modules only). */
  skipAppWrapper?: boolean;
}

/** A module as the manifest holds it (`import * as $0 from …`). */
export type ModuleLike = { readonly [name: string]: unknown };

/** The generated `routes.gen.ts`: every route and island module, keyed by path from `baseUrl`. */
export interface Manifest {
  routes: Record<string, ModuleLike>;
  islands: Record<string, ModuleLike>;
  baseUrl: string;
}
