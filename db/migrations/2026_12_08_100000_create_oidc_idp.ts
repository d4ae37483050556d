// Frozen: never import app code here.
//
// The portal as the town's OpenID provider (issue 16, part 3):
// - oidc_clients: the town's registry of client applications (agenda systems), kept by its admin.
//   `client_id` is random and unique across towns; a confidential client's secret is kept only as
//   its sha256 (`secret_hash`), a public client has none (PKCE only). `agenda` is the agenda the
//   application belongs to: the only agenda authorization it is told about.
// - oidc_payloads: oidc-provider's storage (its adapter): sessions, interactions, grants,
//   authorization codes, access and refresh tokens, by (town, model, id); expired rows are
//   ignored and swept.
// - oidc_signing_keys: one signing key per town, generated once, the private JWK encrypted
//   (AES-256-GCM under a key derived from the portal's session secret).
// - oidc_client_sessions: which client got tokens under which portal session (its pairwise `sub`
//   and `sid`, and the issuer), so that logging out of the portal logs out of those clients.
// - oidc_logout_deliveries: one back-channel logout token per (portal session, client): pending
//   until the client answered 2xx (`sent`) or gave up on (`failed`, with the last error) — what
//   the admin sees on the client's row.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table oidc_clients (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    client_id text not null unique,
    name text not null,
    redirect_uris jsonb not null,
    first_party boolean not null default false,
    agenda text,
    backchannel_logout_uri text,
    secret_hash text,
    created_at timestamptz not null default now(),
    created_by uuid,
    disabled_at timestamptz,
    disabled_by uuid
  )`.execute(db);
  await sql`create index oidc_clients_tenant on oidc_clients (tenant_id, created_at)`.execute(db);
  await sql`create table oidc_payloads (
    tenant_id uuid not null references tenants(id),
    model text not null,
    id text not null,
    payload jsonb not null,
    grant_id text,
    uid text,
    expires_at timestamptz,
    consumed_at timestamptz,
    primary key (tenant_id, model, id)
  )`.execute(db);
  await sql`create index oidc_payloads_grant on oidc_payloads (tenant_id, grant_id)
    where grant_id is not null`.execute(db);
  await sql`create index oidc_payloads_uid on oidc_payloads (tenant_id, uid)
    where uid is not null`.execute(db);
  await sql`create index oidc_payloads_expiry on oidc_payloads (expires_at)`.execute(db);
  await sql`create table oidc_signing_keys (
    tenant_id uuid primary key references tenants(id),
    kid text not null,
    encrypted_jwk text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table oidc_client_sessions (
    tenant_id uuid not null references tenants(id),
    session_id text not null,
    client_id text not null,
    person_id uuid not null,
    issuer text not null,
    sub text not null,
    sid text,
    created_at timestamptz not null default now(),
    primary key (session_id, client_id)
  )`.execute(db);
  await sql`create table oidc_logout_deliveries (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    session_id text not null,
    client_id text not null,
    status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    last_error text,
    created_at timestamptz not null default now(),
    finished_at timestamptz,
    unique (session_id, client_id)
  )`.execute(db);
  await sql`create index oidc_logout_deliveries_client on oidc_logout_deliveries
    (tenant_id, client_id, status)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table oidc_logout_deliveries`.execute(db);
  await sql`drop table oidc_client_sessions`.execute(db);
  await sql`drop table oidc_signing_keys`.execute(db);
  await sql`drop table oidc_payloads`.execute(db);
  await sql`drop table oidc_clients`.execute(db);
}
