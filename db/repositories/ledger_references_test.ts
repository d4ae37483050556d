/**
 * The ledger's references, checked per statement (migration
 * 2026_12_04_095000_check_ledger_references_per_statement): what the foreign keys refused is
 * still refused, with the same SQLSTATE, and the money tables are append-only. Needs
 * `DATABASE_URL` (the test runner's).
 */
import { assertEquals, assertRejects } from "../../tests/assert.ts";
import { scratchDatabase } from "../../tests/support/scratch_db.ts";
import { sql } from "kysely";
import { bookPayment, insertLedgerObligation } from "./ledger.ts";

const url = Deno.env.get("DATABASE_URL");

/** Runs `f` and returns the SQLSTATE it failed with (undefined if it did not fail). */
async function sqlState(f: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await f();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

Deno.test({
  name: "[db] ledger references are checked per statement and the money tables are append-only",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const { db, tenantId } = s;
      const person = await db.insertInto("persons").values({
        tenant_id: tenantId,
        username: "refs.payer",
        given_name: "Petr",
        family_name: "Plátce",
        updated_at: new Date(),
      }).returning("id").executeTakeFirstOrThrow();
      const bystander = await db.insertInto("persons").values({
        tenant_id: tenantId,
        username: "refs.bystander",
        given_name: "Eva",
        family_name: "Nikdo",
        updated_at: new Date(),
      }).returning("id").executeTakeFirstOrThrow();
      const obligation = (await insertLedgerObligation(db, tenantId, {
        personId: person.id,
        agenda: "fees",
        year: 2026,
        dueDate: "2026-05-31",
        account: "CZ6508000000192000145399",
        kind: "waste_fee",
        sourceKey: "refs-waste",
        amountHalere: 80_000,
        variableSymbol: "5501",
      }))!;
      const missing = crypto.randomUUID();
      const payment = (base: Record<string, unknown>) =>
        db.insertInto("payments").values({
          tenant_id: tenantId,
          kind: "cash",
          amount_halere: 100,
          received_on: "2026-05-01",
          ...base,
        } as never).execute();

      // Inserts naming a row that does not exist: 23503, as a foreign key answered.
      assertEquals(await sqlState(() => payment({ obligation_id: missing })), "23503");
      assertEquals(await sqlState(() => payment({ payer_person_id: missing })), "23503");
      assertEquals(await sqlState(() => payment({ statement_line_id: missing })), "23503");
      assertEquals(await sqlState(() => payment({ payment_order_id: missing })), "23503");
      assertEquals(await sqlState(() => payment({ assigned_by: missing })), "23503");
      assertEquals(
        await sqlState(() =>
          db.insertInto("payment_allocations").values({
            tenant_id: tenantId,
            payment_id: missing,
            obligation_id: obligation,
            amount_halere: 100,
            kind: "payment",
          }).execute()
        ),
        "23503",
      );
      assertEquals(
        await sqlState(() =>
          sql`insert into statement_lines (tenant_id, statement_id, line_no, account, bank_ref,
            booking_date, amount_halere)
            values (${tenantId}, ${missing}, 1, 'CZ1', 'R1', '2026-05-01', 100)`.execute(db)
        ),
        "23503",
      );
      // …and an update to such a row too.
      const paid = (await db.transaction().execute((trx) =>
        bookPayment(trx, tenantId, {
          kind: "cash",
          amountHalere: 80_000,
          receivedOn: "2026-05-02",
          payerPersonId: person.id,
          obligationId: obligation,
          sourceKey: "refs-cash",
        })
      ))!;
      assertEquals(
        await sqlState(() =>
          db.updateTable("payments").set({ refunded_by: missing }).where("id", "=", paid)
            .execute()
        ),
        "23503",
      );

      // Append-only: a payment, an allocation and an obligation are never deleted.
      assertEquals(
        await sqlState(() => db.deleteFrom("payments").where("id", "=", paid).execute()),
        "23001",
      );
      assertEquals(
        await sqlState(() =>
          db.deleteFrom("payment_allocations").where("payment_id", "=", paid).execute()
        ),
        "23001",
      );
      assertEquals(
        await sqlState(() => db.deleteFrom("obligations").where("id", "=", obligation).execute()),
        "23001",
      );
      await assertRejects(() => sql`truncate payments cascade`.execute(db));

      // A person who paid stays; one the ledger does not name can go.
      assertEquals(
        await sqlState(() => db.deleteFrom("persons").where("id", "=", person.id).execute()),
        "23503",
      );
      await db.deleteFrom("persons").where("id", "=", bystander.id).execute();

      // The obligation's key cannot change under its payment.
      assertEquals(
        await sqlState(() =>
          db.updateTable("obligations").set({ id: crypto.randomUUID() })
            .where("id", "=", obligation).execute()
        ),
        "23503",
      );

      // The booked payment is whole.
      const row = await db.selectFrom("obligation_balances").select("state")
        .where("obligation_id", "=", obligation).executeTakeFirstOrThrow();
      assertEquals(row.state, "paid");
    } finally {
      await s.drop();
    }
  },
});
