/**
 * Appointments in the demo towns (issue 15): services per department with their desks and
 * weekly hours (Monday and Wednesday 8:00–17:00, Tuesday and Thursday 8:00–12:00, Friday
 * 8:00–11:00), the town's office closed on 31 December, an extra Saturday morning for ID cards,
 * the clerk `urednik` serving them, and a few bookings of the demo citizen and of callers.
 * Idempotent: services by slug; bookings only into a town that has none.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { addDays, daySlots, reminderAt, type Weekday } from "../../domain/appointments.ts";
import { appointmentWorkflowId, startAppointmentReminder } from "../../domain/workflows.ts";
import { enqueueCommand } from "../repositories/commands.ts";
import { formatPragueDate } from "../../domain/time.ts";

const WEEK: [Weekday, number, number][] = [
  [1, 8 * 60, 17 * 60],
  [2, 8 * 60, 12 * 60],
  [3, 8 * 60, 17 * 60],
  [4, 8 * 60, 12 * 60],
  [5, 8 * 60, 11 * 60],
];

export const DEMO_SERVICES = [
  {
    slug: "obcanske-prukazy",
    department: "Matrika a evidence obyvatel",
    name: "Občanské průkazy a pasy",
    nameEn: "ID cards and passports",
    description: "Žádost o občanský průkaz nebo cestovní pas, převzetí dokladu.",
    location: "Obecní úřad, přízemí, přepážky 1 a 2",
    duration: 20,
    desks: 2,
  },
  {
    slug: "poplatek-za-odpad",
    department: "Finanční odbor",
    name: "Poplatek za odpad",
    nameEn: "Waste fee",
    description: "Přihlášení k poplatku, úlevy, vrácení přeplatku.",
    location: "Obecní úřad, 1. patro, kancelář 12",
    duration: 15,
    desks: 1,
  },
  {
    slug: "stavebni-urad",
    department: "Stavební úřad",
    name: "Konzultace se stavebním úřadem",
    nameEn: "Consultation with the building office",
    description: "Konzultace záměru, nahlížení do spisu.",
    location: "Obecní úřad, 2. patro, kancelář 21",
    duration: 30,
    desks: 1,
  },
] as const;

export async function seedAppointments(
  db: Kysely<Database>,
  towns: { lipnice: string; dubova: string },
  now: Date,
): Promise<void> {
  for (const [town, tenantId] of Object.entries(towns)) {
    const services = town === "lipnice" ? DEMO_SERVICES : DEMO_SERVICES.slice(0, 1);
    for (const s of services) {
      const row = await db.insertInto("appointment_services").values({
        tenant_id: tenantId,
        slug: s.slug,
        department: s.department,
        name: s.name,
        name_en: s.nameEn,
        description: s.description,
        location: s.location,
        duration_minutes: s.duration,
        desks: s.desks,
      }).onConflict((oc) => oc.columns(["tenant_id", "slug"]).doNothing())
        .returning("id").executeTakeFirst();
      if (!row) continue; // seeded before
      await db.insertInto("appointment_hours").values(
        WEEK.map(([weekday, opens, closes]) => ({
          tenant_id: tenantId,
          service_id: row.id,
          weekday,
          opens_minute: opens,
          closes_minute: closes,
        })),
      ).execute();
      const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", tenantId)
        .where("username", "=", "urednik").executeTakeFirst();
      if (clerk) {
        await db.insertInto("appointment_service_clerks")
          .values({ tenant_id: tenantId, service_id: row.id, clerk_id: clerk.id }).execute();
      }
    }
    const year = Number(formatPragueDate(now).slice(0, 4));
    const closed = await db.selectFrom("appointment_exceptions").select("id")
      .where("tenant_id", "=", tenantId).executeTakeFirst();
    if (!closed) {
      await db.insertInto("appointment_exceptions").values([
        {
          tenant_id: tenantId,
          service_id: null,
          date: `${year}-12-31`,
          closed: true,
          opens_minute: null,
          closes_minute: null,
          note: "Inventura",
        },
      ]).execute();
    }
    await seedBookings(db, tenantId, now);
  }
}

/** Three bookings on the next working days: the demo citizen's and two callers'. */
async function seedBookings(db: Kysely<Database>, tenantId: string, now: Date) {
  const any = await db.selectFrom("appointments").select("id").where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (any) return;
  const person = await db.selectFrom("persons").select(["id", "given_name", "family_name"])
    .where("tenant_id", "=", tenantId).where("username", "=", "tomas.horak.1001")
    .executeTakeFirst();
  const services = await db.selectFrom("appointment_services").selectAll()
    .where("tenant_id", "=", tenantId).orderBy("slug").execute();
  const tenant = await db.selectFrom("tenants").select(["slug", "hosts", "public_origin"])
    .where("id", "=", tenantId).executeTakeFirstOrThrow();
  const origin = tenant.public_origin ?? `https://${tenant.hosts[0] ?? "localhost"}`;
  let day = addDays(formatPragueDate(now), 2);
  const people = [
    {
      name: person ? `${person.given_name} ${person.family_name}` : "Tomáš Horák",
      personId: person?.id ?? null,
      subject: "Nový občanský průkaz",
    },
    { name: "Alena Čermáková", personId: null, subject: "Převzetí pasu" },
    { name: "Jiří Pokorný", personId: null, subject: "Přihlášení k poplatku za odpad" },
  ];
  for (const [i, p] of people.entries()) {
    const service = services[i % services.length];
    const schedule = {
      durationMinutes: service.duration_minutes,
      hours: WEEK.map(([weekday, opens, closes]) => ({ weekday, opens, closes })),
      exceptions: [],
    };
    let slots = daySlots(schedule, day);
    while (slots.length < 6) {
      day = addDays(day, 1);
      slots = daySlots(schedule, day);
    }
    const startsAt = slots[2 + i];
    const a = await db.insertInto("appointments").values({
      tenant_id: tenantId,
      service_id: service.id,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + service.duration_minutes * 60_000),
      status: "booked",
      person_id: p.personId,
      name: p.name,
      email: null,
      phone: p.personId ? null : "+420777123456",
      subject: p.subject,
      hold_token_hash: null,
      hold_expires_at: null,
      booked_at: now,
    }).returning("id").executeTakeFirstOrThrow();
    // Its reminder the day before, through the outbox like any booking's.
    const workflowId = appointmentWorkflowId(tenant.slug, a.id);
    await db.updateTable("appointments").set({ workflow_id: workflowId }).where("id", "=", a.id)
      .execute();
    await enqueueCommand(
      db,
      startAppointmentReminder({
        tenantId,
        tenantSlug: tenant.slug,
        appointmentId: a.id,
        workflowId,
        serviceName: service.name,
        origin,
        timing: {
          version: 0,
          startsAt: startsAt.toISOString(),
          remindAt: reminderAt(startsAt, now)?.toISOString() ?? null,
          ended: false,
        },
      }),
    );
    await db.insertInto("appointment_seats").values({
      tenant_id: tenantId,
      service_id: service.id,
      starts_at: startsAt,
      seat: 1,
      kind: "booking",
      appointment_id: a.id,
      hold_expires_at: null,
    }).execute();
  }
}
