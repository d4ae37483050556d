/**
 * A founded organisation's financial report (issue 12 item 6) over HTTP with the real worker:
 * the school's accountant (a granted company representation for its IČO) files the figures;
 * a bad file is refused with its line and a person who may not act for the organisation gets a
 * Czech refusal, nothing filed; the finance clerk returns the report with a comment, the
 * accountant corrects it, the clerk approves — and only then do the organisation's figures
 * appear in the budget explorer by organisation.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared, signedInCitizen } from "./support/app.ts";
import { hiddenField, type TestClient, waitFor } from "./support/client.ts";
import { getDb } from "../lib/db.ts";
import { createOutcomeWaiter } from "../lib/outcomes.ts";
import { translator } from "../lib/i18n.ts";
import { DEMO_ACCOUNTANT } from "../db/seeds/demo.ts";
import { decideCase, fileCase } from "../app/cases.ts";
import { defaultCaseForms } from "../app/case_forms.ts";
import { DAY_MS } from "../domain/cases.ts";

const opts = { ...shared, ignore: !hasServices };
const FORM = "/zivotni-situace/financni-vykaz-organizace/formular";
/** A year the demo seed has no budget of: the explorer has nothing for it until approval. */
const YEAR = 2017;
const EXPLORER = `/rozpocet?rok=${YEAR}&podle=organizace`;

function csv(amount: string, paragraf = "3113"): File {
  const text = "MODUL;DATUM;PARAGRAF;POLOZKA;ORJ;ORG;CASTKA\n" +
    `ROZ;1.1.${YEAR};${paragraf};5011;;;"${amount}"\n` +
    `ROZ;1.1.${YEAR};3113;5021;;;"120 000,00"\n`;
  return new File([new TextEncoder().encode(text)], "vykaz.csv", { type: "text/csv" });
}

async function school() {
  const { lipnice } = await demoTowns();
  const org = await getDb().selectFrom("budget_organisations").select(["ico", "name"])
    .where("tenant_id", "=", lipnice.id).where("name", "like", "Základní škola%")
    .executeTakeFirstOrThrow();
  return { tenantId: lipnice.id, ...org };
}

function report(ico: string, figures: File): Record<string, string | File> {
  return {
    organisationIco: ico,
    year: String(YEAR),
    period: "pololeti",
    format: "cityvizor",
    figures,
    note: "Údaje za 1. pololetí.",
  };
}

async function idemOf(c: TestClient, path = FORM): Promise<string> {
  return hiddenField(await c.page(path), "_idem");
}

async function explorerShows(name: string): Promise<boolean> {
  const anonymous = await client();
  const res = await anonymous.get(EXPLORER);
  const html = await res.text();
  return res.status === 200 && html.includes(name);
}

const stateIs = (id: string, state: string, round = 1) => async () => {
  const c = await getDb().selectFrom("cases").select(["state", "round"]).where("id", "=", id)
    .executeTakeFirstOrThrow();
  return c.state === state && c.round === round;
};

async function decide(clerk: TestClient, id: string, decision: string, text: string) {
  const res = await clerk.post(`/urad/ukoly/${id}`, { decision, text });
  assertEquals(res.status, 303, `${decision}: ${res.status}`);
  await res.body?.cancel();
}

Deno.test({
  name:
    "[organisation report] filed by the accountant, returned with a comment, corrected, approved: figures public only after approval",
  ...opts,
  async fn() {
    const org = await school();
    const db = getDb();
    const accountant = await client();
    await accountant.loginCitizen(DEMO_ACCOUNTANT.username, DEMO_ACCOUNTANT.password);

    // The form opens with the organisation she acts for.
    assertStringIncludes(await accountant.page(FORM), `value="${org.ico}"`);

    // A bad file: refused at filing with its line, nothing filed.
    const bad = await accountant.post(FORM, {
      ...report(org.ico, csv("1 000 000,00", "31X3")),
      _idem: await idemOf(accountant),
    });
    assertEquals(bad.status, 422);
    const badHtml = await bad.text();
    assertStringIncludes(badHtml, "Soubor nelze načíst: řádek 2:");
    assertStringIncludes(badHtml, "paragraf „31X3“ není čtyřmístný kód.");

    // A person who may not act for the organisation: a Czech refusal, nothing filed.
    const stranger = await signedInCitizen("lipnice");
    const refused = await stranger.post(FORM, {
      ...report(org.ico, csv("1 000 000,00")),
      _idem: await idemOf(stranger),
    });
    assertEquals(refused.status, 422);
    assertStringIncludes(
      await refused.text(),
      `Za organizaci ${org.name} nemáte oprávnění jednat.`,
    );

    // Filed.
    const filed = await accountant.post(FORM, {
      ...report(org.ico, csv("1 000 000,00")),
      _idem: await idemOf(accountant),
    });
    assertEquals(filed.status, 303);
    const id = filed.headers.get("location")!.match(/^\/ucet\/podani\/([0-9a-f-]{36})\?podano$/)
      ?.[1];
    assert(id, "redirected to the case");
    const c = await db.selectFrom("cases").select(["agenda", "reference"]).where("id", "=", id)
      .executeTakeFirstOrThrow();
    assertEquals(c.agenda, "finance");
    assert(!(await explorerShows(org.name)), "nothing public before approval");

    // The finance clerk returns it with a comment.
    const clerk = await client();
    await clerk.loginClerk();
    const queue = await clerk.page("/urad/ukoly");
    assertStringIncludes(queue, c.reference);
    await waitFor(
      async () =>
        (await db.selectFrom("workflow_commands").select("status")
          .where("subject_type", "=", "case").where("subject_id", "=", id).execute())
          .every((r) => r.status !== "pending"),
      { what: "the workflow to start" },
    );
    await decide(clerk, id, "return", "Chybí mzdové náklady za červen, doplňte je prosím.");
    await waitFor(stateIs(id, "returned"), { what: "the return", timeoutMs: 60_000 });
    const detail = await accountant.page(`/ucet/podani/${id}`);
    assertStringIncludes(detail, "Chybí mzdové náklady za červen, doplňte je prosím.");

    // The accountant corrects it.
    const fix = `${FORM}?oprava=${id}`;
    const corrected = await accountant.post(fix, {
      ...report(org.ico, csv("1 250 000,00")),
      _idem: await idemOf(accountant, fix),
    });
    assertEquals(corrected.status, 303);
    await corrected.body?.cancel();
    await waitFor(stateIs(id, "filed", 2), { what: "the correction", timeoutMs: 60_000 });
    assert(!(await explorerShows(org.name)), "nothing public before approval");

    // Approved: the figures reach the explorer.
    await decide(clerk, id, "approve", "");
    await waitFor(stateIs(id, "approved", 2), { what: "the approval", timeoutMs: 60_000 });
    const imported = await waitFor(
      () =>
        db.selectFrom("budget_imports").select(["id", "row_count"])
          .where("tenant_id", "=", org.tenantId).where("kind", "=", "organisation_report")
          .where("file_name", "like", `${c.reference} %`).executeTakeFirst(),
      { what: "the import", timeoutMs: 60_000 },
    );
    const lines = await db.selectFrom("budget_lines")
      .select(["organisation_ico", "approved_halere"])
      .where("import_id", "=", imported.id).orderBy("polozka").execute();
    assertEquals(lines.map((l) => [l.organisation_ico, Number(l.approved_halere)]), [
      [org.ico, 125_000_000],
      [org.ico, 12_000_000],
    ]);
    await waitFor(() => explorerShows(org.name), { what: "the explorer to show the figures" });
    const html = await (await client()).page(EXPLORER);
    assertMatch(html, /1[\s\u00a0]370[\s\u00a0]000/);

    // `SAVE_HISTORY_DIR=… npm test -- tests/organisation_report_test.ts` refreshes the history.
    const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
    if (saveTo) {
      const { Client, Connection } = await import("@temporalio/client");
      const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
      const row = await db.selectFrom("cases").select("workflow_id").where("id", "=", id)
        .executeTakeFirstOrThrow();
      const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
      try {
        const handle = new Client({ connection }).workflow.getHandle(row.workflow_id!);
        await handle.result();
        await Deno.writeTextFile(
          `${saveTo}/organisation-report-returned-approved.json`,
          historyToJSON(await handle.fetchHistory()) + "\n",
        );
      } finally {
        await connection.close();
      }
    }
  },
});

Deno.test({
  name:
    "[organisation report] the kit reminds the accountant of a returned report's correction deadline, once",
  ...opts,
  async fn() {
    const org = await school();
    const db = getDb();
    const accountant = await db.selectFrom("persons").select("id")
      .where("tenant_id", "=", org.tenantId).where("username", "=", DEMO_ACCOUNTANT.username)
      .executeTakeFirstOrThrow();
    const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", org.tenantId)
      .where("username", "=", "urednik").executeTakeFirstOrThrow();
    const real = defaultCaseForms("financni-vykaz-organizace")!;
    // Six seconds for each round: the reminder comes three seconds after the return.
    const forms = () => ({
      ...real,
      workflowInput: (input: Parameters<NonNullable<typeof real.workflowInput>>[0]) => ({
        ...input,
        reviewDays: 6_000 / DAY_MS,
      }),
    });
    const filed = await fileCase(
      { db, now: () => new Date(), forms },
      { tenantId: org.tenantId, personId: accountant.id, onBehalfOf: null, requestId: null },
      { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" },
      {
        slug: "financni-vykaz-organizace",
        values: {
          organisationIco: org.ico,
          year: String(YEAR),
          period: "rok",
          format: "cityvizor",
        },
        files: [{
          path: "figures",
          name: "vykaz.csv",
          bytes: new Uint8Array(await csv("900 000,00").arrayBuffer()),
        }],
        idempotencyKey: crypto.randomUUID(),
      },
    );
    assert(filed.ok, JSON.stringify(filed));
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    try {
      await waitFor(
        async () =>
          (await db.selectFrom("workflow_commands").select("status")
            .where("subject_type", "=", "case").where("subject_id", "=", filed.caseId).execute())
            .every((r) => r.status !== "pending"),
        { what: "the workflow to start" },
      );
      const returned = await decideCase({ db, outcomes, waitMs: 5000 }, {
        tenantId: org.tenantId,
        clerkId: clerk.id,
        requestId: null,
        roles: ["finance"],
      }, { caseId: filed.caseId, decision: "return", text: "Doplňte prosím rozpočet." });
      assert(returned.ok, JSON.stringify(returned));
      const reminder = await waitFor(
        () =>
          db.selectFrom("case_events").select(["text", "visible_to_citizen"])
            .where("case_id", "=", filed.caseId).where("kind", "=", "correctionReminder")
            .executeTakeFirst(),
        { what: "the reminder", timeoutMs: 30_000 },
      );
      assertMatch(reminder.text ?? "", /^\d{1,2}\. \d{1,2}\. \d{4}$/);
      assertEquals(reminder.visible_to_citizen, true);
      const mails = await db.selectFrom("outbox_messages").select(["subject"])
        .where("tenant_id", "=", org.tenantId)
        .where("idempotency_key", "like", `case/${filed.caseId}:correctionReminder:%`).execute();
      assertEquals(mails.length, 1);
      assertStringIncludes(mails[0].subject ?? "", "čeká na vaši opravu");
      // Nothing more past the deadline: one reminder per round.
      await new Promise((r) => setTimeout(r, 4_000));
      const again = await db.selectFrom("case_events").select("id")
        .where("case_id", "=", filed.caseId).where("kind", "=", "correctionReminder").execute();
      assertEquals(again.length, 1);
    } finally {
      await outcomes.close();
    }
  },
});

Deno.test({
  name:
    "[organisation report] approved figures that can never import are recorded on the case for the clerk; nothing imported",
  ...opts,
  async fn() {
    const org = await school();
    const db = getDb();
    const accountant = await db.selectFrom("persons").select("id")
      .where("tenant_id", "=", org.tenantId).where("username", "=", DEMO_ACCOUNTANT.username)
      .executeTakeFirstOrThrow();
    const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", org.tenantId)
      .where("username", "=", "urednik").executeTakeFirstOrThrow();
    const filed = await fileCase(
      { db, now: () => new Date() },
      { tenantId: org.tenantId, personId: accountant.id, onBehalfOf: null, requestId: null },
      { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" },
      {
        slug: "financni-vykaz-organizace",
        values: {
          organisationIco: org.ico,
          year: String(YEAR),
          period: "rok",
          format: "cityvizor",
        },
        files: [{
          path: "figures",
          name: "vykaz.csv",
          bytes: new Uint8Array(await csv("700 000,00").arrayBuffer()),
        }],
        idempotencyKey: crypto.randomUUID(),
      },
    );
    assert(filed.ok, JSON.stringify(filed));
    // The stored file no longer reads (as if the parsers had changed since the filing).
    await db.updateTable("attachments")
      .set({ content: new TextEncoder().encode("MODUL;PARAGRAF\nROZ;3113\n") })
      .where("case_id", "=", filed.caseId).execute();
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    try {
      await waitFor(
        async () =>
          (await db.selectFrom("workflow_commands").select("status")
            .where("subject_type", "=", "case").where("subject_id", "=", filed.caseId).execute())
            .every((r) => r.status !== "pending"),
        { what: "the workflow to start" },
      );
      const approved = await decideCase({ db, outcomes, waitMs: 5000 }, {
        tenantId: org.tenantId,
        clerkId: clerk.id,
        requestId: null,
        roles: ["finance"],
      }, { caseId: filed.caseId, decision: "approve", text: "" });
      assert(approved.ok, JSON.stringify(approved));
      const failed = await waitFor(
        () =>
          db.selectFrom("case_events").select(["text", "visible_to_citizen"])
            .where("case_id", "=", filed.caseId).where("kind", "=", "publishFailed")
            .executeTakeFirst(),
        { what: "the failure on the case", timeoutMs: 30_000 },
      );
      assertStringIncludes(failed.text ?? "", "chybí sloupce");
      assertEquals(failed.visible_to_citizen, false);
      const imports = await db.selectFrom("budget_imports").select("id")
        .where("tenant_id", "=", org.tenantId).where("kind", "=", "organisation_report")
        .where("file_name", "like", `${filed.reference} %`).execute();
      assertEquals(imports, []);
      const clerkClient = await client();
      await clerkClient.loginClerk();
      assertStringIncludes(
        await clerkClient.page(`/urad/ukoly/${filed.caseId}`),
        "Schválené údaje nelze načíst do rozpočtu",
      );
    } finally {
      await outcomes.close();
    }
  },
});
