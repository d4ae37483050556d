/**
 * The signed-in person's JSON API (`/api/v1/me/…`): the same session cookie as the pages, the
 * same person and town scoping (the use cases in app/ledger.ts and app/payment_orders.ts).
 * Anyone else — nobody signed in, or a clerk — gets 401 with `WWW-Authenticate`, and every
 * refusal is `application/problem+json` (RFC 9457) with a Czech `title` and `detail`.
 *
 * CSRF: a cookie-authenticated POST must not be forgeable by another site. The platform's
 * middleware (lib/http/csrf.ts) already runs on every unsafe request, `/api` included: it
 * refuses a foreign `Origin` and requires the signed double-submit token, which a JSON client
 * sends in the `X-CSRF-Token` header (the `__Host-csrf` cookie alone is not enough, and another
 * site can neither read the token nor set that header without a CORS preflight this API never
 * grants). Every GET of this API hands the token out in its `X-CSRF-Token` response header, so
 * a script of the portal's own origin can read it and POST. POST additionally requires
 * `Content-Type: application/json` (415 otherwise), which an HTML form cannot send.
 */
import { define } from "../../../../lib/http/define.ts";
import { SESSION_COOKIE } from "../../../../lib/session.ts";
import { translator } from "../../../../lib/i18n.ts";

export const PROBLEM_TYPE = "application/problem+json";
const cs = translator("cs");

/** A problem response: `api.<key>.title` / `.detail` in Czech, or `detail` as given. */
export function problem(
  status: number,
  key: string,
  opts: { detail?: string; code?: string; headers?: Record<string, string> } = {},
): Response {
  const body = {
    type: `urn:portal-obcana:problem:${opts.code ?? key}`,
    title: cs(`api.${key}.title`),
    status,
    detail: opts.detail ?? cs(`api.${key}.detail`),
    ...(opts.code ? { code: opts.code } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": `${PROBLEM_TYPE}; charset=utf-8`,
      "Cache-Control": "private, no-store",
      ...opts.headers,
    },
  });
}

/** JSON with the CSRF token a same-origin script needs for its next POST. */
export function json(
  body: unknown,
  csrfToken: string,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "private, no-store",
      "X-CSRF-Token": csrfToken,
      ...init.headers,
    },
  });
}

export const handler = define.middleware((ctx) => {
  if (!ctx.state.person) {
    return problem(401, "unauthorized", {
      headers: {
        "WWW-Authenticate":
          `Cookie realm="portal-obcana", form-action="/prihlaseni", cookie-name="${SESSION_COOKIE}"`,
      },
    });
  }
  return ctx.next();
});
