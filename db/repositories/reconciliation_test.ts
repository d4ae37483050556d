/**
 * Reconciliation on a scratch database: a line pays the obligation or payment order whose
 * variable symbol it carries — exactly, partly or over (credit the person sees) — an order is
 * split to its obligations, a card payment's settlement is recognised and not booked again,
 * debits are ignored, what matches nothing waits for the clerk, and however often a line is
 * reconciled (twice, in an overlapping statement, from two racing transactions) it is booked
 * once. Needs `DATABASE_URL` (the test runner's).
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { scratchDatabase, type ScratchDb } from "../../tests/support/scratch_db.ts";
import type { ParsedLine, ParsedStatement } from "../../domain/statements/types.ts";
import { createPaymentOrder, creditOf, findObligation, insertLedgerObligation } from "./ledger.ts";
import {
  assignStatementLine,
  lockTownStatements,
  reconcile,
  searchAssignmentTargets,
} from "./reconciliation.ts";
import {
  countUnmatchedLines,
  listStatementLines,
  listUnmatchedLines,
  storeStatement,
} from "./statements.ts";

const url = Deno.env.get("DATABASE_URL");
const ACCOUNT = "CZ6508000000192000145399";

async function person(s: ScratchDb, username: string, given: string, family: string) {
  const row = await s.db.insertInto("persons").values({
    tenant_id: s.tenantId,
    username,
    given_name: given,
    family_name: family,
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

async function obligation(
  s: ScratchDb,
  personId: string,
  vs: string,
  amountHalere: number,
  extra: { dueDate?: string } = {},
) {
  return (await insertLedgerObligation(s.db, s.tenantId, {
    personId,
    kind: "waste_fee",
    agenda: "poplatky",
    year: 2026,
    sourceKey: `test-${vs}`,
    amountHalere,
    dueDate: extra.dueDate ?? "2026-05-31",
    variableSymbol: vs,
    account: ACCOUNT,
  }))!;
}

let refs = 0;
function line(
  amountHalere: number,
  vs: string | null,
  extra: Partial<ParsedLine> = {},
): ParsedLine {
  refs++;
  return {
    lineNo: refs,
    bankRef: `REF${refs}`,
    bookingDate: "2026-04-01",
    amountHalere,
    counterAccount: "19-123457/0100",
    counterName: "Plátce",
    variableSymbol: vs,
    constantSymbol: null,
    specificSymbol: null,
    message: null,
    ...extra,
  };
}

function statement(number: string, lines: ParsedLine[]): ParsedStatement {
  return {
    format: "gpc",
    account: ACCOUNT,
    statementNumber: number,
    statementDate: "2026-04-01",
    openingBalanceHalere: 0,
    closingBalanceHalere: lines.reduce((n, l) => n + l.amountHalere, 0),
    identity: `gpc:${ACCOUNT}:${number}:2026-04-01`,
    lines,
  };
}

const META = {
  fileName: "vypis.gpc",
  fileSha256: "0".repeat(64),
  source: "upload",
  importedBy: null,
} as const;

/** Stores and reconciles a statement in one transaction, as the import does. */
function importStatement(s: ScratchDb, st: ParsedStatement) {
  return s.db.transaction().execute(async (trx) => {
    await lockTownStatements(trx, s.tenantId);
    const stored = await storeStatement(trx, s.tenantId, st, META);
    const counts = stored.inserted
      ? await reconcile(trx, s.tenantId, { statementId: stored.id })
      : { booked: 0, settledCard: 0, unmatched: 0 };
    return { ...stored, ...counts };
  });
}

async function state(s: ScratchDb, personId: string, id: string) {
  const o = await findObligation(s.db, s.tenantId, [personId], id);
  return o && { state: o.state, paid: o.paid_halere };
}

Deno.test({
  name:
    "[db] reconciliation books exact, partial and over-payments, splits orders, leaves the rest",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const horak = await person(s, "tomas.horak.1001", "Tomáš", "Horák");
      const mala = await person(s, "jana.mala.1003", "Jana", "Malá");
      const exact = await obligation(s, horak, "1001", 80_000);
      const partial = await obligation(s, horak, "1002", 120_000);
      const over = await obligation(s, mala, "1003", 50_000);
      const nextOne = await obligation(s, mala, "1004", 30_000, { dueDate: "2026-09-30" });
      const dog = await obligation(s, mala, "1005", 40_000);
      const water = await obligation(s, mala, "1006", 25_000);
      const order = await s.db.transaction().execute((trx) =>
        createPaymentOrder(trx, s.tenantId, {
          payerPersonId: mala,
          idempotencyKey: "order-1",
          requestHash: "x",
          account: ACCOUNT,
          dueDate: "2026-05-31",
          items: [{ obligationId: dog, amountHalere: 40_000 }, {
            obligationId: water,
            amountHalere: 25_000,
          }],
          year: 2026,
        })
      );
      const st = statement("7", [
        line(80_000, "1001"),
        line(50_000, "1002"),
        line(70_000, "1003", { counterName: "Malá Jana" }),
        line(65_000, order.variable_symbol),
        line(10_000, "99999"), // a symbol that is nobody's
        line(20_000, null), // no symbol
        line(-15_000, "1001"), // a debit (a fee the bank charged): never booked
      ]);
      const first = await importStatement(s, st);
      assertEquals(first.inserted, true);
      assertEquals(first.newLines, 7);
      assertEquals({ booked: first.booked, settledCard: first.settledCard }, {
        booked: 4,
        settledCard: 0,
      });
      assertEquals(first.unmatched, 2);

      assertEquals(await state(s, horak, exact), { state: "paid", paid: 80_000 });
      assertEquals(await state(s, horak, partial), { state: "partly_paid", paid: 50_000 });
      assertEquals(await state(s, mala, over), { state: "overpaid", paid: 70_000 });
      assertEquals(await state(s, mala, dog), { state: "paid", paid: 40_000 });
      assertEquals(await state(s, mala, water), { state: "paid", paid: 25_000 });
      assertEquals(await creditOf(s.db, s.tenantId, mala), 20_000, "the overpayment is credit");
      assertEquals(await state(s, mala, nextOne), { state: "unpaid", paid: 0 });

      const payment = await s.db.selectFrom("payments").selectAll()
        .where("obligation_id", "=", over).executeTakeFirstOrThrow();
      assertEquals(payment.kind, "bank");
      assertEquals(payment.payer_person_id, mala);
      assertEquals(payment.payer_name, "Malá Jana");
      assertEquals(payment.received_on, "2026-04-01");

      const lines = await listStatementLines(s.db, s.tenantId, first.id);
      assertEquals(lines.map((l) => l.result), [
        "booked",
        "booked",
        "booked",
        "booked",
        "unmatched",
        "unmatched",
        "ignored",
      ]);
      assertEquals(lines[3].order_vs, order.variable_symbol);
      assertEquals(lines[0].payer_name, "Tomáš Horák");
      assertEquals(await countUnmatchedLines(s.db, s.tenantId), 2);
      assertEquals(
        (await listUnmatchedLines(s.db, s.tenantId, { limit: 10 })).map((l) => l.amount_halere),
        [10_000, 20_000],
      );

      // Reconciling again, the town's whole ledger, books nothing new.
      const again = await s.db.transaction().execute((trx) => reconcile(trx, s.tenantId));
      assertEquals(again, { booked: 0, settledCard: 0, unmatched: 2 });
      // The same statement imported again is found, not stored.
      const repeated = await importStatement(s, st);
      assertEquals({ inserted: repeated.inserted, id: repeated.id }, {
        inserted: false,
        id: first.id,
      });
      // An overlapping statement (the same bank references) stores and books only what is new.
      const overlap = await importStatement(
        s,
        statement("8", [{ ...st.lines[0], lineNo: 1 }, line(30_000, "1004")]),
      );
      assertEquals({ inserted: overlap.inserted, newLines: overlap.newLines }, {
        inserted: true,
        newLines: 1,
      });
      assertEquals(overlap.booked, 1);
      assertEquals(await state(s, horak, exact), { state: "paid", paid: 80_000 });
      assertEquals(await state(s, mala, nextOne), { state: "paid", paid: 30_000 });
      const count = await s.db.selectFrom("payments").select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      assertEquals(Number(count.n), 5);
    } finally {
      await s.drop();
    }
  },
});

Deno.test({
  name: "[db] a captured card payment's settlement line is marked, not booked a second time",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const payer = await person(s, "karel.novak.2001", "Karel", "Novák");
      const fee = await obligation(s, payer, "2001", 50_000);
      const order = await s.db.transaction().execute((trx) =>
        createPaymentOrder(trx, s.tenantId, {
          payerPersonId: payer,
          idempotencyKey: "card-1",
          requestHash: "x",
          account: ACCOUNT,
          dueDate: "2026-05-31",
          items: [{ obligationId: fee, amountHalere: 50_000 }],
          year: 2026,
        })
      );
      const card = await s.db.insertInto("card_payments").values({
        tenant_id: s.tenantId,
        person_id: payer,
        payment_order_id: order.id,
        idempotency_key: "card-1",
        request_hash: "x",
        amount_halere: 50_000,
        state: "captured",
      }).returning("id").executeTakeFirstOrThrow();
      // The capture booked the payment (the card helper's step).
      await s.db.transaction().execute(async (trx) => {
        const { bookPayment } = await import("./ledger.ts");
        await bookPayment(trx, s.tenantId, {
          kind: "card",
          amountHalere: 50_000,
          receivedOn: "2026-03-30",
          paymentOrderId: order.id,
          payerPersonId: payer,
          cardPaymentId: card.id,
        });
      });
      const result = await importStatement(
        s,
        statement("9", [line(50_000, order.variable_symbol, { counterName: "ČSOB karty" })]),
      );
      assertEquals({ booked: result.booked, settledCard: result.settledCard }, {
        booked: 0,
        settledCard: 1,
      });
      assertEquals(result.unmatched, 0);
      const row = await s.db.selectFrom("card_payments").select(["state", "settled_line_id"])
        .where("id", "=", card.id).executeTakeFirstOrThrow();
      assertEquals(row.state, "captured", "the card workflow moves the state, not reconciliation");
      assert(row.settled_line_id);
      assertEquals(await state(s, payer, fee), { state: "paid", paid: 50_000 });
      const [viewed] = await listStatementLines(s.db, s.tenantId, result.id);
      assertEquals(viewed.result, "card");
      assertEquals(viewed.card_payment_id, card.id);
    } finally {
      await s.drop();
    }
  },
});

Deno.test({
  name: "[db] two imports racing in parallel transactions book each line once",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const payer = await person(s, "eva.race.3001", "Eva", "Závodná");
      const ids: string[] = [];
      const lines: ParsedLine[] = [];
      for (let i = 0; i < 50; i++) {
        ids.push(await obligation(s, payer, String(3000 + i), 10_000));
        lines.push(line(10_000, String(3000 + i)));
      }
      // The same statement twice and an overlapping one, all at once.
      const a = statement("10", lines);
      const b = statement("11", [...lines.slice(25), line(5_000, "3000")]);
      const results = await Promise.all([
        importStatement(s, a),
        importStatement(s, a),
        importStatement(s, b),
        importStatement(s, a),
      ]);
      assertEquals(results.filter((r) => r.inserted).length, 2, "a once, b once");
      const booked = results.reduce((n, r) => n + r.booked, 0);
      assertEquals(booked, 51);
      const payments = await s.db.selectFrom("payments").select(["statement_line_id"]).execute();
      assertEquals(payments.length, 51);
      assertEquals(new Set(payments.map((p) => p.statement_line_id)).size, 51);
      for (const id of ids.slice(1)) {
        assertEquals((await state(s, payer, id))?.state, "paid");
      }
      assertEquals(await state(s, payer, ids[0]), { state: "overpaid", paid: 15_000 });
    } finally {
      await s.drop();
    }
  },
});

Deno.test({
  name: "[db] a clerk assigns an unmatched line once; search finds by symbol and by name",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const payer = await person(s, "zdenek.ruzicka.4001", "Zdeněk", "Růžička");
      const fee = await obligation(s, payer, "4001", 30_000);
      const written = await obligation(s, payer, "4002", 10_000);
      await s.db.updateTable("obligations").set({
        written_off_at: new Date(),
        written_off_reason: "nedobytné",
      }).where("id", "=", written).execute();
      const clerk = await s.db.insertInto("clerks").values({
        tenant_id: s.tenantId,
        username: "urednik",
        display_name: "Úředník",
        email: "urednik@scratch.invalid",
        password_hash: "x",
        roles: ["agenda:poplatky"],
      }).returning("id").executeTakeFirstOrThrow();
      const result = await importStatement(
        s,
        statement("12", [line(30_000, "4010"), line(10_000, "4002"), line(-500, null)]),
      );
      assertEquals(result.unmatched, 2, "a wrong symbol and a written-off obligation's");

      const byName = await searchAssignmentTargets(s.db, s.tenantId, { text: "ruzicka" });
      assertEquals(byName.map((t) => t.id), [fee], "written-off obligations are not offered");
      const byVs = await searchAssignmentTargets(s.db, s.tenantId, { vs: "4001" });
      assertEquals(byVs.map((t) => t.id), [fee]);

      const [open] = await listUnmatchedLines(s.db, s.tenantId, { limit: 1 });
      const assign = () =>
        s.db.transaction().execute((trx) =>
          assignStatementLine(trx, s.tenantId, {
            lineId: open.id,
            target: { type: "obligation", id: fee },
            clerkId: clerk.id,
          })
        );
      const [one, two] = await Promise.all([assign(), assign()]);
      assertEquals([one.status, two.status].sort(), ["alreadyBooked", "booked"]);
      assertEquals(await state(s, payer, fee), { state: "paid", paid: 30_000 });
      const lines = await listStatementLines(s.db, s.tenantId, result.id);
      assertEquals(lines[0].result, "booked");
      assertEquals(lines[0].assigned_by_name, "Úředník");
      // A debit cannot be assigned; an unknown line is not found.
      const debit = await s.db.transaction().execute((trx) =>
        assignStatementLine(trx, s.tenantId, {
          lineId: lines[2].id,
          target: { type: "obligation", id: fee },
          clerkId: clerk.id,
        })
      );
      assertEquals(debit.status, "notOpen");
      const unknown = await s.db.transaction().execute((trx) =>
        assignStatementLine(trx, s.tenantId, {
          lineId: crypto.randomUUID(),
          target: { type: "obligation", id: fee },
          clerkId: clerk.id,
        })
      );
      assertEquals(unknown.status, "lineNotFound");
    } finally {
      await s.drop();
    }
  },
});
