/**
 * Statements as stored and listed, on a scratch database: a statement once per identity, its
 * lines once per bank reference (in bulk), the clerk's list with each statement's results
 * counted, a dismissed line leaving the queue once, and nothing of one town visible from another.
 * Needs `DATABASE_URL` (the test runner's).
 */
import { assertEquals } from "../../tests/assert.ts";
import { scratchDatabase } from "../../tests/support/scratch_db.ts";
import type { ParsedLine, ParsedStatement } from "../../domain/statements/types.ts";
import { insertLedgerObligation } from "./ledger.ts";
import { lockTownStatements, reconcile } from "./reconciliation.ts";
import {
  countUnmatchedLines,
  dismissStatementLine,
  findStatement,
  findStatementLine,
  listFlaggedCardPayments,
  listStatementLines,
  listStatements,
  listUnmatchedLines,
  storeStatement,
} from "./statements.ts";

const url = Deno.env.get("DATABASE_URL");
const ACCOUNT = "CZ6508000000192000145399";

function line(n: number, amountHalere: number, vs: string | null): ParsedLine {
  return {
    lineNo: n,
    bankRef: `B${n}`,
    bookingDate: `2026-04-0${(n % 9) + 1}`,
    amountHalere,
    counterAccount: null,
    counterName: `Plátce ${n}`,
    variableSymbol: vs,
    constantSymbol: "558",
    specificSymbol: null,
    message: "Poplatek – ledňáček",
  };
}

function statement(number: string, date: string, lines: ParsedLine[]): ParsedStatement {
  return {
    format: "camt053",
    account: ACCOUNT,
    statementNumber: number,
    statementDate: date,
    openingBalanceHalere: null,
    closingBalanceHalere: null,
    identity: `camt053:${ACCOUNT}:${number}:${date}`,
    lines,
  };
}

const META = {
  fileName: "vypis.xml",
  fileSha256: "1".repeat(64),
  source: "drop",
  importedBy: null,
} as const;

Deno.test({
  name:
    "[db] statements are stored once, listed with their results, and dismissed lines leave the queue",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const { db, tenantId } = s;
      const other = await db.insertInto("tenants").values({
        slug: "jina",
        name: "Jiná",
        official_name: "Obec Jiná",
        ico: "00000002",
        iban: ACCOUNT,
        address: "Jiná 1",
        email: "podatelna@jina.invalid",
        phone: "+420000000001",
        hosts: ["jina.invalid"],
        settings: "{}",
      }).returning("id").executeTakeFirstOrThrow();
      const person = await db.insertInto("persons").values({
        tenant_id: tenantId,
        username: "vera.kralova.5001",
        given_name: "Věra",
        family_name: "Králová",
        updated_at: new Date(),
      }).returning("id").executeTakeFirstOrThrow();
      await insertLedgerObligation(db, tenantId, {
        personId: person.id,
        kind: "dog_fee",
        agenda: "poplatky",
        year: 2026,
        sourceKey: "dog-5001",
        amountHalere: 60_000,
        dueDate: "2026-05-31",
        variableSymbol: "5001",
        account: ACCOUNT,
      });
      const many = Array.from({ length: 1200 }, (_, i) => line(i + 1, 100, `77${i}`));
      const st = statement("3", "2026-04-09", [
        line(2000, 60_000, "5001"),
        line(2001, -20_000, null),
        ...many,
      ]);
      const stored = await db.transaction().execute(async (trx) => {
        await lockTownStatements(trx, tenantId);
        const r = await storeStatement(trx, tenantId, st, META);
        await reconcile(trx, tenantId, { statementId: r.id });
        return r;
      });
      assertEquals({ inserted: stored.inserted, newLines: stored.newLines }, {
        inserted: true,
        newLines: 1202,
      });
      const again = await db.transaction().execute((trx) =>
        storeStatement(trx, tenantId, st, META)
      );
      assertEquals(again, { id: stored.id, inserted: false, newLines: 0 });
      // The other town stores the same statement of its own (identities are per town).
      const theirs = await db.transaction().execute((trx) =>
        storeStatement(trx, other.id, statement("3", "2026-04-09", [line(1, 500, "1")]), META)
      );
      assertEquals(theirs.inserted, true);

      const { items, total } = await listStatements(db, tenantId, { page: 1, pageSize: 10 });
      assertEquals(total, 1);
      const [summary] = items;
      assertEquals({
        lines: summary.lines,
        line_count: summary.line_count,
        booked: summary.booked,
        unmatched: summary.unmatched,
        ignored: summary.ignored,
        dismissed: summary.dismissed,
        card: summary.card,
        source: summary.source,
        statement_number: summary.statement_number,
        statement_date: summary.statement_date,
      }, {
        lines: 1202,
        line_count: 1202,
        booked: 1,
        unmatched: 1200,
        ignored: 1,
        dismissed: 0,
        card: 0,
        source: "drop",
        statement_number: "3",
        statement_date: "2026-04-09",
      });
      assertEquals(await findStatement(db, other.id, stored.id), undefined, "not the other town's");
      assertEquals(await findStatement(db, tenantId, "not-a-uuid"), undefined);
      assertEquals(await listStatementLines(db, other.id, stored.id), []);

      const lines = await listStatementLines(db, tenantId, stored.id);
      assertEquals(lines.length, 1202);
      assertEquals(lines.map((l) => l.line_no).slice(0, 3), [1, 2, 3], "in file order");
      const booked = lines.find((l) => l.result === "booked")!;
      assertEquals(booked.line_no, 2000);
      assertEquals(booked.obligation_vs, "5001");
      assertEquals(booked.obligation_kind, "dog_fee");
      assertEquals(booked.payer_name, "Věra Králová");
      assertEquals(booked.message, "Poplatek – ledňáček");

      assertEquals(await countUnmatchedLines(db, tenantId), 1200);
      const [first] = await listUnmatchedLines(db, tenantId, { limit: 1 });
      assertEquals(await findStatementLine(db, other.id, first.id), undefined);
      const clerk = await db.insertInto("clerks").values({
        tenant_id: tenantId,
        username: "ucetni",
        display_name: "Účetní",
        email: "ucetni@scratch.invalid",
        password_hash: "x",
        roles: ["agenda:poplatky"],
      }).returning("id").executeTakeFirstOrThrow();
      const dismiss = (tenant: string, id: string) =>
        db.transaction().execute((trx) =>
          dismissStatementLine(trx, tenant, id, clerk.id, "Vratka přeplatku")
        );
      assertEquals(await dismiss(other.id, first.id), false, "another town's line");
      assertEquals(await dismiss(tenantId, first.id), true);
      assertEquals(await dismiss(tenantId, first.id), false, "once");
      assertEquals(await dismiss(tenantId, booked.id), false, "a booked line stays booked");
      assertEquals(await countUnmatchedLines(db, tenantId), 1199);
      const dismissed = await findStatementLine(db, tenantId, first.id);
      assertEquals(dismissed?.result, "dismissed");
      assertEquals(dismissed?.dismiss_reason, "Vratka přeplatku");
      assertEquals(dismissed?.dismissed_by_name, "Účetní");
      assertEquals(await listFlaggedCardPayments(db, tenantId), []);
    } finally {
      await s.drop();
    }
  },
});
