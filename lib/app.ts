/**
 * The portal's web app: the Fresh-convention runtime over the route manifest, with the
 * platform middleware in front (order matters: id → log → headers → tenant → locale →
 * body limit → CSRF → session). Response compression is left to Deno.serve, which gzips and
 * brotli-compresses compressible bodies natively and far more cheaply than a JS stream.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { createApp } from "./web/mod.ts";
import { manifest } from "../routes.gen.ts";
import { config } from "./config.ts";
import { getDb } from "./db.ts";
import { translator } from "./i18n.ts";
import { accessLog, requestId } from "./http/request_id.ts";
import { tenantResolver } from "./http/tenant.ts";
import { localeResolver } from "./http/locale.ts";
import { csrfProtection } from "./http/csrf.ts";
import { sessionReader } from "./http/session.ts";
import type { State } from "./state.ts";
import { HttpError } from "./web/mod.ts";

/** Largest request body: a notice with ten 10 MB documents fits, anything else is far smaller. */
const MAX_BODY_BYTES = 110 * 1024 * 1024;
const MAX_PUBLIC_BODY_BYTES = 1024 * 1024;

function limitBodies(): MiddlewareHandler {
  const large = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new HttpError(413, "errors.tooLarge");
    },
  });
  const small = bodyLimit({
    maxSize: MAX_PUBLIC_BODY_BYTES,
    onError: () => {
      throw new HttpError(413, "errors.tooLarge");
    },
  });
  return (c, next) => (new URL(c.req.url).pathname.startsWith("/urad/") ? large : small)(c, next);
}

export function createPortalApp() {
  const { sessionSecret } = config();
  return createApp<State>({
    manifest,
    staticDir: new URL("../static/", import.meta.url).pathname,
    middleware: [
      requestId(),
      accessLog(),
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'self'"],
          scriptSrc: [NONCE, "'strict-dynamic'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
        strictTransportSecurity: "max-age=31536000; includeSubDomains",
        referrerPolicy: "strict-origin-when-cross-origin",
        permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
      }),
      tenantResolver(getDb),
      localeResolver(),
      limitBodies(),
      csrfProtection(sessionSecret),
      sessionReader(getDb, sessionSecret),
    ],
    initState: (c) => {
      const locale = c.get("locale") ?? "cs";
      const csrf = c.get("csrfToken");
      return {
        requestId: c.get("requestId"),
        tenant: c.get("tenant")!,
        locale,
        t: translator(locale),
        nonce: c.get("secureHeadersNonce") ?? "",
        get csrfToken() {
          return csrf ? csrf() : "";
        },
        clerk: c.get("clerk") ?? null,
        person: c.get("person") ?? null,
      };
    },
  });
}
