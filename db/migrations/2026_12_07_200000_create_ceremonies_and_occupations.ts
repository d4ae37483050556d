// Frozen: never import app code here.
//
// Issue 15, parts 2 and 3 (life situations on the case kit):
// - ceremony_places: where a town's registry office holds weddings — its ceremony room (no fee)
//   and other places for the fee of the town's rates (haléře).
// - ceremony_bookings: the slot a wedding case holds, from its filing until it is refused,
//   withdrawn or lapses (`released_at`). Two couples can never hold the same slot: one
//   registrar officiates at a time, so a town's slot is its start instant, whatever the place —
//   a unique index on (tenant_id, starts_at) over the bookings not released. Filing inserts the
//   row (`on conflict do nothing`), never checks first.
// - public_space_rates: the town's ordinance on the local fee for the use of public space
//   (místní poplatek za užívání veřejného prostranství, Act 565/1990 Sb. § 4): haléře per m² and
//   day by purpose, valid from a date.
// - public_space_occupations: a zábor case's place, purpose, dates and fee; the permit issued
//   once paid (`permit_issued_at`, its number), and the occupation's end closes the case.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table ceremony_places (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    code text not null check (code ~ '^[a-z0-9-]{1,40}$'),
    name text not null,
    fee_halere bigint not null default 0 check (fee_halere >= 0),
    position integer not null default 0,
    unique (tenant_id, code)
  )`.execute(db);
  await sql`create table ceremony_bookings (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    case_id uuid not null references cases(id),
    starts_at timestamptz not null,
    place_code text not null,
    other_place text,
    fee_halere bigint not null default 0 check (fee_halere >= 0),
    created_at timestamptz not null default now(),
    released_at timestamptz,
    unique (case_id)
  )`.execute(db);
  await sql`create unique index ceremony_bookings_slot_key on ceremony_bookings
    (tenant_id, starts_at) where released_at is null`.execute(db);
  await sql`create table public_space_rates (
    tenant_id uuid not null references tenants(id),
    purpose text not null check (purpose in ('scaffolding', 'container', 'stall', 'event')),
    valid_from date not null,
    halere_per_m2_day bigint not null check (halere_per_m2_day > 0),
    primary key (tenant_id, purpose, valid_from)
  )`.execute(db);
  await sql`create table public_space_occupations (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    case_id uuid not null references cases(id),
    street text not null,
    street_key text not null,
    area_m2 numeric(9,1) not null check (area_m2 > 0),
    purpose text not null,
    date_from date not null,
    date_to date not null,
    fee_halere bigint not null check (fee_halere >= 0),
    permit_number text,
    permit_issued_at timestamptz,
    refused_at timestamptz,
    created_at timestamptz not null default now(),
    check (date_to >= date_from),
    unique (case_id)
  )`.execute(db);
  await sql`create index public_space_occupations_place_idx on public_space_occupations
    (tenant_id, street_key, date_from)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table public_space_occupations`.execute(db);
  await sql`drop table public_space_rates`.execute(db);
  await sql`drop table ceremony_bookings`.execute(db);
  await sql`drop table ceremony_places`.execute(db);
}
