/**
 * Grant applications (issue 14): applying over HTTP for the club one acts for (the programme's
 * amount rules as Czech errors, the attachment stored, one application per submit key, "Moje
 * dotace" and its detail, another person's id a 404), the refusals (a person in an
 * organisations-only programme, a closed call, an upcoming one), and the workflow with its own
 * worker: the formal check returned, completed and approved (the row follows each step), a
 * missed completion deadline ends the application with one notice, and the settlement
 * reminders go out once each across a worker restart.
 */
import { Client, Connection } from "@temporalio/client";
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField, type TestClient } from "./support/client.ts";
import { waitFor } from "./support/wait.ts";
import { getDb } from "../lib/db.ts";
import { createOutcomeWaiter } from "../lib/outcomes.ts";
import { translator } from "../lib/i18n.ts";
import { insertGrantApplication } from "./support/grant_fixture.ts";
import { decideCase } from "../app/cases.ts";
import { fileGrantApplication, submitGrantApplication } from "../app/grant_applications.ts";
import { insertCall, insertProgramme } from "../db/repositories/grants.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { DAY_MS } from "../domain/cases.ts";
import { grantApplicationChanged } from "../domain/workflows.ts";
import { startWorker } from "../scripts/services/mod.ts";

const opts = { ...shared, ignore: !hasServices };

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

async function openCall() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const call = await db.selectFrom("grant_calls").select(["id", "project_from", "project_to"])
    .where("tenant_id", "=", lipnice.id).where("idempotency_key", "=", "seed-spolky-2027")
    .executeTakeFirstOrThrow();
  const categories = await db.selectFrom("grant_cost_categories as k")
    .innerJoin("grant_calls as c", "c.programme_id", "k.programme_id")
    .select(["k.code", "k.name", "k.eligible"]).where("c.id", "=", call.id)
    .orderBy("k.position").execute();
  return { tenantId: lipnice.id, ...call, categories };
}

/** A valid IČO of a club of its own (mod-11 check digit). */
function randomIco(): string {
  const d = String(Math.floor(Math.random() * 9_000_000) + 1_000_000);
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(d[i]) * (8 - i);
  return d + String((11 - (sum % 11)) % 10);
}

/**
 * A new citizen of Lipnice with a granted representation of a club of their own (or of the
 * club with `club`'s IČO and name: its second representative).
 */
async function clubMember(club?: { ico: string; name: string }) {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const suffix = crypto.randomUUID().slice(0, 8);
  const ico = club?.ico ?? randomIco();
  const name = club?.name ?? `Hasiči Lipnice ${suffix}, z. s.`;
  const username = `spolek.${suffix}`;
  const password = "Spolek-heslo-2026";
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: "Karel",
    family_name: "Spolkový",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("person_contacts").values({
    tenant_id: lipnice.id,
    person_id: person.id,
    kind: "email",
    value: `spolek.${suffix}@example.cz`,
    verified_at: new Date(),
  }).execute();
  const rep = await db.insertInto("representations").values({
    tenant_id: lipnice.id,
    idempotency_key: `test:${suffix}`,
    representative_id: person.id,
    kind: "company",
    represented_person_id: null,
    represented_name: name,
    represented_ico: ico,
    scope: [],
    status: "granted",
    document_name: null,
    document_type: null,
    document: null,
    decided_at: new Date(),
    decided_by: null,
    decision_note: null,
  }).returning("id").executeTakeFirstOrThrow();
  return {
    tenantId: lipnice.id,
    personId: person.id,
    repId: rep.id,
    name,
    ico,
    login: async () => {
      const c = await client();
      await c.loginCitizen(username, password);
      return c;
    },
  };
}

/** What the form posts for a club's application (amounts in crowns as typed). */
function fields(
  call: Awaited<ReturnType<typeof openCall>>,
  budget: [number, string, string][],
): Record<string, string> {
  const f: Record<string, string> = {
    applicantKind: "organisation",
    representatives: "Karel Spolkový, starosta sboru",
    ownership: "Spolek nemá podíly v jiných osobách.",
    bankAccount: "19-2000145399/0800",
    purpose: "Vybavení mládežnického družstva",
    projectFrom: call.project_from,
    projectTo: call.project_to,
    justification: "Družstvo má 18 dětí z obce.",
    declaration: "on",
  };
  budget.forEach(([cat, amount, grant], i) => {
    f[`budget[${i}].category`] = call.categories[cat].code;
    f[`budget[${i}].description`] = `Položka ${i + 1}`;
    f[`budget[${i}].amountKc`] = amount;
    f[`budget[${i}].grantKc`] = grant;
  });
  return f;
}

async function actFor(c: TestClient, repId: string) {
  const res = await c.post("/ucet/jednat-za", { representation: repId, next: "/ucet" });
  assertEquals(res.status, 303);
  assertEquals(res.headers.get("location"), "/ucet");
}

Deno.test({
  name: "[grant applications] the fixture inserts a consistent application",
  ...opts,
  async fn() {
    const call = await openCall();
    const m = await clubMember();
    const db = getDb();
    const a = await insertGrantApplication({
      tenantId: call.tenantId,
      callId: call.id,
      personId: m.personId,
    });
    const row = await db.selectFrom("grant_applications").selectAll()
      .where("id", "=", a.applicationId).executeTakeFirstOrThrow();
    assertEquals([row.case_id, row.state, row.applicant_kind], [
      a.caseId,
      "submitted",
      "organisation",
    ]);
    const items = await db.selectFrom("grant_budget_items").select(["grant_halere"])
      .where("application_id", "=", a.applicationId).execute();
    assertEquals(items.reduce((s, i) => s + Number(i.grant_halere), 0), Number(row.asked_halere));
    const b = await insertGrantApplication({
      tenantId: call.tenantId,
      callId: call.id,
      personId: m.personId,
      state: "granted",
      askedHalere: 5_000_000n,
      grantedHalere: 4_000_000,
    });
    assert(b.reference.startsWith("LIP-"));
  },
});

Deno.test({
  name: "[grant applications] a club's application over HTTP: Czech amount errors, an " +
    "attachment, filed once per key, in Moje dotace; another person gets a 404",
  ...opts,
  async fn() {
    const call = await openCall();
    const m = await clubMember();
    const c = await m.login();
    await actFor(c, m.repId);
    const path = `/dotace/${call.id}/zadost`;
    const form = await c.get(path);
    assertEquals(form.status, 200);
    const html = await form.text();
    assertStringIncludes(html, "Žádost o dotaci");
    assertStringIncludes(html, call.categories[0].name);
    const idem = hiddenField(html, "_idem");

    // Below the minimum (10 000 Kč); then the co-financing share; then a grant part above
    // its cost and grant money on an ineligible cost (Občerstvení): Czech, 422, nothing filed.
    const low = await c.post(path, { ...fields(call, [[0, "8000", "5000"]]), _idem: idem });
    assertEquals(low.status, 422);
    assertStringIncludes(
      await low.text(),
      "Požadujete 5\u00a0000 Kč, nejnižší dotace programu je 10\u00a0000 Kč.",
    );
    const share = await c.post(path, { ...fields(call, [[0, "20000", "20000"]]), _idem: idem });
    assertEquals(share.status, 422);
    assertStringIncludes(await share.text(), "Vlastní podíl musí být alespoň 30 % rozpočtu");
    const ineligible = call.categories.findIndex((k) => !k.eligible);
    const lines = await c.post(path, {
      ...fields(call, [[0, "20000", "30000"], [ineligible, "5000", "1000"]]),
      _idem: idem,
    });
    assertEquals(lines.status, 422);
    const linesHtml = await lines.text();
    assertStringIncludes(linesHtml, "Část z dotace nemůže být vyšší než náklad položky.");
    assertStringIncludes(linesHtml, "Neuznatelný náklad nelze hradit z dotace");
    const db = getDb();
    const none = await db.selectFrom("grant_applications").select("id")
      .where("person_id", "=", m.personId).execute();
    assertEquals(none, []);

    // Good: 60 000 Kč budget, 40 000 Kč asked, a PDF attached.
    const good = {
      ...fields(call, [[0, "40000", "30000"], [1, "20000", "10000"]]),
      _idem: idem,
    };
    const attachment = new File([PDF], "stanovy.pdf", { type: "application/pdf" });
    const filed = await c.post(path, { ...good, attachments: attachment });
    assertEquals(filed.status, 303, await filed.text());
    const location = filed.headers.get("location")!;
    const caseId = /^\/ucet\/podani\/([0-9a-f-]{36})\?podano$/.exec(location)![1];
    // The same submit again (a double click): the same case, nothing new.
    const again = await c.post(path, good);
    assertEquals(again.status, 303);
    assertEquals(again.headers.get("location"), location);
    const rows = await db.selectFrom("grant_applications").selectAll()
      .where("person_id", "=", m.personId).execute();
    assertEquals(rows.length, 1);
    const a = rows[0];
    assertEquals(
      [a.case_id, a.state, a.applicant_kind, a.applicant_name, a.applicant_ico, a.acting_for],
      [caseId, "submitted", "organisation", m.name, m.ico, m.repId],
    );
    assertEquals([a.asked_halere, a.total_budget_halere], ["4000000", "6000000"]);
    const budget = await db.selectFrom("grant_budget_items").select(["amount_halere"])
      .where("application_id", "=", a.id).orderBy("position").execute();
    assertEquals(budget.map((b) => b.amount_halere), ["4000000", "2000000"]);
    const files = await db.selectFrom("attachments").select(["file_name", "media_type"])
      .where("case_id", "=", caseId).execute();
    assertEquals(files, [{ file_name: "stanovy.pdf", media_type: "application/pdf" }]);
    const kase = await db.selectFrom("cases").select(["agenda", "form_slug", "reference"])
      .where("id", "=", caseId).executeTakeFirstOrThrow();
    assertEquals([kase.agenda, kase.form_slug, kase.reference], [
      "dotace",
      "zadost-o-dotaci",
      a.reference,
    ]);

    // The receipt and the timeline are the kit's.
    const timeline = await c.page(`/ucet/podani/${caseId}`);
    assertStringIncludes(timeline, `Podání přijato pod číslem ${a.reference}`);
    const pdf = await c.get(`/ucet/podani/${caseId}/potvrzeni.pdf`);
    assertEquals(pdf.status, 200);
    await pdf.body?.cancel();

    // Moje dotace: the list and the detail.
    const list = await c.page("/ucet/dotace");
    assertStringIncludes(list, a.reference!);
    assertStringIncludes(list, "Podaná, čeká na formální kontrolu");
    const detail = await c.page(`/ucet/dotace/${a.id}`);
    assertStringIncludes(detail, m.name);
    assertStringIncludes(detail, "40\u00a0000");
    assertStringIncludes(detail, "Potvrzení o podání (PDF)");

    // Another person: not found, not even its existence.
    const other = await clubMember();
    const oc = await other.login();
    const res = await oc.get(`/ucet/dotace/${a.id}`);
    assertEquals(res.status, 404);
    await res.body?.cancel();
    assert(!(await oc.page("/ucet/dotace")).includes(a.reference!));
  },
});

Deno.test({
  name: "[grant applications] refused in Czech: a person in an organisations-only programme, " +
    "a closed call, a call not open yet",
  ...opts,
  async fn() {
    const call = await openCall();
    const m = await clubMember();
    const c = await m.login();
    // Not acting for the club: the programme takes organisations only.
    const kind = await c.get(`/dotace/${call.id}/zadost`);
    assertEquals(kind.status, 403);
    assertStringIncludes(await kind.text(), "Do tohoto programu nemůžete žádat");
    await actFor(c, m.repId);
    const db = getDb();
    const upcoming = await db.selectFrom("grant_calls").select("id")
      .where("tenant_id", "=", call.tenantId).where("idempotency_key", "=", "seed-kultura-2027")
      .executeTakeFirstOrThrow();
    const early = await c.get(`/dotace/${upcoming.id}/zadost`);
    assertEquals(early.status, 409);
    assertStringIncludes(await early.text(), "Příjem žádostí v této výzvě ještě nezačal.");
    // A call whose window is over (closed by its workflow or not yet): refused on GET and POST.
    const closed = await db.insertInto("grant_calls").values({
      tenant_id: call.tenantId,
      programme_id: (await db.selectFrom("grant_calls").select("programme_id")
        .where("id", "=", call.id).executeTakeFirstOrThrow()).programme_id,
      idempotency_key: `test-closed-${crypto.randomUUID()}`,
      title: "Uzavřená výzva",
      opens_at: new Date(Date.now() - 20 * DAY_MS),
      closes_at: new Date(Date.now() - 2 * DAY_MS),
      decision_deadline: "2099-01-01",
      project_from: call.project_from,
      project_to: call.project_to,
      state: "closed",
    } as never).returning("id").executeTakeFirstOrThrow();
    const late = await c.get(`/dotace/${closed.id}/zadost`);
    assertEquals(late.status, 409);
    assertStringIncludes(await late.text(), "Příjem žádostí v této výzvě už skončil.");
    const latePost = await c.post(`/dotace/${closed.id}/zadost`, {
      ...fields(call, [[0, "40000", "20000"]]),
      _idem: crypto.randomUUID(),
    });
    assertEquals(latePost.status, 409);
    await latePost.body?.cancel();
    const bad = await c.get(`/dotace/not-a-uuid/zadost`);
    assertEquals(bad.status, 404);
    await bad.body?.cancel();
    const anonymous = await client();
    const login = await anonymous.get(`/dotace/${call.id}/zadost`);
    assertEquals(login.status, 303);
    assertStringIncludes(login.headers.get("location")!, "/prihlaseni?next=");
  },
});

/**
 * A programme of its own that takes one application per applicant, with an open call: the demo
 * programme says so too, but a test database made before the setting keeps it off.
 */
async function exclusiveCall() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const run = crypto.randomUUID().slice(0, 8);
  return await db.transaction().execute(async (trx) => {
    const programme = await insertProgramme(trx, lipnice.id, {
      title: `Spolky po jedné žádosti ${run}`,
      purpose: "Činnost spolků.",
      eligibleApplicants: "Spolky v obci.",
      applicantKinds: ["entrepreneur", "organisation"],
      total: 50_000_000,
      minGrant: 1_000_000,
      maxGrant: 10_000_000,
      cofinancingBp: 3000,
      eligibleCosts: "Vybavení, nájem.",
      ineligibleCosts: "Občerstvení.",
      settlementRule: "fixed",
      settlementDays: null,
      legalBasis: "Zákon č. 250/2000 Sb.",
      maxInstalments: 1,
      oneApplicationPerApplicant: true,
      costs: [
        { code: "vybaveni", name: "Vybavení", eligible: true },
        { code: "najem", name: "Nájem", eligible: true },
      ],
      criteria: [{ name: "Přínos", description: "", weight: 100, maxScore: 10 }],
    }, null);
    const call = await insertCall(
      trx,
      lipnice.id,
      programme!.id,
      {
        title: `Spolky po jedné žádosti ${run} – výzva`,
        opensAt: new Date(Date.now() - DAY_MS),
        closesAt: new Date(Date.now() + 10 * DAY_MS),
        decisionDeadline: "2099-01-01",
        settlementDeadline: "2099-12-31",
        projectFrom: "2099-01-01",
        projectTo: "2099-12-31",
      },
      "open",
      null,
      `test-one-each-${run}`,
    );
    const categories = await trx.selectFrom("grant_cost_categories")
      .select(["code", "name", "eligible"]).where("programme_id", "=", programme!.id)
      .orderBy("position").execute();
    return {
      tenantId: lipnice.id,
      id: call.id,
      project_from: "2099-01-01",
      project_to: "2099-12-31",
      categories,
    };
  });
}

Deno.test({
  name: "[grant applications] one application per club where the programme says so: the form " +
    "refuses a second (409, the first's reference), two filings at once file one, an entrepreneur's IČO twice is refused at the filing, the club's " +
    "other representative is refused too, a withdrawn one frees the place",
  ...opts,
  async fn() {
    const call = await exclusiveCall();
    const db = getDb();
    const publicPage = await (await client()).page(`/dotace/${call.id}`);
    assertStringIncludes(publicPage, "Každý žadatel může v jedné výzvě podat jen jednu žádost.");

    // Two submits at once with two keys (two tabs): one is filed. The other is refused in
    // Czech: by the unique index (422 at the applicant) when both passed the form's check at
    // once, else by the form's check (409).
    const m = await clubMember();
    const c = await m.login();
    await actFor(c, m.repId);
    const path = `/dotace/${call.id}/zadost`;
    const good = fields(call, [[0, "40000", "20000"]]);
    const [a, b] = await Promise.all([
      c.post(path, { ...good, _idem: crypto.randomUUID() }),
      c.post(path, { ...good, _idem: crypto.randomUUID() }),
    ]);
    const [filedRes, refusedRes] = a.status === 303 ? [a, b] : [b, a];
    const refusedHtml = await refusedRes.text();
    assertEquals(filedRes.status, 303, refusedHtml.slice(0, 400));
    assert([409, 422].includes(refusedRes.status), `refused: ${refusedRes.status}`);
    const rows = await db.selectFrom("grant_applications").select(["id", "reference", "case_id"])
      .where("call_id", "=", call.id).execute();
    assertEquals(rows.length, 1, "one application filed");
    const first = rows[0];
    assertStringIncludes(refusedHtml, first.reference!);
    assertEquals(filedRes.headers.get("location"), `/ucet/podani/${first.case_id}?podano`);

    // An entrepreneur's IČO is typed in the form, so only the filing can tell: the second
    // application of the same IČO (here by another person) meets the unique index: 422, the
    // Czech message at the IČO, everything typed kept, nothing filed.
    const ico = randomIco();
    const asEntrepreneur = {
      applicantKind: "entrepreneur",
      applicantIco: ico,
      bankAccount: "19-2000145399/0800",
      purpose: "Vybavení dílny pro kroužek",
      projectFrom: call.project_from,
      projectTo: call.project_to,
      justification: "Kroužek navštěvuje 12 dětí.",
      declaration: "on",
      "budget[0].category": call.categories[0].code,
      "budget[0].description": "Ponky",
      "budget[0].amountKc": "40000",
      "budget[0].grantKc": "20000",
    };
    for (const [i, kind] of [[0, "first"], [1, "second"]] as const) {
      const person = await (await clubMember()).login();
      const res = await person.post(path, { ...asEntrepreneur, _idem: crypto.randomUUID() });
      const html = await res.text();
      if (kind === "first") {
        assertEquals(res.status, 303, html.slice(0, 400));
        continue;
      }
      assertEquals(res.status, 422, `filing ${i + 1}`);
      const held = await db.selectFrom("grant_applications").select("reference")
        .where("call_id", "=", call.id).where("applicant_ico", "=", ico)
        .executeTakeFirstOrThrow();
      assertStringIncludes(
        html,
        `Tento žadatel už v této výzvě žádost ${held.reference} podal. Program přijímá od ` +
          "každého žadatele jen jednu žádost.",
      );
      assertStringIncludes(html, "Vybavení dílny pro kroužek");
    }
    assertEquals(
      (await db.selectFrom("grant_applications").select("id").where("call_id", "=", call.id)
        .where("applicant_ico", "=", ico).execute()).length,
      1,
    );

    // The form again: refused before anything is typed, with a link to the application.
    const again = await c.get(path);
    assertEquals(again.status, 409);
    const againHtml = await again.text();
    assertStringIncludes(againHtml, `V této výzvě už žádost ${first.reference} máte.`);
    assertStringIncludes(againHtml, `href="/ucet/podani/${first.case_id}"`);

    // The club's other representative: the same club, refused too, without a link to a case
    // that is not theirs.
    const second = await clubMember({ ico: m.ico, name: m.name });
    const c2 = await second.login();
    await actFor(c2, second.repId);
    const other = await c2.get(path);
    assertEquals(other.status, 409);
    const otherHtml = await other.text();
    assertStringIncludes(otherHtml, first.reference!);
    assert(!otherHtml.includes(`/ucet/podani/${first.case_id}`), "no link to another's case");
    const otherPost = await c2.post(path, { ...good, _idem: crypto.randomUUID() });
    assertEquals(otherPost.status, 409);
    await otherPost.body?.cancel();

    // Another club applies as it likes.
    const club2 = await clubMember();
    const c3 = await club2.login();
    await actFor(c3, club2.repId);
    const theirs = await c3.post(path, { ...good, _idem: crypto.randomUUID() });
    assertEquals(theirs.status, 303, await theirs.text());

    // TEST-ONLY shortcut for the withdrawal (its own test covers the path): a withdrawn
    // application leaves the index and the club may apply again while the call is open.
    await db.updateTable("grant_applications").set({ state: "withdrawn" })
      .where("id", "=", first.id).execute();
    const reopened = await c2.get(path);
    assertEquals(reopened.status, 200);
    await reopened.body?.cancel();
    const refiled = await c2.post(path, { ...good, _idem: crypto.randomUUID() });
    assertEquals(refiled.status, 303, await refiled.text());
    const live = await db.selectFrom("grant_applications").select("state")
      .where("call_id", "=", call.id).where("applicant_ico", "=", m.ico).execute();
    assertEquals(live.map((r) => r.state).sort(), ["submitted", "withdrawn"]);
  },
});

async function clerkOf(tenantId: string) {
  const clerk = await getDb().selectFrom("clerks").select("id").where("tenant_id", "=", tenantId)
    .where("username", "=", "urednik").executeTakeFirstOrThrow();
  return { tenantId, clerkId: clerk.id, requestId: null, roles: ["grants"] };
}

function rawValues(call: Awaited<ReturnType<typeof openCall>>, grant = "20000") {
  return {
    applicantKind: "organisation",
    representatives: "Karel Spolkový, starosta",
    ownership: "Žádné podíly.",
    bankAccount: "19-2000145399/0800",
    purpose: "Činnost mládeže",
    projectFrom: call.project_from,
    projectTo: call.project_to,
    justification: "Pro děti z obce.",
    budget: [{
      category: call.categories[0].code,
      description: "Nájem",
      amountKc: "40000",
      grantKc: grant,
    }],
    attachments: [],
    declaration: true,
  };
}

async function stateOf(caseId: string) {
  return await getDb().selectFrom("grant_applications")
    .select(["id", "state", "completion_deadline", "asked_halere"])
    .where("case_id", "=", caseId).executeTakeFirstOrThrow();
}

Deno.test({
  name: "[grant applications] the workflow: the formal check returns, the completion comes " +
    "back, approval; a missed completion deadline ends another with one notice; settlement " +
    "reminders once each across a worker restart",
  ...opts,
  async fn() {
    const call = await openCall();
    const db = getDb();
    const taskQueue = `grant-application-${crypto.randomUUID()}`;
    const worker = await startWorker({ ...Deno.env.toObject(), TEMPORAL_TASK_QUEUE: taskQueue });
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    const ctx = { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" };
    const clerk = await clerkOf(call.tenantId);
    try {
      // --- 1. Returned for completion, completed, approved --------------------------------
      // Each part's club of its own: the programme takes one application per club and call.
      const actorOf = (m: Awaited<ReturnType<typeof clubMember>>) => ({
        tenantId: m.tenantId,
        personId: m.personId,
        onBehalfOf: `representation:${m.repId}`,
        requestId: null,
        actingFor: m.repId,
      });
      const actor = actorOf(await clubMember());
      // Ten seconds for a completion (its reminder at five).
      const short = (
        input: Parameters<
          NonNullable<Parameters<typeof fileGrantApplication>[0]["grantWorkflowInput"]>
        >[0],
      ) => ({
        ...input,
        reviewDays: 10_000 / DAY_MS,
      });
      const deps = { db, now: () => new Date(), taskQueue, grantWorkflowInput: short };
      const one = await fileGrantApplication(deps, actor, ctx, {
        callId: call.id,
        values: rawValues(call),
        files: [],
        idempotencyKey: crypto.randomUUID(),
      });
      assert(one.ok, JSON.stringify(one));
      await waitFor(
        async () =>
          (await db.selectFrom("workflow_commands").select("status")
            .where("subject_type", "=", "case").where("subject_id", "=", one.caseId).execute())
            .every((r) => r.status !== "pending"),
        { what: "the workflow to start", timeoutMs: 60_000 },
      );
      const returned = await decideCase({ db, outcomes, waitMs: 10_000 }, clerk, {
        caseId: one.caseId,
        decision: "return",
        text: "Doplňte prosím stanovy spolku.",
      });
      assert(returned.ok, JSON.stringify(returned));
      const r1 = await waitFor(async () => {
        const s = await stateOf(one.caseId);
        return s.state === "returned" ? s : null;
      }, { what: "the application returned", timeoutMs: 30_000 });
      assert(r1.completion_deadline !== null, "the completion deadline is set");
      // The completion (a bigger grant part) through the form's use case.
      const form = new FormData();
      const v = rawValues(call, "25000");
      for (const [k, val] of Object.entries(v)) {
        if (k === "budget") {
          for (const [bk, bv] of Object.entries(v.budget[0])) form.set(`budget[0].${bk}`, bv);
        } else if (k === "declaration") form.set(k, "on");
        else if (typeof val === "string") form.set(k, val);
      }
      const completed = await submitGrantApplication(
        { ...deps, outcomes, waitMs: 10_000 },
        actor,
        ctx,
        { callId: call.id, form, idempotencyKey: crypto.randomUUID(), fixCaseId: one.caseId },
      );
      assert(completed.ok, JSON.stringify(completed));
      const back = await waitFor(async () => {
        const s = await stateOf(one.caseId);
        return s.state === "submitted" ? s : null;
      }, { what: "the completed application submitted again", timeoutMs: 30_000 });
      assertEquals(back.asked_halere, "2500000", "the completion's budget replaced the filed one");
      assertEquals(back.completion_deadline, null);
      const approved = await decideCase({ db, outcomes, waitMs: 10_000 }, clerk, {
        caseId: one.caseId,
        decision: "approve",
        text: "",
      });
      assert(approved.ok, JSON.stringify(approved));
      await waitFor(async () => (await stateOf(one.caseId)).state === "formally_ok", {
        what: "formally ok",
        timeoutMs: 30_000,
      });

      // --- 2. Returned and never completed: lapsed, one notice ------------------------------
      const two = await fileGrantApplication(deps, actorOf(await clubMember()), ctx, {
        callId: call.id,
        values: rawValues(call),
        files: [],
        idempotencyKey: crypto.randomUUID(),
      });
      assert(two.ok);
      await waitFor(
        async () =>
          (await db.selectFrom("workflow_commands").select("status")
            .where("subject_type", "=", "case").where("subject_id", "=", two.caseId).execute())
            .every((r) => r.status !== "pending"),
        { what: "the second workflow to start", timeoutMs: 60_000 },
      );
      const ret2 = await decideCase({ db, outcomes, waitMs: 10_000 }, clerk, {
        caseId: two.caseId,
        decision: "return",
        text: "Chybí rozpočet akce.",
      });
      assert(ret2.ok);
      await waitFor(async () => (await stateOf(two.caseId)).state === "lapsed", {
        what: "the application lapsed after its completion deadline",
        timeoutMs: 60_000,
      });
      const lapsedEvents = await db.selectFrom("case_events").select("id")
        .where("case_id", "=", two.caseId).where("kind", "=", "lapsed").execute();
      assertEquals(lapsedEvents.length, 1);
      const notices = await db.selectFrom("outbox_messages").select("subject")
        .where("tenant_id", "=", call.tenantId)
        .where("idempotency_key", "like", `case/${two.caseId}:lapsed:%`).execute();
      assertEquals(notices.length, 1);
      assertStringIncludes(notices[0].subject ?? "", "nebylo doplněno včas");
      const kase = await db.selectFrom("cases").select("state").where("id", "=", two.caseId)
        .executeTakeFirstOrThrow();
      assertEquals(kase.state, "closed");

      // --- 3. Settlement reminders: before, on the day, overdue — once each ---------------
      const t0 = Date.now();
      // A "day" of two minutes: the reminder on the day comes 45 s after the filing, in its
      // window even when the restarted worker needs long to come back on a busy machine.
      const dueAt = t0 + 45_000;
      const reminding = {
        ...deps,
        grantWorkflowInput: (input: Parameters<typeof short>[0]) => ({
          ...input,
          dayMs: 120_000,
          settlementDueAtMs: dueAt,
        }),
      };
      const three = await fileGrantApplication(reminding, actorOf(await clubMember()), ctx, {
        callId: call.id,
        values: rawValues(call),
        files: [],
        idempotencyKey: crypto.randomUUID(),
      });
      assert(three.ok);
      await waitFor(
        async () =>
          (await db.selectFrom("workflow_commands").select("status")
            .where("subject_type", "=", "case").where("subject_id", "=", three.caseId).execute())
            .every((r) => r.status !== "pending"),
        { what: "the third workflow to start", timeoutMs: 60_000 },
      );
      const ok3 = await decideCase({ db, outcomes, waitMs: 10_000 }, clerk, {
        caseId: three.caseId,
        decision: "approve",
        text: "",
      });
      assert(ok3.ok);
      const app3 = await waitFor(async () => {
        const s = await stateOf(three.caseId);
        return s.state === "formally_ok" ? s : null;
      }, { what: "the third formally ok", timeoutMs: 30_000 });
      // A later slice's contract: the row changes and the workflow is told.
      const signal = async (state: string, step: string) => {
        await db.transaction().execute(async (trx) => {
          await trx.updateTable("grant_applications").set({
            state,
            granted_halere: "2000000",
            settlement_due: new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10),
          } as never).where("id", "=", app3.id).execute();
          const wf = await trx.selectFrom("grant_applications").select("workflow_id")
            .where("id", "=", app3.id).executeTakeFirstOrThrow();
          await enqueueCommand(
            trx,
            grantApplicationChanged(
              { tenantId: call.tenantId, caseId: three.caseId, workflowId: wf.workflow_id },
              step,
            ),
          );
        });
      };
      await signal("contracted", "contracted");
      const kinds = async () =>
        (await db.selectFrom("grant_reminders").select("kind")
          .where("application_id", "=", app3.id).orderBy("id").execute()).map((r) => r.kind);
      await waitFor(async () => (await kinds()).length === 1, {
        what: "the reminder before the settlement date",
        timeoutMs: 30_000,
      });
      // The worker dies and comes back before the due date; the timers survive.
      const killed = await worker.kill("SIGKILL");
      assertEquals(killed.signal, "SIGKILL");
      await worker.restart();
      await waitFor(async () => (await kinds()).length === 3, {
        what: "the reminders on the day and overdue",
        timeoutMs: 300_000,
        intervalMs: 500,
      });
      assertEquals(await kinds(), ["settlement_before", "settlement_due", "settlement_overdue"]);
      assert(Date.now() >= dueAt + 120_000, "the overdue reminder not before its time");
      // Another change: nothing is sent again.
      await signal("paid", "paid");
      await new Promise((r) => setTimeout(r, 3_000));
      assertEquals((await kinds()).length, 3);
      for (const kind of ["settlementBefore", "settlementDue", "settlementOverdue"]) {
        const events = await db.selectFrom("case_events").select("id")
          .where("case_id", "=", three.caseId).where("kind", "=", kind).execute();
        assertEquals(events.length, 1, kind);
        const mails = await db.selectFrom("outbox_messages").select("id")
          .where("idempotency_key", "like", `case/${three.caseId}:${kind}:%`).execute();
        assertEquals(mails.length, 1, kind);
      }
      // Closed: the workflow ends.
      await signal("closed", "closed");

      const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
      try {
        const temporal = new Client({ connection });
        const runs = [
          ["returned-completed", one.caseId],
          ["lapsed", two.caseId],
          ["reminded-closed", three.caseId],
        ] as const;
        const handles = [];
        for (const [name, caseId] of runs) {
          const wf = await db.selectFrom("cases").select("workflow_id").where("id", "=", caseId)
            .executeTakeFirstOrThrow();
          handles.push([name, temporal.workflow.getHandle(wf.workflow_id!)] as const);
        }
        const lapsedResult = await handles[1][1].result();
        assertEquals(lapsedResult.state, "closed");
        const closedResult = await handles[2][1].result();
        assertEquals([closedResult.state, closedResult.application], ["approved", "closed"]);
        // The first still waits for the committee: close it so its history ends too.
        await db.updateTable("grant_applications").set({ state: "closed" } as never)
          .where("case_id", "=", one.caseId).execute();
        await handles[0][1].signal("grantApplicationChanged", { step: "test-closed" });
        assertEquals((await handles[0][1].result()).application, "closed");
        const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
        if (saveTo) {
          const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
          for (const [name, handle] of handles) {
            await Deno.writeTextFile(
              `${saveTo}/grant-application-${name}.json`,
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
