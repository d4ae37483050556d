// Frozen: never import app code here.
//
// A citizen deletes their account (issue 16, part 6): `persons.status` may be 'deleted', with
// the time in `deleted_at`. The row itself stays: filed cases, obligations, payments and the
// filing office's records point at it, and the law makes the town keep those; the personal data
// that may go is erased with it (app/account.ts `deleteAccount`).
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table persons drop constraint persons_status_check`.execute(db);
  await sql`alter table persons add constraint persons_status_check
    check (status in ('pending', 'active', 'disabled', 'deleted'))`.execute(db);
  await sql`alter table persons add column deleted_at timestamptz`.execute(db);
  await sql`alter table persons add constraint persons_deleted_at_check
    check ((status = 'deleted') = (deleted_at is not null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table persons drop constraint persons_deleted_at_check`.execute(db);
  await sql`update persons set status = 'disabled' where status = 'deleted'`.execute(db);
  await sql`alter table persons drop column deleted_at`.execute(db);
  await sql`alter table persons drop constraint persons_status_check`.execute(db);
  await sql`alter table persons add constraint persons_status_check
    check (status in ('pending', 'active', 'disabled'))`.execute(db);
}
