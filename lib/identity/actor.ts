/**
 * Who did it, for the audit log: the signed-in person, and while they act under a granted
 * representation, also the party they act for ("every action records both persons"). Spread
 * it into `appendAudit`: `appendAudit(db, { ...auditActor(state), action, … })`.
 */
import type { State } from "../state.ts";
import { HttpError } from "../web/mod.ts";
import { onBehalfOfRef } from "../../domain/representation.ts";

export interface PersonActor {
  actorType: "person";
  actorId: string;
  onBehalfOf: string | null;
}

export function auditActor(state: Pick<State, "person">): PersonActor {
  const person = state.person;
  if (!person) throw new HttpError(401);
  const acting = person.actingFor;
  return {
    actorType: "person",
    actorId: person.personId,
    // The represented person's id when the office linked one; for a company (or an unlinked
    // person) the representation itself names them.
    onBehalfOf: acting
      ? onBehalfOfRef({
        id: acting.representationId,
        represented_person_id: acting.representedPersonId ?? null,
      })
      : null,
  };
}
