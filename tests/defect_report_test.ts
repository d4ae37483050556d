/**
 * A defect report end to end through the outbox with the real worker: filed by a signed-in
 * citizen with a photo whose location they chose to share → triaged to a department → resolved
 * → reopened by the reporter → resolved again → closed when the (shortened) reopen window
 * passes. One e-mail per step; the photo is stored without its metadata, its position became the
 * report's coordinates; the public list shows the state and nothing personal.
 */
import { Client, Connection } from "@temporalio/client";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared, signedInCitizen } from "./support/app.ts";
import { hash } from "@node-rs/argon2";
import { SECOND_TOWN_CLERK } from "../db/seeds/demo.ts";
import { PUBLIC_CACHE_CONTROL } from "../lib/http/public_page.ts";
import { maildevUrl } from "./support/maildev.ts";
import { waitFor } from "./support/client.ts";
import { jpegWithGps } from "./support/exif.ts";
import { getDb } from "../lib/db.ts";
import { createOutcomeWaiter } from "../lib/outcomes.ts";
import { translator } from "../lib/i18n.ts";
import { fileCase } from "../app/cases.ts";
import { type CaseForm, defaultCaseForms } from "../app/case_forms.ts";
import {
  listDefectReports,
  publicDefectReport,
  reopenDefectReport,
  resolveDefectReport,
  triageDefectReport,
} from "../app/defect_reports.ts";
import { readGpsLocation } from "../domain/images.ts";
import type { DefectReportInput } from "../domain/workflows.ts";

const opts = { ...shared, ignore: !hasServices };
const SLUG = "hlaseni-zavady";
const REOPEN_WINDOW_MS = 6_000;

/** The registered defect form, with a reopen window a test can wait out. */
function shortWindowForm(): CaseForm {
  const form = defaultCaseForms(SLUG);
  assert(form, "the defect report form is registered");
  return {
    ...form,
    workflowInput: (input): DefectReportInput => ({ ...input, reopenWindowMs: REOPEN_WINDOW_MS }),
  };
}

export async function defectActors() {
  const { lipnice, dubova } = await demoTowns();
  const db = getDb();
  const person = await db.selectFrom("persons").select("id").where("tenant_id", "=", lipnice.id)
    .where("username", "=", "tomas.horak.1001").executeTakeFirstOrThrow();
  const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
    .where("username", "=", "urednik").executeTakeFirstOrThrow();
  const department = await db.selectFrom("departments").select(["id", "name"])
    .where("tenant_id", "=", lipnice.id).where("name", "=", "Technické služby")
    .executeTakeFirstOrThrow();
  return {
    lipnice,
    dubova,
    department,
    citizen: { tenantId: lipnice.id, personId: person.id, onBehalfOf: null, requestId: null },
    clerk: { tenantId: lipnice.id, clerkId: clerk.id, requestId: null, roles: ["agenda:zavady"] },
  };
}

const ctx = { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" };

function reportRow(id: string) {
  return getDb().selectFrom("defect_reports").selectAll().where("case_id", "=", id)
    .executeTakeFirst();
}

const statusIs = (id: string, status: string, round = 1) => async () => {
  const r = await reportRow(id);
  return r && r.status === status && r.round === round ? r : null;
};

async function messagesOf(caseId: string) {
  const rows = await getDb().selectFrom("outbox_messages")
    .select(["idempotency_key", "recipient", "subject"])
    .where("idempotency_key", "like", `case/${caseId}:%`).execute();
  return rows.sort((a, b) => a.idempotency_key.localeCompare(b.idempotency_key));
}

/** Files a defect report as the demo citizen; returns the case id. */
export async function fileDefectReport(
  citizen: { tenantId: string; personId: string; onBehalfOf: null; requestId: null },
  extra: { form?: CaseForm; street?: string } = {},
) {
  const db = getDb();
  const filed = await fileCase(
    { db, now: () => new Date(), forms: () => extra.form ?? defaultCaseForms(SLUG) },
    citizen,
    ctx,
    {
      slug: SLUG,
      values: {
        category: "komunikace",
        description: "Propadlý kanál uprostřed chodníku, hrozí úraz.",
        placeKind: "address",
        address: {
          street: extra.street ?? "Polní",
          houseNumber: "12",
          town: "Lipnice nad Hájem",
          postalCode: "39401",
        },
        shareLocation: true,
        email: "",
      },
      files: [{ path: "photos", name: "kanal.jpg", bytes: jpegWithGps(49.6123456, 15.4123456) }],
      idempotencyKey: crypto.randomUUID(),
    },
  );
  assert(filed.ok && filed.created, JSON.stringify(filed));
  return filed.caseId;
}

Deno.test({
  name:
    "[defects] filed, triaged, resolved, reopened, resolved, closed by the timer: one e-mail per step, nothing personal in public",
  ...opts,
  async fn() {
    const a = await defectActors();
    const db = getDb();
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    try {
      const id = await fileDefectReport(a.citizen, { form: shortWindowForm() });
      await waitFor(statusIs(id, "new"), { what: "the report's projection", timeoutMs: 60_000 });

      // The photo lost its metadata; its position became the report's coordinates.
      const photo = await db.selectFrom("attachments").select("content")
        .where("case_id", "=", id).executeTakeFirstOrThrow();
      assertEquals(readGpsLocation(photo.content), null);
      const c = await db.selectFrom("cases").select("values").where("id", "=", id)
        .executeTakeFirstOrThrow();
      assertEquals(c.values.latitude, 49.6123456);
      assertEquals(c.values.locationFromPhoto, true);
      const projected = await reportRow(id);
      assertEquals([projected?.latitude, projected?.place], [49.612, "Polní, Lipnice nad Hájem"]);

      const deps = { db, outcomes, waitMs: 1000 };
      const triaged = await triageDefectReport(deps, a.clerk, {
        caseId: id,
        outcome: "accept",
        departmentId: a.department.id,
        reason: "",
      });
      assert(triaged.ok, JSON.stringify(triaged));
      const assigned = await waitFor(statusIs(id, "assigned"), { what: "the triage" });
      assertEquals(assigned.department_id, a.department.id);

      const resolved = await resolveDefectReport(deps, a.clerk, {
        caseId: id,
        note: "Kanál byl opraven a zajištěn.",
      });
      assert(resolved.ok, JSON.stringify(resolved));
      const r1 = await waitFor(statusIs(id, "resolved"), { what: "the resolution" });
      assert(r1.reopen_until && r1.reopen_until.getTime() > Date.now());

      const reopened = await reopenDefectReport({ ...deps, now: () => new Date() }, a.citizen, {
        caseId: id,
        reason: "Poklop se znovu propadl.",
      });
      assert(reopened.ok, JSON.stringify(reopened));
      await waitFor(statusIs(id, "assigned", 2), { what: "the reopening" });

      const again = await resolveDefectReport(deps, a.clerk, {
        caseId: id,
        note: "Poklop vyměněn za nový.",
      });
      assert(again.ok, JSON.stringify(again));
      await waitFor(statusIs(id, "resolved", 2), { what: "the second resolution" });
      const closed = await waitFor(statusIs(id, "closed", 2), {
        what: "the closing timer",
        timeoutMs: 60_000,
      });
      assert(closed.closed_at);
      const caseRow = await db.selectFrom("cases").select("state").where("id", "=", id)
        .executeTakeFirstOrThrow();
      assertEquals(caseRow.state, "closed");

      // One e-mail per step, to the reporter.
      const mails = await waitFor(async () => {
        const m = await messagesOf(id);
        return m.length >= 6 ? m : null;
      }, { what: "the e-mails" });
      assertEquals(mails.map((m) => m.idempotency_key), [
        `case/${id}:closed:2`,
        `case/${id}:filed:1`,
        `case/${id}:reopened:2`,
        `case/${id}:resolved:1`,
        `case/${id}:resolved:2`,
        `case/${id}:triaged:1`,
      ]);
      assertEquals(new Set(mails.map((m) => m.recipient)).size, 1);
      const events = await db.selectFrom("case_events").select("kind").where("case_id", "=", id)
        .orderBy("id").execute();
      assertEquals(events.map((e) => e.kind), [
        "filed",
        "triaged",
        "resolved",
        "reopened",
        "resolved",
        "closed",
      ]);

      // The public list and page: the state, the street, the rounded place; nothing personal.
      const list = await listDefectReports({ db }, a.lipnice.id, {
        search: "polni",
        status: "",
        page: 1,
        t: translator("cs"),
      });
      const shown = list.reports.find((r) => r.id === id);
      assert(shown, "found by its street without diacritics");
      assertEquals(shown.status, "closed");
      const json = JSON.stringify(await publicDefectReport({ db }, a.lipnice.id, id));
      for (const secret of ["Polní 12", "39401", "Propadlý", "Horák", "tomas", "@", "49.6123"]) {
        assert(!json.includes(secret), `public report leaks ${secret}: ${json}`);
      }
      assertEquals(await publicDefectReport({ db }, a.dubova.id, id), null, "another town");

      const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
      try {
        const handle = new Client({ connection }).workflow.getHandle(`lipnice/case/${id}`);
        assertEquals(await handle.result(), { status: "closed", round: 2 });
        // `SAVE_HISTORY_DIR=… npm test -- tests/defect_report_test.ts` refreshes the history.
        const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
        if (saveTo) {
          const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
          await Deno.writeTextFile(
            `${saveTo}/defect-report-reopened-closed.json`,
            historyToJSON(await handle.fetchHistory()),
          );
        }
      } finally {
        await connection.close();
      }
    } finally {
      await outcomes.close();
    }
  },
});

/** A report placed straight into the projection (no workflow needed to read it). */
async function seededReport(tenantId: string, personId: string, street: string) {
  const db = getDb();
  const c = await db.insertInto("cases").values({
    tenant_id: tenantId,
    reference: `TEST-${crypto.randomUUID()}`,
    form_slug: SLUG,
    agenda: "zavady",
    person_id: personId,
    acting_for: null,
    on_behalf_of: null,
    idempotency_key: `test-${crypto.randomUUID()}`,
    values: JSON.stringify({ category: "zelen", description: "Soukromý popis od Horáka" }),
    assigned_clerk_id: null,
    last_clerk_id: null,
    due_at: new Date(Date.now() + 86_400_000),
    updated_at: new Date(),
    escalated_at: null,
    decision_text: null,
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("defect_reports").values({
    case_id: c.id,
    tenant_id: tenantId,
    category: "zelen",
    place: `${street}, Lipnice nad Hájem`,
    latitude: 49.612,
    longitude: 15.412,
    filed_at: new Date(),
    updated_at: new Date(),
  }).execute();
  return c.id;
}

async function html(res: Response): Promise<string> {
  assertEquals(res.status, 200, res.url);
  assertMatch(res.headers.get("content-type") ?? "", /^text\/html; charset=utf-8/i);
  return await res.text();
}

Deno.test({
  name:
    "[routes] GET /hlaseni-zavad lists the town's reports, searchable without diacritics, cacheable, nothing personal",
  ...opts,
  async fn() {
    const a = await defectActors();
    const street = `Šípková ${crypto.randomUUID().slice(0, 6)}`;
    const id = await seededReport(a.lipnice.id, a.citizen.personId, street);
    const c = await client();
    const res = await c.get(`/hlaseni-zavad?q=${encodeURIComponent("sipkova")}`);
    assertEquals(res.headers.get("cache-control"), PUBLIC_CACHE_CONTROL);
    const etag = res.headers.get("etag");
    const body = await html(res);
    assertStringIncludes(body, "<h1>Nahlášené závady</h1>");
    assertStringIncludes(body, `href="/hlaseni-zavad/${id}"`);
    assertStringIncludes(body, street);
    assertStringIncludes(body, "Zeleň");
    assert(!body.includes("Soukromý popis") && !body.includes("Horák"), "nothing personal");
    assert(!body.includes("<script"), "the list ships no JavaScript");
    assert(etag);
    const again = await c.get(`/hlaseni-zavad?q=${encodeURIComponent("sipkova")}`, {
      headers: { "if-none-match": etag },
    });
    assertEquals(again.status, 304);

    const detail = await html(await c.get(`/hlaseni-zavad/${id}`));
    assertStringIncludes(detail, street);
    assertStringIncludes(detail, "Nové");
    assert(
      !detail.includes("Soukromý popis") && !detail.includes("TEST-"),
      "no description, no reference",
    );

    const nothing = await html(await c.get("/hlaseni-zavad?q=neexistujicizavada"));
    assertStringIncludes(nothing, "Pro „neexistujicizavada“ jsme nenašli žádnou závadu.");

    // The other town lists none of it and does not find it by id.
    const dubova = await client("dubova.localhost");
    assert(!(await html(await dubova.get("/hlaseni-zavad"))).includes(street));
    const foreign = await dubova.get(`/hlaseni-zavad/${id}`);
    await foreign.body?.cancel();
    assertEquals(foreign.status, 404);
    const junk = await c.get("/hlaseni-zavad/not-a-uuid");
    await junk.body?.cancel();
    assertEquals(junk.status, 404);
  },
});

Deno.test({
  name:
    "[routes] the clerk triages and resolves a defect report on /urad/ukoly/<id>; other towns and agendas get 404",
  ...{ ...opts, ignore: opts.ignore || !maildevUrl },
  async fn() {
    const a = await defectActors();
    const id = await fileDefectReport(a.citizen);
    await waitFor(statusIs(id, "new"), { what: "the report's projection", timeoutMs: 60_000 });

    const clerk = await client();
    await clerk.loginClerk();
    const page = await html(await clerk.get(`/urad/ukoly/${id}`));
    assertStringIncludes(page, "Posouzení hlášení");
    assertStringIncludes(page, "Technické služby");
    assert(!page.includes("Technické služby Dubová Lhota"), "only the town's own departments");

    const missing = await clerk.post(`/urad/ukoly/${id}`, {
      action: "triage",
      outcome: "accept",
      department: "",
    });
    assertEquals(missing.status, 422);
    assertStringIncludes(await missing.text(), "Odbor");
    const reasonless = await clerk.post(`/urad/ukoly/${id}`, {
      action: "triage",
      outcome: "duplicate",
      reason: "",
    });
    assertEquals(reasonless.status, 422);
    await reasonless.body?.cancel();

    // Another town's clerk, a clerk without the agenda and a citizen reach nothing.
    const foreign = await client("dubova.localhost");
    await foreign.loginClerk(
      SECOND_TOWN_CLERK.username,
      SECOND_TOWN_CLERK.password,
      SECOND_TOWN_CLERK.phone,
    );
    const otherTown = await foreign.post(`/urad/ukoly/${id}`, {
      action: "triage",
      outcome: "accept",
      department: a.department.id,
    });
    await otherTown.body?.cancel();
    assertEquals(otherTown.status, 404);
    const feesOnly = await feesClerk(a.lipnice.id);
    for (const method of ["GET", "POST"] as const) {
      const res = method === "GET"
        ? await feesOnly.get(`/urad/ukoly/${id}`)
        : await feesOnly.post(`/urad/ukoly/${id}`, {
          action: "triage",
          outcome: "accept",
          department: a.department.id,
        });
      await res.body?.cancel();
      assertEquals(res.status, 404, `${method} by a clerk of another agenda`);
    }
    const citizen = await signedInCitizen("lipnice");
    const asCitizen = await citizen.post(`/urad/ukoly/${id}`, {
      action: "triage",
      outcome: "accept",
      department: a.department.id,
    });
    await asCitizen.body?.cancel();
    assert([302, 303, 403].includes(asCitizen.status), `a citizen got ${asCitizen.status}`);
    assertEquals((await reportRow(id))?.status, "new");

    const triaged = await clerk.post(`/urad/ukoly/${id}`, {
      action: "triage",
      outcome: "accept",
      department: a.department.id,
    });
    await triaged.body?.cancel();
    assertEquals(triaged.status, 303);
    assertMatch(triaged.headers.get("location") ?? "", /\?(posouzeno|zpracovava)=1$/);
    await waitFor(statusIs(id, "assigned"), { what: "the triage" });

    const resolved = await clerk.post(`/urad/ukoly/${id}`, {
      action: "resolve",
      resolution: "Větev odstraněna.",
    });
    await resolved.body?.cancel();
    assertEquals(resolved.status, 303);
    await waitFor(statusIs(id, "resolved"), { what: "the resolution" });
    const audit = await getDb().selectFrom("audit_log").select("action")
      .where("subject_id", "=", id).where("actor_type", "=", "clerk").execute();
    const actions = audit.map((x) => x.action);

    // The reporter reopens it from their case page, with a reason.
    const reporter = await client();
    await reporter.loginCitizen();
    assertStringIncludes(
      await html(await reporter.get(`/ucet/podani/${id}`)),
      "Závada stále trvá?",
    );
    const empty = await reporter.post(`/ucet/podani/${id}/znovu-otevrit`, { reason: "" });
    assertEquals(empty.status, 422);
    assertStringIncludes(await empty.text(), "Co stále není v pořádku");
    const reopened = await reporter.post(`/ucet/podani/${id}/znovu-otevrit`, {
      reason: "Větev znovu spadla.",
    });
    await reopened.body?.cancel();
    assertEquals(reopened.status, 303);
    await waitFor(statusIs(id, "assigned", 2), { what: "the reopening" });
    const late = await reporter.post(`/ucet/podani/${id}/znovu-otevrit`, { reason: "Znovu." });
    await late.body?.cancel();
    assertEquals(late.status, 409, "an assigned report is not reopened again");
    assert(
      actions.includes("defect.triage_requested") && actions.includes("defect.resolve_requested"),
    );
  },
});

/** A clerk of the town who works the fees agenda only, signed in. */
async function feesClerk(tenantId: string) {
  const username = `poplatky.${crypto.randomUUID().slice(0, 8)}`;
  const password = "Poplatky-Urad-2026";
  const phone = `+420777${String(Math.floor(Math.random() * 900000) + 100000)}`;
  await getDb().insertInto("clerks").values({
    tenant_id: tenantId,
    username,
    display_name: "Úřednice poplatků",
    email: `${username}@lipnice.example`,
    password_hash: await hash(password, { algorithm: 2 }),
    phone,
    roles: ["agenda:poplatky"],
  }).execute();
  const c = await client();
  await c.loginClerk(username, password, phone);
  return c;
}
