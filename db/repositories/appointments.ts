/**
 * Appointments (issue 15): services and their schedules, the seats of a slot and the bookings.
 * Every function takes the town. The capacity is the primary key of `appointment_seats`
 * (tenant, service, starts_at, seat ≤ desks): `takeSeat` tries the seats in turn with
 * `insert … on conflict do nothing`, so of two requests for the last seat exactly one inserts —
 * the other waits for it on the key and then finds the seat taken. An expired hold is deleted
 * (and its booking marked expired) before the slot's seats are tried, and never counts as taken.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { AppointmentSeatTable, Database } from "../schema.ts";
import type { ServiceSchedule, Weekday } from "../../domain/appointments.ts";

type Db = Kysely<Database> | Transaction<Database>;

export function listServices(db: Db, tenantId: string) {
  return db.selectFrom("appointment_services").selectAll()
    .where("tenant_id", "=", tenantId).where("active", "=", true)
    .orderBy("department").orderBy("name").execute();
}

export function findServiceBySlug(db: Db, tenantId: string, slug: string) {
  return db.selectFrom("appointment_services").selectAll()
    .where("tenant_id", "=", tenantId).where("slug", "=", slug).where("active", "=", true)
    .executeTakeFirst();
}

export function findService(db: Db, tenantId: string, id: string) {
  return db.selectFrom("appointment_services").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
}

export type ServiceRow = NonNullable<Awaited<ReturnType<typeof findService>>>;

/** The service's weekly hours and the exceptions from `fromDate` on (its own and the town's). */
export async function loadSchedule(
  db: Db,
  tenantId: string,
  service: { id: string; duration_minutes: number },
  fromDate: string,
): Promise<ServiceSchedule> {
  const [hours, exceptions] = await Promise.all([
    db.selectFrom("appointment_hours").select(["weekday", "opens_minute", "closes_minute"])
      .where("tenant_id", "=", tenantId).where("service_id", "=", service.id).execute(),
    db.selectFrom("appointment_exceptions")
      .select(["date", "closed", "opens_minute", "closes_minute"])
      .where("tenant_id", "=", tenantId)
      .where((eb) => eb.or([eb("service_id", "=", service.id), eb("service_id", "is", null)]))
      .where("date", ">=", fromDate).execute(),
  ]);
  return {
    durationMinutes: service.duration_minutes,
    hours: hours.map((h) => ({
      weekday: h.weekday as Weekday,
      opens: h.opens_minute,
      closes: h.closes_minute,
    })),
    exceptions: exceptions.map((e) => ({
      date: String(e.date),
      closed: e.closed,
      opens: e.opens_minute,
      closes: e.closes_minute,
    })),
  };
}

/** Taken seats per slot start (ms) in [from, to): bookings, blocks and holds not expired. */
export async function takenSeats(
  db: Db,
  tenantId: string,
  serviceId: string,
  from: Date,
  to: Date,
  now: Date,
): Promise<Map<number, number>> {
  const rows = await db.selectFrom("appointment_seats")
    .select(["starts_at", (eb) => eb.fn.countAll<string>().as("n")])
    .where("tenant_id", "=", tenantId).where("service_id", "=", serviceId)
    .where("starts_at", ">=", from).where("starts_at", "<", to)
    .where((eb) => eb.or([eb("hold_expires_at", "is", null), eb("hold_expires_at", ">", now)]))
    .groupBy("starts_at").execute();
  return new Map(rows.map((r) => [r.starts_at.getTime(), Number(r.n)]));
}

/**
 * Frees the expired holds (of one slot, or all of the town's when `startsAt` is null): their
 * seats are deleted and their bookings marked expired. Returns how many.
 */
export async function releaseExpiredHolds(
  trx: Transaction<Database>,
  tenantId: string,
  now: Date,
  slot: { serviceId: string; startsAt: Date } | null,
): Promise<number> {
  let q = trx.deleteFrom("appointment_seats").where("tenant_id", "=", tenantId)
    .where("hold_expires_at", "<=", now);
  if (slot) q = q.where("service_id", "=", slot.serviceId).where("starts_at", "=", slot.startsAt);
  const freed = await q.returning("appointment_id").execute();
  const ids = freed.map((f) => f.appointment_id).filter((x): x is string => x !== null);
  if (ids.length) {
    await trx.updateTable("appointments").set({ status: "expired", updated_at: now })
      .where("tenant_id", "=", tenantId).where("id", "in", ids)
      .where("status", "in", ["held", "pending_email"]).execute();
  }
  return freed.length;
}

/**
 * Takes a free seat of the slot, or null when all `desks` are taken. Run inside a transaction;
 * the caller's other writes commit with the seat or not at all.
 */
export async function takeSeat(
  trx: Transaction<Database>,
  seat: {
    tenantId: string;
    serviceId: string;
    desks: number;
    startsAt: Date;
    kind: AppointmentSeatTable["kind"];
    appointmentId: string | null;
    holdExpiresAt: Date | null;
    blockedBy?: string | null;
    blockReason?: string | null;
  },
  now: Date,
): Promise<number | null> {
  await releaseExpiredHolds(trx, seat.tenantId, now, {
    serviceId: seat.serviceId,
    startsAt: seat.startsAt,
  });
  for (let n = 1; n <= seat.desks; n++) {
    const row = await trx.insertInto("appointment_seats").values({
      tenant_id: seat.tenantId,
      service_id: seat.serviceId,
      starts_at: seat.startsAt,
      seat: n,
      kind: seat.kind,
      appointment_id: seat.appointmentId,
      hold_expires_at: seat.holdExpiresAt,
      blocked_by: seat.blockedBy ?? null,
      block_reason: seat.blockReason ?? null,
    }).onConflict((oc) => oc.doNothing()).returning("seat").executeTakeFirst();
    if (row) return row.seat;
  }
  return null;
}

export function findAppointment(db: Db, tenantId: string, id: string) {
  return db.selectFrom("appointments").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
}

export type AppointmentRow = NonNullable<Awaited<ReturnType<typeof findAppointment>>>;

export function lockAppointment(trx: Transaction<Database>, tenantId: string, id: string) {
  return trx.selectFrom("appointments").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id).forUpdate().executeTakeFirst();
}

export function findByHoldToken(db: Db, tenantId: string, hash: string) {
  return db.selectFrom("appointments").selectAll()
    .where("tenant_id", "=", tenantId).where("hold_token_hash", "=", hash).executeTakeFirst();
}

export function findByConfirmToken(db: Db, tenantId: string, hash: string) {
  return db.selectFrom("appointments").selectAll()
    .where("tenant_id", "=", tenantId).where("confirm_token_hash", "=", hash).executeTakeFirst();
}

/** A person's bookings (upcoming first, then the past), with their service. */
export function listPersonAppointments(db: Db, tenantId: string, personId: string) {
  return db.selectFrom("appointments as a")
    .innerJoin("appointment_services as s", "s.id", "a.service_id")
    .select([
      "a.id",
      "a.starts_at",
      "a.ends_at",
      "a.status",
      "a.subject",
      "a.sequence",
      "s.name as service_name",
      "s.department",
      "s.location",
    ])
    .where("a.tenant_id", "=", tenantId).where("a.person_id", "=", personId)
    .where("a.status", "in", ["booked", "cancelled", "no_show"])
    .orderBy(sql`a.starts_at < now()`).orderBy("a.starts_at").limit(200).execute();
}

/** A day of the town's bookings and blocks (clerks), by service and time; optionally only the
 * services a clerk serves. */
export function listDay(db: Db, tenantId: string, from: Date, to: Date, clerkId?: string) {
  let q = db.selectFrom("appointment_seats as seat")
    .innerJoin("appointment_services as s", "s.id", "seat.service_id")
    .leftJoin("appointments as a", "a.id", "seat.appointment_id")
    .select([
      "seat.service_id",
      "seat.starts_at",
      "seat.seat",
      "seat.kind",
      "seat.block_reason",
      "s.name as service_name",
      "s.department",
      "a.id as appointment_id",
      "a.name",
      "a.phone",
      "a.email",
      "a.subject",
      "a.status",
      "a.ends_at",
    ])
    .where("seat.tenant_id", "=", tenantId).where("seat.starts_at", ">=", from)
    .where("seat.starts_at", "<", to).where("seat.kind", "<>", "hold")
    .orderBy("s.department").orderBy("s.name").orderBy("seat.starts_at").orderBy("seat.seat");
  if (clerkId) {
    q = q.where(
      "seat.service_id",
      "in",
      (eb) =>
        eb.selectFrom("appointment_service_clerks").select("service_id")
          .where("tenant_id", "=", tenantId).where("clerk_id", "=", clerkId),
    );
  }
  return q.execute();
}

/**
 * Sweeps the town's expired holds (at most `limit`, skipping rows another request holds locked,
 * so concurrent sweeps never wait for each other): seats deleted, bookings marked expired.
 */
export async function sweepExpiredHolds(
  db: Kysely<Database>,
  tenantId: string,
  now: Date,
  limit = 100,
): Promise<number> {
  const r = await sql<{ n: number }>`
    with victims as (
      select tenant_id, service_id, starts_at, seat from appointment_seats
      where tenant_id = ${tenantId} and hold_expires_at <= ${now}
      limit ${limit} for update skip locked
    ), gone as (
      delete from appointment_seats s using victims v
      where s.tenant_id = v.tenant_id and s.service_id = v.service_id
        and s.starts_at = v.starts_at and s.seat = v.seat
      returning s.appointment_id
    ), expired as (
      update appointments set status = 'expired', updated_at = ${now}
      where id in (select appointment_id from gone) and status in ('held', 'pending_email')
      returning id
    )
    select count(*)::int as n from gone`.execute(db);
  return r.rows[0]?.n ?? 0;
}
