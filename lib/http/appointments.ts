/** What the appointment routes share: the use cases' dependencies and the town they act in. */
import type { State } from "../state.ts";
import { getDb } from "../db.ts";
import { translator } from "../i18n.ts";
import { tenantOrigin } from "./tenant.ts";
import type { AppointmentDeps, AppointmentWhere } from "../../app/appointments.ts";

export function appointmentDeps(): AppointmentDeps {
  return { db: getDb(), now: () => new Date() };
}

/** The town and request; messages in Czech (the town's language: they outlive the request). */
export function appointmentWhere(state: State): AppointmentWhere {
  return {
    tenant: state.tenant,
    origin: tenantOrigin(state.tenant),
    requestId: state.requestId,
    t: translator("cs"),
  };
}

/** The HTTP status of a slot that may not be booked: 409 when full, else 422. */
export function slotStatus(code: string): number {
  return code === "appointmentSlotFull" ? 409 : code === "notFound" ? 404 : 422;
}
