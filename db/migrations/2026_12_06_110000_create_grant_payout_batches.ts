// Frozen: never import app code here.
//
// Grants (issue 14), after the decision:
// - grant_payout_batches: one export of due payouts for the accountant (`number` unique per town,
//   `2026-0001`; once per the clerk's form token). A payout belongs to at most one batch
//   (`grant_payouts.export_batch` holds the batch's id), so a new export never repeats a row and
//   the same batch downloaded again has the same rows. The batch is marked paid once.
// - obligations gain the kind 'grant_return': money a recipient returns after the settlement
//   report (unused or ineligible), issued once per settlement (its source key).
// - the open data of granted grants (/dotace/poskytnute) read decisions and contracts: their
//   changes invalidate the cache tag 'grants'.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table grant_payout_batches (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id),
    number text not null,
    idempotency_key text not null,
    payouts integer not null check (payouts > 0),
    total_halere bigint not null check (total_halere > 0),
    created_by uuid references clerks(id),
    created_at timestamptz not null default now(),
    paid_at timestamptz,
    paid_by uuid references clerks(id),
    unique (tenant_id, number),
    unique (tenant_id, idempotency_key),
    unique (tenant_id, id)
  )`.execute(db);
  await sql`create index grant_payouts_due_idx on grant_payouts (tenant_id, state, due_on)`
    .execute(db);
  await sql`create index grant_payouts_batch_idx on grant_payouts (tenant_id, export_batch)`
    .execute(db);
  await sql`alter table obligations drop constraint obligations_kind_check`.execute(db);
  await sql`alter table obligations add constraint obligations_kind_check check (kind in
    ('waste_fee', 'dog_fee', 'admin_fee', 'fine', 'rent', 'water', 'grant_return'))`.execute(db);
  for (const table of OPEN_DATA_TABLES) {
    await sql`create trigger ${sql.raw(`${table}_open_data_cache`)}
      after insert or update or delete on ${sql.table(table)}
      for each row execute function portal_cache_notify('grants')`.execute(db);
  }
}

const OPEN_DATA_TABLES = ["grant_decisions", "grant_contracts"] as const;

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of OPEN_DATA_TABLES) {
    await sql`drop trigger ${sql.raw(`${table}_open_data_cache`)} on ${sql.table(table)}`
      .execute(db);
  }
  await sql`delete from obligations where kind = 'grant_return'`.execute(db);
  await sql`alter table obligations drop constraint obligations_kind_check`.execute(db);
  await sql`alter table obligations add constraint obligations_kind_check
    check (kind in ('waste_fee', 'dog_fee', 'admin_fee', 'fine', 'rent', 'water'))`.execute(db);
  await sql`drop index grant_payouts_batch_idx`.execute(db);
  await sql`drop index grant_payouts_due_idx`.execute(db);
  await sql`drop table grant_payout_batches`.execute(db);
}
