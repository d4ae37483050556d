/**
 * A database of its own for a test that must not share rows with the running worker (its relay
 * would pick them up): created on the test server, migrated, dropped afterwards.
 */
import pg from "pg";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { createDb } from "../../lib/db.ts";
import { migrateToLatest } from "../../db/migrate.ts";

export interface ScratchDb {
  url: string;
  db: Kysely<Database>;
  /** A tenant to hang rows on. */
  tenantId: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(): Promise<ScratchDb> {
  const base = Deno.env.get("DATABASE_URL");
  if (!base) throw new Error("DATABASE_URL is not set");
  const name = `scratch_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), 20);
  await migrateToLatest(db);
  const tenant = await db.insertInto("tenants").values({
    slug: "scratch",
    name: "Scratch",
    official_name: "Obec Scratch",
    ico: "00000001",
    iban: "CZ6508000000192000145399",
    address: "Scratch 1",
    email: "podatelna@scratch.invalid",
    phone: "+420000000000",
    hosts: ["scratch.invalid"],
    settings: "{}",
  }).returning("id").executeTakeFirstOrThrow();
  return {
    url: url.toString(),
    db,
    tenantId: tenant.id,
    async drop() {
      await db.destroy();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
