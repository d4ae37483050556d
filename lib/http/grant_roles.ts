/** Who may work with grant payouts: a clerk with the `grants` or the `finance` role. */
import type { State } from "../state.ts";
import { assertClerk, type ClerkState } from "./auth.ts";
import { hasRole } from "../../domain/clerks.ts";
import { HttpError } from "../web/mod.ts";

export function assertGrantsOrFinance(state: State): asserts state is ClerkState {
  assertClerk(state);
  const roles = state.clerk.roles;
  if (!hasRole(roles, "grants") && !hasRole(roles, "finance")) throw new HttpError(403);
}
