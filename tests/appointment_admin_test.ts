/**
 * The clerk's side of appointments after issue 15's review: services and weekly hours kept at
 * `/urad/rezervace/sluzby` (Czech 422 for hours that overlap, end before they start or are
 * shorter than one appointment; free slots follow at once, bookings stay; audited), blocked
 * time freed again, and closing a day that has bookings: the count first, then each booking
 * cancelled with one `METHOD:CANCEL` e-mail (same UID, higher SEQUENCE, a link to book again)
 * and its reminder ended through the outbox — once, also when the request is sent twice at
 * once and again afterwards.
 */
import ICAL from "ical.js";
import { assert, assertEquals } from "./assert.ts";
import { client, demoTowns, hasServices, shared, signedInCitizen } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { hiddenField } from "./support/client.ts";
import { getDb } from "../lib/db.ts";
import { translator } from "../lib/i18n.ts";
import {
  type AppointmentDeps,
  bookForCaller,
  completeBooking,
  holdSlot,
} from "../app/appointments.ts";
import { addDays, daySlots, type Weekday } from "../domain/appointments.ts";
import { formatPragueDate, toPragueLocalInput } from "../domain/time.ts";

const opts = { ...shared, ignore: !hasServices };

async function clerk(): Promise<{ c: TestClient; csrf: string }> {
  const c = await client();
  await c.loginClerk();
  const html = await c.page("/urad/rezervace/sluzby");
  return { c, csrf: hiddenField(html, "_csrf") };
}

async function send(c: TestClient, path: string, fields: Record<string, string>, csrf?: string) {
  const res = await c.post(path, fields, csrf ? { csrf } : {});
  return { status: res.status, location: res.headers.get("location"), body: await res.text() };
}

function serviceFields(slug: string, over: Record<string, string> = {}) {
  return {
    action: "save",
    slug,
    name: `Ověřování listin ${slug}`,
    nameEn: `Certification ${slug}`,
    department: "Zkušební odbor",
    location: "Kancelář 3",
    description: "",
    duration: "30",
    desks: "1",
    active: "on",
    ...over,
  };
}

/** The first date from tomorrow on whose weekday is `weekday` and which is not a holiday. */
function nextWeekday(weekday: Weekday, fromDays = 1): string {
  let day = addDays(formatPragueDate(new Date()), fromDays);
  for (let i = 0; i < 14; i++, day = addDays(day, 1)) {
    const slots = daySlots({
      durationMinutes: 30,
      hours: [{ weekday, opens: 480, closes: 600 }],
      exceptions: [],
    }, day);
    if (slots.length) return day;
  }
  throw new Error("no such day");
}

function weekdayOfDate(date: string): Weekday {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return (d === 0 ? 7 : d) as Weekday;
}

Deno.test({
  name: "[appointment admin] a clerk creates a service and its hours: Czech 422 for overlapping, " +
    "reversed or too short hours; free slots follow at once, a booking stays; audited",
  ...opts,
  async fn() {
    const { c, csrf } = await clerk();
    const db = getDb();
    const { lipnice } = await demoTowns();
    const slug = `overeni-${crypto.randomUUID().slice(0, 8)}`;

    const bad = await send(c, "/urad/rezervace/sluzby", {
      ...serviceFields(slug),
      slug: "Špatná adresa",
      nameEn: "",
      duration: "3",
    }, csrf);
    assertEquals(bad.status, 422);
    assert(bad.body.includes("Adresa smí obsahovat jen malá písmena"));
    assert(bad.body.includes("Číslo musí být nejméně 5."));
    assertEquals(
      await db.selectFrom("appointment_services").select("id").where("slug", "=", slug)
        .executeTakeFirst(),
      undefined,
    );
    const created = await send(c, "/urad/rezervace/sluzby", serviceFields(slug), csrf);
    assertEquals(created.status, 303);
    const id = created.location!.split("/").pop()!.split("?")[0];
    const again = await send(c, "/urad/rezervace/sluzby", serviceFields(slug), csrf);
    assertEquals(again.status, 422);
    assert(again.body.includes("Služba s touto adresou už existuje."));
    const path = `/urad/rezervace/sluzby/${id}`;

    const day = nextWeekday(3);
    const weekday = weekdayOfDate(day);
    const hours = (opens: string, closes: string) =>
      send(c, path, { action: "addHours", weekday: String(weekday), opens, closes }, csrf);
    // No hours yet: nothing to book.
    assert(!(await (await client()).page(`/rezervace/${slug}?den=${day}`)).includes("09:00"));
    assertEquals((await hours("08:00", "10:00")).status, 303);
    const overlap = await hours("09:30", "11:00");
    assertEquals(overlap.status, 422);
    assert(overlap.body.includes("překrývají s jinými úředními hodinami"));
    const reversed = await hours("12:00", "11:00");
    assertEquals(reversed.status, 422);
    assert(reversed.body.includes("Konec musí být později než začátek."));
    const short = await hours("13:00", "13:20");
    assertEquals(short.status, 422);
    assert(short.body.includes("Rozsah je kratší než jedna rezervace (30 min)."));
    assertEquals(
      (await db.selectFrom("appointment_hours").select("id").where("service_id", "=", id)
        .execute()).length,
      1,
    );
    const publicDay = await (await client()).page(`/rezervace/${slug}?den=${day}`);
    assert(publicDay.includes("09:30"), "the new hours' slots are offered at once");
    const english = await (await client()).page(`/rezervace/${slug}?den=${day}&lang=en`);
    assert(english.includes(`<h1>Certification ${slug}</h1>`), "the English name in English");

    // A booking at 09:30, then the hours shortened to 08:00–09:00: the booking stays.
    const slot = daySlots({
      durationMinutes: 30,
      hours: [{ weekday, opens: 480, closes: 600 }],
      exceptions: [],
    }, day)[3];
    const deps: AppointmentDeps = { db, now: () => new Date() };
    const where = {
      tenant: lipnice,
      origin: "http://localhost:8000",
      requestId: null,
      t: translator("cs"),
    };
    const me = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
      .where("username", "=", "urednik").executeTakeFirstOrThrow();
    const booked = await bookForCaller(deps, { where, clerkId: me.id }, {
      serviceId: id,
      slot: slot.toISOString(),
      values: { name: "Volající", email: "", phone: "", subject: "Ověření podpisu" },
    });
    assert(booked.ok);
    const edit = await c.page(path);
    const hoursId = hiddenField(edit, "hoursId");
    assertEquals((await send(c, path, { action: "removeHours", hoursId }, csrf)).status, 303);
    assertEquals((await hours("08:00", "09:00")).status, 303);
    const after = await (await client()).page(`/rezervace/${slug}?den=${day}`);
    assert(after.includes("08:30") && !after.includes("09:30"));
    const kept = await db.selectFrom("appointments").select("status").where("id", "=", booked.id)
      .executeTakeFirstOrThrow();
    assertEquals(kept.status, "booked");

    // The hours are 08:00–09:00 now: a 90-minute appointment does not fit them.
    const tooLong = await send(c, path, serviceFields(slug, { duration: "90" }), csrf);
    assertEquals(tooLong.status, 422);
    assert(tooLong.body.includes("Délka je delší než nejkratší úřední hodiny služby (60 min)."));
    // Edited: two desks, the clerk serving it, not offered any more.
    const saved = await send(c, path, {
      ...serviceFields(slug, { desks: "2", name: "Ověřování listin a podpisů", active: "" }),
      clerkIds: me.id,
    }, csrf);
    assertEquals(saved.status, 303);
    const row = await db.selectFrom("appointment_services").selectAll().where("id", "=", id)
      .executeTakeFirstOrThrow();
    assertEquals([row.desks, row.name, row.active, row.slug], [
      2,
      "Ověřování listin a podpisů",
      false,
      slug,
    ]);
    const gone = await (await client()).get(`/rezervace/${slug}`);
    await gone.body?.cancel();
    assertEquals(gone.status, 404);
    const serving = await db.selectFrom("appointment_service_clerks").select("clerk_id")
      .where("service_id", "=", id).execute();
    assertEquals(serving.map((s) => s.clerk_id), [me.id]);
    const audit = await db.selectFrom("audit_log").select(["action", "actor_type"])
      .where("tenant_id", "=", lipnice.id).where("subject_id", "=", id).orderBy("id").execute();
    assertEquals(audit.map((a) => `${a.action}/${a.actor_type}`), [
      "appointment.serviceCreated/clerk",
      "appointment.hoursAdded/clerk",
      "appointment.hoursRemoved/clerk",
      "appointment.hoursAdded/clerk",
      "appointment.serviceChanged/clerk",
    ]);

    const citizen = await signedInCitizen("lipnice");
    const refused = await citizen.get(path, { redirect: "manual" });
    await refused.body?.cancel();
    assert([302, 303, 403].includes(refused.status), `a citizen: ${refused.status}`);
  },
});

Deno.test({
  name: "[appointment admin] a clerk changes a range of hours in place: checked like a new one " +
    "(Czech 422), free slots follow at once, audited with before and after; another service's " +
    "range is 404",
  ...opts,
  async fn() {
    const { c, csrf } = await clerk();
    const db = getDb();
    const { id, slug } = await testService(1);
    const other = await testService(1);
    const path = `/urad/rezervace/sluzby/${id}`;
    const day = nextWeekday(3);
    const weekday = weekdayOfDate(day);
    const rangeOf = async (serviceId: string) =>
      (await db.selectFrom("appointment_hours").select("id").where("service_id", "=", serviceId)
        .where("weekday", "=", weekday).executeTakeFirstOrThrow()).id;
    const hoursId = await rangeOf(id);
    const change = (opens: string, closes: string, range = hoursId) =>
      send(c, path, {
        action: "changeHours",
        hoursId: range,
        weekday: String(weekday),
        opens,
        closes,
      }, csrf);

    // The range's form, filled with it (07:00–20:00 from testService).
    const form = await c.page(`${path}?upravit=${hoursId}`);
    assert(form.includes("Upravit úřední hodiny"), "the form says which range it changes");
    assert(form.includes('value="changeHours"') && form.includes('value="07:00"'));
    assertEquals((await change("08:00", "12:00")).status, 303);
    const publicDay = await (await client()).page(`/rezervace/${slug}?den=${day}`);
    // The slots' buttons read "08:00 – volná místa: 1" (their hidden values are UTC instants).
    assert(publicDay.includes(">08:00 –") && publicDay.includes(">11:30 –"), "the new range");
    assert(!/>(07:30|12:30) –/.test(publicDay), "the old range's slots are not offered");

    // Checked like a new range, against the day's other ranges but not against itself.
    const added = await send(c, path, {
      action: "addHours",
      weekday: String(weekday),
      opens: "13:00",
      closes: "15:00",
    }, csrf);
    assertEquals(added.status, 303);
    const overlap = await change("08:00", "14:00");
    assertEquals(overlap.status, 422);
    assert(overlap.body.includes("překrývají s jinými úředními hodinami"));
    assert(overlap.body.includes('value="changeHours"'), "the change's form shown again");
    const reversed = await change("12:00", "11:00");
    assertEquals(reversed.status, 422);
    assert(reversed.body.includes("Konec musí být později než začátek."));
    assertEquals((await change("09:00", "13:00")).status, 303);
    const row = await db.selectFrom("appointment_hours").select(["opens_minute", "closes_minute"])
      .where("id", "=", hoursId).executeTakeFirstOrThrow();
    assertEquals([row.opens_minute, row.closes_minute], [540, 780]);

    // Another service's range through this service's page: 404, nothing changed.
    const foreign = await change("09:00", "10:00", await rangeOf(other.id));
    assertEquals(foreign.status, 404);
    const untouched = await db.selectFrom("appointment_hours").select("opens_minute")
      .where("id", "=", await rangeOf(other.id)).executeTakeFirstOrThrow();
    assertEquals(untouched.opens_minute, 7 * 60);

    const audit = await db.selectFrom("audit_log").select(["action", "details"])
      .where("subject_id", "=", id).orderBy("id").execute();
    assertEquals(audit.map((a) => a.action), [
      "appointment.hoursChanged",
      "appointment.hoursAdded",
      "appointment.hoursChanged",
    ]);
    assertEquals(audit[0].details, {
      hoursId,
      before: { weekday, opens: 420, closes: 1200 },
      after: { weekday, opens: 480, closes: 720 },
    });
  },
});

async function testService(desks: number) {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const slug = `test-${crypto.randomUUID().slice(0, 8)}`;
  const s = await db.insertInto("appointment_services").values({
    tenant_id: lipnice.id,
    slug,
    department: "Zkušební odbor",
    name: `Zkušební služba ${slug}`,
    duration_minutes: 30,
    desks,
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("appointment_hours").values(
    ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({
      tenant_id: lipnice.id,
      service_id: s.id,
      weekday,
      opens_minute: 7 * 60,
      closes_minute: 20 * 60,
    })),
  ).execute();
  return { id: s.id, slug };
}

function slotsOf(day: string): Date[] {
  return daySlots({
    durationMinutes: 30,
    hours: ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({
      weekday,
      opens: 7 * 60,
      closes: 20 * 60,
    })),
    exceptions: [],
  }, day);
}

Deno.test({
  name: "[appointment admin] a clerk frees time a colleague blocked; audited; another seat is 404",
  ...opts,
  async fn() {
    const s = await testService(1);
    const day = addDays(formatPragueDate(new Date()), 3);
    const slot = slotsOf(day)[2];
    const { c, csrf } = await clerk();
    const db = getDb();
    const blocked = await send(c, "/urad/rezervace", {
      action: "block",
      den: day,
      serviceId: s.id,
      slot: toPragueLocalInput(slot),
      reason: "Porada",
    }, csrf);
    assertEquals(blocked.status, 303);
    const dayPage = await c.page(`/urad/rezervace?den=${day}`);
    assert(dayPage.includes("Uvolnit"));
    const wrongSeat = await send(c, "/urad/rezervace", {
      action: "unblock",
      den: day,
      serviceId: s.id,
      startsAt: slot.toISOString(),
      seat: "2",
    }, csrf);
    assertEquals(wrongSeat.status, 404);
    const freed = await send(c, "/urad/rezervace", {
      action: "unblock",
      den: day,
      serviceId: s.id,
      startsAt: slot.toISOString(),
      seat: "1",
    }, csrf);
    assertEquals(freed.status, 303);
    assertEquals(
      await db.selectFrom("appointment_seats").select("seat").where("service_id", "=", s.id)
        .executeTakeFirst(),
      undefined,
    );
    const free = await send(await client(), `/rezervace/${s.slug}`, { slot: slot.toISOString() });
    assertEquals(free.status, 303, "the freed time can be booked again");
    const again = await send(c, "/urad/rezervace", {
      action: "unblock",
      den: day,
      serviceId: s.id,
      startsAt: slot.toISOString(),
      seat: "1",
    }, csrf);
    assertEquals(again.status, 404);
    const audit = await db.selectFrom("audit_log").select(["action", "details"])
      .where("subject_id", "=", s.id).orderBy("id").execute();
    assertEquals(audit.map((a) => a.action), ["appointment.blocked", "appointment.unblocked"]);
    assertEquals((audit[1].details as { reason: string }).reason, "Porada");
  },
});

function parseIcs(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const ev = cal.getFirstSubcomponent("vevent")!;
  return {
    method: String(cal.getFirstPropertyValue("method")),
    uid: String(ev.getFirstPropertyValue("uid")),
    sequence: Number(ev.getFirstPropertyValue("sequence")),
  };
}

Deno.test({
  name: "[appointment admin] closing a day with bookings: the count first, then each booking " +
    "cancelled with one CANCEL e-mail and its reminder ended, also when the request is retried",
  ...opts,
  async fn() {
    const s = await testService(2);
    const other = await testService(1);
    const day = addDays(formatPragueDate(new Date()), 4);
    const [a, b, c3] = slotsOf(day);
    const db = getDb();
    const { lipnice } = await demoTowns();
    const where = {
      tenant: lipnice,
      origin: "http://localhost:8000",
      requestId: null,
      t: translator("cs"),
    };
    const me = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
      .where("username", "=", "urednik").executeTakeFirstOrThrow();
    const deps: AppointmentDeps = { db, now: () => new Date() };
    const book = async (serviceId: string, at: Date, email: string, phone = "") => {
      const r = await bookForCaller(deps, { where, clerkId: me.id }, {
        serviceId,
        slot: at.toISOString(),
        values: { name: "Objednaný", email, phone, subject: "Pas" },
      });
      assert(r.ok);
      return r.id;
    };
    const tag = crypto.randomUUID().slice(0, 8);
    const ids = [
      await book(s.id, a, `prvni.${tag}@example.cz`),
      await book(s.id, a, `druhy.${tag}@example.cz`),
      await book(s.id, b, `treti.${tag}@example.cz`),
    ];
    const untouched = await book(other.id, a, `jiny.${tag}@example.cz`);
    const phone = `+420779${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
    const caller = await book(s.id, b, "", phone);

    const { c, csrf } = await clerk();
    const fields = {
      action: "exception",
      den: day,
      serviceId: s.id,
      exceptionDate: day,
      kind: "closed",
      opens: "",
      closes: "",
      note: "Výpadek systému",
    };
    const asked = await send(c, "/urad/rezervace", fields, csrf);
    assertEquals(asked.status, 200);
    assert(asked.body.includes("Opravdu zavřít den s rezervacemi?"));
    assert(asked.body.includes("(počet: 4)"));
    assertEquals(
      (await db.selectFrom("appointments").select("status").where("id", "in", ids).execute())
        .map((r) => r.status),
      ["booked", "booked", "booked"],
    );
    assertEquals(
      await db.selectFrom("appointment_exceptions").select("id").where("service_id", "=", s.id)
        .executeTakeFirst(),
      undefined,
    );

    // Someone is half-way through booking that day (a hold, contact not yet sent).
    const held = await holdSlot(deps, where, {
      slug: s.slug,
      slot: c3.toISOString(),
      personId: null,
    });
    assert(held.ok);

    // Confirmed twice at once (a double click), then once more (a retry).
    const confirmed = { ...fields, _confirm: hiddenField(asked.body, "_confirm") };
    const answers = await Promise.all([
      send(c, "/urad/rezervace", confirmed, csrf),
      send(c, "/urad/rezervace", confirmed, csrf),
    ]);
    assertEquals(answers.map((r) => r.status), [303, 303]);
    assertEquals((await send(c, "/urad/rezervace", confirmed, csrf)).status, 303);

    const rows = await db.selectFrom("appointments").select(["id", "status", "sequence"])
      .where("id", "in", [...ids, untouched]).execute();
    for (const id of ids) {
      const r = rows.find((x) => x.id === id)!;
      assertEquals([r.status, r.sequence], ["cancelled", 1]);
    }
    assertEquals(rows.find((x) => x.id === untouched)!.status, "booked");
    assertEquals(
      (await db.selectFrom("appointment_seats").select("seat").where("service_id", "=", s.id)
        .execute()).length,
      0,
    );
    for (const id of ids) {
      const mails = await db.selectFrom("outbox_messages")
        .select(["subject", "body", "calendar_ics"])
        .where("idempotency_key", "like", `appointment:${id}:%`).orderBy("created_at").execute();
      assertEquals(mails.length, 2, "the invitation, then exactly one cancellation");
      const [invite, cancel] = mails.map((m) => parseIcs(m.calendar_ics!));
      assertEquals(invite.method, "REQUEST");
      assertEquals([cancel.method, cancel.uid, cancel.sequence], ["CANCEL", invite.uid, 1]);
      assert(mails[1].subject!.includes("úřad má zavřeno"));
      assert(mails[1].body!.includes(`/rezervace/${s.slug}`), mails[1].body!);
      assert(mails[1].body!.includes("Jiný čas si zarezervujete zde:"));
      const signals = await db.selectFrom("workflow_commands").select(["kind", "args"])
        .where("subject_id", "=", id).where("kind", "=", "signal").execute();
      assertEquals(signals.length, 1);
      assertEquals((signals[0].args[0] as { ended: boolean }).ended, true);
    }
    const sms = await db.selectFrom("outbox_messages").select(["channel", "recipient", "body"])
      .where("idempotency_key", "like", `appointment:${caller}:%`).execute();
    assertEquals(sms.map((m) => `${m.channel} ${m.recipient}`), [`sms ${phone}`]);
    assert(sms[0].body!.includes("úřad má ten den zavřeno"));
    assertEquals(
      (await db.selectFrom("appointments").select("status").where("id", "=", caller)
        .executeTakeFirstOrThrow()).status,
      "cancelled",
    );
    assertEquals(
      (await db.selectFrom("appointment_exceptions").select("id").where("service_id", "=", s.id)
        .execute()).length,
      1,
    );
    const audit = await db.selectFrom("audit_log").select("action")
      .where("tenant_id", "=", lipnice.id).where("subject_id", "in", [...ids, caller])
      .where("action", "=", "appointment.cancelledByOffice").execute();
    assertEquals(audit.length, 4);
    // The hold can no longer become a booking.
    const late = await completeBooking(deps, where, held.token, null, {
      name: "Pozdní",
      email: `pozdni.${tag}@example.cz`,
      phone: "",
      subject: "Pas",
    });
    assertEquals(late.kind, "expired");
    // The day is closed for the public now.
    const onClosed = await send(await client(), `/rezervace/${s.slug}`, { slot: b.toISOString() });
    assertEquals(onClosed.status, 422);
  },
});
