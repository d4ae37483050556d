// Frozen: never import app code here.
import { type Kysely, sql } from "kysely";

/**
 * The origin a town's portal is reached at (`https://portal.lipnice.cz`), for links that leave
 * the request: e-mails and text messages. Without it the origin is `https://` + the first host.
 */
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tenants")
    .addColumn(
      "public_origin",
      "text",
      (c) => c.check(sql`public_origin ~ '^https?://[a-z0-9.-]+(:[0-9]{1,5})?$'`),
    )
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tenants").dropColumn("public_origin").execute();
}
