// Frozen: never import app code here.
//
// The budget explorer's summary (issue 12): `budget_lines` summed per town, year and the five
// dimensions the explorer groups and filters by (paragraf, položka, ORJ, ORG, organisation),
// kept by statement-level triggers in the transaction that writes the lines (an import or the
// seed), so it is never stale and never needs a refresh. A town's accounting with 200 000 lines
// a year has a few thousand distinct combinations; the explorer's drill-down sums those
// instead of scanning the lines (scripts/bench_finance.ts measures both). Missing dimensions
// are '' here (a primary key cannot hold nulls); `line_count` drops a row whose lines are gone.
// TRUNCATE of budget_lines is not followed (nothing truncates it; the rows would go stale).
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table budget_line_sums (
    tenant_id uuid not null references tenants (id),
    year integer not null,
    paragraf text not null,
    polozka text not null,
    orj text not null default '',
    org text not null default '',
    organisation_ico text not null default '',
    approved_halere bigint not null default 0,
    amended_halere bigint not null default 0,
    actual_halere bigint not null default 0,
    line_count bigint not null default 0,
    primary key (tenant_id, year, polozka, paragraf, orj, org, organisation_ico)
  )`.execute(db);

  await sql`create function budget_line_sums_add() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        insert into budget_line_sums as s (tenant_id, year, paragraf, polozka, orj, org,
            organisation_ico, approved_halere, amended_halere, actual_halere, line_count)
          select tenant_id, year, paragraf, polozka, coalesce(orj, ''), coalesce(org, ''),
            coalesce(organisation_ico, ''), -sum(approved_halere), -sum(amended_halere),
            -sum(actual_halere), -count(*)
          from old_rows group by 1, 2, 3, 4, 5, 6, 7
          order by 1, 2, 4, 3, 5, 6, 7
        on conflict (tenant_id, year, polozka, paragraf, orj, org, organisation_ico) do update
          set approved_halere = s.approved_halere + excluded.approved_halere,
            amended_halere = s.amended_halere + excluded.amended_halere,
            actual_halere = s.actual_halere + excluded.actual_halere,
            line_count = s.line_count + excluded.line_count;
      end if;
      if tg_op in ('UPDATE', 'INSERT') then
        insert into budget_line_sums as s (tenant_id, year, paragraf, polozka, orj, org,
            organisation_ico, approved_halere, amended_halere, actual_halere, line_count)
          select tenant_id, year, paragraf, polozka, coalesce(orj, ''), coalesce(org, ''),
            coalesce(organisation_ico, ''), sum(approved_halere), sum(amended_halere),
            sum(actual_halere), count(*)
          from new_rows group by 1, 2, 3, 4, 5, 6, 7
          order by 1, 2, 4, 3, 5, 6, 7
        on conflict (tenant_id, year, polozka, paragraf, orj, org, organisation_ico) do update
          set approved_halere = s.approved_halere + excluded.approved_halere,
            amended_halere = s.amended_halere + excluded.amended_halere,
            actual_halere = s.actual_halere + excluded.actual_halere,
            line_count = s.line_count + excluded.line_count;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        delete from budget_line_sums s using (select distinct tenant_id, year from old_rows) o
          where s.tenant_id = o.tenant_id and s.year = o.year and s.line_count <= 0;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger budget_line_sums_insert after insert on budget_lines
    referencing new table as new_rows
    for each statement execute function budget_line_sums_add()`.execute(db);
  await sql`create trigger budget_line_sums_update after update on budget_lines
    referencing old table as old_rows new table as new_rows
    for each statement execute function budget_line_sums_add()`.execute(db);
  await sql`create trigger budget_line_sums_delete after delete on budget_lines
    referencing old table as old_rows
    for each statement execute function budget_line_sums_add()`.execute(db);

  await sql`insert into budget_line_sums (tenant_id, year, paragraf, polozka, orj, org,
      organisation_ico, approved_halere, amended_halere, actual_halere, line_count)
    select tenant_id, year, paragraf, polozka, coalesce(orj, ''), coalesce(org, ''),
      coalesce(organisation_ico, ''), sum(approved_halere), sum(amended_halere),
      sum(actual_halere), count(*)
    from budget_lines group by 1, 2, 3, 4, 5, 6, 7`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger budget_line_sums_delete on budget_lines`.execute(db);
  await sql`drop trigger budget_line_sums_update on budget_lines`.execute(db);
  await sql`drop trigger budget_line_sums_insert on budget_lines`.execute(db);
  await sql`drop function budget_line_sums_add()`.execute(db);
  await sql`drop table budget_line_sums`.execute(db);
}
