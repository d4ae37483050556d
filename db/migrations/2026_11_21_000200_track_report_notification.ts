// Frozen: never import app code here.
import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("accessibility_reports")
    .addColumn("workflow_started_at", "timestamptz")
    .addColumn("notified_at", "timestamptz")
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("accessibility_reports")
    .dropColumn("workflow_started_at")
    .dropColumn("notified_at")
    .execute();
}
