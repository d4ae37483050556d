// Frozen: never import app code here.
//
// A founded organisation's approved financial report (the situation `financni-vykaz-organizace`,
// issue 12 item 6) is imported as budget lines with `organisation_ico` set, under a
// `budget_imports` row of the new kind 'organisation_report' (written by the worker's activity
// after the finance clerk's approval, never before).
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table budget_imports drop constraint if exists budget_imports_kind_check`
    .execute(db);
  await sql`alter table budget_imports add constraint budget_imports_kind_check check (kind in
    ('cityvizor', 'cityvizor_events', 'fin212m', 'contracts', 'orders', 'seed',
     'organisation_report'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from budget_imports where kind = 'organisation_report'`.execute(db);
  await sql`alter table budget_imports drop constraint if exists budget_imports_kind_check`
    .execute(db);
  await sql`alter table budget_imports add constraint budget_imports_kind_check check (kind in
    ('cityvizor', 'cityvizor_events', 'fin212m', 'contracts', 'orders', 'seed'))`.execute(db);
}
