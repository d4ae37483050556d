import { NONCE, secureHeaders } from "hono/secure-headers";
import { type AppOptions, createApp } from "../mod.ts";
import type { FixtureState } from "./define.ts";
import { manifest } from "./routes.gen.ts";

/** The fixture app as tests use it: strict nonce CSP, like the portal's platform middleware. */
export function createFixtureApp(options: Partial<AppOptions<FixtureState>> = {}) {
  return createApp<FixtureState>({
    manifest,
    middleware: [
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'self'"],
          scriptSrc: [NONCE, "'strict-dynamic'"],
        },
      }),
    ],
    initState: () => ({ trail: [] }),
    onError: () => {},
    ...options,
  });
}

export function request(
  app: { fetch(req: Request): Promise<Response> },
  path: string,
  init?: RequestInit,
) {
  return app.fetch(new Request(new URL(path, "http://obec.test"), init));
}
