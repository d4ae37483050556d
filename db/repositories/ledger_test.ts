/**
 * The ledger's rules on a scratch database: the state is derived from allocations, a payment
 * order is split back to its obligations, an overpayment is credit that can be moved, and a
 * statement line or card payment is booked once. Needs `DATABASE_URL` (the test runner's).
 */
import { assertEquals, assertRejects } from "../../tests/assert.ts";
import { scratchDatabase } from "../../tests/support/scratch_db.ts";
import {
  applyCredit,
  bookPayment,
  createPaymentOrder,
  creditOf,
  findObligation,
  insertLedgerObligation,
  listObligations,
  listPayments,
  listUnpaidObligations,
} from "./ledger.ts";

const url = Deno.env.get("DATABASE_URL");

Deno.test({
  name: "[db] the ledger derives states, splits payment orders, keeps credit, books once",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const { db, tenantId } = s;
      const person = await db.insertInto("persons").values({
        tenant_id: tenantId,
        username: "ledger.test",
        given_name: "Tomáš",
        family_name: "Horák",
        updated_at: new Date(),
      }).returning("id").executeTakeFirstOrThrow();
      const other = await db.insertInto("persons").values({
        tenant_id: tenantId,
        username: "ledger.other",
        given_name: "Jana",
        family_name: "Malá",
        updated_at: new Date(),
      }).returning("id").executeTakeFirstOrThrow();
      const base = {
        personId: person.id,
        agenda: "fees",
        year: 2026,
        dueDate: "2026-05-31",
        account: "CZ6508000000192000145399",
      };
      const waste = (await insertLedgerObligation(db, tenantId, {
        ...base,
        kind: "waste_fee",
        sourceKey: "waste-2026",
        amountHalere: 80_000,
        variableSymbol: "1001",
      }))!;
      const water = (await insertLedgerObligation(db, tenantId, {
        ...base,
        kind: "water",
        sourceKey: "water-2026-1",
        amountHalere: 45_050,
        variableSymbol: "1002",
        dueDate: "2026-04-15",
        billing: {
          from: "2026-01-01",
          to: "2026-03-31",
          meterNumber: "V-123",
          meterStart: 101.5,
          meterEnd: 118.25,
        },
      }))!;
      assertEquals(
        await insertLedgerObligation(db, tenantId, {
          ...base,
          kind: "waste_fee",
          sourceKey: "waste-2026",
          amountHalere: 80_000,
          variableSymbol: "1003",
        }),
        null,
        "the same source key issues nothing",
      );
      const unpaid = await listUnpaidObligations(db, tenantId, [person.id]);
      assertEquals(unpaid.map((o) => o.id), [water, waste], "earliest due first");
      assertEquals(unpaid.map((o) => o.state), ["unpaid", "unpaid"]);
      assertEquals(await listObligations(db, tenantId, [other.id]), []);
      assertEquals(await findObligation(db, tenantId, [other.id], waste), undefined);

      // A payment order of both, paid in part: the first item fills first.
      const order = await db.transaction().execute((trx) =>
        createPaymentOrder(trx, tenantId, {
          payerPersonId: person.id,
          idempotencyKey: "k1",
          requestHash: "h1",
          account: base.account,
          dueDate: "2026-05-31",
          year: 2026,
          items: [
            { obligationId: water, amountHalere: 45_050 },
            { obligationId: waste, amountHalere: 80_000 },
          ],
        })
      );
      assertEquals(order.variable_symbol, "9260000001");
      assertEquals(order.amount_halere, 125_050);
      const again = await db.transaction().execute((trx) =>
        createPaymentOrder(trx, tenantId, {
          payerPersonId: person.id,
          idempotencyKey: "k1",
          requestHash: "h1",
          account: base.account,
          dueDate: "2026-05-31",
          year: 2026,
          items: [{ obligationId: water, amountHalere: 45_050 }],
        })
      );
      assertEquals(again.id, order.id, "the same key returns the same order");
      // The order's symbol and an obligation's share one namespace.
      await assertRejects(() =>
        insertLedgerObligation(db, tenantId, {
          ...base,
          kind: "fine",
          sourceKey: "fine-x",
          amountHalere: 100,
          variableSymbol: order.variable_symbol,
        })
      );

      const p1 = await db.transaction().execute((trx) =>
        bookPayment(trx, tenantId, {
          kind: "bank",
          amountHalere: 100_000,
          receivedOn: "2026-05-02",
          paymentOrderId: order.id,
          variableSymbol: order.variable_symbol,
          sourceKey: "line-1",
        })
      );
      assertEquals(typeof p1, "string");
      const dup = await db.transaction().execute((trx) =>
        bookPayment(trx, tenantId, {
          kind: "bank",
          amountHalere: 100_000,
          receivedOn: "2026-05-02",
          paymentOrderId: order.id,
          sourceKey: "line-1",
        })
      );
      assertEquals(dup, null, "the same line is booked once");
      let states = await listObligations(db, tenantId, [person.id]);
      assertEquals(states.map((o) => [o.state, o.paid_halere, o.outstanding_halere]), [
        ["paid", 45_050, 0],
        ["partly_paid", 54_950, 25_050],
      ]);

      // The rest and 100 Kč more: the last item is overpaid, which is credit.
      await db.transaction().execute((trx) =>
        bookPayment(trx, tenantId, {
          kind: "bank",
          amountHalere: 35_050,
          receivedOn: "2026-05-20",
          obligationId: waste,
          sourceKey: "line-2",
        })
      );
      states = await listObligations(db, tenantId, [person.id]);
      assertEquals(states.map((o) => o.state), ["paid", "overpaid"]);
      assertEquals(await creditOf(db, tenantId, person.id), 10_000);

      // The credit moves to the next obligation.
      const fine = (await insertLedgerObligation(db, tenantId, {
        ...base,
        kind: "fine",
        sourceKey: "fine-1",
        amountHalere: 25_000,
        variableSymbol: "1004",
        dueDate: "2026-07-01",
      }))!;
      const moved = await db.transaction().execute((trx) =>
        applyCredit(trx, tenantId, person.id, fine, null)
      );
      assertEquals(moved, 10_000);
      assertEquals(await creditOf(db, tenantId, person.id), 0);
      states = await listObligations(db, tenantId, [person.id]);
      assertEquals(states.map((o) => [o.kind, o.state, o.paid_halere]), [
        ["water", "paid", 45_050],
        ["waste_fee", "paid", 80_000],
        ["fine", "partly_paid", 10_000],
      ]);
      const payments = await listPayments(db, tenantId, [person.id]);
      assertEquals(payments.length, 2);
      assertEquals(await listPayments(db, tenantId, [other.id]), []);

      // One written off, and one never paid: the repository's lateral balance follows the
      // rule of the obligation_balances view for every obligation of the town.
      const rent = (await insertLedgerObligation(db, tenantId, {
        ...base,
        kind: "rent",
        sourceKey: "rent-1",
        amountHalere: 30_000,
        variableSymbol: "1005",
        dueDate: "2026-08-01",
      }))!;
      await db.updateTable("obligations")
        .set({ written_off_at: new Date(), written_off_reason: "Promlčeno" })
        .where("id", "=", fine).execute();
      const view = await db.selectFrom("obligation_balances")
        .select(["obligation_id", "state", "paid_halere"]).where("tenant_id", "=", tenantId)
        .execute();
      const listed = await listObligations(db, tenantId, [person.id, other.id]);
      assertEquals(listed.length, view.length);
      for (const o of listed) {
        const v = view.find((r) => r.obligation_id === o.id)!;
        assertEquals([o.state, o.paid_halere], [v.state, Number(v.paid_halere)], o.kind);
      }
      assertEquals(
        (await listUnpaidObligations(db, tenantId, [person.id])).map((o) => o.id),
        [rent],
      );
    } finally {
      await s.drop();
    }
  },
});
