/**
 * Who acts, as a use case takes it (app/deps.ts): the signed-in clerk, or the signed-in person
 * and, while they act under a granted representation, also the party they act for ("every
 * action records both persons").
 */
import type { State } from "../../state.ts";
import type { ClerkState } from "../auth.ts";
import { HttpError } from "../../web/mod.ts";
import { onBehalfOfRef } from "../../../domain/representation.ts";
import type { ClerkActor, PersonActor } from "../../../app/deps.ts";
import type { SignedInRef } from "../../../app/identity.ts";

/** The signed-in clerk as a use case's actor. */
export function clerkActor(state: ClerkState): ClerkActor {
  return { tenantId: state.tenant.id, clerkId: state.clerk.clerkId, requestId: state.requestId };
}

/** The signed-in person (401 otherwise), whom they act for, and their session. */
export function personActor(
  state: Pick<State, "person" | "tenant" | "requestId">,
): PersonActor & { sessionId: string; actingFor: string | null } {
  const person = state.person;
  if (!person) throw new HttpError(401);
  const acting = person.actingFor;
  return {
    tenantId: state.tenant.id,
    personId: person.personId,
    // The represented person's id when the office linked one; for a company (or an unlinked
    // person) the representation itself names them.
    onBehalfOf: acting
      ? onBehalfOfRef({
        id: acting.representationId,
        represented_person_id: acting.representedPersonId ?? null,
      })
      : null,
    requestId: state.requestId,
    sessionId: person.sessionId,
    actingFor: acting?.representationId ?? null,
  };
}

/** Whoever is signed in (a clerk first), with their session; null for nobody. */
export function signedInRef(
  state: Pick<State, "clerk" | "person" | "tenant" | "requestId">,
): SignedInRef | null {
  const base = { tenantId: state.tenant.id, requestId: state.requestId };
  if (state.clerk) {
    return { ...base, kind: "clerk", id: state.clerk.clerkId, sessionId: state.clerk.sessionId };
  }
  if (state.person) {
    return {
      ...base,
      kind: "person",
      id: state.person.personId,
      sessionId: state.person.sessionId,
    };
  }
  return null;
}
