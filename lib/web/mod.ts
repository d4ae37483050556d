/**
 * The web runtime: Fresh 2's route, page, island and middleware API on Hono,
 * preact-render-to-string and esbuild. Routes import from here; islands must not (it would
 * pull the server into the browser bundle).
 */
export { type App, type AppOptions, createApp, PreparedHeaders, preparedHeaders } from "./app.ts";
export { createDefine, type Define } from "./define.ts";
export { HttpError, page, type PageInit, type PageResponse } from "./page.ts";
export { Head } from "./render.ts";
export type { FileReader } from "./static.ts";
export { denoFileReader } from "./static_deno.ts";
export type {
  Context,
  HandlerByMethod,
  HandlerData,
  HandlerFn,
  Manifest,
  Method,
  Middleware,
  PageComponent,
  PageProps,
  RouteConfig,
  RouteHandler,
} from "./types.ts";
