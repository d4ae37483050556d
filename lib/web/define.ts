import type { HandlerData, Middleware, PageComponent, RouteHandler } from "./types.ts";

/**
 * Identity helpers that type handlers, pages, middleware and layouts with the app's State
 * (Fresh 2's `createDefine`). `define.page<typeof handler>(…)` types `props.data` from what the
 * handler passes to `page(data)`.
 */
export interface Define<S> {
  handlers<H extends RouteHandler<unknown, S>>(handlers: H): H;
  page<H = never, T = HandlerData<H>>(render: PageComponent<T, S>): PageComponent<T, S>;
  middleware<M extends Middleware<S> | Middleware<S>[]>(middleware: M): M;
  layout(render: PageComponent<unknown, S>): PageComponent<unknown, S>;
}

export function createDefine<S>(): Define<S> {
  return {
    handlers: (handlers) => handlers,
    page: (render) => render,
    middleware: (middleware) => middleware,
    layout: (render) => render,
  };
}
