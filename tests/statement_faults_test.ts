/**
 * Statement imports as an operator meets their faults: the same statement imported twice, four
 * imports of it racing an overlapping statement in parallel transactions, two clerks uploading
 * the same file at the same moment, an import whose database connection is killed half-way,
 * and a drop-folder file imported by a worker that died before moving it. Every line is booked
 * exactly once, and a killed import leaves nothing behind.
 */
import { join } from "node:path";
import { sql } from "kysely";
import { assert, assertEquals, assertRejects } from "./assert.ts";
import { scratchDatabase, type ScratchDb } from "./support/scratch_db.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { maildevUrl } from "./support/maildev.ts";
import { waitFor } from "./support/client.ts";
import { getDb } from "../lib/db.ts";
import { importStatementFile } from "../app/statements.ts";
import { insertLedgerObligation } from "../db/repositories/ledger.ts";
import { type GpcLineInput, writeGpc } from "../domain/statements/gpc_writer.ts";
import { createStatementActivities } from "../activities/statements.ts";
import { formatPragueDate } from "../domain/time.ts";

const url = Deno.env.get("DATABASE_URL");
const SCRATCH_IBAN = "CZ6508000000192000145399";
const DROP = { system: "drop" } as const;

async function obligations(s: ScratchDb, n: number, amountHalere: number) {
  const person = await s.db.insertInto("persons").values({
    tenant_id: s.tenantId,
    username: `fault.${crypto.randomUUID().slice(0, 8)}`,
    given_name: "Karel",
    family_name: "Porucha",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  const out: { id: string; vs: string }[] = [];
  for (let i = 0; i < n; i++) {
    const vs = String(500_000 + i);
    const id = (await insertLedgerObligation(s.db, s.tenantId, {
      personId: person.id,
      kind: "water",
      agenda: "poplatky",
      year: 2026,
      sourceKey: `fault-${vs}`,
      amountHalere,
      dueDate: "2026-06-30",
      variableSymbol: vs,
      account: SCRATCH_IBAN,
    }))!;
    out.push({ id, vs });
  }
  return out;
}

function gpc(number: string, lines: GpcLineInput[], account = SCRATCH_IBAN): Uint8Array {
  return writeGpc([{
    account,
    statementNumber: number,
    statementDate: "2026-05-04",
    openingBalanceHalere: 0,
    closingBalanceHalere: null,
    lines,
  }]);
}

function lines(targets: { vs: string }[], amountHalere: number, refBase: number): GpcLineInput[] {
  return targets.map((t, i) => ({
    bankRef: String(refBase + i),
    bookingDate: "2026-05-04",
    amountHalere,
    counterName: "Porucha Karel",
    variableSymbol: t.vs,
  }));
}

async function bookedLines(s: ScratchDb) {
  const rows = await s.db.selectFrom("payments").select("statement_line_id")
    .where("tenant_id", "=", s.tenantId).execute();
  return { payments: rows.length, lines: new Set(rows.map((r) => r.statement_line_id)).size };
}

Deno.test({
  name: "[faults] the same statement twice and four racing imports book every line once",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const targets = await obligations(s, 40, 25_000);
      const file = gpc("1", lines(targets, 25_000, 1_000));
      const first = await importStatementFile({ db: s.db }, DROP, {
        tenantId: s.tenantId,
        bytes: file,
        fileName: "vypis-1.gpc",
        source: "drop",
      });
      assert(first.ok);
      assertEquals([first.imported.length, first.booked, first.unmatched], [1, 40, 0]);
      const second = await importStatementFile({ db: s.db }, DROP, {
        tenantId: s.tenantId,
        bytes: file,
        fileName: "vypis-1-znovu.gpc",
        source: "drop",
      });
      assert(second.ok);
      assertEquals([second.imported.length, second.already.length, second.booked], [0, 1, 0]);
      assertEquals(await bookedLines(s), { payments: 40, lines: 40 });

      // Statement 2 and statement 3 overlap on 20 lines; four imports of each race.
      const two = gpc("2", lines(targets, 5_000, 2_000));
      const three = gpc("3", [
        ...lines(targets.slice(20), 5_000, 2_020),
        ...lines(targets.slice(0, 5), 1_000, 3_000),
      ]);
      const race = await Promise.all(
        [two, three, two, three, two, three, two, three].map((bytes, i) =>
          importStatementFile({ db: s.db }, DROP, {
            tenantId: s.tenantId,
            bytes,
            fileName: `race-${i}.gpc`,
            source: "drop",
          })
        ),
      );
      assert(race.every((r) => r.ok));
      const imported = race.reduce((n, r) => n + (r.ok ? r.imported.length : 0), 0);
      assertEquals(imported, 2, "each statement stored once");
      const booked = race.reduce((n, r) => n + (r.ok ? r.booked : 0), 0);
      assertEquals(booked, 45, "40 lines of statement 2 and the 5 new ones of statement 3");
      assertEquals(await bookedLines(s), { payments: 85, lines: 85 });
      const states = await s.db.selectFrom("obligation_balances").select(["state", "paid_halere"])
        .where("tenant_id", "=", s.tenantId).execute();
      assertEquals(states.length, 40);
      const paid = states.reduce((n, r) => n + Number(r.paid_halere), 0);
      assertEquals(paid, 40 * 25_000 + 40 * 5_000 + 5 * 1_000);
    } finally {
      await s.drop();
    }
  },
});

Deno.test({
  name:
    "[faults] an import whose connection is killed half-way leaves nothing; the retry books once",
  ignore: !url,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = await scratchDatabase();
    try {
      const targets = await obligations(s, 30, 10_000);
      const file = gpc("7", lines(targets, 10_000, 7_000));
      // Hold the town's statement lock, so the import waits inside its transaction…
      const holder = s.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtextextended(${
          "portal:statements:" + s.tenantId
        }, 0))`.execute(trx);
        // …find its connection waiting for the lock and kill it, as a lost connection would.
        const victim = await waitFor(async () => {
          // pg_stat_activity is a snapshot per transaction unless it is cleared.
          await sql`select pg_stat_clear_snapshot()`.execute(trx);
          const r = await sql<{ pid: number }>`
            select pid from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'
              and wait_event = 'advisory' and pid <> pg_backend_pid()`.execute(trx);
          return r.rows[0]?.pid;
        }, { what: "the import waiting for the town's lock" });
        await sql`select pg_terminate_backend(${victim})`.execute(trx);
      });
      await assertRejects(() =>
        importStatementFile({ db: s.db }, DROP, {
          tenantId: s.tenantId,
          bytes: file,
          fileName: "vypis-7.gpc",
          source: "drop",
        })
      );
      await holder;
      const statements = await s.db.selectFrom("bank_statements").select("id").execute();
      assertEquals(statements, [], "nothing of the killed import was stored");
      assertEquals(await bookedLines(s), { payments: 0, lines: 0 });

      const retry = await importStatementFile({ db: s.db }, DROP, {
        tenantId: s.tenantId,
        bytes: file,
        fileName: "vypis-7.gpc",
        source: "drop",
      });
      assert(retry.ok);
      assertEquals(retry.booked, 30);
      assertEquals(await bookedLines(s), { payments: 30, lines: 30 });
    } finally {
      await s.drop();
    }
  },
});

Deno.test({
  name:
    "[faults] a dropped file imported by a worker that died before moving it is moved, not rebooked",
  ignore: !url,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = await scratchDatabase();
    const dir = await Deno.makeTempDir({ prefix: "statement-drop-" });
    try {
      const targets = await obligations(s, 3, 40_000);
      const file = gpc("9", lines(targets, 40_000, 9_000));
      const activities = createStatementActivities({
        db: s.db,
        dropDir: dir,
        now: () => new Date(Date.now() + 60_000), // every file has settled
      });
      const towns = await activities.listStatementDropTowns();
      assertEquals(towns.map((t) => t.slug), ["scratch"]);
      await Deno.writeFile(join(dir, "scratch", "vypis-9.gpc"), file);
      // The worker imported the file and died before it moved it.
      const crashed = await importStatementFile({ db: s.db }, DROP, {
        tenantId: s.tenantId,
        bytes: file,
        fileName: "vypis-9.gpc",
        source: "drop",
      });
      assert(crashed.ok && crashed.booked === 3);
      // The retried activity finds it imported and moves it.
      const result = await activities.importDroppedStatements(towns[0]);
      assertEquals(result, { imported: 0, already: 1, failed: 0 });
      const date = formatPragueDate(new Date(Date.now() + 60_000));
      await Deno.stat(join(dir, "scratch", "processed", `${date}-vypis-9.gpc`));
      assertEquals(await bookedLines(s), { payments: 3, lines: 3 });
      // A file of another account is refused into failed/ with the reason.
      await Deno.writeFile(
        join(dir, "scratch", "cizi.gpc"),
        gpc("10", lines(targets, 1_000, 10_000), "CZ6108000000271938475001"),
      );
      assertEquals(await activities.importDroppedStatements(towns[0]), {
        imported: 0,
        already: 0,
        failed: 1,
      });
      const reason = await Deno.readTextFile(
        join(dir, "scratch", "failed", `${date}-cizi.gpc.error.txt`),
      );
      assert(reason.includes("který není účtem obce"), reason);
    } finally {
      await s.drop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "[faults] two clerks uploading the same statement at once book it once",
  ...shared,
  ignore: !hasServices || !maildevUrl,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const person = await db.insertInto("persons").values({
      tenant_id: lipnice.id,
      username: `soubeh.${crypto.randomUUID().slice(0, 8)}`,
      given_name: "Souběžný",
      family_name: "Plátce",
      updated_at: new Date(),
    }).returning("id").executeTakeFirstOrThrow();
    const vs = `6${String(Date.now() % 1e8).padStart(8, "0")}`;
    const id = (await insertLedgerObligation(db, lipnice.id, {
      personId: person.id,
      kind: "rent",
      agenda: "poplatky",
      year: 2026,
      sourceKey: `race-${vs}`,
      amountHalere: 310_000,
      dueDate: "2026-05-15",
      variableSymbol: vs,
      account: lipnice.iban,
    }))!;
    const bytes = writeGpc([{
      account: lipnice.iban,
      statementNumber: "201",
      statementDate: "2026-05-05",
      openingBalanceHalere: 0,
      closingBalanceHalere: null,
      lines: [{
        bankRef: `${Date.now() % 1e9}`,
        bookingDate: "2026-05-05",
        amountHalere: 310_000,
        variableSymbol: vs,
        counterName: "Plátce S.",
      }],
    }]);
    const a = await client();
    const b = await client();
    await a.loginClerk();
    await b.loginClerk();
    const upload = (c: typeof a) =>
      c.post("/urad/vypisy", { file: new File([new Uint8Array(bytes)], "vypis-201.gpc") });
    const [ra, rb] = await Promise.all([upload(a), upload(b)]);
    assertEquals([ra.status, rb.status], [200, 200]);
    const texts = [await ra.text(), await rb.text()];
    assertEquals(texts.filter((t) => t.includes("Výpis byl načten")).length, 1);
    assertEquals(texts.filter((t) => t.includes("už byl načten")).length, 1);
    const payments = await db.selectFrom("payments").select("id")
      .where("obligation_id", "=", id).execute();
    assertEquals(payments.length, 1);
  },
});
