// Frozen: never import app code here.
//
// Grants (an issue 14 leftover): a programme may take one application per applicant in each of
// its calls ("Žadatel může v jedné výzvě podat jen jednu žádost"), a common term of town grant
// programmes. Existing programmes keep taking any number.
//
// grant_applications.exclusive_key is the applicant when the programme takes one application
// each (the organisation's or entrepreneur's IČO, or the person), and null otherwise. The
// partial unique index keeps one live application per key and call, so two filings at once
// cannot both go in; a withdrawn or lapsed application leaves the index and the applicant may
// apply again while the call is open.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table grant_programmes
    add column one_application_per_applicant boolean not null default false`.execute(db);
  await sql`alter table grant_applications add column exclusive_key text`.execute(db);
  await sql`create unique index grant_applications_exclusive_idx
    on grant_applications (tenant_id, call_id, exclusive_key)
    where exclusive_key is not null and state not in ('withdrawn', 'lapsed')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index grant_applications_exclusive_idx`.execute(db);
  await sql`alter table grant_applications drop column exclusive_key`.execute(db);
  await sql`alter table grant_programmes drop column one_application_per_applicant`.execute(db);
}
