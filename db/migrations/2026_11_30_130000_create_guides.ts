// Frozen: never import app code here.
import { type Kysely, sql } from "kysely";

/**
 * Guides to life situations (návody k životním situacím): per town, edited by the town. Lists of
 * what is needed are JSON arrays of strings; `form_slug` names the online form where the matter
 * can be settled online.
 */
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("guides")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("slug", "text", (c) => c.notNull().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
    .addColumn("topic", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("who_for", "text", (c) => c.notNull())
    .addColumn("requirements", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("fees", "text")
    .addColumn("deadlines", "text")
    .addColumn("legal_basis", "text")
    .addColumn("department", "text", (c) => c.notNull())
    .addColumn("contact_name", "text")
    .addColumn("contact_email", "text")
    .addColumn("contact_phone", "text")
    .addColumn("form_slug", "text", (c) => c.check(sql`form_slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("published", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("guides_tenant_slug_key", ["tenant_id", "slug"])
    .execute();

  /** A town's dog-fee ordinance (domain/dog_fee.ts `DogFeeOrdinance`), by the day it applies. */
  await db.schema
    .createTable("dog_fee_ordinances")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("valid_from", "date", (c) => c.notNull())
    .addColumn("ordinance", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("dog_fee_ordinances_tenant_from_key", ["tenant_id", "valid_from"])
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("dog_fee_ordinances").execute();
  await db.schema.dropTable("guides").execute();
}
