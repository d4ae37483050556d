/**
 * Card payment attempts on a scratch database: one attempt per payer and key, the state moves
 * only by compare-and-set along the graph with a transition row each, and concurrent movers
 * move it once. Needs `DATABASE_URL` (the test runner's).
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { scratchDatabase } from "../../tests/support/scratch_db.ts";
import { createPaymentOrder, insertLedgerObligation } from "./ledger.ts";
import {
  createCardPayment,
  findCardPayment,
  findCardPaymentByPayId,
  findCardPaymentForPerson,
  flagCardPayment,
  listCardPaymentTransitions,
  setGatewayPayId,
  transitionCardPayment,
} from "./card_payments.ts";

const url = Deno.env.get("DATABASE_URL");

Deno.test({
  name: "[db] a card payment is created once per key and moves only by compare-and-set",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const { db, tenantId } = s;
      const [payer, other] = await Promise.all(
        ["karta.platce", "karta.jiny"].map((username) =>
          db.insertInto("persons").values({
            tenant_id: tenantId,
            username,
            given_name: "Tomáš",
            family_name: "Horák",
            updated_at: new Date(),
          }).returning("id").executeTakeFirstOrThrow()
        ),
      );
      const obligation = (await insertLedgerObligation(db, tenantId, {
        personId: payer.id,
        kind: "waste_fee",
        agenda: "poplatky",
        year: 2026,
        amountHalere: 80_000,
        dueDate: "2026-05-31",
        variableSymbol: "1001",
        account: "CZ6508000000192000145399",
        sourceKey: "card-test-1",
      }))!;
      const order = await db.transaction().execute((trx) =>
        createPaymentOrder(trx, tenantId, {
          payerPersonId: payer.id,
          idempotencyKey: "k1",
          requestHash: "h1",
          account: "CZ6508000000192000145399",
          dueDate: "2026-05-31",
          items: [{ obligationId: obligation, amountHalere: 80_000 }],
          year: 2026,
        })
      );
      const input = {
        personId: payer.id,
        paymentOrderId: order.id,
        idempotencyKey: "k1",
        tenantSlug: "test",
        requestHash: "h1",
        amountHalere: 80_000,
      };
      const first = await createCardPayment(db, tenantId, input);
      assert(first.created);
      assertEquals(first.payment.state, "created");
      assertEquals(first.payment.amount_halere, 80_000);
      const again = await createCardPayment(db, tenantId, { ...input, requestHash: "other" });
      assertEquals(again.created, false);
      assertEquals(again.payment.id, first.payment.id);
      assertEquals(again.payment.request_hash, "h1", "the caller sees the first request's hash");
      const id = first.payment.id;

      // Scoped to the payer and the town.
      assert(await findCardPaymentForPerson(db, tenantId, payer.id, id));
      assertEquals(await findCardPaymentForPerson(db, tenantId, other.id, id), undefined);
      assertEquals(
        await findCardPaymentForPerson(db, crypto.randomUUID(), payer.id, id),
        undefined,
      );
      assertEquals(await findCardPaymentForPerson(db, tenantId, payer.id, "x'; drop"), undefined);

      // The payId is stored once and finds the attempt in its town only.
      assert(await setGatewayPayId(db, tenantId, id, "a1b2c3d4e5f6a7b"));
      assertEquals(await setGatewayPayId(db, tenantId, id, "ffffffffffffff0"), false);
      assertEquals((await findCardPaymentByPayId(db, tenantId, "a1b2c3d4e5f6a7b"))?.id, id);
      assertEquals(
        await findCardPaymentByPayId(db, crypto.randomUUID(), "a1b2c3d4e5f6a7b"),
        undefined,
      );

      // Not along the graph: refused, nothing written.
      assertEquals(
        await transitionCardPayment(db, tenantId, id, "created", "captured", "x"),
        false,
      );
      // From a state it is not in: refused.
      assertEquals(
        await transitionCardPayment(db, tenantId, id, "started", "authorised", "x"),
        false,
      );
      // Another town's id: refused.
      assertEquals(
        await transitionCardPayment(db, crypto.randomUUID(), id, "created", "started", "x"),
        false,
      );
      assertEquals((await findCardPayment(db, tenantId, id))?.state, "created");
      assertEquals(await listCardPaymentTransitions(db, tenantId, id), []);

      // Ten concurrent movers: exactly one moves it.
      const results = await Promise.all(
        Array.from(
          { length: 10 },
          () => transitionCardPayment(db, tenantId, id, "created", "started", "payment/init"),
        ),
      );
      assertEquals(results.filter(Boolean).length, 1);
      assert(await transitionCardPayment(db, tenantId, id, "started", "authorised", "status 7"));
      // Inside a transaction that rolls back, the move and its row go together.
      await db.transaction().execute(async (trx) => {
        assert(await transitionCardPayment(trx, tenantId, id, "authorised", "captured", "booked"));
        throw new Error("rollback");
      }).catch((e) => assertEquals(e.message, "rollback"));
      assertEquals((await findCardPayment(db, tenantId, id))?.state, "authorised");
      assert(await transitionCardPayment(db, tenantId, id, "authorised", "captured", "booked"));

      const moves = await listCardPaymentTransitions(db, tenantId, id);
      assertEquals(moves.map((m) => [m.from_state, m.to_state, m.reason]), [
        ["created", "started", "payment/init"],
        ["started", "authorised", "status 7"],
        ["authorised", "captured", "booked"],
      ]);
      assertEquals(await listCardPaymentTransitions(db, crypto.randomUUID(), id), []);

      assert(await flagCardPayment(db, tenantId, id, "money did not arrive"));
      assertEquals(await flagCardPayment(db, tenantId, id, "again"), false);
      assertEquals((await findCardPayment(db, tenantId, id))?.flag_reason, "money did not arrive");
    } finally {
      await s.drop();
    }
  },
});
