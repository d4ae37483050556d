// Frozen: never import app code here.
//
// Citizens see the applications they signed in to through the portal, and when they last did
// (issue 16, part 3, the gaps): `oidc_client_sessions.last_used_at` is set at every successful
// authorization of that client under that portal session; existing rows start at their
// created_at.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table oidc_client_sessions
    add column last_used_at timestamptz not null default now()`.execute(db);
  await sql`update oidc_client_sessions set last_used_at = created_at`.execute(db);
  await sql`create index oidc_client_sessions_person
    on oidc_client_sessions (tenant_id, person_id, client_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index oidc_client_sessions_person`.execute(db);
  await sql`alter table oidc_client_sessions drop column last_used_at`.execute(db);
}
