/**
 * A whole refund on a scratch database: the refunded payment's allocations are reversed by
 * `refund` rows, so the obligations it paid (through a payment order, one overpaid) are unpaid
 * again; a second refund writes nothing; another town's id refunds nothing. Needs
 * `DATABASE_URL` (the test runner's).
 */
import { assertEquals } from "../../tests/assert.ts";
import { scratchDatabase } from "../../tests/support/scratch_db.ts";
import {
  bookPayment,
  createPaymentOrder,
  creditOf,
  findObligation,
  insertLedgerObligation,
  listPayments,
  refundPayment,
} from "./ledger.ts";

const url = Deno.env.get("DATABASE_URL");

Deno.test({
  name: "[db] a refund reverses the payment's allocations once; the obligations are owed again",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const { db, tenantId } = s;
      const person = await db.insertInto("persons").values({
        tenant_id: tenantId,
        username: "refund.test",
        given_name: "Karel",
        family_name: "Vrátil",
        updated_at: new Date(),
      }).returning("id").executeTakeFirstOrThrow();
      const clerk = await db.insertInto("clerks").values({
        tenant_id: tenantId,
        username: "refund.clerk",
        display_name: "Úřednice",
        email: "refund.clerk@example.cz",
        password_hash: "x",
        roles: ["agenda:poplatky"],
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
        sourceKey: "waste",
        amountHalere: 80_000,
        variableSymbol: "2001",
      }))!;
      const dog = (await insertLedgerObligation(db, tenantId, {
        ...base,
        kind: "dog_fee",
        sourceKey: "dog",
        amountHalere: 30_000,
        variableSymbol: "2002",
      }))!;
      const state = async (id: string) =>
        (await findObligation(db, tenantId, [person.id], id))!.state;

      // Paid by one payment of a payment order, 50 Kč more than owed (the dog fee overpaid).
      const paymentId = await db.transaction().execute(async (trx) => {
        const order = await createPaymentOrder(trx, tenantId, {
          payerPersonId: person.id,
          idempotencyKey: "k1",
          requestHash: "h",
          account: base.account,
          dueDate: "2026-05-31",
          items: [{ obligationId: waste, amountHalere: 80_000 }, {
            obligationId: dog,
            amountHalere: 30_000,
          }],
          year: 2026,
        });
        return (await bookPayment(trx, tenantId, {
          kind: "card",
          amountHalere: 115_000,
          receivedOn: "2026-05-01",
          payerPersonId: person.id,
          paymentOrderId: order.id,
        }))!;
      });
      assertEquals([await state(waste), await state(dog)], ["paid", "overpaid"]);
      assertEquals(await creditOf(db, tenantId, person.id), 5_000);

      // Another town's id, or not an id: nothing.
      const refundOther = await db.transaction().execute((trx) =>
        refundPayment(trx, crypto.randomUUID(), paymentId, clerk.id, "jinde")
      );
      assertEquals(refundOther, false);
      assertEquals(
        await db.transaction().execute((trx) => refundPayment(trx, tenantId, "x", clerk.id, "nic")),
        false,
      );

      const first = await db.transaction().execute((trx) =>
        refundPayment(trx, tenantId, paymentId, clerk.id, "Platba omylem")
      );
      assertEquals(first, true);
      assertEquals([await state(waste), await state(dog)], ["unpaid", "unpaid"]);
      assertEquals(await creditOf(db, tenantId, person.id), 0);
      const payment = await db.selectFrom("payments").selectAll().where("id", "=", paymentId)
        .executeTakeFirstOrThrow();
      assertEquals([payment.refund_reason, payment.refunded_by], ["Platba omylem", clerk.id]);
      assertEquals(payment.refunded_at instanceof Date, true);
      const rows = await db.selectFrom("payment_allocations")
        .select(["obligation_id", "kind"])
        .select((eb) => eb.cast<number>("amount_halere", "integer").as("amount"))
        .where("payment_id", "=", paymentId).orderBy("id").execute();
      assertEquals(
        rows.filter((r) => r.kind === "refund").map((r) => [r.obligation_id, r.amount]).sort(),
        [[waste, -80_000], [dog, -35_000]].sort(),
      );
      // The payment is still listed, with its allocations and their reversals.
      const listed = await listPayments(db, tenantId, [person.id], { paymentId });
      assertEquals(listed[0].allocations.map((a) => a.kind).sort(), [
        "payment",
        "payment",
        "refund",
        "refund",
      ]);

      // Once only.
      const second = await db.transaction().execute((trx) =>
        refundPayment(trx, tenantId, paymentId, clerk.id, "znovu")
      );
      assertEquals(second, false);
      assertEquals(
        (await db.selectFrom("payment_allocations").select("id")
          .where("payment_id", "=", paymentId).execute()).length,
        4,
      );
      assertEquals([await state(waste), await state(dog)], ["unpaid", "unpaid"]);
    } finally {
      await s.drop();
    }
  },
});
