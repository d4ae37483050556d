// Frozen: never import app code here.
import { type Kysely, sql } from "kysely";

/**
 * Workflow ids carry the town for new cases (`<tenant-slug>/case/<id>`), while workflows that
 * already run keep the ids they were started with (`case/<id>`). So the id is stored with the
 * rows whose workflow is reached later (signals, Updates): cases and card payments (notices
 * already store theirs). Existing rows get their old-style id; a row without one (null) means
 * the old style too.
 *
 * Start commands carry the workflow's human summary and details (Temporal user metadata), so the
 * Temporal UI tells town and case apart without a database lookup.
 */
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("cases").addColumn("workflow_id", "text").execute();
  await sql`update cases set workflow_id = 'case/' || id`.execute(db);
  await db.schema.alterTable("card_payments").addColumn("workflow_id", "text").execute();
  await sql`update card_payments set workflow_id = 'card-payment/' || id`.execute(db);
  await db.schema.alterTable("workflow_commands")
    .addColumn("static_summary", "text")
    .addColumn("static_details", "text")
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("workflow_commands")
    .dropColumn("static_summary").dropColumn("static_details").execute();
  await db.schema.alterTable("card_payments").dropColumn("workflow_id").execute();
  await db.schema.alterTable("cases").dropColumn("workflow_id").execute();
}
