/**
 * The dog-fee situation: the form page (`/zivotni-situace/poplatek-ze-psa/formular`) answers bad
 * input with Czech errors and a 422 that keeps what was typed, files once per submit key and
 * keeps people apart; and the whole case through the outbox with the real worker — two dogs
 * filed, returned, corrected, approved — issues exactly one předpis with the right amount and
 * one message per step, also with the worker SIGKILLed at each step.
 */
import { Client, Connection } from "@temporalio/client";
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField, type TestClient, waitFor } from "./support/client.ts";
import { maildevUrl } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { createOutcomeWaiter } from "../lib/outcomes.ts";
import { translator } from "../lib/i18n.ts";
import { formatCzechDate } from "../domain/forms/validators.ts";
import { decideCase, fileCase, resubmitCase } from "../app/cases.ts";
import { grantAuthorization } from "../db/repositories/authorizations.ts";
import { startWorker } from "../scripts/services/mod.ts";

const opts = { ...shared, ignore: !hasServices };
const FORM = "/zivotni-situace/poplatek-ze-psa/formular";

/** A new citizen of Lipnice with a verified e-mail, the fees agenda authorized unless told. */
async function citizen(agenda = true) {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const suffix = crypto.randomUUID().slice(0, 8);
  const username = `psi.obcan.${suffix}`;
  const password = "Psi-obcan-heslo-2026";
  const email = `psi.${suffix}@example.cz`;
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: "Věra",
    family_name: "Malá",
    address: "Na Výsluní 12, 123 45 Lipnice nad Hájem",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("person_contacts").values({
    tenant_id: lipnice.id,
    person_id: person.id,
    kind: "email",
    value: email,
    verified_at: new Date(),
  }).execute();
  if (agenda) {
    await grantAuthorization(db, lipnice.id, {
      personId: person.id,
      agenda: "poplatky",
      source: "clerk",
    });
  }
  const c = await client();
  await c.loginCitizen(username, password);
  return { c, personId: person.id, tenantId: lipnice.id, email };
}

/** What a person types for two dogs (as the form posts it). */
function twoDogs(overrides: Record<string, string | File> = {}): Record<string, string | File> {
  return {
    givenName: "Věra",
    familyName: "Malá",
    birthNumber: "800101/1007",
    "address.street": "Na Výsluní",
    "address.houseNumber": "12",
    "address.town": "Lipnice nad Hájem",
    "address.postalCode": "123 45",
    email: "vera.mala@example.cz",
    phone: "",
    "dogs[0].name": "Alík",
    "dogs[0].breed": "jezevčík",
    "dogs[0].birthDate": "2020-04-01",
    "dogs[0].chipNumber": "203164000123456",
    "dogs[0].keptSince": "2021-01-01",
    "dogs[1].name": "Bety",
    "dogs[1].breed": "bígl",
    "dogs[1].birthDate": "2021-06-15",
    "dogs[1].chipNumber": "203164000654321",
    "dogs[1].keptSince": "2022-02-01",
    action: "register",
    reduction: "none",
    ...overrides,
  };
}

async function formPage(c: TestClient, path = FORM): Promise<{ html: string; idem: string }> {
  const res = await c.get(path);
  assertEquals(res.status, 200, path);
  const html = await res.text();
  return { html, idem: hiddenField(html, "_idem") };
}

async function invalid(res: Response): Promise<string> {
  assertEquals(res.status, 422);
  assertMatch(res.headers.get("content-type") ?? "", /^text\/html/);
  const html = await res.text();
  assertStringIncludes(html, "Formulář obsahuje chyby");
  return html;
}

async function casesOf(personId: string) {
  return await getDb().selectFrom("cases").select(["id", "reference", "idempotency_key"])
    .where("person_id", "=", personId).execute();
}

Deno.test({
  name:
    "[dog fee] the form opens prefilled from the verified identity; without the agenda, the step-up",
  ...opts,
  async fn() {
    const a = await citizen();
    const { html } = await formPage(a.c);
    assertStringIncludes(html, 'value="Věra"');
    assertStringIncludes(html, 'value="Na Výsluní"');
    assertStringIncludes(html, 'value="123 45"');
    assertStringIncludes(html, `value="${a.email}"`);
    const b = await citizen(false);
    const res = await b.c.get(FORM);
    assertEquals(res.status, 403);
    const page = await res.text();
    assertStringIncludes(page, "Nejdříve ověřte svou totožnost");
    assertStringIncludes(page, "Poplatky a odpady");
    const anonymous = await client();
    const redirect = await anonymous.get(FORM);
    assertEquals(redirect.status, 303);
    assertEquals(
      redirect.headers.get("location"),
      `/prihlaseni?next=${encodeURIComponent(FORM)}`,
    );
  },
});

Deno.test({
  name: "[dog fee] bad input gets Czech errors with 422, keeps what was typed, files nothing",
  ...opts,
  async fn() {
    const a = await citizen();
    const { idem } = await formPage(a.c);
    // A wrong rodné číslo checksum, a dog born in the future, a missing name.
    const html = await invalid(
      await a.c.post(FORM, {
        ...twoDogs({
          birthNumber: "800101/1008",
          "dogs[1].birthDate": "2999-01-01",
          "dogs[0].name": "",
        }),
        _idem: idem,
      }),
    );
    assertStringIncludes(html, "Zadejte platné rodné číslo ve tvaru 785412/1234.");
    assertStringIncludes(html, "Datum nesmí být v budoucnosti.");
    assertStringIncludes(html, "Vyplňte prosím toto pole.");
    assertStringIncludes(html, 'value="800101/1008"');
    assertStringIncludes(html, 'value="Bety"');
    assertStringIncludes(html, 'value="2999-01-01"');
    assertStringIncludes(html, 'href="#');
    // HTML and SQL fragments are text, never markup.
    const fragments = await invalid(
      await a.c.post(FORM, {
        ...twoDogs({ "dogs[0].breed": "<script>alert(1)</script>", familyName: "x'; drop--" }),
        _idem: idem,
      }),
    );
    assert(!fragments.includes("<script>alert(1)</script>"), "escaped");
    // A program renamed to .pdf is refused by its content; the typed values stay.
    const exe = new File(
      [new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04])],
      "potvrzeni.pdf",
      { type: "application/pdf" },
    );
    const refused = await invalid(
      await a.c.post(FORM, { ...twoDogs({ reduction: "over65", proof: exe }), _idem: idem }),
    );
    assertStringIncludes(
      refused,
      "Tento typ souboru nelze přiložit. Povolené typy: PDF, JPEG, PNG.",
    );
    assertStringIncludes(refused, 'value="Alík"');
    // A 20 MB proof (a real PDF header) is over the form's 10 MB limit: told at the field.
    const big = new Uint8Array(20 * 1024 * 1024);
    big.set(new TextEncoder().encode("%PDF-1.7\n"));
    const tooBig = await invalid(
      await a.c.post(FORM, {
        ...twoDogs({
          reduction: "over65",
          proof: new File([big], "potvrzeni.pdf", { type: "application/pdf" }),
        }),
        _idem: idem,
      }),
    );
    assertStringIncludes(tooBig, "Soubor je příliš velký, nejvýše 10 MB.");
    assertEquals(await casesOf(a.personId), [], "no half-valid case");
    const stored = await getDb().selectFrom("attachments").select("id")
      .where("person_id", "=", a.personId).execute();
    assertEquals(stored, [], "a refused file is not stored");
  },
});

Deno.test({
  name: "[dog fee] 10,000 fields are refused with a 4xx; an upload that passes is kept on a 422",
  ...opts,
  async fn() {
    const a = await citizen();
    const many: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) many[`f${i}`] = "x";
    const res = await a.c.post(FORM, many);
    assert(res.status >= 400 && res.status < 500, `answered ${res.status}`);
    assertStringIncludes(await res.text(), "příliš");

    const { idem } = await formPage(a.c);
    const pdf = new File([new TextEncoder().encode("%PDF-1.4\n% důchod\n")], "duchod.pdf");
    const kept = await invalid(
      await a.c.post(FORM, {
        ...twoDogs({ reduction: "over65", proof: pdf, "dogs[0].name": "" }),
        _idem: idem,
      }),
    );
    assertStringIncludes(kept, "duchod.pdf");
    const id = /name="proof" value="([0-9a-f-]{36})"/.exec(kept)?.[1];
    assert(id, "the kept file is posted again as a hidden field");
    // Sent again with the name filled in: filed with the kept file.
    const filed = await a.c.post(FORM, {
      ...twoDogs({ reduction: "over65" }),
      proof: id,
      _idem: idem,
    });
    assertEquals(filed.status, 303);
    const cases = await casesOf(a.personId);
    assertEquals(cases.length, 1);
    const bound = await getDb().selectFrom("attachments").select(["file_name", "case_id"])
      .where("person_id", "=", a.personId).execute();
    assertEquals(bound, [{ file_name: "duchod.pdf", case_id: cases[0].id }]);
  },
});

Deno.test({
  name:
    "[dog fee] a double submit files once; add and remove a dog without JavaScript keep the draft",
  ...opts,
  async fn() {
    const a = await citizen();
    const { idem } = await formPage(a.c);
    const added = await a.c.post(FORM, { ...twoDogs(), _action: "add:dogs", _idem: idem });
    assertEquals(added.status, 200);
    const three = await added.text();
    assertStringIncludes(three, 'name="dogs[2].name"');
    const resumed = await formPage(a.c);
    assertStringIncludes(resumed.html, 'value="Bety"', "the draft was saved");
    assertStringIncludes(resumed.html, "Pokračujete v uloženém konceptu.");

    const body = { ...twoDogs(), _idem: idem };
    const [first, second] = await Promise.all([a.c.post(FORM, body), a.c.post(FORM, body)]);
    assertEquals([first.status, second.status], [303, 303]);
    assertEquals(first.headers.get("location"), second.headers.get("location"));
    const cases = await casesOf(a.personId);
    assertEquals(cases.length, 1, "filed once");
    assertMatch(
      first.headers.get("location")!,
      new RegExp(`^/ucet/podani/${cases[0].id}\\?podano$`),
    );
    const receipt = await a.c.page(`/ucet/podani/${cases[0].id}`);
    assertStringIncludes(receipt, cases[0].reference);
    const draft = await getDb().selectFrom("drafts").select("id")
      .where("person_id", "=", a.personId).execute();
    assertEquals(draft, [], "the draft is gone once filed");
  },
});

Deno.test({
  name: "[dog fee] another person's draft and case are not reachable through the form",
  ...opts,
  async fn() {
    const a = await citizen();
    const b = await citizen();
    const { idem } = await formPage(a.c);
    await (await a.c.post(FORM, { ...twoDogs({ "dogs[0].name": "Tajný" }), _step: "1" })).body
      ?.cancel();
    const filed = await a.c.post(FORM, { ...twoDogs(), _idem: idem });
    assertEquals(filed.status, 303);
    const [theirs] = await casesOf(a.personId);
    await (await a.c.post(FORM, { ...twoDogs({ "dogs[0].name": "Tajný" }), _step: "1" })).body
      ?.cancel();
    const own = await formPage(b.c);
    assert(!own.html.includes("Tajný"), "B does not see A's draft");
    for (const method of ["GET", "POST"] as const) {
      const res = method === "GET"
        ? await b.c.get(`${FORM}?oprava=${theirs.id}`)
        : await b.c.post(`${FORM}?oprava=${theirs.id}`, twoDogs());
      assertEquals(res.status, 404, method);
      await res.body?.cancel();
    }
    assertEquals((await casesOf(b.personId)).length, 0);
  },
});

// ---------------------------------------------------------------------------------------------
// The workflow through the outbox

const ctx = { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" };

/** Raw values as the form posts them (for the use cases directly). */
function rawTwoDogs(chip = "203164000123456") {
  return {
    givenName: "Věra",
    familyName: "Malá",
    birthNumber: "800101/1007",
    address: {
      street: "Na Výsluní",
      houseNumber: "12",
      town: "Lipnice nad Hájem",
      postalCode: "123 45",
    },
    email: "vera.mala@example.cz",
    phone: "",
    dogs: [
      {
        name: "Alík",
        breed: "jezevčík",
        birthDate: "2020-04-01",
        chipNumber: chip,
        keptSince: "2021-01-01",
      },
      {
        name: "Bety",
        breed: "bígl",
        birthDate: "2021-06-15",
        chipNumber: "203164000654321",
        keptSince: "2022-02-01",
      },
    ],
    action: "register",
    deregistrationDate: "",
    reduction: "none",
    proof: [],
  };
}

const stateIs = (id: string, state: string, round = 1) => async () => {
  const c = await getDb().selectFrom("cases").selectAll().where("id", "=", id)
    .executeTakeFirstOrThrow();
  return c.state === state && c.round === round ? c : null;
};

async function messagesOf(caseId: string) {
  const rows = await getDb().selectFrom("outbox_messages").select("idempotency_key")
    .where("idempotency_key", "like", `case/${caseId}:%`).execute();
  return rows.map((r) => r.idempotency_key).sort();
}

async function commandsDone(caseId: string) {
  const rows = await getDb().selectFrom("workflow_commands").select(["status"])
    .where("subject_type", "=", "case").where("subject_id", "=", caseId).execute();
  return rows.length > 0 && rows.every((r) => r.status !== "pending");
}

/** Two dogs filed, returned, corrected, approved; `between` runs after each step is queued. */
async function story(taskQueue: string | undefined, between: (step: string) => Promise<void>) {
  const a = await citizen();
  const db = getDb();
  const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", a.tenantId)
    .where("username", "=", "urednik").executeTakeFirstOrThrow();
  const clerkActor = {
    tenantId: a.tenantId,
    clerkId: clerk.id,
    requestId: null,
    roles: ["agenda:poplatky"],
  };
  const citizenActor = {
    tenantId: a.tenantId,
    personId: a.personId,
    onBehalfOf: null,
    requestId: null,
  };
  const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
  try {
    const key = crypto.randomUUID();
    const filed = await fileCase(
      { db, now: () => new Date(), taskQueue },
      citizenActor,
      ctx,
      { slug: "poplatek-ze-psa", values: rawTwoDogs(), files: [], idempotencyKey: key },
    );
    assert(filed.ok && filed.created, JSON.stringify(filed));
    const id = filed.caseId;
    await waitFor(() => commandsDone(id), { what: "the dog fee's workflow to start" });
    await between("filed");

    const returned = await decideCase({ db, outcomes, waitMs: 1000 }, clerkActor, {
      caseId: id,
      decision: "return",
      text: "Opravte prosím číslo čipu prvního psa.",
    });
    assert(returned.ok, JSON.stringify(returned));
    await between("returned");
    await waitFor(stateIs(id, "returned"), { what: "the return", timeoutMs: 60_000 });

    const corrected = await resubmitCase(
      { db, now: () => new Date(), outcomes, waitMs: 1000 },
      citizenActor,
      { caseId: id, values: rawTwoDogs("203164000111111"), files: [] },
    );
    assert(corrected.ok, JSON.stringify(corrected));
    await between("resubmitted");
    await waitFor(stateIs(id, "filed", 2), { what: "the correction", timeoutMs: 60_000 });

    const approved = await decideCase({ db, outcomes, waitMs: 1000 }, clerkActor, {
      caseId: id,
      decision: "approve",
      text: "",
    });
    assert(approved.ok, JSON.stringify(approved));
    await between("approved");
    await waitFor(stateIs(id, "approved", 2), { what: "the approval", timeoutMs: 60_000 });
    const obligation = await waitFor(
      () => db.selectFrom("obligations").selectAll().where("case_id", "=", id).executeTakeFirst(),
      { what: "the předpis", timeoutMs: 60_000 },
    );

    // One filing, one reference, one předpis: 600 Kč for the first dog, 900 Kč for the second.
    const filings = await db.selectFrom("cases").select(["id", "reference", "values"])
      .where("tenant_id", "=", a.tenantId).where("idempotency_key", "=", key).execute();
    assertEquals(filings.length, 1);
    const sameRef = await db.selectFrom("cases").select("id").where("tenant_id", "=", a.tenantId)
      .where("reference", "=", filings[0].reference).execute();
    assertEquals(sameRef.length, 1);
    const all = await db.selectFrom("obligations").select("id").where("case_id", "=", id).execute();
    assertEquals(all.length, 1);
    assertEquals(Number(obligation.amount_halere), 150_000);
    const balance = await db.selectFrom("obligation_balances").select("state")
      .where("obligation_id", "=", obligation.id).executeTakeFirstOrThrow();
    assertEquals(balance.state, "unpaid");
    assertEquals(obligation.variable_symbol, filings[0].reference.replace(/^.*-(\d{4})\//, "$1"));
    assertEquals(obligation.specific_symbol, "1341");
    assertEquals(obligation.person_id, a.personId);
    assertEquals(
      (filings[0].values as { dogs: { chipNumber: string }[] }).dogs[0].chipNumber,
      "203164000111111",
    );
    // One message per step the citizen is told of.
    assertEquals(await messagesOf(id), [
      `case/${id}:approved:2`,
      `case/${id}:assessed:1`,
      `case/${id}:filed:1`,
      `case/${id}:returned:1`,
    ]);
    const assessed = await db.selectFrom("outbox_messages").select(["recipient"])
      .where("idempotency_key", "=", `case/${id}:assessed:1`).executeTakeFirstOrThrow();
    assertEquals(assessed.recipient, a.email);
    // The body is cleared from the outbox once sent: read the e-mail the citizen got.
    const mail = await waitFor(async () => {
      const res = await fetch(`${maildevUrl}/email`);
      const all = (await res.json()) as { to: { address: string }[]; text?: string }[];
      return all.find((m) =>
        m.to.some((t) => t.address === a.email) &&
        (m.text ?? "").includes(obligation.variable_symbol)
      );
    }, { what: "the předpis e-mail", timeoutMs: 30_000 });
    assertStringIncludes(mail.text ?? "", "1\u00a0500,00\u00a0Kč");
    return id;
  } finally {
    await outcomes.close();
  }
}

Deno.test({
  name:
    "[dog fee] two dogs filed, returned, corrected, approved: one předpis of 1 500 Kč, one message per step",
  ...opts,
  async fn() {
    const id = await story(undefined, () => Promise.resolve());
    // The clerk's case view shows the předpis as the citizen's case page does.
    const obligation = await getDb().selectFrom("obligations").selectAll()
      .where("case_id", "=", id).executeTakeFirstOrThrow();
    const clerk = await client();
    await clerk.loginClerk();
    const view = await clerk.get(`/urad/ukoly/${id}`);
    assertEquals(view.status, 200);
    assertMatch(view.headers.get("content-type") ?? "", /^text\/html/);
    const html = await view.text();
    assertStringIncludes(html, 'id="predpis-heading"');
    assertMatch(html, /1(\s|&nbsp;|&#160;)500,00(\s|&nbsp;|&#160;)Kč/);
    assertStringIncludes(html, formatCzechDate(obligation.due_date));
    assertStringIncludes(html, `<dd>${obligation.variable_symbol}</dd>`);
    const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
    try {
      const handle = new Client({ connection }).workflow.getHandle(`lipnice/case/${id}`);
      const result = await handle.result();
      assertEquals(result.state, "approved");
      assertEquals(result.assessed.amountHalere, 150_000);
      // `SAVE_HISTORY_DIR=… npm test -- tests/dog_fee_test.ts` refreshes the committed history.
      const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
      if (saveTo) {
        const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
        await Deno.writeTextFile(
          `${saveTo}/dog-fee-returned-approved.json`,
          historyToJSON(await handle.fetchHistory()),
        );
      }
    } finally {
      await connection.close();
    }
  },
});

Deno.test({
  name:
    "[durability] a worker killed with SIGKILL at each step of a dog fee: one filing, one předpis, one message per step",
  ...opts,
  async fn() {
    const taskQueue = `dog-fee-${crypto.randomUUID()}`;
    const worker = await startWorker({ ...Deno.env.toObject(), TEMPORAL_TASK_QUEUE: taskQueue });
    try {
      await story(taskQueue, async () => {
        const killed = await worker.kill("SIGKILL");
        assertEquals(killed.signal, "SIGKILL");
        await worker.restart();
      });
    } finally {
      await worker.stop();
    }
  },
});
