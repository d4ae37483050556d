/**
 * Named prepared statements (lib/db.ts): a statement run again is parsed and planned once per
 * connection, and a plan PostgreSQL refuses after a schema change costs one failed query, never
 * a stuck statement. Needs a database: `DATABASE_URL` (the test runner provides one).
 */
import { assert, assertEquals, assertRejects } from "../tests/assert.ts";
import { sql } from "kysely";
import { createDb } from "./db.ts";

const url = Deno.env.get("DATABASE_URL");

Deno.test({
  name: "[db] a statement run again becomes a named prepared statement of its connection",
  ignore: !url,
  async fn() {
    const db = createDb(url!, 1);
    try {
      const marker = `prepare_${crypto.randomUUID().slice(0, 8)}`;
      const run = () =>
        sql<{ n: number }>`select ${1}::int as n, ${marker}::text as marker`
          .execute(db);
      await run();
      const prepared = () =>
        sql<{ name: string }>`select name from pg_prepared_statements
          where statement like ${`%::text as marker%`}`.execute(db);
      // Seen once: still unnamed.
      assertEquals((await prepared()).rows.length, 0);
      for (let i = 0; i < 3; i++) assertEquals((await run()).rows[0].n, 1);
      const names = (await prepared()).rows.map((r) => r.name);
      assertEquals(names.length, 1);
      assert(names[0].startsWith("portal_"), names[0]);
    } finally {
      await db.destroy();
    }
  },
});

Deno.test({
  name: "[db] after a schema change that alters its result, a statement runs unnamed again",
  ignore: !url,
  async fn() {
    const db = createDb(url!, 1);
    const table = `prepare_test_${crypto.randomUUID().slice(0, 8)}`;
    try {
      await sql`create table ${sql.table(table)} (a int)`.execute(db);
      await sql`insert into ${sql.table(table)} values (1)`.execute(db);
      const read = () =>
        sql<Record<string, unknown>>`select * from ${sql.table(table)} where a = ${1}`.execute(db);
      for (let i = 0; i < 3; i++) await read();
      await sql`alter table ${sql.table(table)} add column b int`.execute(db);
      // PostgreSQL refuses the kept plan once ("cached plan must not change result type")…
      await assertRejects(read, Error, "cached plan must not change result type");
      // …and the text is never named again: the new column is there.
      assertEquals((await read()).rows[0], { a: 1, b: null });
      assertEquals((await read()).rows[0], { a: 1, b: null });
    } finally {
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
      await db.destroy();
    }
  },
});

Deno.test({
  name: "[db] DB_PREPARE=off keeps every statement unnamed",
  ignore: !url,
  async fn() {
    Deno.env.set("DB_PREPARE", "off");
    const db = createDb(url!, 1);
    try {
      const marker = `unprepared_${crypto.randomUUID().slice(0, 8)}`;
      for (let i = 0; i < 4; i++) {
        await sql`select ${1}::int as n, ${marker}::text as off_marker`.execute(db);
      }
      const { rows } = await sql`select name from pg_prepared_statements`.execute(db);
      assertEquals(rows.length, 0);
    } finally {
      Deno.env.delete("DB_PREPARE");
      await db.destroy();
    }
  },
});
