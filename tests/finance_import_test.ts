/**
 * Public finance imports through HTTP as the demo town's clerk (issue 12 item 2): a Cityvizor
 * file is imported with its totals to the haléř and audited, a malformed one is a 422 naming its
 * line and writes nothing, replace swaps the year's earlier import while append adds to it, a
 * contracts dump keeps the town's records; another town's clerk imports the same year without
 * touching this town's data; a clerk without the finance role is refused. And the operators'
 * command line once: a good file imported, a malformed one exit code 1 with the problem's line.
 * The year 2019 is one the demo seed does not have; the test removes what it imported. In a
 * scratch database: a replace of a year takes the place of that year's seeded (demo) lines too.
 */
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { maildevUrl } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { SECOND_TOWN_CLERK } from "../db/seeds/demo.ts";
import { scratchDatabase } from "./support/scratch_db.ts";
import { importFinanceFile } from "../app/finance_imports.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };
const FIXTURES = new URL("./fixtures/finance/", import.meta.url);
const YEAR = 2019;

function fixture(name: string, as = name): File {
  return new File([Deno.readFileSync(new URL(name, FIXTURES))], as, { type: "text/csv" });
}

/** The town's 2019 budget: how many lines and entries, and their sums in haléře. */
async function budget2019(tenantId: string) {
  const db = getDb();
  const lines = await db.selectFrom("budget_lines")
    .select((eb) => [
      eb.fn.countAll<string>().as("n"),
      eb.fn.sum<string>("amended_halere").as("amended"),
      eb.fn.sum<string>("actual_halere").as("actual"),
    ])
    .where("tenant_id", "=", tenantId).where("year", "=", YEAR).executeTakeFirstOrThrow();
  const entries = await db.selectFrom("accounting_entries")
    .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.sum<string>("amount_halere").as("s")])
    .where("tenant_id", "=", tenantId).where("year", "=", YEAR).executeTakeFirstOrThrow();
  const imports = await db.selectFrom("budget_imports").select(["row_count", "total_halere"])
    .where("tenant_id", "=", tenantId).where("kind", "=", "cityvizor").where("year", "=", YEAR)
    .execute();
  return {
    lines: Number(lines.n),
    amended: Number(lines.amended ?? 0),
    actual: Number(lines.actual ?? 0),
    entries: Number(entries.n),
    entrySum: Number(entries.s ?? 0),
    imports: imports.map((i) => [i.row_count, Number(i.total_halere)]),
  };
}

async function importCount(tenantId: string): Promise<number> {
  const r = await getDb().selectFrom("budget_imports").select((eb) =>
    eb.fn.countAll<string>().as("n")
  )
    .where("tenant_id", "=", tenantId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Removes what this test imported (the 2019 imports and the fixture's contracts and orders). */
async function cleanUp(tenantIds: string[]) {
  const db = getDb();
  const ours = db.selectFrom("budget_imports").select("id")
    .where("tenant_id", "in", tenantIds)
    .where((eb) =>
      eb.or([
        eb("year", "=", YEAR),
        eb("file_name", "in", ["contracts_dump.xml", "orders_2019.csv"]),
      ])
    )
    .where("source", "in", ["upload", "cli"]);
  for (const table of ["budget_lines", "accounting_entries", "contracts", "orders"] as const) {
    await db.deleteFrom(table).where("import_id", "in", ours).execute();
  }
  await db.deleteFrom("budget_imports").where("id", "in", ours).execute();
}

Deno.test({
  name:
    "[finance import] a clerk imports Cityvizor data: totals, 422 with the line, replace, append",
  ...opts,
  async fn() {
    const { lipnice, dubova } = await demoTowns();
    const db = getDb();
    await cleanUp([lipnice.id, dubova.id]);
    try {
      const clerk = await client();
      await clerk.loginClerk();
      const empty = await clerk.get("/urad/rozpocet");
      assertEquals(empty.status, 200);
      assertEquals(empty.headers.get("cache-control"), "private, no-store");
      const emptyHtml = await empty.text();
      assertStringIncludes(emptyHtml, "Nahrát soubor");
      assertStringIncludes(emptyHtml, 'accept=".csv,.txt,.xml"');
      assertStringIncludes(await clerk.page("/urad"), 'href="/urad/rozpocet"');

      // A good file: its budget lines, invoices and totals to the haléř, audited.
      const ok = await clerk.post("/urad/rozpocet", {
        kind: "cityvizor",
        year: "",
        mode: "replace",
        file: fixture("cityvizor_2019.csv", "lipnice-2019.csv"),
      });
      assertEquals(ok.status, 200);
      const okHtml = await ok.text();
      assertStringIncludes(okHtml, "Soubor byl načten");
      assertStringIncludes(okHtml, "Načtené řádky: 9");
      assertStringIncludes(okHtml, "Součet částek souboru: 10\u00a0983\u00a0806,27\u00a0Kč");
      assertStringIncludes(okHtml, "Účetní záznamy faktur: 5");
      assertStringIncludes(okHtml, "lipnice-2019.csv");
      const once = {
        lines: 5,
        amended: 885_000_000,
        actual: 213_380_627,
        entries: 5,
        entrySum: 213_380_627,
        imports: [[9, 1_098_380_627]],
      };
      assertEquals(await budget2019(lipnice.id), once);
      const imp = await db.selectFrom("budget_imports").selectAll()
        .where("tenant_id", "=", lipnice.id).where("kind", "=", "cityvizor")
        .where("year", "=", YEAR).executeTakeFirstOrThrow();
      assertEquals([imp.source, imp.mode, imp.file_name], [
        "upload",
        "replace",
        "lipnice-2019.csv",
      ]);
      assert(imp.imported_by, "the importing clerk is recorded");
      assertEquals(imp.file_sha256.length, 64);
      const audit = await db.selectFrom("audit_log").selectAll()
        .where("tenant_id", "=", lipnice.id).where("action", "=", "finance.imported")
        .where("subject_id", "=", imp.id).executeTakeFirstOrThrow();
      assertEquals([audit.actor_type, audit.actor_id], ["clerk", imp.imported_by]);
      assert(!JSON.stringify(audit.details).includes("Novák"), "no personal data in the audit");
      const roof = await db.selectFrom("budget_lines").selectAll()
        .where("tenant_id", "=", lipnice.id).where("year", "=", YEAR)
        .where("paragraf", "=", "3612").where("polozka", "=", "5171").executeTakeFirstOrThrow();
      assertEquals(
        [roof.orj, Number(roof.approved_halere), Number(roof.actual_halere)],
        ["10", 120_000_000, 12_195_678],
      );
      const project = await db.selectFrom("budget_projects").select("code")
        .where("tenant_id", "=", lipnice.id).where("code", "=", "107").executeTakeFirst();
      assert(project, "the project the data names exists");

      // A malformed line: 422 naming it, nothing written.
      const before = await importCount(lipnice.id);
      const bad = await clerk.post("/urad/rozpocet", {
        kind: "cityvizor",
        year: "2019",
        mode: "replace",
        file: fixture("cityvizor_malformed.csv"),
      });
      assertEquals(bad.status, 422);
      const badHtml = await bad.text();
      assertStringIncludes(badHtml, "Soubor nebyl načten – problémů: 1");
      assertStringIncludes(badHtml, "Řádek 4: částka „12,345“ (CASTKA) není číslo.");
      assertEquals(await importCount(lipnice.id), before);
      assertEquals(await budget2019(lipnice.id), once, "the replace did not happen");

      // Bad form values: Czech messages, 422.
      const wrong = await clerk.post("/urad/rozpocet", {
        kind: "excel",
        year: "19",
        mode: "replace",
        file: fixture("cityvizor_2019.csv"),
      });
      assertEquals(wrong.status, 422);
      const wrongHtml = await wrong.text();
      assertStringIncludes(wrongHtml, "Vyberte jednu z nabízených možností.");
      assertStringIncludes(wrongHtml, "Zadejte rok jako čtyřmístné číslo mezi 1990 a 2100.");

      // Replace: the year's earlier import and its rows give way; append adds.
      const again = await clerk.post("/urad/rozpocet", {
        kind: "cityvizor",
        year: "2019",
        mode: "replace",
        file: fixture("cityvizor_2019.csv"),
      });
      assertEquals(again.status, 200);
      assertStringIncludes(await again.text(), "Smazané řádky dřívějších importů: 10");
      assertEquals(await budget2019(lipnice.id), once);
      const appended = await clerk.post("/urad/rozpocet", {
        kind: "cityvizor",
        year: "2019",
        mode: "append",
        file: fixture("cityvizor_2019.csv"),
      });
      assertEquals(appended.status, 200);
      await appended.body?.cancel();
      assertEquals(await budget2019(lipnice.id), {
        lines: 10,
        amended: 1_770_000_000,
        actual: 426_761_254,
        entries: 10,
        entrySum: 426_761_254,
        imports: [[9, 1_098_380_627], [9, 1_098_380_627]],
      });

      // Another town's clerk replaces its own 2019: this town's rows stay, lists stay apart.
      const foreign = await client("dubova.localhost");
      await foreign.loginClerk(
        SECOND_TOWN_CLERK.username,
        SECOND_TOWN_CLERK.password,
        SECOND_TOWN_CLERK.phone,
      );
      const theirs = await foreign.post("/urad/rozpocet", {
        kind: "cityvizor",
        year: "2019",
        mode: "replace",
        file: fixture("cityvizor_2019.csv", "dubova-2019.csv"),
      });
      assertEquals(theirs.status, 200);
      const theirsHtml = await theirs.text();
      assert(!theirsHtml.includes("lipnice-2019.csv"), "another town's imports are not listed");
      assertEquals((await budget2019(dubova.id)).imports, [[9, 1_098_380_627]]);
      assertEquals((await budget2019(lipnice.id)).lines, 10);
      // The FIN 2-12 M of Lipnice's IČO is not Dubová's: refused at its first line.
      const fin = await foreign.post("/urad/rozpocet", {
        kind: "fin212m",
        year: "",
        mode: "replace",
        file: fixture("fin212m_2019_12.csv"),
      });
      assertEquals(fin.status, 422);
      assertStringIncludes(
        await fin.text(),
        "Řádek 2: IČO „00298760“ není IČO obce (00451231).",
      );

      // Contracts: the town's records of a register dump.
      const contracts = await clerk.post("/urad/rozpocet", {
        kind: "contracts",
        year: "",
        mode: "append",
        file: fixture("contracts_dump.xml"),
      });
      assertEquals(contracts.status, 200);
      assertStringIncludes(await contracts.text(), "Smlouvy: 2");
      const stored = await db.selectFrom("contracts").select(["register_id", "counterparty_ico"])
        .where("tenant_id", "=", lipnice.id).where("register_id", "in", ["10200001", "10200003"])
        .execute();
      assertEquals(stored, [{ register_id: "10200001", counterparty_ico: "25596641" }]);
    } finally {
      await cleanUp([lipnice.id, dubova.id]);
    }
  },
});

Deno.test({
  name: "[finance import] a clerk without the finance role is refused",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const suffix = crypto.randomUUID().slice(0, 6);
    const password = "Jiny-Urednik-2026-heslo";
    const phone = `+42077${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    await getDb().insertInto("clerks").values({
      tenant_id: lipnice.id,
      username: `deska-${suffix}`,
      display_name: "Úředník desky",
      email: `deska-${suffix}@lipnice.example`,
      phone,
      password_hash: await hash(password, { algorithm: 2 }),
      roles: ["notices"],
    }).execute();
    const c = await client();
    await c.loginClerk(`deska-${suffix}`, password, phone);
    const get = await c.get("/urad/rozpocet");
    assertEquals(get.status, 403);
    await get.body?.cancel();
    const before = await importCount(lipnice.id);
    const post = await c.post("/urad/rozpocet", {
      kind: "orders",
      year: "",
      mode: "append",
      file: fixture("orders_2019.csv"),
    });
    assertEquals(post.status, 403);
    await post.body?.cancel();
    assertEquals(await importCount(lipnice.id), before);
    assert(!(await c.page("/urad")).includes('href="/urad/rozpocet"'));
  },
});

Deno.test({
  name: "[finance import] the command line imports a file, and refuses a malformed one (exit 1)",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const run = async (file: string) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "scripts/finance_import.ts",
          "--town",
          "lipnice",
          "--kind",
          "orders",
          "--mode",
          "replace",
          new URL(file, FIXTURES).pathname,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const decode = (b: Uint8Array) => new TextDecoder().decode(b);
      return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
    };
    try {
      const good = await run("orders_2019.csv");
      assertEquals(good.code, 0, good.stderr);
      assertStringIncludes(good.stdout, "řádků 3, součet 60\u00a0745,60\u00a0Kč");
      const orders = await getDb().selectFrom("orders").select(["number", "amount_halere"])
        .where("tenant_id", "=", lipnice.id).where("number", "like", "OBJ-2019-%")
        .orderBy("number").execute();
      assertEquals(orders.map((o) => [o.number, o.amount_halere]), [
        ["OBJ-2019-001", "1234560"],
        ["OBJ-2019-002", "4840000"],
        ["OBJ-2019-003", null],
      ]);
      const imp = await getDb().selectFrom("budget_imports").select(["source", "imported_by"])
        .where("tenant_id", "=", lipnice.id).where("kind", "=", "orders")
        .where("file_name", "=", "orders_2019.csv").executeTakeFirstOrThrow();
      assertEquals([imp.source, imp.imported_by], ["cli", null]);

      const bad = await run("orders_malformed.csv");
      assertEquals(bad.code, 1);
      assertStringIncludes(
        bad.stderr,
        "Řádek 5: datum „31.2.2019“ není platné (d.m.rrrr nebo rrrr-mm-dd).",
      );
      const count = await getDb().selectFrom("orders").select((eb) => eb.fn.countAll().as("n"))
        .where("tenant_id", "=", lipnice.id).where("number", "like", "OBJ-2019-%")
        .executeTakeFirstOrThrow();
      assertEquals(Number(count.n), 3, "the malformed file changed nothing");
    } finally {
      await cleanUp([lipnice.id]);
    }
  },
});

Deno.test({
  name: "[finance import] replacing a year replaces its seeded lines; the seed's other rows stay",
  ...opts,
  async fn() {
    const scratch = await scratchDatabase();
    try {
      const { db, tenantId } = scratch;
      const seed = async (year: number | null) =>
        (await db.insertInto("budget_imports").values({
          tenant_id: tenantId,
          kind: "seed",
          year,
          mode: "replace",
          file_name: `seed-${year}`,
          file_sha256: "0".repeat(64),
          row_count: 1,
          source: "seed",
        }).returning("id").executeTakeFirstOrThrow()).id;
      const seed2019 = await seed(YEAR);
      const seed2018 = await seed(YEAR - 1);
      const seedOrders = await seed(null);
      for (const [importId, year] of [[seed2019, YEAR], [seed2018, YEAR - 1]] as const) {
        await db.insertInto("budget_lines").values({
          tenant_id: tenantId,
          import_id: importId,
          year,
          paragraf: "6171",
          polozka: "5011",
          amended_halere: 100,
        }).execute();
      }
      await db.insertInto("orders").values({
        tenant_id: tenantId,
        import_id: seedOrders,
        number: "SEED-1",
        ordered_on: "2019-01-02",
        subject: "Vzorová objednávka",
      }).execute();
      const result = await importFinanceFile({ db }, { system: "cli", tenantId }, {
        kind: "cityvizor",
        mode: "replace",
        fileName: "cityvizor_2019.csv",
        bytes: Deno.readFileSync(new URL("cityvizor_2019.csv", FIXTURES)),
        source: "cli",
      });
      assert(result.ok);
      assertEquals(result.replaced, 1);
      const lines = await db.selectFrom("budget_lines").select(["year", "import_id"])
        .where("tenant_id", "=", tenantId).execute();
      assertEquals(lines.filter((l) => l.year === YEAR).length, 5);
      assert(lines.every((l) => l.import_id !== seed2019), "the 2019 seed lines are gone");
      assertEquals(lines.filter((l) => l.import_id === seed2018).length, 1, "2018 stays");
      const imports = await db.selectFrom("budget_imports").select("id")
        .where("tenant_id", "=", tenantId).execute();
      assertEquals(
        new Set(imports.map((i) => i.id)),
        new Set([seed2018, seedOrders, result.importId]),
      );
    } finally {
      await scratch.drop();
    }
  },
});
