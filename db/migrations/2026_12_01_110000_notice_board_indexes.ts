// Frozen: never import app code here.
import { type Kysely, sql } from "kysely";

/**
 * The public notice board's reads, and the render cache's invalidations.
 *
 * Indexes: the board lists a town's published notices newest first (`posted_from desc, id`), the
 * archive its taken-down ones by `taken_down_at desc, id`, twenty at a time, each with a count of
 * matches (db/repositories/notices.ts `listNotices`). Partial indexes in exactly that order let
 * PostgreSQL read the first page in order and stop, and count from the index alone; the former
 * `(tenant_id, status, posted_from)` index could not order by `id` within equal times and had to
 * sort every published notice first.
 *
 * Triggers: whenever data a public page shows changes — a notice published or taken down by its
 * workflow, a document added, a guide edited, a defect report or a department changed, the town's
 * own record — PostgreSQL notifies the channel `portal_cache` with `<tenant id>:<tag>` (`notices`,
 * `guides`, `defects`, `tenant`). Every web process listens (lib/http/cache_listener.ts) and drops
 * the cached pages that show it. The notification is sent at commit, so a page rendered after it
 * sees the change; identical notifications of one transaction arrive once. A later table whose
 * data a public page shows (a budget import) adds its own trigger:
 * `create trigger … after insert or update or delete on … for each row execute function
 * portal_cache_notify('budget')`.
 */
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index notices_published_board_idx
    on notices (tenant_id, posted_from desc, id) where status = 'published'`.execute(db);
  await sql`create index notices_archive_board_idx
    on notices (tenant_id, taken_down_at desc, id) where status in ('expired', 'withdrawn')`
    .execute(db);

  // Row-level, reading only the tenant column (never the row as a whole: a notice document's
  // row carries its file).
  await sql`create function portal_cache_notify() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        perform pg_notify('portal_cache', old.tenant_id::text || ':' || tg_argv[0]);
      end if;
      if tg_op <> 'DELETE' then
        perform pg_notify('portal_cache', new.tenant_id::text || ':' || tg_argv[0]);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create function portal_cache_notify_tenant() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        perform pg_notify('portal_cache', old.id::text || ':tenant');
      end if;
      if tg_op <> 'DELETE' then
        perform pg_notify('portal_cache', new.id::text || ':tenant');
      end if;
      return null;
    end $$`.execute(db);
  for (const [table, tag] of TRIGGERS) {
    await sql`create trigger ${sql.raw(`${table}_portal_cache`)}
      after insert or update or delete on ${sql.table(table)}
      for each row execute function portal_cache_notify(${sql.lit(tag)})`.execute(db);
  }
  await sql`create trigger tenants_portal_cache after insert or update or delete on tenants
    for each row execute function portal_cache_notify_tenant()`.execute(db);
}

const TRIGGERS = [
  ["notices", "notices"],
  ["notice_documents", "notices"],
  ["guides", "guides"],
  ["defect_reports", "defects"],
  ["departments", "defects"],
] as const;

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger tenants_portal_cache on tenants`.execute(db);
  for (const [table] of TRIGGERS) {
    await sql`drop trigger ${sql.raw(`${table}_portal_cache`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function portal_cache_notify_tenant()`.execute(db);
  await sql`drop function portal_cache_notify()`.execute(db);
  await sql`drop index notices_archive_board_idx`.execute(db);
  await sql`drop index notices_published_board_idx`.execute(db);
}
