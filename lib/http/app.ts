/**
 * The portal's web app: the Fresh-convention runtime over the route manifest, with the
 * platform middleware in front (order matters: id → log → headers → tenant → locale →
 * body limit → CSRF → session). Response compression is left to Deno.serve, which gzips and
 * brotli-compresses compressible bodies natively and far more cheaply than a JS stream.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { createApp } from "../web/mod.ts";
import { manifest } from "../../routes.gen.ts";
import { config } from "../config.ts";
import { getDb, isConnectionError } from "../db.ts";
import { translator } from "../i18n.ts";
import { describeError, log } from "../log.ts";
import { accessLog, requestId } from "./request_id.ts";
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
    const path = new URL(c.req.url).pathname;
    const bytes =
      BODY_LIMITS.find(([prefix]) =>
        typeof prefix === "string" ? path.startsWith(prefix) : prefix.test(path)
      )?.[1] ??
        DEFAULT_BODY_LIMIT;
    return limiters.get(bytes)!(c, next);
  };
}

export function createPortalApp() {
  const { sessionSecret } = config();
  return createApp<State>({
    manifest,
    staticDir: new URL("../../static/", import.meta.url).pathname,
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
        // A response that brings its own (stricter) header keeps it: a downloaded document's
        // `default-src 'none'; sandbox` must not become the page CSP.
        overwrite: false,
      }),
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
        path: new URL(c.req.url).pathname,
        ...describeError(error),
        stack: error instanceof Error ? error.stack?.split("\n").slice(1, 8).join("\n") : undefined,
      }),
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
