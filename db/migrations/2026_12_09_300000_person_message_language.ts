// Frozen: never import app code here.
//
// The language of what the town sends a person (case steps, receipts, payment messages): Czech
// or English, chosen in /ucet/nastaveni and, at registration, the language of the form the
// person registered on. Everyone so far hears in Czech, as before.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table persons add column language text not null default 'cs'
    check (language in ('cs', 'en'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table persons drop column language`.execute(db);
}
