// Frozen: never import app code here.
//
// A back-channel logout is owed once per use of a client under a portal session, not once per
// (session, client) for ever: a person who withdraws an app, signs in to it again in the same
// portal session and then logs out must get a second logout token to the app. Each delivery
// names the use it ends (`for_use_at`, the client session's `last_used_at` when it was queued);
// existing deliveries take the use recorded now.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table oidc_logout_deliveries add column for_use_at timestamptz`.execute(db);
  await sql`update oidc_logout_deliveries d set for_use_at = coalesce(
    (select s.last_used_at from oidc_client_sessions s
      where s.session_id = d.session_id and s.client_id = d.client_id),
    d.created_at)`.execute(db);
  await sql`alter table oidc_logout_deliveries alter column for_use_at set not null`.execute(db);
  await sql`alter table oidc_logout_deliveries
    drop constraint oidc_logout_deliveries_session_id_client_id_key`.execute(db);
  await sql`alter table oidc_logout_deliveries
    add constraint oidc_logout_deliveries_once_per_use
    unique (session_id, client_id, for_use_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table oidc_logout_deliveries
    drop constraint oidc_logout_deliveries_once_per_use`.execute(db);
  await sql`delete from oidc_logout_deliveries d using oidc_logout_deliveries e
    where d.session_id = e.session_id and d.client_id = e.client_id
      and d.for_use_at < e.for_use_at`.execute(db);
  await sql`alter table oidc_logout_deliveries
    add constraint oidc_logout_deliveries_session_id_client_id_key
    unique (session_id, client_id)`.execute(db);
  await sql`alter table oidc_logout_deliveries drop column for_use_at`.execute(db);
}
