// Frozen: never import app code here.
//
// The case kit: attachments a person uploads (content stored, media type sniffed by content),
// drafts of forms (one per person, town and form), cases filed from them with a gap-free
// reference number per town, year and prefix (`reference_counters`, locked in the filing
// transaction), and each case's timeline (`case_events`, one row per step, unique by its key so
// a retried activity records a step once).
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("cases")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("reference", "text", (c) => c.notNull())
    .addColumn("form_slug", "text", (c) => c.notNull())
    .addColumn("agenda", "text", (c) => c.notNull())
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("acting_for", "uuid", (c) => c.references("representations.id"))
    .addColumn("on_behalf_of", "text")
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("values", "jsonb", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("filed"))
    .addColumn("assigned_clerk_id", "uuid", (c) => c.references("clerks.id"))
    .addColumn("last_clerk_id", "uuid", (c) => c.references("clerks.id"))
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("escalated_at", "timestamptz")
    .addColumn("decision_text", "text")
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("cases_reference_key", ["tenant_id", "reference"])
    .addUniqueConstraint("cases_idempotency_key", ["tenant_id", "person_id", "idempotency_key"])
    .addCheckConstraint(
      "cases_state_check",
      sql`state in ('filed', 'returned', 'approved', 'rejected', 'closed')`,
    )
    .execute();
  await sql`create index cases_queue_idx on cases (tenant_id, agenda, state, created_at)`
    .execute(db);
  await sql`create index cases_person_idx on cases (tenant_id, person_id, created_at)`.execute(db);

  await db.schema
    .createTable("attachments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("case_id", "uuid", (c) => c.references("cases.id"))
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index attachments_owner_idx on attachments (tenant_id, person_id)`.execute(db);
  await sql`create index attachments_case_idx on attachments (tenant_id, case_id)`.execute(db);

  await db.schema
    .createTable("drafts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("form_slug", "text", (c) => c.notNull())
    .addColumn("values", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("step", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("expiry_warned_at", "timestamptz")
    .addUniqueConstraint("drafts_owner_form_key", ["tenant_id", "person_id", "form_slug"])
    .execute();
  await sql`create index drafts_expiry_idx on drafts (expires_at)`.execute(db);

  await db.schema
    .createTable("case_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("case_id", "uuid", (c) => c.notNull().references("cases.id"))
    .addColumn("event_key", "text", (c) => c.notNull())
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("actor_type", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("visible_to_citizen", "boolean", (c) => c.notNull())
    .addColumn("message_key", "text")
    .addColumn("params", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("text", "text")
    .addUniqueConstraint("case_events_key", ["tenant_id", "event_key"])
    .addCheckConstraint(
      "case_events_actor_check",
      sql`actor_type in ('person', 'clerk', 'system')`,
    )
    .execute();
  await sql`create index case_events_case_idx on case_events (tenant_id, case_id, id)`.execute(db);

  await db.schema
    .createTable("reference_counters")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("last", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("reference_counters_pkey", ["tenant_id", "year", "prefix"])
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("reference_counters").execute();
  await db.schema.dropTable("case_events").execute();
  await db.schema.dropTable("drafts").execute();
  await db.schema.dropTable("attachments").execute();
  await db.schema.dropTable("cases").execute();
}
