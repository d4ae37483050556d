/**
 * Appointments (issue 15, part 1) and the calendar feed (part 4): 50 clients race for the last
 * seat of a slot and exactly one gets it (the others a Czech 409 with the next free slots); a
 * slot in the past, outside the hours or on a holiday is a Czech 422 and nothing is booked; a
 * booking, a move and a cancellation e-mail invitations that ical.js reads back with one UID
 * and a rising SEQUENCE, and the private feed follows them; an anonymous booking is made only
 * once its e-mail link is confirmed; a hold expires; the day-before reminder fires once across
 * a worker restart.
 */
import ICAL from "ical.js";
import { assert, assertEquals } from "./assert.ts";
import { client, demoTowns, hasServices, shared, signedInCitizen } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { waitFor } from "./support/wait.ts";
import { maildevUrl, watchInbox } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { translator } from "../lib/i18n.ts";
import { startWorker } from "../scripts/services/mod.ts";
import { Client, Connection } from "@temporalio/client";
import {
  type AppointmentDeps,
  bookForCaller,
  cancelAppointment,
  completeBooking,
  holdSlot,
} from "../app/appointments.ts";
import { addDays, daySlots, type Weekday } from "../domain/appointments.ts";
import { czechHoliday, czechHolidays } from "../domain/czech_holidays.ts";
import { formatPragueDate, toPragueLocalInput } from "../domain/time.ts";

const opts = { ...shared, ignore: !hasServices };

const ALL_WEEK: [Weekday, number, number][] = [1, 2, 3, 4, 5, 6, 7].map((d) => [
  d as Weekday,
  7 * 60,
  20 * 60,
]);
const WORKDAYS: [Weekday, number, number][] = [1, 2, 3, 4, 5].map((d) => [
  d as Weekday,
  8 * 60,
  16 * 60,
]);

interface TestService {
  id: string;
  slug: string;
  desks: number;
  schedule: {
    durationMinutes: number;
    hours: { weekday: Weekday; opens: number; closes: number }[];
    exceptions: [];
  };
}

async function makeService(desks: number, week = ALL_WEEK): Promise<TestService> {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const slug = `test-${crypto.randomUUID().slice(0, 8)}`;
  const s = await db.insertInto("appointment_services").values({
    tenant_id: lipnice.id,
    slug,
    department: "Zkušební odbor",
    name: `Zkušební služba ${slug}`,
    location: "Obecní úřad, kancelář 1",
    duration_minutes: 30,
    desks,
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("appointment_hours").values(week.map(([weekday, opens, closes]) => ({
    tenant_id: lipnice.id,
    service_id: s.id,
    weekday,
    opens_minute: opens,
    closes_minute: closes,
  }))).execute();
  return {
    id: s.id,
    slug,
    desks,
    schedule: {
      durationMinutes: 30,
      hours: week.map(([weekday, opens, closes]) => ({ weekday, opens, closes })),
      exceptions: [],
    },
  };
}

/** The slots of the first day from tomorrow on that has at least `n` (holidays skipped). */
function futureSlots(s: TestService, n = 4, fromDays = 1): Date[] {
  let day = addDays(formatPragueDate(new Date()), fromDays);
  for (let i = 0; i < 30; i++, day = addDays(day, 1)) {
    const slots = daySlots(s.schedule, day);
    if (slots.length >= n) return slots;
  }
  throw new Error("no day with slots");
}

async function post(c: TestClient, path: string, fields: Record<string, string>) {
  return await c.post(path, fields, {}).then((r) => r);
}

async function lipniceWhere() {
  const { lipnice } = await demoTowns();
  return {
    tenant: lipnice,
    origin: "http://localhost:8000",
    requestId: null,
    t: translator("cs"),
  };
}

function parseIcs(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const ev = cal.getFirstSubcomponent("vevent")!;
  return {
    method: String(cal.getFirstPropertyValue("method")),
    uid: String(ev.getFirstPropertyValue("uid")),
    sequence: Number(ev.getFirstPropertyValue("sequence")),
    status: String(ev.getFirstPropertyValue("status")),
    start: (ev.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate(),
  };
}

Deno.test({
  name: "[appointments] 50 clients race for the last seat: one gets it, 49 a Czech 409 with " +
    "the next free slots",
  ...opts,
  async fn() {
    const s = await makeService(2);
    const slot = futureSlots(s)[1].toISOString();
    const first = await client();
    const taken = await post(first, `/rezervace/${s.slug}`, { slot });
    assertEquals(taken.status, 303);
    await taken.body?.cancel();
    const racers = await Promise.all(Array.from({ length: 50 }, async () => {
      const c = await client();
      return { c, csrf: await c.csrfToken() };
    }));
    const answers = await Promise.all(racers.map(async ({ c, csrf }) => {
      const res = await c.post(`/rezervace/${s.slug}`, { slot }, { csrf });
      return { status: res.status, location: res.headers.get("location"), body: await res.text() };
    }));
    const won = answers.filter((a) => a.status === 303);
    const lost = answers.filter((a) => a.status === 409);
    assertEquals(won.length, 1, JSON.stringify(answers.map((a) => a.status)));
    assertEquals(lost.length, 49);
    assert(won[0].location!.startsWith("/rezervace/dokonceni/"));
    for (const l of lost) {
      assert(l.body.includes("Tento čas už je obsazený"), "a Czech message");
      assert(l.body.includes("Nejbližší volné časy"), "the next free slots");
      assert(l.body.includes(`/rezervace/${s.slug}?den=`), "linked to their day");
    }
    const seats = await getDb().selectFrom("appointment_seats").select("seat")
      .where("service_id", "=", s.id).where("starts_at", "=", new Date(slot)).execute();
    assertEquals(seats.map((x) => x.seat).sort(), [1, 2]);
  },
});

Deno.test({
  name: "[appointments] a slot in the past, outside the hours or on a holiday is a Czech 422; " +
    "nothing is booked",
  ...opts,
  async fn() {
    const s = await makeService(1, WORKDAYS);
    const c = await client();
    const yesterday = addDays(formatPragueDate(new Date()), -1);
    let workday = addDays(formatPragueDate(new Date()), 1);
    while (daySlots(s.schedule, workday).length === 0) workday = addDays(workday, 1);
    const today = formatPragueDate(new Date());
    const year = Number(today.slice(0, 4));
    const holiday = [...czechHolidays(year), ...czechHolidays(year + 1)].map((h) => h.date)
      .find((d) =>
        d > today && d <= addDays(today, 55) &&
        [1, 2, 3, 4, 5].includes(new Date(`${d}T12:00:00Z`).getUTCDay())
      );
    const cases: [string, string][] = [
      [`${yesterday}T08:00:00.000Z`, "Tento čas už uplynul"],
      [`${workday}T02:00:00.000Z`, "mimo úřední hodiny"],
      ["zítra v devět", "Vyberte prosím čas z nabídky"],
    ];
    if (holiday) {
      assert(czechHoliday(holiday));
      cases.push([`${holiday}T08:00:00.000Z`, "státní svátek"]);
    }
    for (const [slot, text] of cases) {
      const res = await post(c, `/rezervace/${s.slug}`, { slot });
      const body = await res.text();
      assertEquals(res.status, 422, slot);
      assert(body.includes(text), `${slot}: ${text}`);
    }
    const rows = await getDb().selectFrom("appointments").select("id")
      .where("service_id", "=", s.id).execute();
    assertEquals(rows.length, 0, "nothing booked nor held");
  },
});

Deno.test({
  name: "[appointments] book, move and cancel: invitations with one UID and a rising SEQUENCE, " +
    "and the private feed follows",
  ...opts,
  async fn() {
    const s = await makeService(1);
    const [a1, , a3] = futureSlots(s);
    const c = await signedInCitizen("lipnice");
    const email = `rezervace.${crypto.randomUUID().slice(0, 8)}@example.cz`;
    const inbox = await watchInbox(email);
    const held = await post(c, `/rezervace/${s.slug}`, { slot: a1.toISOString() });
    assertEquals(held.status, 303);
    const step2 = held.headers.get("location")!;
    const form = await c.get(step2);
    assertEquals(form.status, 200);
    assert((await form.text()).includes("Kontakt a důvod návštěvy"));
    const invalid = await post(c, step2, { name: "Jiný Občan", email, phone: "", subject: "" });
    assertEquals(invalid.status, 422);
    assert((await invalid.text()).includes("Vyplňte prosím toto pole."));
    const done = await post(c, step2, {
      name: "Jiný Občan",
      email,
      phone: "",
      subject: "Nový občanský průkaz",
    });
    assertEquals(done.status, 303);
    const manage = done.headers.get("location")!;
    assert(/^\/ucet\/rezervace\/[0-9a-f-]{36}\?rezervovano=1$/.test(manage), manage);
    const id = manage.split("/")[3].split("?")[0];
    const page = await c.page(manage);
    assert(page.includes("Rezervace je hotová"));
    const mail = await inbox(30_000);
    assert(mail.subject.startsWith("Rezervace: "), mail.subject);
    // The e-mail carries the invitation as text/calendar (iTIP, RFC 6047).
    const source = await (await fetch(`${maildevUrl}/email/${mail.id}/source`)).text();
    assert(/text\/calendar; ?charset=utf-8; ?method=REQUEST/i.test(source), source.slice(0, 2000));
    assert(source.includes("METHOD:REQUEST"));

    // The private feed has the booking as a timed event with the invitation's UID.
    const created = await post(c, "/ucet/kalendar", { action: "create" });
    const feedUrl = /\/kalendar\/[A-Za-z0-9_-]{43}\.ics/.exec(await created.text())![0];
    const feed1 = await c.get(feedUrl);
    assertEquals(feed1.headers.get("cache-control"), "private, no-store");
    assert(feed1.headers.get("content-type")!.startsWith("text/calendar"));
    const cal1 = new ICAL.Component(ICAL.parse(await feed1.text()));
    const ev1 = cal1.getAllSubcomponents("vevent").find((e) =>
      String(e.getFirstPropertyValue("uid")).startsWith(`appointment-${id}@`)
    );
    assert(ev1, "the booking is in the feed");
    assertEquals(Number(ev1.getFirstPropertyValue("sequence")), 0);

    // Move to another slot of the service, then cancel (after the confirmation page).
    const moved = await post(c, `/ucet/rezervace/${id}`, {
      action: "move",
      slot: a3.toISOString(),
    });
    assertEquals(moved.status, 303);
    const ask = await post(c, `/ucet/rezervace/${id}`, { action: "cancel" });
    assertEquals(ask.status, 200);
    assert((await ask.text()).includes("Opravdu zrušit rezervaci?"));
    const feed2 = new ICAL.Component(ICAL.parse(await (await c.get(feedUrl)).text()));
    const ev2 = feed2.getAllSubcomponents("vevent").find((e) =>
      String(e.getFirstPropertyValue("uid")).startsWith(`appointment-${id}@`)
    )!;
    assertEquals(Number(ev2.getFirstPropertyValue("sequence")), 1);
    assertEquals(
      (ev2.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().getTime(),
      a3.getTime(),
    );
    const cancelled = await post(c, `/ucet/rezervace/${id}`, { action: "cancel", _confirm: "ano" });
    assertEquals(cancelled.status, 303);
    const feed3 = await (await c.get(feedUrl)).text();
    assert(!feed3.includes(`appointment-${id}@`), "a cancelled booking leaves the feed");

    const messages = await getDb().selectFrom("outbox_messages").select(["calendar_ics"])
      .where("idempotency_key", "like", `appointment:${id}:%`)
      .where("calendar_ics", "is not", null).orderBy("created_at").orderBy("id").execute();
    const invites = messages.map((m) => parseIcs(m.calendar_ics!));
    assertEquals(invites.map((i) => i.method), ["REQUEST", "REQUEST", "CANCEL"]);
    assertEquals(invites.map((i) => i.sequence), [0, 1, 2]);
    assertEquals(new Set(invites.map((i) => i.uid)).size, 1);
    assertEquals(invites[0].uid, `appointment-${id}@localhost`);
    assertEquals(invites.map((i) => i.status), ["CONFIRMED", "CONFIRMED", "CANCELLED"]);
    assertEquals(invites[0].start.getTime(), a1.getTime());
    assertEquals(invites[1].start.getTime(), a3.getTime());
    // Its seat is free again; another person's request for it is a 404.
    const seats = await getDb().selectFrom("appointment_seats").select("seat")
      .where("service_id", "=", s.id).execute();
    assertEquals(seats.length, 0);
    const other = await signedInCitizen("lipnice");
    const res = await other.get(`/ucet/rezervace/${id}`);
    await res.body?.cancel();
    assertEquals(res.status, 404);
  },
});

Deno.test({
  name: "[appointments] without an account the booking is made only once the e-mailed link is " +
    "confirmed",
  ...opts,
  async fn() {
    const s = await makeService(1);
    const [slot] = futureSlots(s);
    const c = await client();
    const email = `anonym.${crypto.randomUUID().slice(0, 8)}@example.cz`;
    const held = await post(c, `/rezervace/${s.slug}`, { slot: slot.toISOString() });
    const step2 = held.headers.get("location")!;
    const noEmail = await post(c, step2, {
      name: "Eva Nová",
      email: "",
      phone: "",
      subject: "Pas",
    });
    assertEquals(noEmail.status, 422);
    await noEmail.body?.cancel();
    const inbox = await watchInbox(email);
    const sent = await post(c, step2, { name: "Eva Nová", email, phone: "", subject: "Pas" });
    assertEquals(sent.status, 200);
    assert((await sent.text()).includes("Zkontrolujte svůj e-mail"));
    const row = await getDb().selectFrom("appointments").select(["id", "status"])
      .where("service_id", "=", s.id).executeTakeFirstOrThrow();
    assertEquals(row.status, "pending_email", "not booked before the link");
    const mail = await inbox(30_000);
    const link = /\/rezervace\/potvrzeni\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
    const show = await c.get(link);
    assertEquals(show.status, 200);
    await show.body?.cancel();
    const confirmed = await post(c, link, {});
    assertEquals(confirmed.status, 303);
    const manage = confirmed.headers.get("location")!;
    assert(manage.startsWith("/rezervace/sprava/"), manage);
    assert((await c.page(manage)).includes("Rezervace je hotová"));
    const after = await getDb().selectFrom("appointments").select("status")
      .where("id", "=", row.id).executeTakeFirstOrThrow();
    assertEquals(after.status, "booked");
    const again = await post(c, link, {});
    await again.body?.cancel();
    assertEquals(again.status, 404, "the link books once");
  },
});

Deno.test({
  name: "[appointments] a hold expires: its seat is free again and its step 2 says so",
  ...opts,
  async fn() {
    const s = await makeService(1);
    const [slot] = futureSlots(s);
    const where = await lipniceWhere();
    const deps: AppointmentDeps = { db: getDb(), now: () => new Date(), holdMs: 400 };
    const first = await holdSlot(deps, where, {
      slug: s.slug,
      slot: slot.toISOString(),
      personId: null,
    });
    assert(first.ok);
    const second = await holdSlot(deps, where, {
      slug: s.slug,
      slot: slot.toISOString(),
      personId: null,
    });
    assertEquals(second.ok ? "ok" : second.code, "appointmentSlotFull");
    await new Promise((r) => setTimeout(r, 600));
    const third = await holdSlot(deps, where, {
      slug: s.slug,
      slot: slot.toISOString(),
      personId: null,
    });
    assert(third.ok, "the expired hold no longer counts");
    const late = await completeBooking(deps, where, first.token, null, {
      name: "Pozdní Občan",
      email: "pozdni@example.cz",
      phone: "",
      subject: "Pas",
    });
    assertEquals(late.kind, "expired");
    const rows = await getDb().selectFrom("appointments").select("status")
      .where("service_id", "=", s.id).orderBy("created_at").execute();
    assertEquals(rows.map((r) => r.status), ["expired", "held"]);
  },
});

Deno.test({
  name: "[appointments] the day-before reminder fires once, also across a worker restart",
  ...opts,
  async fn() {
    const s = await makeService(1);
    const [slot] = futureSlots(s);
    const { lipnice } = await demoTowns();
    const db = getDb();
    const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
      .where("username", "=", "urednik").executeTakeFirstOrThrow();
    const taskQueue = `appointments-${crypto.randomUUID()}`;
    const worker = await startWorker({ ...Deno.env.toObject(), TEMPORAL_TASK_QUEUE: taskQueue });
    try {
      // "The day before" is 12 seconds from now: the lead is the time until the slot, less that.
      const remindAt = Date.now() + 12_000;
      const deps: AppointmentDeps = {
        db,
        now: () => new Date(),
        taskQueue,
        reminderLeadMs: slot.getTime() - remindAt,
      };
      const where = await lipniceWhere();
      const email = `pripominka.${crypto.randomUUID().slice(0, 8)}@example.cz`;
      const booked = await bookForCaller(deps, { where, clerkId: clerk.id }, {
        serviceId: s.id,
        slot: slot.toISOString(),
        values: { name: "Volající Občan", email, phone: "", subject: "Pas" },
      });
      assert(booked.ok);
      const workflowId = `lipnice/appointment/${booked.id}`;
      await waitFor(async () => {
        const cmd = await db.selectFrom("workflow_commands").select("status")
          .where("workflow_id", "=", workflowId).executeTakeFirst();
        return cmd?.status === "done";
      }, { what: "the reminder's workflow started", timeoutMs: 30_000 });
      const killed = await worker.kill("SIGKILL");
      assertEquals(killed.signal, "SIGKILL");
      await new Promise((r) => setTimeout(r, Math.max(0, remindAt - Date.now()) + 3_000));
      const before = await db.selectFrom("appointments").select("reminder_sent_at")
        .where("id", "=", booked.id).executeTakeFirstOrThrow();
      assertEquals(before.reminder_sent_at, null, "no reminder without a worker");
      await worker.restart();
      await waitFor(async () => {
        const r = await db.selectFrom("appointments").select("reminder_sent_at")
          .where("id", "=", booked.id).executeTakeFirstOrThrow();
        return r.reminder_sent_at !== null;
      }, { what: "the reminder after the restart", timeoutMs: 120_000, intervalMs: 500 });
      await new Promise((r) => setTimeout(r, 3_000));
      const reminders = await db.selectFrom("outbox_messages").select(["channel", "recipient"])
        .where("idempotency_key", "like", `appointment:${booked.id}:%:reminder:%`).execute();
      assertEquals(reminders, [{ channel: "email", recipient: email }]);
      const audit = await db.selectFrom("audit_log").select(["action", "actor_type"])
        .where("subject_id", "=", booked.id).orderBy("id").execute();
      assertEquals(audit.map((x) => `${x.action}/${x.actor_type}`), [
        "appointment.booked/clerk",
        "appointment.reminded/system",
      ]);
      // Cancelled afterwards: the workflow ends.
      const cancelled = await cancelAppointment(deps, where, { token: booked.manageToken });
      assertEquals(cancelled, { ok: true });
      const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
      try {
        const handle = new Client({ connection }).workflow.getHandle(workflowId);
        assertEquals(await handle.result(), { state: "ended" });
        const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
        if (saveTo) {
          const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
          await Deno.writeTextFile(
            `${saveTo}/appointment-reminded-after-restart-cancelled.json`,
            historyToJSON(await handle.fetchHistory()),
          );
        }
      } finally {
        await connection.close();
      }
    } finally {
      await worker.stop();
    }
  },
});

Deno.test({
  name: "[appointments] a clerk books for a caller, blocks time and records a no-show; audited",
  ...opts,
  async fn() {
    const s = await makeService(1);
    const [a1, a2] = futureSlots(s);
    const { lipnice } = await demoTowns();
    const db = getDb();
    const c = await client();
    await c.loginClerk();
    const local = (d: Date) => toPragueLocalInput(d);
    const day = formatPragueDate(a1);
    const page = await c.page(`/urad/rezervace?den=${day}`);
    assert(page.includes("Rezervace – den na úřadě"));

    const past = await post(c, "/urad/rezervace", {
      action: "book",
      den: day,
      serviceId: s.id,
      slot: local(new Date(Date.now() - 86_400_000)),
      name: "Volající",
      phone: "+420777999888",
      email: "",
      subject: "Pas",
    });
    assertEquals(past.status, 422);
    assert((await past.text()).includes("Tento čas už uplynul"));
    const booked = await post(c, "/urad/rezervace", {
      action: "book",
      den: day,
      serviceId: s.id,
      slot: local(a1),
      name: "Volající Občan",
      phone: "+420777999888",
      email: "",
      subject: "Pas",
    });
    assertEquals(booked.status, 303);
    await booked.body?.cancel();
    const blocked = await post(c, "/urad/rezervace", {
      action: "block",
      den: day,
      serviceId: s.id,
      slot: local(a2),
      reason: "Porada",
    });
    assertEquals(blocked.status, 303);
    await blocked.body?.cancel();
    const full = await post(c, "/urad/rezervace", {
      action: "book",
      den: day,
      serviceId: s.id,
      slot: local(a2),
      name: "Další Volající",
      phone: "",
      email: "",
      subject: "Pas",
    });
    assertEquals(full.status, 409);
    assert((await full.text()).includes("Tento čas už je obsazený"));
    const dayPage = await c.page(`/urad/rezervace?den=${day}`);
    assert(dayPage.includes("Volající Občan") && dayPage.includes("Porada"));
    // Only the services the clerk serves: nobody serves this test's service.
    const mine = await c.page(`/urad/rezervace?den=${day}&moje=1`);
    assert(!mine.includes("Volající Občan"));

    // A booking that has started (written as the seed writes one): its no-show.
    const started = new Date(Date.now() - 10 * 60_000);
    const a = await db.insertInto("appointments").values({
      tenant_id: lipnice.id,
      service_id: s.id,
      starts_at: started,
      ends_at: new Date(started.getTime() + 30 * 60_000),
      status: "booked",
      person_id: null,
      name: "Nepřišel",
      email: null,
      phone: null,
      hold_token_hash: null,
      hold_expires_at: null,
    }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("appointment_seats").values({
      tenant_id: lipnice.id,
      service_id: s.id,
      starts_at: started,
      seat: 1,
      kind: "booking",
      appointment_id: a.id,
      hold_expires_at: null,
    }).execute();
    const noShow = await post(c, "/urad/rezervace", {
      action: "noShow",
      den: formatPragueDate(started),
      id: a.id,
    });
    assertEquals(noShow.status, 303);
    await noShow.body?.cancel();
    const row = await db.selectFrom("appointments").select("status").where("id", "=", a.id)
      .executeTakeFirstOrThrow();
    assertEquals(row.status, "no_show");
    const audit = await db.selectFrom("audit_log").select(["action", "actor_type"])
      .where("tenant_id", "=", lipnice.id)
      .where((eb) => eb.or([eb("subject_id", "=", a.id), eb("subject_id", "=", s.id)]))
      .orderBy("id").execute();
    assertEquals(audit.map((x) => `${x.action}/${x.actor_type}`), [
      "appointment.blocked/clerk",
      "appointment.noShow/clerk",
    ]);
    // A closed day: its slots are no longer offered nor bookable; extra hours must end later.
    const later = futureSlots(s, 4, 8)[0];
    const laterDay = formatPragueDate(later);
    const wrong = await post(c, "/urad/rezervace", {
      action: "exception",
      den: day,
      serviceId: s.id,
      exceptionDate: laterDay,
      kind: "extra",
      opens: "12:00",
      closes: "09:00",
      note: "",
    });
    assertEquals(wrong.status, 422);
    assert((await wrong.text()).includes("Konec musí být později než začátek."));
    const closed = await post(c, "/urad/rezervace", {
      action: "exception",
      den: day,
      serviceId: s.id,
      exceptionDate: laterDay,
      kind: "closed",
      opens: "",
      closes: "",
      note: "Školení",
    });
    assertEquals(closed.status, 303);
    await closed.body?.cancel();
    const onClosed = await post(await client(), `/rezervace/${s.slug}`, {
      slot: later.toISOString(),
    });
    assertEquals(onClosed.status, 422);
    assert((await onClosed.text()).includes("mimo úřední hodiny"));
    const exceptionAudit = await db.selectFrom("audit_log").select("details")
      .where("tenant_id", "=", lipnice.id).where("action", "=", "appointment.exception")
      .orderBy("id", "desc").executeTakeFirstOrThrow();
    assertEquals((exceptionAudit.details as { serviceId: string }).serviceId, s.id);

    const citizen = await signedInCitizen("lipnice");
    const refused = await citizen.get("/urad/rezervace", { redirect: "manual" });
    await refused.body?.cancel();
    assert([302, 303, 403].includes(refused.status), `a citizen: ${refused.status}`);
  },
});

Deno.test({
  name: "[appointments] the reminder goes by the person's chosen channel (SMS), once; none for " +
    "a cancelled booking",
  ...opts,
  async fn() {
    const s = await makeService(1);
    const [slot] = futureSlots(s);
    const { lipnice } = await demoTowns();
    const db = getDb();
    const phone = `+420778${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
    const person = await db.insertInto("persons").values({
      tenant_id: lipnice.id,
      username: `sms.pripominka.${crypto.randomUUID().slice(0, 6)}`,
      given_name: "Jana",
      family_name: "Esemesková",
      status: "active",
      reminder_notifications: "sms",
      updated_at: new Date(),
    }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("person_contacts").values({
      tenant_id: lipnice.id,
      person_id: person.id,
      kind: "phone",
      value: phone,
      verified_at: new Date(),
    }).execute();
    const where = await lipniceWhere();
    const deps: AppointmentDeps = { db, now: () => new Date() };
    /** Jana books `at` herself (her e-mail given with the booking, when told). */
    const book = async (at: Date, email = "") => {
      const held = await holdSlot(deps, where, {
        slug: s.slug,
        slot: at.toISOString(),
        personId: person.id,
      });
      assert(held.ok);
      const booked = await completeBooking(deps, where, held.token, person.id, {
        name: "Jana Esemesková",
        email,
        phone: "",
        subject: "Pas",
      });
      assert(booked.kind === "booked", JSON.stringify(booked));
      return booked;
    };
    const booked = await book(slot);
    const { createAppointmentActivities } = await import("../activities/appointments.ts");
    const activities = createAppointmentActivities({ db });
    const ref = { tenantId: lipnice.id, appointmentId: booked.id, origin: where.origin };
    assertEquals(await activities.remindAppointment({ ...ref, version: 0 }), {
      outcome: "sent",
      channels: ["sms"],
    });
    assertEquals(await activities.remindAppointment({ ...ref, version: 0 }), {
      outcome: "already",
    });
    const sms = await db.selectFrom("outbox_messages").select(["channel", "recipient", "body"])
      .where("idempotency_key", "like", `appointment:${booked.id}:%:reminder:%`).execute();
    assertEquals(sms.length, 1);
    assertEquals(sms[0].channel, "sms");
    assertEquals(sms[0].recipient, phone);
    assert(sms[0].body!.includes("Připomínka"));
    // One who chose English gets it in English (the service's name stays the town's).
    await db.updateTable("persons").set({ language: "en" }).where("id", "=", person.id).execute();
    const [, later, third] = futureSlots(s);
    const bookedEn = await book(later);
    await activities.remindAppointment({ ...ref, appointmentId: bookedEn.id, version: 0 });
    const english = await db.selectFrom("outbox_messages").select("body")
      .where("idempotency_key", "like", `appointment:${bookedEn.id}:%:reminder:%`)
      .executeTakeFirstOrThrow();
    assert(english.body!.startsWith("Reminder:"), english.body!);
    // Its invitation too, sent to the e-mail given with the booking.
    const bookedMail = await book(third, `jana.${crypto.randomUUID().slice(0, 6)}@example.cz`);
    const invitation = await db.selectFrom("outbox_messages").select(["subject", "body"])
      .where("idempotency_key", "=", `appointment:${bookedMail.id}:0:REQUEST`)
      .executeTakeFirstOrThrow();
    assert(invitation.subject!.startsWith("Booking: "), invitation.subject!);
    assert(invitation.body!.startsWith("Hello, your booking is confirmed."), invitation.body!);
    // Cancelled: a late timer sends nothing.
    assertEquals(
      await cancelAppointment(deps, where, { personId: person.id, id: booked.id }),
      { ok: true },
    );
    assertEquals(await activities.remindAppointment({ ...ref, version: 1 }), { outcome: "ended" });
  },
});
