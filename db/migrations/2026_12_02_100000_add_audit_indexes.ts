// Frozen: never import app code here.
//
// The audit log is read by subject (a notice's, a clerk account's, a representation's history),
// by actor (the admin's audit view filtered by clerk), by the person an entry is about (the
// admin's filter by person, a citizen's list of clerks who viewed their data) and by action
// and time. `audit_about_person` is the one definition of "the person an entry is about": the
// subject when the subject is a person, otherwise the person id the entry's details name
// (`personId`, or `representativeId` of the representation entries).
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function audit_about_person(subject_type text, subject_id text, details jsonb)
    returns text language sql immutable parallel safe as $$
      select coalesce(
        case when subject_type = 'person' then subject_id end,
        details ->> 'personId',
        details ->> 'representativeId'
      )
    $$`.execute(db);
  await sql`create index audit_log_subject_idx on audit_log (tenant_id, subject_id, id)`
    .execute(db);
  await sql`create index audit_log_actor_idx on audit_log (tenant_id, actor_id, id)`.execute(db);
  await sql`create index audit_log_action_idx on audit_log (tenant_id, action, id)`.execute(db);
  await sql`create index audit_log_on_behalf_idx on audit_log (tenant_id, on_behalf_of, id)
    where on_behalf_of is not null`.execute(db);
  await sql`create index audit_log_person_idx
    on audit_log (tenant_id, audit_about_person(subject_type, subject_id, details), id)`
    .execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (
    const i of [
      "audit_log_person_idx",
      "audit_log_on_behalf_idx",
      "audit_log_action_idx",
      "audit_log_actor_idx",
      "audit_log_subject_idx",
    ]
  ) await sql`drop index if exists ${sql.raw(i)}`.execute(db);
  await sql`drop function if exists audit_about_person(text, text, jsonb)`.execute(db);
}
