// Frozen: never import app code here.
//
// A notice the clerk has filled in but not yet confirmed: the confirmation page previews it and
// carries only the draft's id, so the uploaded documents survive the step without being sent
// again. Confirming files the notice (and starts its workflow) from the draft and deletes it;
// a draft nobody confirms is deleted after a day. Scoped by town and by the clerk who wrote it.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notice_drafts")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("clerk_id", "uuid", (c) => c.notNull().references("clerks.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("reference_number", "text")
    .addColumn("agenda", "text")
    // null = as soon as it is confirmed ("Prázdné pole znamená ihned").
    .addColumn("posted_from", "timestamptz")
    .addColumn("relevant_until", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index notice_drafts_owner_idx on notice_drafts (tenant_id, clerk_id, created_at)`
    .execute(db);
  await db.schema
    .createTable("notice_draft_documents")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn(
      "draft_id",
      "uuid",
      (c) => c.notNull().references("notice_drafts.id").onDelete("cascade"),
    )
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .execute();
  await sql`create index notice_draft_documents_draft_idx on notice_draft_documents (draft_id)`
    .execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notice_draft_documents").execute();
  await db.schema.dropTable("notice_drafts").execute();
}
