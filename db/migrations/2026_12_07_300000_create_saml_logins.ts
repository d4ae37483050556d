// Frozen: never import app code here.
//
// NIA over SAML2 (issue 16):
// - saml_requests: the AuthnRequests (and the portal's LogoutRequests) sent and not yet answered,
//   by their ID; an answer's InResponseTo must name one of this town's, unexpired, and takes it
//   (deleted when used). `min_loa` is the level of assurance the request asked for.
// - saml_assertions: the id of every assertion accepted, kept until it would have expired anyway;
//   the primary key makes a replayed assertion fail.
// - saml_sessions: the portal session started by an assertion, with the IdP's NameID and
//   SessionIndex, for single logout in both directions.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table saml_requests (
    id text primary key,
    tenant_id uuid not null references tenants(id),
    kind text not null check (kind in ('login', 'logout')),
    min_loa text,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`.execute(db);
  await sql`create table saml_assertions (
    tenant_id uuid not null references tenants(id),
    assertion_id text not null,
    used_at timestamptz not null default now(),
    expires_at timestamptz not null,
    primary key (tenant_id, assertion_id)
  )`.execute(db);
  await sql`create table saml_sessions (
    session_id text primary key,
    tenant_id uuid not null references tenants(id),
    name_id text not null,
    name_id_format text,
    session_index text,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index saml_sessions_name_id on saml_sessions (tenant_id, name_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table saml_sessions`.execute(db);
  await sql`drop table saml_assertions`.execute(db);
  await sql`drop table saml_requests`.execute(db);
}
