// Frozen: never import app code here.
import { type Kysely, sql } from "kysely";

/** How a person wants to hear about their cases: by e-mail, by SMS, or both. */
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("persons")
    .addColumn(
      "case_notifications",
      "text",
      (c) =>
        c.notNull().defaultTo("email").check(sql`case_notifications in ('email', 'sms', 'both')`),
    )
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("persons").dropColumn("case_notifications").execute();
}
