/**
 * Migrates the database to the latest version. Run: `deno run -A db/migrate.ts`.
 */
import { type Kysely, Migrator } from "kysely";
import { migrationProvider } from "./migrations/index.ts";
import { createDb } from "../lib/db.ts";
import { config } from "../lib/config.ts";

// deno-lint-ignore no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === "Error") console.error(`migration ${r.migrationName} failed`);
    else if (r.status === "Success") console.log(`migration ${r.migrationName} applied`);
  }
  if (error) throw error;
}

if (import.meta.main) {
  const db = createDb(config().databaseUrl, 1);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
