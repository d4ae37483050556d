// Frozen: never import app code here.
import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("agenda_authorizations")
    .addColumn("revoked_by", "uuid", (c) => c.references("clerks.id"))
    .addColumn("revoked_reason", "text")
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("agenda_authorizations")
    .dropColumn("revoked_by").dropColumn("revoked_reason").execute();
}
