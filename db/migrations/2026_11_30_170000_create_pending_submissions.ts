// Frozen: never import app code here.
//
// A form sent without an account waits here until the sender opens the link e-mailed to them
// (only a hash of the link's token is stored), for 24 hours; opening it files the case once
// (`case_id` set). Its files wait alongside, deleted with it.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pending_submissions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("form_slug", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("values", "jsonb", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("case_id", "uuid", (c) => c.references("cases.id"))
    .addColumn("confirmed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index pending_submissions_expiry_idx on pending_submissions (expires_at)`
    .execute(db);
  await db.schema
    .createTable("pending_submission_files")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn(
      "pending_id",
      "uuid",
      (c) => c.notNull().references("pending_submissions.id").onDelete("cascade"),
    )
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pending_submission_files").execute();
  await db.schema.dropTable("pending_submissions").execute();
}
