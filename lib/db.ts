/** One Kysely instance per process over a pg pool. */
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "../db/schema.ts";
import { config } from "./config.ts";

// timestamptz and date come back as Date (default); bigint (int8) as string is fine for ids.

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
