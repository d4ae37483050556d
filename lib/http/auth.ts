/** Sign-in assertions that narrow the request state (saaskit's `assertSignedIn`). */
import type { ClerkSession, State } from "../state.ts";
import { HttpError } from "../web/mod.ts";
import { redirectTarget } from "./redirect.ts";
import { type ClerkRole, hasRole } from "../../domain/clerks.ts";

export type ClerkState = State & { clerk: ClerkSession };

/** A signed-in clerk (401 otherwise) holding `role` (403 otherwise; admin holds every role). */
export function assertClerk(state: State, role?: ClerkRole): asserts state is ClerkState {
  if (!state.clerk) throw new HttpError(401);
  if (role && !hasRole(state.clerk.roles, role)) throw new HttpError(403);
}

/**
 * Only a path on this site may be a post-login destination (no open redirect): the one
 * redirect-target check, `redirectTarget` (lib/http/redirect.ts).
 */
export function safeNext(
  value: string | null | undefined,
  fallback = "/urad",
  origin?: string,
): string {
  return redirectTarget(value, fallback, origin);
}

/** Where the hand-off page is (routes/prihlaseni/pokracovat.tsx). */
export const HANDOFF_PATH = "/prihlaseni/pokracovat";

/**
 * Where a form's POST sends the browser next: straight to `next`, or, when `next` continues an
 * application's sign-in at the town's OpenID provider (`/oidc/…`, which ends with a redirect to
 * the application), to the hand-off page first. Browsers apply the page's CSP `form-action
 * 'self'` to the whole redirect chain of a form's POST and would stop that last redirect; the
 * hand-off page's instant refresh starts a new navigation, which the policy does not govern.
 */
export function afterForm(next: string): string {
  return next.startsWith("/oidc/") ? `${HANDOFF_PATH}?dalsi=${encodeURIComponent(next)}` : next;
}
