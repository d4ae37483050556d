/**
 * The public-space occupation permit (zábor veřejného prostranství, issue 15): the form page
 * answers bad input (an area of 0 m² or 10 000 000 m², dates in the wrong order, a date in the
 * past) with Czech errors and a 422, filing nothing; a filing stores the occupation with its fee
 * from the town's rates, and a second one of the same place on overlapping dates is flagged to
 * the clerk; and the workflow with its own worker: approved → the fee in the applicant's
 * account → paid (a bank payment booked to it) → the permit issued once and its PDF downloaded →
 * the occupation ends and the case closes; a refused one carries its reason to the applicant.
 */
import { Client, Connection } from "@temporalio/client";
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField, type TestClient, waitFor } from "./support/client.ts";
import { getDb } from "../lib/db.ts";
import { createOutcomeWaiter } from "../lib/outcomes.ts";
import { translator } from "../lib/i18n.ts";
import { decideCase, fileCase, resubmitCase } from "../app/cases.ts";
import { type CaseForms, defaultCaseForms } from "../app/case_forms.ts";
import { grantAuthorization } from "../db/repositories/authorizations.ts";
import { bookPayment } from "../db/repositories/ledger.ts";
import { addDays } from "../domain/wedding.ts";
import { formatPragueDate } from "../domain/time.ts";
import type { PublicSpaceInput } from "../domain/workflows.ts";
import { startWorker } from "../scripts/services/mod.ts";

const opts = { ...shared, ignore: !hasServices };
const FORM = "/zivotni-situace/zabor-verejneho-prostranstvi/formular";

/** A new citizen of Lipnice with a verified e-mail and the fees agenda authorized, signed in. */
async function applicant() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const suffix = crypto.randomUUID().slice(0, 8);
  const username = `zabor.${suffix}`;
  const password = "Zabor-obcan-heslo-2026";
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: "Ondřej",
    family_name: "Stavitel",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("person_contacts").values({
    tenant_id: lipnice.id,
    person_id: person.id,
    kind: "email",
    value: `zabor.${suffix}@example.cz`,
    verified_at: new Date(),
  }).execute();
  await grantAuthorization(db, lipnice.id, {
    personId: person.id,
    agenda: "poplatky",
    source: "clerk",
  });
  const c = await client();
  await c.loginCitizen(username, password);
  return { c, personId: person.id, tenantId: lipnice.id, suffix };
}

function today(): string {
  return formatPragueDate(new Date());
}

function fields(over: Record<string, string> = {}): Record<string, string> {
  return {
    street: "Husova před čp. 12",
    areaM2: "12",
    purpose: "scaffolding",
    dateFrom: addDays(today(), 10),
    dateTo: addDays(today(), 14),
    note: "",
    ...over,
  };
}

async function idemOf(c: TestClient): Promise<string> {
  const res = await c.get(FORM);
  assertEquals(res.status, 200);
  return hiddenField(await res.text(), "_idem");
}

async function invalid(res: Response): Promise<string> {
  assertEquals(res.status, 422);
  assertMatch(res.headers.get("content-type") ?? "", /^text\/html/);
  const html = await res.text();
  assertStringIncludes(html, "Formulář obsahuje chyby");
  return html;
}

async function casesOf(personId: string) {
  return await getDb().selectFrom("cases").select(["id", "reference"])
    .where("person_id", "=", personId).execute();
}

Deno.test({
  name: "[public space] bad input: 0 m², 10 000 000 m², dates in the wrong order or in the " +
    "past — Czech errors, 422, nothing filed",
  ...opts,
  async fn() {
    const a = await applicant();
    const idem = await idemOf(a.c);
    const zero = await invalid(await a.c.post(FORM, { ...fields({ areaM2: "0" }), _idem: idem }));
    assertStringIncludes(zero, "Číslo musí být nejméně 0");
    const huge = await invalid(
      await a.c.post(FORM, { ...fields({ areaM2: "10000000" }), _idem: idem }),
    );
    assertStringIncludes(huge, "Číslo smí být nejvýše 10");
    const order = await invalid(
      await a.c.post(FORM, {
        ...fields({ dateFrom: addDays(today(), 10), dateTo: addDays(today(), 5) }),
        _idem: idem,
      }),
    );
    assertStringIncludes(order, "Datum nesmí být dříve než");
    const past = await invalid(
      await a.c.post(FORM, { ...fields({ dateFrom: "2020-01-01" }), _idem: idem }),
    );
    assertStringIncludes(past, "Datum nesmí být dříve než");
    // Text where a number belongs, a wrong purpose: errors, not a 500.
    await invalid(await a.c.post(FORM, { ...fields({ areaM2: "dvanáct" }), _idem: idem }));
    await invalid(await a.c.post(FORM, { ...fields({ purpose: "circus" }), _idem: idem }));
    assertEquals(await casesOf(a.personId), []);
  },
});

Deno.test({
  name: "[public space] filing stores the fee from the town's rates; an overlapping occupation " +
    "of the same place is flagged to the clerk",
  ...opts,
  async fn() {
    const a = await applicant();
    // A place of its own for this run, so other tests' occupations never overlap it.
    const street = `Husova ${a.suffix}`;
    const first = await a.c.post(FORM, { ...fields({ street }), _idem: await idemOf(a.c) });
    assertEquals(first.status, 303);
    const second = await a.c.post(FORM, {
      ...fields({
        street: `  HUSOVA ${a.suffix.toUpperCase()} `,
        purpose: "container",
        areaM2: "2,1",
        dateFrom: addDays(today(), 14),
        dateTo: addDays(today(), 14),
      }),
      _idem: await idemOf(a.c),
    });
    assertEquals(second.status, 303);
    const db = getDb();
    const rows = await db.selectFrom("public_space_occupations as p")
      .innerJoin("cases as c", "c.id", "p.case_id")
      .select(["c.id", "c.reference", "p.fee_halere", "p.area_m2"])
      .where("c.person_id", "=", a.personId).orderBy("c.created_at").execute();
    // Scaffolding: 12 m² × 5 days × 10 Kč; a container: 3 started m² × 1 day × 10 Kč.
    assertEquals(rows.map((r) => Number(r.fee_halere)), [60_000, 3_000]);
    const flags = await db.selectFrom("case_events").select(["case_id", "text"])
      .where("kind", "=", "overlapFlagged").where("case_id", "in", rows.map((r) => r.id))
      .execute();
    assertEquals(flags.length, 1);
    assertEquals(flags[0].case_id, rows[1].id);
    assertStringIncludes(flags[0].text ?? "", rows[0].reference);
    // The clerk sees it on the case; the applicant's timeline does not show it.
    const office = await client();
    await office.loginClerk();
    const page = await (await office.get(`/urad/ukoly/${rows[1].id}`)).text();
    assertStringIncludes(page, "Překrývající se zábory stejného místa");
    assertStringIncludes(page, rows[0].reference);
    const own = await (await a.c.get(`/ucet/podani/${rows[1].id}`)).text();
    assert(!own.includes("Překrývající se"), "the applicant is not shown the flag");
    assertStringIncludes(own, "Údaje žádosti");
    // No permit before it is paid: the PDF is a 404, also for another person.
    assertEquals((await a.c.get(`/ucet/podani/${rows[0].id}/povoleni.pdf`)).status, 404);
  },
});

Deno.test({
  name: "[public space] a returned application corrected: the occupation and its fee follow",
  ...opts,
  async fn() {
    const a = await applicant();
    const db = getDb();
    const ctx = { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" };
    const actor = { tenantId: a.tenantId, personId: a.personId, onBehalfOf: null, requestId: null };
    const deps = { db, now: () => new Date(), taskQueue: `zabor-fix-${crypto.randomUUID()}` };
    const filed = await fileCase(deps, actor, ctx, {
      slug: "zabor-verejneho-prostranstvi",
      values: fields({ street: `Polní ${a.suffix}` }),
      files: [],
      idempotencyKey: crypto.randomUUID(),
    });
    assert(filed.ok);
    await db.updateTable("cases").set({ state: "returned" }).where("id", "=", filed.caseId)
      .execute();
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    try {
      const fix = { ...deps, outcomes, waitMs: 100 };
      const zero = await resubmitCase(fix, actor, {
        caseId: filed.caseId,
        values: fields({ street: `Polní ${a.suffix}`, areaM2: "0" }),
        files: [],
      });
      assert(!zero.ok && zero.code === "invalid", JSON.stringify(zero));
      const ok = await resubmitCase(fix, actor, {
        caseId: filed.caseId,
        values: fields({ street: `Polní ${a.suffix}`, areaM2: "20", purpose: "event" }),
        files: [],
      });
      assert(ok.ok, JSON.stringify(ok));
      const o = await db.selectFrom("public_space_occupations").select(["fee_halere", "purpose"])
        .where("case_id", "=", filed.caseId).executeTakeFirstOrThrow();
      // An event: 20 m² × 5 days × 5 Kč.
      assertEquals([Number(o.fee_halere), o.purpose], [50_000, "event"]);
    } finally {
      await outcomes.close();
    }
  },
});

async function clerkOf(tenantId: string) {
  const clerk = await getDb().selectFrom("clerks").select("id").where("tenant_id", "=", tenantId)
    .where("username", "=", "urednik").executeTakeFirstOrThrow();
  return { tenantId, clerkId: clerk.id, requestId: null, roles: ["agenda:poplatky"] };
}

async function started(caseId: string) {
  await waitFor(
    async () =>
      (await getDb().selectFrom("workflow_commands").select("status")
        .where("subject_type", "=", "case").where("subject_id", "=", caseId).execute())
        .every((r) => r.status !== "pending"),
    { what: "the workflow to start", timeoutMs: 60_000 },
  );
}

Deno.test({
  name: "[public space] the workflow: approved, the fee in /ucet, paid, the permit issued once " +
    "and downloaded, the occupation ends and the case closes; a refusal carries its reason",
  ...opts,
  async fn() {
    const a = await applicant();
    const db = getDb();
    const taskQueue = `public-space-${crypto.randomUUID()}`;
    const worker = await startWorker({ ...Deno.env.toObject(), TEMPORAL_TASK_QUEUE: taskQueue });
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    const ctx = { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" };
    const clerk = await clerkOf(a.tenantId);
    const actor = { tenantId: a.tenantId, personId: a.personId, onBehalfOf: null, requestId: null };
    let endsAt = 0;
    // The occupation "ends" shortly after the test pays; the ledger is read every second.
    const forms: CaseForms = (slug) => {
      const f = defaultCaseForms(slug);
      return f && {
        ...f,
        workflowInput: (input) =>
          ({ ...input, paymentPollMs: 1_000, endsAtMs: endsAt }) as PublicSpaceInput,
      };
    };
    const deps = { db, now: () => new Date(), taskQueue, forms };
    try {
      endsAt = Date.now() + 90_000;
      const values = {
        street: `Náměstí Míru ${a.suffix}`,
        areaM2: "4",
        purpose: "stall",
        dateFrom: addDays(today(), 3),
        dateTo: addDays(today(), 4),
      };
      const one = await fileCase(deps, actor, ctx, {
        slug: "zabor-verejneho-prostranstvi",
        values,
        files: [],
        idempotencyKey: crypto.randomUUID(),
      });
      assert(one.ok, JSON.stringify(one));
      await started(one.caseId);
      const approved = await decideCase({ db, outcomes, waitMs: 10_000 }, clerk, {
        caseId: one.caseId,
        decision: "approve",
        text: "",
      });
      assert(approved.ok, JSON.stringify(approved));
      // 4 m² × 2 days × 30 Kč = 240 Kč, in the applicant's account.
      const o = await waitFor(
        async () =>
          await db.selectFrom("obligations").selectAll().where("case_id", "=", one.caseId)
            .executeTakeFirst(),
        { what: "the fee's obligation", timeoutMs: 30_000 },
      );
      assertEquals([Number(o.amount_halere), o.specific_symbol], [24_000, "1343"]);
      const account = await (await a.c.get("/ucet")).text();
      assertStringIncludes(account, "Poplatek za užívání veřejného prostranství");
      assertEquals((await a.c.get(`/ucet/podani/${one.caseId}/povoleni.pdf`)).status, 404);

      // Paid: a bank payment booked to the obligation.
      await db.transaction().execute(async (trx) => {
        await bookPayment(trx, a.tenantId, {
          kind: "bank",
          amountHalere: 24_000,
          receivedOn: today(),
          variableSymbol: o.variable_symbol,
          obligationId: o.id,
          sourceKey: `test-${crypto.randomUUID()}`,
        });
      });
      const occ = await waitFor(async () => {
        const r = await db.selectFrom("public_space_occupations").selectAll()
          .where("case_id", "=", one.caseId).executeTakeFirstOrThrow();
        return r.permit_issued_at ? r : null;
      }, { what: "the permit issued", timeoutMs: 30_000 });
      assertMatch(occ.permit_number ?? "", /^ZAB-\d{4}\/\d{6}$/);
      const pdf = await a.c.get(`/ucet/podani/${one.caseId}/povoleni.pdf`);
      assertEquals(pdf.status, 200);
      assertEquals(pdf.headers.get("content-type"), "application/pdf");
      assertEquals(pdf.headers.get("cache-control"), "private, no-store");
      const bytes = new Uint8Array(await pdf.arrayBuffer());
      assertEquals(new TextDecoder().decode(bytes.slice(0, 5)), "%PDF-");
      // Another person never gets it.
      const other = await applicant();
      assertEquals((await other.c.get(`/ucet/podani/${one.caseId}/povoleni.pdf`)).status, 404);
      const permitMails = await db.selectFrom("outbox_messages").select("subject")
        .where("idempotency_key", "like", `case/${one.caseId}:permitIssued:%`).execute();
      assertEquals(permitMails.length, 1);
      assertStringIncludes(permitMails[0].subject ?? "", occ.permit_number!);

      // --- A refused one: the reason goes to the applicant --------------------------------
      const two = await fileCase(deps, actor, ctx, {
        slug: "zabor-verejneho-prostranstvi",
        values: { ...values, purpose: "event", street: `Náves ${a.suffix}` },
        files: [],
        idempotencyKey: crypto.randomUUID(),
      });
      assert(two.ok);
      await started(two.caseId);
      const refused = await decideCase({ db, outcomes, waitMs: 10_000 }, clerk, {
        caseId: two.caseId,
        decision: "reject",
        text: "V tomto termínu se na návsi koná pouť.",
      });
      assert(refused.ok, JSON.stringify(refused));
      await waitFor(
        async () =>
          (await db.selectFrom("public_space_occupations").select("refused_at")
            .where("case_id", "=", two.caseId).executeTakeFirstOrThrow()).refused_at !== null,
        {
          what: "the occupation refused",
          timeoutMs: 30_000,
        },
      );
      const reason = await db.selectFrom("outbox_messages").select("body")
        .where("idempotency_key", "like", `case/${two.caseId}:rejected:%`).execute();
      assertEquals(reason.length, 1);
      assertStringIncludes(reason[0].body ?? "", "koná pouť");
      assertEquals(
        await db.selectFrom("obligations").select("id").where("case_id", "=", two.caseId)
          .execute(),
        [],
      );

      // The occupation ends: the first case closes.
      await waitFor(
        async () =>
          (await db.selectFrom("cases").select("state").where("id", "=", one.caseId)
            .executeTakeFirstOrThrow()).state === "closed",
        {
          what: "the case closed when the occupation ended",
          timeoutMs: 150_000,
          intervalMs: 1_000,
        },
      );
      const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
      try {
        const temporal = new Client({ connection });
        const handles = [];
        for (const [name, caseId] of [["paid-closed", one.caseId], ["refused", two.caseId]]) {
          const wf = await db.selectFrom("cases").select("workflow_id").where("id", "=", caseId)
            .executeTakeFirstOrThrow();
          handles.push([name, temporal.workflow.getHandle(wf.workflow_id!)] as const);
        }
        const r1 = await handles[0][1].result();
        assertEquals([r1.state, r1.permit], ["approved", occ.permit_number]);
        assertEquals((await handles[1][1].result()).state, "rejected");
        const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
        if (saveTo) {
          const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
          for (const [name, handle] of handles) {
            await Deno.writeTextFile(
              `${saveTo}/public-space-${name}.json`,
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
