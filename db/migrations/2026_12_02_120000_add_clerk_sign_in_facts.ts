// Frozen: never import app code here.
import type { Kysely } from "kysely";

/**
 * Clerk accounts: a password set by the town's administrator must be changed at the clerk's
 * first sign-in (`must_change_password`, true for accounts the administrator creates from now
 * on; existing accounts keep signing in as before), and the admin sees when each clerk last
 * signed in (`last_login_at`, null: never).
 */
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("clerks")
    .addColumn("must_change_password", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("last_login_at", "timestamptz")
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("clerks")
    .dropColumn("must_change_password").dropColumn("last_login_at").execute();
}
