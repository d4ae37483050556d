/**
 * Wedding dates (issue 15): 50 couples race for one ceremony slot — exactly one holds it (the
 * database's unique index, no check first), the others get a Czech message with free slots and
 * nothing filed; the form page refuses a taken slot, a Sunday and a date in the past with Czech
 * errors (422); and the workflow with its own worker: the registry office confirms (the
 * documents to bring, the fee of another place as an obligation), the reminders a month and a
 * week before go out once each across a worker restart (a day of two seconds), and the case
 * closes once the ceremony has passed; a refused wedding releases its slot for another couple.
 */
import { Client, Connection } from "@temporalio/client";
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField, waitFor } from "./support/client.ts";
import { getDb } from "../lib/db.ts";
import { createOutcomeWaiter } from "../lib/outcomes.ts";
import { translator } from "../lib/i18n.ts";
import { decideCase, fileCase, resubmitCase } from "../app/cases.ts";
import { type CaseForms, defaultCaseForms } from "../app/case_forms.ts";
import { addDays, czechSlot, isCeremonyDay, slotInstant } from "../domain/wedding.ts";
import { formatPragueDate } from "../domain/time.ts";
import type { WeddingInput } from "../domain/workflows.ts";
import { startWorker } from "../scripts/services/mod.ts";

const opts = { ...shared, ignore: !hasServices };
const FORM = "/zivotni-situace/svatba/formular";
const SLUG = "svatba";
const cs = translator("cs");
const ctx = { t: cs, origin: "http://localhost:8000", townName: "Lipnice" };

/** The first ceremony day at least `days` from today. */
function ceremonyDay(days: number): string {
  let d = addDays(formatPragueDate(new Date()), days);
  while (!isCeremonyDay(d)) d = addDays(d, 1);
  return d;
}

/** A person of Lipnice without a login (the use case files for them). */
async function person(tenantId: string, n: number | string) {
  const row = await getDb().insertInto("persons").values({
    tenant_id: tenantId,
    username: `snoubenec.${n}.${crypto.randomUUID().slice(0, 6)}`,
    given_name: "Adam",
    family_name: `Ženich${n}`,
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  return { tenantId, personId: row.id, onBehalfOf: null, requestId: null };
}

function values(date: string, time: string, place = "obradni-sin") {
  return {
    partnerOne: "Adam Novák",
    partnerTwo: "Eva Nováková",
    email: "adam.novak@example.cz",
    date,
    time,
    place,
    otherPlace: place === "obradni-sin" ? "" : "Zámecký park, čp. 1",
  };
}

Deno.test({
  name: "[weddings] 50 couples race for one ceremony slot: exactly one holds it, the others " +
    "get a Czech message with free slots and nothing is filed",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const date = ceremonyDay(40);
    const time = "11:00";
    const actors = await Promise.all(Array.from({ length: 50 }, (_, i) => person(lipnice.id, i)));
    // No worker on this queue: the cases wait in the registry office's queue.
    const deps = { db, now: () => new Date(), taskQueue: `wedding-race-${crypto.randomUUID()}` };
    const results = await Promise.all(actors.map((actor) =>
      fileCase(deps, actor, ctx, {
        slug: SLUG,
        values: values(date, time),
        files: [],
        idempotencyKey: crypto.randomUUID(),
      })
    ));
    const won = results.filter((r) => r.ok);
    assertEquals(won.length, 1, "exactly one couple holds the slot");
    const taken = slotInstant(date, time)!;
    for (const r of results) {
      if (r.ok) continue;
      assert(r.code === "invalid", JSON.stringify(r));
      assertEquals(r.errors.map((e) => [e.field, e.code]), [["time", "slotTaken"]]);
      const text = cs("validation.slotTaken", r.errors[0].params);
      assertStringIncludes(text, "Tento termín obřadu už je obsazen. Volné termíny: ");
      assert(!text.includes(czechSlot(taken)), "the taken slot is not offered");
      assertStringIncludes(text, czechSlot(slotInstant(date, "11:30")!));
    }
    const bookings = await db.selectFrom("ceremony_bookings").select("case_id")
      .where("tenant_id", "=", lipnice.id).where("starts_at", "=", taken)
      .where("released_at", "is", null).execute();
    assertEquals(bookings.length, 1);
    const cases = await db.selectFrom("cases").select("id").where("form_slug", "=", SLUG)
      .where("person_id", "in", actors.map((a) => a.personId)).execute();
    assertEquals(cases.map((c) => c.id), [won[0].ok ? won[0].caseId : ""]);
    // The database itself refuses a second holder, whatever the code does.
    const again = await db.insertInto("ceremony_bookings").values({
      tenant_id: lipnice.id,
      case_id: cases[0].id,
      starts_at: taken,
      place_code: "obradni-sin",
      other_place: null,
    }).execute().then(() => "inserted", (e) => String(e.message));
    assertStringIncludes(again, "duplicate key");
  },
});

Deno.test({
  name: "[weddings] 50 signed-in clients post the form for one slot at once: one is filed (303), " +
    "49 get the Czech message with free slots (422)",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const password = "Svatba-zavod-heslo-2026";
    const passwordHash = await hash(password, { algorithm: 2 });
    const run = crypto.randomUUID().slice(0, 6);
    const clients = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const username = `zavod.${run}.${i}`;
      const row = await db.insertInto("persons").values({
        tenant_id: lipnice.id,
        username,
        given_name: "Adam",
        family_name: "Spěchal",
        password_hash: passwordHash,
        status: "active",
        updated_at: new Date(),
      }).returning("id").executeTakeFirstOrThrow();
      const c = await client();
      await c.loginCitizen(username, password);
      const idem = hiddenField(await (await c.get(FORM)).text(), "_idem");
      return { c, idem, personId: row.id };
    }));
    const date = ceremonyDay(70);
    const answers = await Promise.all(clients.map(async ({ c, idem }) => {
      const res = await c.post(FORM, { ...values(date, "10:30"), _idem: idem });
      return { status: res.status, html: await res.text() };
    }));
    assertEquals(answers.filter((a) => a.status === 303).length, 1, "one couple filed");
    const refused = answers.filter((a) => a.status === 422);
    assertEquals(refused.length, 49, answers.map((a) => a.status).join(","));
    for (const a of refused) {
      assertStringIncludes(a.html, "Tento termín obřadu už je obsazen. Volné termíny:");
      assertStringIncludes(a.html, czechSlot(slotInstant(date, "11:00")!));
    }
    const filed = await db.selectFrom("cases").select("id").where("form_slug", "=", SLUG)
      .where("person_id", "in", clients.map((c) => c.personId)).execute();
    assertEquals(filed.length, 1);
  },
});

Deno.test({
  name: "[weddings] a returned wedding corrected to another slot moves its booking; to a taken " +
    "one it is refused with free slots and keeps its own",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const date = ceremonyDay(90);
    const deps = { db, now: () => new Date(), taskQueue: `wedding-fix-${crypto.randomUUID()}` };
    const a = await person(lipnice.id, "fix-a");
    const b = await person(lipnice.id, "fix-b");
    const fileFor = (actor: typeof a, time: string) =>
      fileCase(deps, actor, ctx, {
        slug: SLUG,
        values: values(date, time),
        files: [],
        idempotencyKey: crypto.randomUUID(),
      });
    const one = await fileFor(a, "10:00");
    assert(one.ok);
    assert((await fileFor(b, "10:30")).ok);
    // The registry office returned it (the workflow's step, written here directly).
    await db.updateTable("cases").set({ state: "returned" }).where("id", "=", one.caseId)
      .execute();
    const slotOf = async () =>
      (await db.selectFrom("ceremony_bookings").select("starts_at")
        .where("case_id", "=", one.caseId).executeTakeFirstOrThrow()).starts_at.getTime();
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    try {
      const fix = { ...deps, outcomes, waitMs: 100 };
      const refused = await resubmitCase(fix, a, {
        caseId: one.caseId,
        values: values(date, "10:30"),
        files: [],
      });
      assert(!refused.ok && refused.code === "invalid", JSON.stringify(refused));
      assertEquals(refused.errors.map((e) => e.code), ["slotTaken"]);
      assertEquals(await slotOf(), slotInstant(date, "10:00")!.getTime(), "its own slot kept");
      const moved = await resubmitCase(fix, a, {
        caseId: one.caseId,
        values: values(date, "11:00"),
        files: [],
      });
      assert(moved.ok, JSON.stringify(moved));
      assertEquals(await slotOf(), slotInstant(date, "11:00")!.getTime());
      // The old slot is free again.
      assert((await fileFor(await person(lipnice.id, "fix-c"), "10:00")).ok);
    } finally {
      await outcomes.close();
    }
  },
});

Deno.test({
  name: "[weddings] the form page: a taken slot, a Sunday, a date in the past — Czech errors, " +
    "422, nothing filed",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const suffix = crypto.randomUUID().slice(0, 8);
    const username = `svatba.${suffix}`;
    const password = "Svatba-obcan-heslo-2026";
    const p = await db.insertInto("persons").values({
      tenant_id: lipnice.id,
      username,
      given_name: "Eva",
      family_name: "Nevěstová",
      password_hash: await hash(password, { algorithm: 2 }),
      status: "active",
      updated_at: new Date(),
    }).returning("id").executeTakeFirstOrThrow();
    const c = await client();
    await c.loginCitizen(username, password);
    const page = await c.get(FORM);
    assertEquals(page.status, 200);
    const idem = hiddenField(await page.text(), "_idem");
    const date = ceremonyDay(50);
    const first = await person(lipnice.id, "x");
    const held = await fileCase(
      { db, now: () => new Date(), taskQueue: `wedding-form-${suffix}` },
      first,
      ctx,
      { slug: SLUG, values: values(date, "12:00"), files: [], idempotencyKey: suffix },
    );
    assert(held.ok);
    const post = async (over: Record<string, string>) => {
      const res = await c.post(FORM, { ...values(date, "12:00"), ...over, _idem: idem });
      assertEquals(res.status, 422);
      const html = await res.text();
      assertStringIncludes(html, "Formulář obsahuje chyby");
      return html;
    };
    const takenHtml = await post({});
    assertStringIncludes(takenHtml, "Tento termín obřadu už je obsazen. Volné termíny:");
    assertStringIncludes(takenHtml, czechSlot(slotInstant(date, "12:30")!));
    const sunday = addDays(date, 7 - (new Date(`${date}T12:00Z`).getUTCDay() || 7));
    assertStringIncludes(
      await post({ date: sunday }),
      "Obřady se konají jen v pátek a v sobotu.",
    );
    assertStringIncludes(await post({ date: "2020-05-15" }), "Datum nesmí být dříve než");
    assertStringIncludes(await post({ time: "03:00" }), "Formulář obsahuje chyby");
    const filed = await db.selectFrom("cases").select("id").where("person_id", "=", p.id)
      .execute();
    assertEquals(filed, []);
  },
});

Deno.test({
  name: "[weddings] the workflow: confirmed with the documents and the fee of another place, " +
    "reminders a month and a week before once each across a worker restart, closed after the " +
    "ceremony; a refusal releases the slot",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const taskQueue = `wedding-${crypto.randomUUID()}`;
    const worker = await startWorker({ ...Deno.env.toObject(), TEMPORAL_TASK_QUEUE: taskQueue });
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    const clerkRow = await db.selectFrom("clerks").select("id")
      .where("tenant_id", "=", lipnice.id).where("username", "=", "urednik")
      .executeTakeFirstOrThrow();
    const clerk = {
      tenantId: lipnice.id,
      clerkId: clerkRow.id,
      requestId: null,
      roles: ["registry"],
    };
    // A day of two seconds: the month's reminder 60 s before the ceremony, the week's 14 s.
    let ceremonyAt = 0;
    const forms: CaseForms = (slug) => {
      const f = defaultCaseForms(slug);
      return f && {
        ...f,
        workflowInput: (input) =>
          ({ ...input, dayMs: 2_000, ceremonyAtMs: ceremonyAt }) as WeddingInput,
      };
    };
    const deps = { db, now: () => new Date(), taskQueue, forms };
    const started = async (caseId: string) =>
      await waitFor(
        async () =>
          (await db.selectFrom("workflow_commands").select("status")
            .where("subject_type", "=", "case").where("subject_id", "=", caseId).execute())
            .every((r) => r.status !== "pending"),
        { what: "the workflow to start", timeoutMs: 60_000 },
      );
    try {
      const date = ceremonyDay(60);
      const couple = await person(lipnice.id, "wf");
      await db.insertInto("person_contacts").values({
        tenant_id: lipnice.id,
        person_id: couple.personId,
        kind: "email",
        value: `svatba.${crypto.randomUUID().slice(0, 6)}@example.cz`,
        verified_at: new Date(),
      }).execute();
      ceremonyAt = Date.now() + 100_000;
      const one = await fileCase(deps, couple, ctx, {
        slug: SLUG,
        values: values(date, "10:00", "jine-misto"),
        files: [],
        idempotencyKey: crypto.randomUUID(),
      });
      assert(one.ok, JSON.stringify(one));
      await started(one.caseId);
      const ok = await decideCase({ db, outcomes, waitMs: 10_000 }, clerk, {
        caseId: one.caseId,
        decision: "approve",
        text: "Přineste prosím i překlad rodného listu snoubenky.",
      });
      assert(ok.ok, JSON.stringify(ok));
      const confirmed = await waitFor(
        async () =>
          await db.selectFrom("outbox_messages").select(["subject", "body"])
            .where("idempotency_key", "like", `case/${one.caseId}:weddingConfirmed:%`)
            .executeTakeFirst(),
        { what: "the confirmation", timeoutMs: 30_000 },
      );
      assertStringIncludes(confirmed.body ?? "", "rodné listy");
      assertStringIncludes(confirmed.body ?? "", "Zámecký park");
      const fee = await waitFor(
        async () =>
          await db.selectFrom("obligations").select(["amount_halere", "kind", "title"])
            .where("case_id", "=", one.caseId).executeTakeFirst(),
        {
          what: "the fee of another place",
          timeoutMs: 30_000,
        },
      );
      assertEquals([Number(fee.amount_halere), fee.kind], [200_000, "admin_fee"]);
      const reminders = async () =>
        (await db.selectFrom("case_events").select("kind").where("case_id", "=", one.caseId)
          .where("kind", "in", ["weddingReminderMonth", "weddingReminderWeek"])
          .orderBy("id").execute()).map((r) => r.kind);
      await waitFor(async () => (await reminders()).length === 1, {
        what: "the reminder a month before",
        timeoutMs: 90_000,
        intervalMs: 500,
      });
      // The worker dies and comes back before the week's reminder; the timers survive.
      const killed = await worker.kill("SIGKILL");
      assertEquals(killed.signal, "SIGKILL");
      await worker.restart();
      await waitFor(
        async () =>
          (await db.selectFrom("cases").select("state").where("id", "=", one.caseId)
            .executeTakeFirstOrThrow()).state === "closed",
        {
          what: "the case closed after the ceremony",
          timeoutMs: 180_000,
          intervalMs: 1_000,
        },
      );
      assertEquals(await reminders(), ["weddingReminderMonth", "weddingReminderWeek"]);
      assert(Date.now() >= ceremonyAt, "not closed before the ceremony");
      for (const kind of ["weddingReminderMonth", "weddingReminderWeek", "weddingConfirmed"]) {
        const mails = await db.selectFrom("outbox_messages").select("id")
          .where("idempotency_key", "like", `case/${one.caseId}:${kind}:%`).execute();
        assertEquals(mails.length, 1, kind);
      }

      // --- Refused: the slot is released, another couple books it ----------------------
      const other = await person(lipnice.id, "refused");
      const two = await fileCase(deps, other, ctx, {
        slug: SLUG,
        values: values(date, "13:30"),
        files: [],
        idempotencyKey: crypto.randomUUID(),
      });
      assert(two.ok);
      await started(two.caseId);
      const no = await decideCase({ db, outcomes, waitMs: 10_000 }, clerk, {
        caseId: two.caseId,
        decision: "reject",
        text: "Snoubenec již je ženatý.",
      });
      assert(no.ok);
      await waitFor(async () =>
        (await db.selectFrom("ceremony_bookings").select("released_at")
          .where("case_id", "=", two.caseId).executeTakeFirstOrThrow()).released_at !== null, {
        what: "the slot released",
        timeoutMs: 30_000,
      });
      const third = await fileCase(
        { db, now: () => new Date(), taskQueue: `wedding-idle-${crypto.randomUUID()}` },
        await person(lipnice.id, "third"),
        ctx,
        { slug: SLUG, values: values(date, "13:30"), files: [], idempotencyKey: "third" },
      );
      assert(third.ok, "the released slot can be booked again");

      const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
      try {
        const temporal = new Client({ connection });
        const handles = [];
        for (const [name, caseId] of [["reminded-held", one.caseId], ["refused", two.caseId]]) {
          const wf = await db.selectFrom("cases").select("workflow_id").where("id", "=", caseId)
            .executeTakeFirstOrThrow();
          handles.push([name, temporal.workflow.getHandle(wf.workflow_id!)] as const);
        }
        const r1 = await handles[0][1].result();
        assertEquals([r1.state, r1.held], ["approved", true]);
        assertEquals((await handles[1][1].result()).state, "rejected");
        const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
        if (saveTo) {
          const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
          for (const [name, handle] of handles) {
            await Deno.writeTextFile(
              `${saveTo}/wedding-${name}.json`,
              historyToJSON(await handle.fetchHistory()) + "\n",
            );
          }
        }
      } finally {
        await connection.close();
      }
    } finally {
      await outcomes.close();
      await worker.stop();
    }
  },
});
