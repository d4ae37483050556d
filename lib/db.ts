/** One Kysely instance per process over a pg pool. */
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "../db/schema.ts";
import { config } from "./config.ts";

// timestamptz comes back as Date; a calendar `date` (OID 1082) stays "YYYY-MM-DD": it has no
// time zone, and turning it into a Date at local midnight would shift it by a day somewhere.
pg.types.setTypeParser(1082, (value: string) => value);

export function createDb(connectionString: string, max = 10): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max }) }),
  });
}

let shared: Kysely<Database> | undefined;

export function getDb(): Kysely<Database> {
  return shared ??= createDb(config().databaseUrl);
}

export async function closeDb(): Promise<void> {
  await shared?.destroy();
  shared = undefined;
}
