// Frozen: never import app code here.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("tenants")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("official_name", "text", (c) => c.notNull())
    .addColumn("ico", "char(8)", (c) => c.notNull())
    .addColumn("iban", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("hosts", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("crest_svg", "text")
    .addColumn("settings", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index tenants_hosts_idx on tenants using gin (hosts)`.execute(db);

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("actor_type", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("on_behalf_of", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "text")
    .addColumn("request_id", "text")
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex("audit_log_tenant_time_idx").on("audit_log")
    .columns(["tenant_id", "occurred_at"]).execute();
  await sql`
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_is_append_only()`.execute(db);

  await db.schema
    .createTable("clerks")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("roles", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("clerks_tenant_username_key", ["tenant_id", "username"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("clerk_id", "uuid", (c) => c.references("clerks.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("revoked_at", "timestamptz")
    .addColumn("user_agent", "text")
    .execute();

  await db.schema
    .createTable("notices")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("reference_number", "text")
    .addColumn("agenda", "text")
    .addColumn("posted_from", "timestamptz", (c) => c.notNull())
    .addColumn("relevant_until", "timestamptz")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("scheduled"))
    .addColumn("published_at", "timestamptz")
    .addColumn("taken_down_at", "timestamptz")
    .addColumn("withdrawn_reason", "text")
    .addColumn("workflow_id", "text", (c) => c.notNull())
    .addColumn("workflow_started_at", "timestamptz")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("notices_tenant_idempotency_key", ["tenant_id", "idempotency_key"])
    .addCheckConstraint(
      "notices_status_check",
      sql`status in ('scheduled', 'published', 'expired', 'withdrawn')`,
    )
    .addCheckConstraint(
      "notices_dates_check",
      sql`relevant_until is null or relevant_until > posted_from`,
    )
    .execute();
  await db.schema.createIndex("notices_tenant_status_idx").on("notices")
    .columns(["tenant_id", "status", "posted_from"]).execute();
  await sql`create index notices_pending_start_idx on notices (created_at)
    where workflow_started_at is null`.execute(db);

  await db.schema
    .createTable("notice_documents")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("notice_id", "uuid", (c) => c.notNull().references("notices.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("notice_documents_position_key", ["notice_id", "position"])
    .execute();

  await db.schema
    .createTable("accessibility_reports")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("page_url", "text")
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("contact_email", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("new"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("accessibility_reports_idem_key", ["tenant_id", "idempotency_key"])
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (
    const table of [
      "accessibility_reports",
      "notice_documents",
      "notices",
      "sessions",
      "clerks",
      "audit_log",
      "tenants",
    ]
  ) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function if exists audit_log_is_append_only()`.execute(db);
}
