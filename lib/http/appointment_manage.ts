/**
 * The booking's page for its holder (issue 15), by id for the signed-in person
 * (`/ucet/rezervace/<id>`) or by the e-mailed token (`/rezervace/sprava/<token>`): its facts,
 * the invitation to download, and until 2 hours before the start a move (the service's slots of
 * a chosen day) and a cancellation (after a confirmation page). Web only.
 */
import type { Context } from "../web/mod.ts";
import { HttpError, page } from "../web/mod.ts";
import type { State } from "../state.ts";
import {
  type BookingRef,
  cancelAppointment,
  findBooking,
  moveAppointment,
  serviceDay,
  type SlotView,
} from "../../app/appointments.ts";
import { appointmentDeps, appointmentWhere, slotStatus } from "./appointments.ts";
import { cleanText } from "../../domain/validation.ts";
import { isConfirmed } from "./confirm.ts";
import { formatPragueDate } from "../../domain/time.ts";

export type ManageData = NonNullable<Awaited<ReturnType<typeof manageData>>>;

async function manageData(
  state: State,
  ref: BookingRef,
  date: string | null,
  extra: { problem?: { code: string; next: SlotView[] } | null; confirmCancel?: boolean } = {},
) {
  const deps = appointmentDeps();
  const found = await findBooking(deps, state.tenant.id, ref);
  if (!found) return null;
  const day = found.changeable
    ? await serviceDay(
      deps,
      state.tenant.id,
      found.service.slug,
      date ?? formatPragueDate(found.appointment.starts_at),
    )
    : null;
  return {
    service: found.service,
    a: found.appointment,
    changeable: found.changeable,
    day,
    problem: extra.problem ?? null,
    confirmCancel: extra.confirmCancel ?? false,
  };
}

export async function manageGet(ctx: Context<State>, ref: BookingRef) {
  const data = await manageData(ctx.state, ref, ctx.url.searchParams.get("den"));
  if (!data) throw new HttpError(404);
  return page(data);
}

export async function managePost(ctx: Context<State>, ref: BookingRef) {
  // Someone else's booking (or another town's) is a 404 whatever the form says.
  if (!(await findBooking(appointmentDeps(), ctx.state.tenant.id, ref))) throw new HttpError(404);
  const form = await ctx.formData();
  const action = cleanText(form.get("action"));
  const where = appointmentWhere(ctx.state);
  const back = ctx.url.pathname;
  if (action === "move") {
    const r = await moveAppointment(appointmentDeps(), where, ref, cleanText(form.get("slot")));
    if (r.ok) return ctx.redirect(`${back}?presunuto=1`);
    if (r.code === "notFound") throw new HttpError(404);
    const data = await manageData(ctx.state, ref, null, {
      problem: { code: r.code, next: "next" in r ? r.next : [] },
    });
    if (!data) throw new HttpError(404);
    return page(data, { status: r.code === "appointmentTooLate" ? 409 : slotStatus(r.code) });
  }
  if (action === "cancel") {
    if (!isConfirmed(form)) {
      const data = await manageData(ctx.state, ref, null, { confirmCancel: true });
      if (!data) throw new HttpError(404);
      return page(data);
    }
    const r = await cancelAppointment(appointmentDeps(), where, ref);
    if (r.ok) return ctx.redirect(`${back}?zruseno=1`);
    if (r.code === "notFound") throw new HttpError(404);
    const data = await manageData(ctx.state, ref, null, { problem: { code: r.code, next: [] } });
    if (!data) throw new HttpError(404);
    return page(data, { status: 409 });
  }
  throw new HttpError(400);
}
