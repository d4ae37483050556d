/**
 * The notice agendas' migration (db/migrations/2026_12_02_090000_create_notice_agendas.ts) on a
 * database that already has notices: every distinct agenda becomes an active entry of its own
 * town (a name with surrounding spaces once), codes in ASCII, a second name folding to the same
 * code gets `-2`; another town's agendas stay apart; blank agendas none.
 */
import pg from "pg";
import { Migrator, sql } from "kysely";
import { assertEquals } from "./assert.ts";
import { hasServices, shared } from "./support/app.ts";
import { createDb } from "../lib/db.ts";
import { migrationProvider } from "../db/migrations/index.ts";

const opts = { ...shared, ignore: !hasServices };

async function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: Deno.env.get("DATABASE_URL") });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

Deno.test({
  name: "[agendas migration] the existing notices' agendas become each town's code list",
  ...opts,
  async fn() {
    const name = `scratch_${crypto.randomUUID().replaceAll("-", "")}`;
    await admin((c) => c.query(`create database ${name}`));
    const url = new URL(Deno.env.get("DATABASE_URL")!);
    url.pathname = `/${name}`;
    const db = createDb(url.toString(), 2);
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      const before = await migrator.migrateTo("2026_12_01_110000_notice_board_indexes");
      if (before.error) throw before.error;
      const towns: string[] = [];
      for (const slug of ["a", "b"]) {
        const row = await sql<{ id: string }>`insert into tenants
          (slug, name, official_name, ico, iban, address, email, phone, hosts, settings)
          values (${slug}, ${slug}, ${slug}, '00000001', 'CZ6508000000192000145399', 'x',
            'x@example.invalid', '+420000000000', ${[`${slug}.invalid`]}, '{}')
          returning id`.execute(db);
        towns.push(row.rows[0].id);
      }
      const agendas: [number, string | null][] = [
        [0, "Územní plánování"],
        [0, " Územní plánování "],
        [0, "Uzemni planovani"],
        [0, "Zastupitelstvo"],
        [0, null],
        [0, "  "],
        [1, "Zastupitelstvo"],
      ];
      for (const [i, [town, agenda]] of agendas.entries()) {
        await sql`insert into notices (tenant_id, idempotency_key, title, agenda, posted_from,
            workflow_id, created_by)
          values (${towns[town]}, ${`k${i}`}, ${`Oznámení ${i}`}, ${agenda}, now(),
            ${`notice/${i}`}, 'test')`.execute(db);
      }
      const up = await migrator.migrateTo("2026_12_02_090000_create_notice_agendas");
      if (up.error) throw up.error;
      const rows = await sql<{ town: number; code: string; name: string; active: boolean }>`
        select case when tenant_id = ${towns[0]} then 0 else 1 end as town, code, name, active
        from notice_agendas order by town, code`.execute(db);
      assertEquals(rows.rows, [
        { town: 0, code: "uzemni-planovani", name: "Uzemni planovani", active: true },
        { town: 0, code: "uzemni-planovani-2", name: "Územní plánování", active: true },
        { town: 0, code: "zastupitelstvo", name: "Zastupitelstvo", active: true },
        { town: 1, code: "zastupitelstvo", name: "Zastupitelstvo", active: true },
      ]);
      // Down and up again: the migration is reversible.
      const down = await migrator.migrateDown();
      if (down.error) throw down.error;
      const again = await migrator.migrateUp();
      if (again.error) throw again.error;
    } finally {
      await db.destroy();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    }
  },
});
