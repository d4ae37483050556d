// Frozen: never import app code here.
import { type Kysely, sql } from "kysely";

/**
 * Agendas of the notice board as a code list per town (issue 10 item 4): a notice's agenda is
 * chosen from the town's list instead of typed, so a typo can no longer become a filter option
 * of the public board. `code` is an ASCII key the form posts; `name` is what people read and
 * what `notices.agenda` keeps (the OFN export's `agenda[0].název`); a rename changes both in one
 * transaction. A retired agenda (`active = false`) is no longer offered for new notices but
 * still names the notices that carry it. Both code and name are unique within a town (the name
 * ignoring case).
 *
 * Backfill: every distinct agenda of the existing notices becomes an active entry of its town,
 * its code the name folded to ASCII (a second name folding alike gets `-2`, `-3`…).
 *
 * Changes notify the public pages' cache like notices do (`portal_cache_notify('notices')`).
 */
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notice_agendas")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("code", "text", (c) => c.notNull().check(sql`code ~ '^[a-z0-9][a-z0-9-]{0,59}$'`))
    .addColumn(
      "name",
      "text",
      (c) => c.notNull().check(sql`length(name) between 1 and 100 and name = btrim(name)`),
    )
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("notice_agendas_code_key", ["tenant_id", "code"])
    .execute();
  await sql`create unique index notice_agendas_name_key on notice_agendas (tenant_id, lower(name))`
    .execute(db);
  await sql`create trigger notice_agendas_portal_cache
    after insert or update or delete on notice_agendas
    for each row execute function portal_cache_notify('notices')`.execute(db);

  const used = await sql<{ tenant_id: string; agenda: string }>`
    select distinct on (tenant_id, lower(btrim(agenda))) tenant_id, btrim(agenda) as agenda
    from notices where agenda is not null and btrim(agenda) <> ''
    order by tenant_id, lower(btrim(agenda)), btrim(agenda)`.execute(db);
  const taken = new Set<string>();
  for (const row of used.rows) {
    const name = row.agenda.slice(0, 100).trim();
    const base = codeOf(name);
    let code = base;
    for (let n = 2; taken.has(`${row.tenant_id}:${code}`); n++) code = `${base}-${n}`;
    taken.add(`${row.tenant_id}:${code}`);
    await sql`insert into notice_agendas (tenant_id, code, name) values (${row.tenant_id}, ${code},
      ${name}) on conflict do nothing`.execute(db);
  }
}

/** "Územní plánování" → "uzemni-planovani" (a copy of domain/notice_agendas.ts `agendaCode`). */
function codeOf(name: string): string {
  const ascii = name.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50).replace(/-+$/, "");
  return ascii || "agenda";
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notice_agendas").execute();
}
