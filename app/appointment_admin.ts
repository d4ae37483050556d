/**
 * The clerk's settings of appointments (issue 15, review), each one transaction with its audit
 * entry:
 * - `saveService`: a service's names (Czech, English), department, place, duration, desks,
 *   serving clerks and whether it is offered; `addHours`, `removeHours`: its weekly hours.
 *   Free slots are computed from these at every request, so a change applies to them at once;
 *   seats already taken (bookings, blocks) are rows of their own and stay.
 * - `unblockSeat`: a clerk frees time that they or a colleague blocked.
 * - `addException`: a closed day or extra hours. Closing a day that has bookings first answers
 *   how many (the route asks to confirm); confirmed, each booking is cancelled in the same
 *   transaction (seat freed, SEQUENCE + 1, the `METHOD:CANCEL` e-mail with a link to book
 *   another time — an SMS for a caller who left only a phone number — the reminder's workflow
 *   ended through the outbox). A retried request finds the
 *   same closed day and no booking left: nothing is written twice, nobody is told twice (the
 *   e-mail's idempotency key is the booking's id and SEQUENCE).
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { isUuid } from "../db/repositories/ledger.ts";
import { findService, lockAppointment } from "../db/repositories/appointments.ts";
import {
  addDays,
  validateException,
  type Weekday,
  type WeeklyHours,
} from "../domain/appointments.ts";
import {
  type ServiceDraft,
  type ServiceInput,
  validateHours,
  validateService,
} from "../domain/appointment_admin.ts";
import { appointmentChanged } from "../domain/workflows.ts";
import { formatPragueDate, pragueStartOfDay } from "../domain/time.ts";
import type { FieldError } from "../domain/validation.ts";
import { sendMessage } from "../lib/messaging.ts";
import {
  type AppointmentDeps,
  bookerTranslator,
  type ClerkCtx,
  formatSlot,
  sendInvitation,
  timing,
} from "./appointments.ts";

type Invalid = { ok: false; errors: FieldError<string>[] };

async function audit(
  trx: Transaction<Database>,
  ctx: ClerkCtx,
  action: string,
  subject: { type: string; id: string },
  details: Record<string, unknown>,
) {
  await appendAudit(trx, {
    tenantId: ctx.where.tenant.id,
    actorType: "clerk",
    actorId: ctx.clerkId,
    requestId: ctx.where.requestId,
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    details,
  });
}

/** The town's active clerks, to choose who serves a service. */
export function townClerks(db: Kysely<Database>, tenantId: string) {
  return db.selectFrom("clerks").select(["id", "display_name"])
    .where("tenant_id", "=", tenantId).where("active", "=", true)
    .orderBy("display_name").execute();
}

/** Every service of the town (also those not offered), with its weekly hours and clerks. */
export async function serviceSettings(db: Kysely<Database>, tenantId: string) {
  const [services, hours, clerks] = await Promise.all([
    db.selectFrom("appointment_services").selectAll().where("tenant_id", "=", tenantId)
      .orderBy("department").orderBy("name").execute(),
    db.selectFrom("appointment_hours").selectAll().where("tenant_id", "=", tenantId)
      .orderBy("weekday").orderBy("opens_minute").execute(),
    db.selectFrom("appointment_service_clerks").select(["service_id", "clerk_id"])
      .where("tenant_id", "=", tenantId).execute(),
  ]);
  return services.map((s) => ({
    ...s,
    hours: hours.filter((h) => h.service_id === s.id).map((h) => ({
      id: h.id,
      weekday: h.weekday as Weekday,
      opens: h.opens_minute,
      closes: h.closes_minute,
    })),
    clerkIds: clerks.filter((c) => c.service_id === s.id).map((c) => c.clerk_id),
  }));
}

export type ServiceSettings = Awaited<ReturnType<typeof serviceSettings>>[number];

/** One service's settings, or null when not this town's. */
export async function oneServiceSettings(db: Kysely<Database>, tenantId: string, id: string) {
  if (!isUuid(id)) return null;
  return (await serviceSettings(db, tenantId)).find((s) => s.id === id) ?? null;
}

/**
 * Creates (`id` null) or edits a service. A new one's address (`slug`) must be free in the town;
 * an edited one keeps its address. Serving clerks must be the town's.
 */
export async function saveService(
  deps: AppointmentDeps,
  ctx: ClerkCtx,
  id: string | null,
  input: ServiceInput,
): Promise<{ ok: true; id: string } | Invalid | { ok: false; code: "notFound" }> {
  const tenantId = ctx.where.tenant.id;
  const existing = id === null ? null : await oneServiceSettings(deps.db, tenantId, id);
  if (id !== null && !existing) return { ok: false, code: "notFound" };
  const checked = validateService(existing ? { ...input, slug: existing.slug } : input);
  if (!checked.ok) return checked;
  const v: ServiceDraft = checked.value;
  // A longer duration must still fit every range of the service's hours.
  const tooShort = existing?.hours.find((h) => h.closes - h.opens < v.durationMinutes);
  if (tooShort) {
    return {
      ok: false,
      errors: [{
        field: "duration",
        code: "appointmentDurationTooLong",
        params: { minutes: tooShort.closes - tooShort.opens },
      }],
    };
  }
  const clerks = await townClerks(deps.db, tenantId);
  if (v.clerkIds.some((c) => !clerks.some((k) => k.id === c))) {
    return { ok: false, errors: [{ field: "clerkIds", code: "invalidChoice" }] };
  }
  const row = {
    department: v.department,
    name: v.name,
    name_en: v.nameEn,
    location: v.location,
    description: v.description,
    duration_minutes: v.durationMinutes,
    desks: v.desks,
    active: v.active,
  };
  return await deps.db.transaction().execute(async (trx) => {
    let serviceId: string;
    if (existing) {
      await trx.updateTable("appointment_services").set(row)
        .where("tenant_id", "=", tenantId).where("id", "=", existing.id).execute();
      serviceId = existing.id;
    } else {
      const created = await trx.insertInto("appointment_services")
        .values({ tenant_id: tenantId, slug: v.slug, ...row })
        .onConflict((oc) => oc.columns(["tenant_id", "slug"]).doNothing())
        .returning("id").executeTakeFirst();
      if (!created) {
        return { ok: false as const, errors: [{ field: "slug", code: "appointmentSlugTaken" }] };
      }
      serviceId = created.id;
    }
    await trx.deleteFrom("appointment_service_clerks").where("tenant_id", "=", tenantId)
      .where("service_id", "=", serviceId).execute();
    if (v.clerkIds.length) {
      await trx.insertInto("appointment_service_clerks").values(
        v.clerkIds.map((clerk_id) => ({ tenant_id: tenantId, service_id: serviceId, clerk_id })),
      ).execute();
    }
    const changed = existing
      ? Object.fromEntries(
        Object.entries(row).filter(([k, value]) =>
          (existing as Record<string, unknown>)[k] !== value
        ),
      )
      : row;
    await audit(
      trx,
      ctx,
      existing ? "appointment.serviceChanged" : "appointment.serviceCreated",
      { type: "appointment_service", id: serviceId },
      {
        slug: v.slug,
        changed,
        clerks: v.clerkIds,
        ...(existing ? { clerksBefore: existing.clerkIds } : {}),
      },
    );
    return { ok: true as const, id: serviceId };
  });
}

/**
 * A range of weekly hours checked against the service's other ranges (all of them for a new one,
 * all but itself for `changing`), with the service's row locked: two clerks editing its hours at
 * once check against each other's. `before` is the range being changed.
 */
async function checkRange(
  trx: Transaction<Database>,
  tenantId: string,
  serviceId: string,
  input: { weekday: string; opens: string; closes: string },
  changing: string | null,
): Promise<
  | { ok: true; value: WeeklyHours; before: WeeklyHours | null }
  | Invalid
  | { ok: false; code: "notFound" }
> {
  const service = await trx.selectFrom("appointment_services").select(["id", "duration_minutes"])
    .where("tenant_id", "=", tenantId).where("id", "=", serviceId).forUpdate()
    .executeTakeFirst();
  if (!service) return { ok: false, code: "notFound" };
  const hours = (await trx.selectFrom("appointment_hours")
    .select(["id", "weekday", "opens_minute", "closes_minute"])
    .where("tenant_id", "=", tenantId).where("service_id", "=", serviceId).execute())
    .map((h) => ({
      id: h.id,
      range: { weekday: h.weekday as Weekday, opens: h.opens_minute, closes: h.closes_minute },
    }));
  const before = changing === null ? null : hours.find((h) => h.id === changing)?.range;
  if (before === undefined) return { ok: false, code: "notFound" };
  const checked = validateHours(
    input,
    hours.filter((h) => h.id !== changing).map((h) => h.range),
    service.duration_minutes,
  );
  return checked.ok ? { ...checked, before } : checked;
}

/** Adds weekly hours to a service: no overlap with the weekday's other ranges. */
export async function addHours(
  deps: AppointmentDeps,
  ctx: ClerkCtx,
  serviceId: string,
  input: { weekday: string; opens: string; closes: string },
): Promise<{ ok: true } | Invalid | { ok: false; code: "notFound" }> {
  const tenantId = ctx.where.tenant.id;
  if (!isUuid(serviceId)) return { ok: false, code: "notFound" };
  return await deps.db.transaction().execute(async (trx) => {
    const checked = await checkRange(trx, tenantId, serviceId, input, null);
    if (!checked.ok) return checked;
    const h = checked.value;
    const row = await trx.insertInto("appointment_hours").values({
      tenant_id: tenantId,
      service_id: serviceId,
      weekday: h.weekday,
      opens_minute: h.opens,
      closes_minute: h.closes,
    }).returning("id").executeTakeFirstOrThrow();
    await audit(
      trx,
      ctx,
      "appointment.hoursAdded",
      { type: "appointment_service", id: serviceId },
      {
        hoursId: row.id,
        weekday: h.weekday,
        opens: h.opens,
        closes: h.closes,
      },
    );
    return { ok: true as const };
  });
}

/**
 * Changes one range of a service's weekly hours in place (its day, start or end): checked like a
 * new range against the day's other ranges, in one transaction with its audit entry (before and
 * after). Bookings already made stay, as when a range is removed.
 */
export async function changeHours(
  deps: AppointmentDeps,
  ctx: ClerkCtx,
  serviceId: string,
  hoursId: string,
  input: { weekday: string; opens: string; closes: string },
): Promise<{ ok: true } | Invalid | { ok: false; code: "notFound" }> {
  const tenantId = ctx.where.tenant.id;
  if (!isUuid(serviceId) || !isUuid(hoursId)) return { ok: false, code: "notFound" };
  return await deps.db.transaction().execute(async (trx) => {
    const checked = await checkRange(trx, tenantId, serviceId, input, hoursId);
    if (!checked.ok) return checked;
    const { value: h, before } = checked;
    await trx.updateTable("appointment_hours")
      .set({ weekday: h.weekday, opens_minute: h.opens, closes_minute: h.closes })
      .where("tenant_id", "=", tenantId).where("id", "=", hoursId).execute();
    await audit(
      trx,
      ctx,
      "appointment.hoursChanged",
      { type: "appointment_service", id: serviceId },
      {
        hoursId,
        before,
        after: h,
      },
    );
    return { ok: true as const };
  });
}

/** Removes a range of a service's weekly hours; bookings already made in it stay. */
export async function removeHours(
  deps: AppointmentDeps,
  ctx: ClerkCtx,
  serviceId: string,
  hoursId: string,
): Promise<"ok" | "notFound"> {
  if (!isUuid(serviceId) || !isUuid(hoursId)) return "notFound";
  return await deps.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom("appointment_hours")
      .where("tenant_id", "=", ctx.where.tenant.id).where("service_id", "=", serviceId)
      .where("id", "=", hoursId)
      .returning(["weekday", "opens_minute", "closes_minute"]).executeTakeFirst();
    if (!gone) return "notFound";
    await audit(
      trx,
      ctx,
      "appointment.hoursRemoved",
      { type: "appointment_service", id: serviceId },
      { hoursId, weekday: gone.weekday, opens: gone.opens_minute, closes: gone.closes_minute },
    );
    return "ok";
  });
}

/** Frees a blocked seat (whoever blocked it). Audited with the block's reason and author. */
export async function unblockSeat(
  deps: AppointmentDeps,
  ctx: ClerkCtx,
  input: { serviceId: string; startsAt: string; seat: string },
): Promise<"ok" | "notFound"> {
  const at = new Date(input.startsAt);
  const seat = Number(input.seat);
  if (
    !isUuid(input.serviceId) || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(input.startsAt) ||
    Number.isNaN(at.getTime()) || !/^\d{1,2}$/.test(input.seat)
  ) return "notFound";
  return await deps.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom("appointment_seats")
      .where("tenant_id", "=", ctx.where.tenant.id).where("service_id", "=", input.serviceId)
      .where("starts_at", "=", at).where("seat", "=", seat).where("kind", "=", "block")
      .returning(["blocked_by", "block_reason"]).executeTakeFirst();
    if (!gone) return "notFound";
    await audit(trx, ctx, "appointment.unblocked", {
      type: "appointment_service",
      id: input.serviceId,
    }, {
      startsAt: at.toISOString(),
      seat,
      blockedBy: gone.blocked_by,
      reason: gone.block_reason,
    });
    return "ok";
  });
}

export interface ExceptionInput {
  serviceId: string;
  date: string;
  kind: string;
  opens: string;
  closes: string;
  note: string;
}

/** The bookings a closed day would cancel: booked, that date, that service (or every one). */
function bookingsOfDay(
  db: Kysely<Database> | Transaction<Database>,
  tenantId: string,
  serviceId: string | null,
  date: string,
) {
  let q = db.selectFrom("appointments").select(["id", "service_id"])
    .where("tenant_id", "=", tenantId).where("status", "=", "booked")
    .where("starts_at", ">=", pragueStartOfDay(date))
    .where("starts_at", "<", pragueStartOfDay(addDays(date, 1)));
  if (serviceId) q = q.where("service_id", "=", serviceId);
  return q.orderBy("starts_at").execute();
}

export type ExceptionOutcome =
  | { ok: true; cancelled: number }
  | Invalid
  /** A closed day with bookings, not yet confirmed: how many it cancels. */
  | { ok: false; confirm: { bookings: number } };

/**
 * A closed day or extra hours, for one service or every one; audited. A closed day with
 * bookings needs `confirmed`, then cancels them (see the module's comment).
 */
export async function addException(
  deps: AppointmentDeps,
  ctx: ClerkCtx,
  input: ExceptionInput,
  confirmed: boolean,
): Promise<ExceptionOutcome> {
  const tenantId = ctx.where.tenant.id;
  const checked = validateException(input, formatPragueDate(deps.now()));
  if (!checked.ok) return checked;
  const e = checked.value;
  const service = e.serviceId && isUuid(e.serviceId)
    ? await findService(deps.db, tenantId, e.serviceId)
    : null;
  if (e.serviceId && !service) {
    return { ok: false, errors: [{ field: "exceptionService", code: "invalidChoice" }] };
  }
  if (e.closed && !confirmed) {
    const affected = await bookingsOfDay(deps.db, tenantId, e.serviceId, e.date);
    if (affected.length > 0) return { ok: false, confirm: { bookings: affected.length } };
  }
  const now = deps.now();
  return await deps.db.transaction().execute(async (trx) => {
    // One exception of a day at a time in the town: a request sent twice at once waits for the
    // first and then finds its closed day (and no booking left to cancel).
    await sql`select pg_advisory_xact_lock(hashtextextended(${`appointment-day:${tenantId}:${e.date}`}, 0))`
      .execute(trx);
    // The same closed day again (a retried request) is not a second exception.
    const same = e.closed
      ? await trx.selectFrom("appointment_exceptions").select("id")
        .where("tenant_id", "=", tenantId).where("date", "=", e.date).where("closed", "=", true)
        .where((eb) =>
          e.serviceId ? eb("service_id", "=", e.serviceId) : eb("service_id", "is", null)
        )
        .executeTakeFirst()
      : undefined;
    if (!same) {
      const row = await trx.insertInto("appointment_exceptions").values({
        tenant_id: tenantId,
        service_id: e.serviceId,
        date: e.date,
        closed: e.closed,
        opens_minute: e.opens,
        closes_minute: e.closes,
        note: e.note,
      }).returning("id").executeTakeFirstOrThrow();
      await audit(trx, ctx, "appointment.exception", {
        type: "appointment_exception",
        id: row.id,
      }, { date: e.date, closed: e.closed, serviceId: e.serviceId });
    }
    if (!e.closed) return { ok: true as const, cancelled: 0 };
    // Holds of that day not yet finished can no longer become bookings: let them go first (a
    // booking finished meanwhile is then among the day's bookings below).
    let holds = trx.updateTable("appointments")
      .set({ status: "expired", hold_expires_at: null, updated_at: now })
      .where("tenant_id", "=", tenantId).where("status", "in", ["held", "pending_email"])
      .where("starts_at", ">=", pragueStartOfDay(e.date))
      .where("starts_at", "<", pragueStartOfDay(addDays(e.date, 1)));
    if (e.serviceId) holds = holds.where("service_id", "=", e.serviceId);
    const released = await holds.returning("id").execute();
    if (released.length) {
      await trx.deleteFrom("appointment_seats").where("tenant_id", "=", tenantId)
        .where("appointment_id", "in", released.map((r) => r.id)).execute();
    }
    let cancelled = 0;
    for (const b of await bookingsOfDay(trx, tenantId, e.serviceId, e.date)) {
      const a = await lockAppointment(trx, tenantId, b.id);
      if (!a || a.status !== "booked") continue;
      const s = await findService(trx, tenantId, a.service_id);
      if (!s) continue;
      await trx.deleteFrom("appointment_seats").where("tenant_id", "=", tenantId)
        .where("appointment_id", "=", a.id).execute();
      const after = await trx.updateTable("appointments").set({
        status: "cancelled",
        sequence: a.sequence + 1,
        cancelled_at: now,
        updated_at: now,
      }).where("id", "=", a.id).returningAll().executeTakeFirstOrThrow();
      const rebookUrl = `${ctx.where.origin}/rezervace/${s.slug}`;
      await sendInvitation(trx, deps, ctx.where, after, s, "CANCEL", null, { rebookUrl });
      if (!after.email && after.phone) {
        // A caller booked with a phone number only is told by SMS (once, by the same key rule).
        await sendMessage(trx, tenantId, {
          idempotencyKey: `appointment:${a.id}:${after.sequence}:CANCEL:sms`,
          channel: "sms",
          recipient: after.phone,
          subject: null,
          body: (await bookerTranslator(trx, ctx.where, after))("appointments.sms.closed", {
            service: s.name,
            when: formatSlot(after.starts_at),
            url: rebookUrl,
          }),
          personId: after.person_id,
          kind: "case",
          secret: false,
        });
      }
      if (a.workflow_id) {
        await enqueueCommand(
          trx,
          appointmentChanged(
            { tenantId, appointmentId: a.id, workflowId: a.workflow_id },
            timing(deps, after, true),
          ),
        );
      }
      await audit(trx, ctx, "appointment.cancelledByOffice", {
        type: "appointment",
        id: a.id,
      }, { date: e.date, note: e.note });
      cancelled++;
    }
    return { ok: true as const, cancelled };
  });
}
