// Frozen: never import app code here.
//
// Appointments with the office (issue 15, part 1):
// - appointment_services: what a citizen books (ID cards, waste fee, building office) per
//   department, its duration and how many desks serve it at once (the seats of a slot).
// - appointment_hours: weekly opening hours per service (Prague wall-clock minutes);
//   appointment_exceptions: a day closed, or extra hours (service null = every service).
// - appointment_service_clerks: the clerks who serve a service (their day at /urad/rezervace).
// - appointments: one row per booking from its hold on (held → booked, or held → pending_email
//   → booked for an anonymous booking; then cancelled or no_show; a hold never finished is
//   expired). `sequence` is the ICS SEQUENCE (+1 at every move or cancellation).
// - appointment_seats: the capacity. One row per taken seat of a slot, primary key (tenant,
//   service, starts_at, seat) with seat between 1 and the service's desks: a booking, a hold
//   (hold_expires_at set; an expired hold no longer counts and is deleted before the slot is
//   taken again) or a clerk's block. Two requests can never take the same seat: the key, not a
//   check-then-insert, decides.
// - outbox_messages.calendar_ics: the iTIP invitation an e-mail carries (its METHOD inside).
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table appointment_services (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    slug text not null check (slug ~ '^[a-z0-9-]{1,60}$'),
    department text not null,
    name text not null,
    description text not null default '',
    location text not null default '',
    duration_minutes integer not null check (duration_minutes between 5 and 240),
    desks integer not null check (desks between 1 and 20),
    active boolean not null default true,
    created_at timestamptz not null default now(),
    unique (tenant_id, slug),
    unique (tenant_id, id)
  )`.execute(db);
  await sql`create table appointment_hours (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    service_id uuid not null,
    weekday integer not null check (weekday between 1 and 7),
    opens_minute integer not null check (opens_minute between 0 and 1439),
    closes_minute integer not null check (closes_minute between 1 and 1440),
    check (opens_minute < closes_minute),
    foreign key (tenant_id, service_id) references appointment_services (tenant_id, id)
      on delete cascade
  )`.execute(db);
  await sql`create index appointment_hours_service_idx on appointment_hours
    (tenant_id, service_id)`.execute(db);
  await sql`create table appointment_exceptions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    service_id uuid references appointment_services(id) on delete cascade,
    date date not null,
    closed boolean not null,
    opens_minute integer check (opens_minute between 0 and 1439),
    closes_minute integer check (closes_minute between 1 and 1440),
    note text not null default '',
    check (closed or (opens_minute is not null and closes_minute is not null
      and opens_minute < closes_minute))
  )`.execute(db);
  await sql`create index appointment_exceptions_date_idx on appointment_exceptions
    (tenant_id, date)`.execute(db);
  await sql`create table appointment_service_clerks (
    tenant_id uuid not null references tenants(id),
    service_id uuid not null references appointment_services(id) on delete cascade,
    clerk_id uuid not null references clerks(id),
    primary key (service_id, clerk_id)
  )`.execute(db);
  await sql`create table appointments (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    service_id uuid not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null check (ends_at > starts_at),
    status text not null check (status in
      ('held', 'pending_email', 'booked', 'cancelled', 'no_show', 'expired')),
    person_id uuid references persons(id),
    name text not null default '',
    email text,
    phone text,
    subject text not null default '',
    sequence integer not null default 0 check (sequence >= 0),
    hold_token_hash text unique,
    hold_expires_at timestamptz,
    confirm_token_hash text unique,
    booked_at timestamptz,
    cancelled_at timestamptz,
    no_show_at timestamptz,
    booked_by_clerk uuid references clerks(id),
    workflow_id text,
    reminder_sent_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id),
    foreign key (tenant_id, service_id) references appointment_services (tenant_id, id)
  )`.execute(db);
  await sql`create index appointments_person_idx on appointments
    (tenant_id, person_id, starts_at) where person_id is not null`.execute(db);
  await sql`create index appointments_day_idx on appointments
    (tenant_id, service_id, starts_at)`.execute(db);
  await sql`create table appointment_seats (
    tenant_id uuid not null references tenants(id),
    service_id uuid not null,
    starts_at timestamptz not null,
    seat integer not null check (seat between 1 and 20),
    kind text not null check (kind in ('hold', 'booking', 'block')),
    appointment_id uuid references appointments(id) on delete cascade,
    hold_expires_at timestamptz,
    blocked_by uuid references clerks(id),
    block_reason text,
    created_at timestamptz not null default now(),
    primary key (tenant_id, service_id, starts_at, seat),
    foreign key (tenant_id, service_id) references appointment_services (tenant_id, id),
    check ((kind = 'hold') = (hold_expires_at is not null)),
    check ((kind = 'block') = (appointment_id is null))
  )`.execute(db);
  await sql`create unique index appointment_seats_appointment_idx on appointment_seats
    (appointment_id) where appointment_id is not null`.execute(db);
  await sql`create index appointment_seats_hold_idx on appointment_seats (hold_expires_at)
    where hold_expires_at is not null`.execute(db);
  await sql`alter table outbox_messages add column calendar_ics text`.execute(db);
  await sql`create trigger appointment_services_cache
    after insert or update or delete on appointment_services
    for each row execute function portal_cache_notify('appointments')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger appointment_services_cache on appointment_services`.execute(db);
  await sql`alter table outbox_messages drop column calendar_ics`.execute(db);
  await sql`drop table appointment_seats`.execute(db);
  await sql`drop table appointments`.execute(db);
  await sql`drop table appointment_service_clerks`.execute(db);
  await sql`drop table appointment_exceptions`.execute(db);
  await sql`drop table appointment_hours`.execute(db);
  await sql`drop table appointment_services`.execute(db);
}
