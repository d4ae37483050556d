// Frozen: never import app code here.
//
// Obligations (předpisy): what a person owes the town, issued once per case (the dog fee's
// assessment on approval; `case_id` unique, so a retried activity issues it once). The payments
// issue builds the ledger on this table: amount in haléře, due date, the variable symbol
// (unique per town), the specific symbol, the town's account, and the lines of the computation.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("obligations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("case_id", "uuid", (c) => c.notNull().references("cases.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("agenda", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("amount_halere", "bigint", (c) => c.notNull())
    .addColumn("due_date", "date", (c) => c.notNull())
    .addColumn("variable_symbol", "text", (c) => c.notNull())
    .addColumn("specific_symbol", "text")
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("unpaid"))
    .addColumn("lines", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("obligations_case_key", ["case_id"])
    .addUniqueConstraint("obligations_variable_symbol_key", ["tenant_id", "variable_symbol"])
    .addCheckConstraint("obligations_kind_check", sql`kind in ('dog_fee')`)
    .addCheckConstraint("obligations_state_check", sql`state in ('unpaid', 'paid', 'cancelled')`)
    .addCheckConstraint("obligations_amount_check", sql`amount_halere >= 0`)
    .addCheckConstraint("obligations_vs_check", sql`variable_symbol ~ '^[0-9]{1,10}$'`)
    .execute();
  await sql`create index obligations_person_idx on obligations (tenant_id, person_id, state, due_date)`
    .execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("obligations").execute();
}
