/** Sign-in assertions that narrow the request state (saaskit's `assertSignedIn`). */
import type { ClerkSession, State } from "./state.ts";
import { HttpError } from "./web/mod.ts";
import { redirectTarget } from "./http/redirect.ts";

export type ClerkState = State & { clerk: ClerkSession };

export function assertClerk(state: State, role?: string): asserts state is ClerkState {
  if (!state.clerk) throw new HttpError(401);
  if (role && !state.clerk.roles.includes(role) && !state.clerk.roles.includes("admin")) {
    throw new HttpError(403);
  }
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
