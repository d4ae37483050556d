// Frozen: never import app code here.
//
// Granting a representation records which identity document the office checked, as agenda
// grants do (`agenda_authorizations.evidence`): its kind and the last characters of its number
// ("občanský průkaz …4821"), never the whole number. Null for grants made before this.
// deno-lint-ignore-file no-explicit-any
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("representations").addColumn("grant_evidence", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("representations").dropColumn("grant_evidence").execute();
}
