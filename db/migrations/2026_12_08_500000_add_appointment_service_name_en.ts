// Frozen: never import app code here.
//
// Appointments (issue 15, review): a service's name in English beside the Czech one, kept by
// the clerk's settings page (`/urad/rezervace/sluzby`). Existing services start with their
// Czech name.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table appointment_services add column name_en text not null default ''`
    .execute(db);
  await sql`update appointment_services set name_en = name`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table appointment_services drop column name_en`.execute(db);
}
