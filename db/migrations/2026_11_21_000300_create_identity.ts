// Frozen: never import app code here.
import { type Kysely, sql } from "kysely";

const id = sql`gen_random_uuid()`;

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("persons")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("given_name", "text", (c) => c.notNull())
    .addColumn("family_name", "text", (c) => c.notNull())
    .addColumn("birth_date", "date")
    .addColumn("address", "text")
    .addColumn("password_hash", "text")
    .addColumn("sms_second_factor", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("persons_tenant_username_key", ["tenant_id", "username"])
    .addCheckConstraint("persons_status_check", sql`status in ('pending', 'active', 'disabled')`)
    .execute();

  await db.schema
    .createTable("person_contacts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("verified_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("person_contacts_kind_check", sql`kind in ('email', 'phone')`)
    .addUniqueConstraint("person_contacts_person_value_key", ["person_id", "kind", "value"])
    .execute();
  // A verified e-mail or phone identifies one person of a town: it can be used to log in.
  await sql`create unique index person_contacts_verified_key on person_contacts
    (tenant_id, kind, value) where verified_at is not null`.execute(db);

  await db.schema
    .createTable("external_identities")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("level_of_assurance", "text", (c) => c.notNull())
    .addColumn("linked_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_login_at", "timestamptz")
    .addUniqueConstraint("external_identities_subject_key", ["tenant_id", "provider", "subject"])
    .addCheckConstraint(
      "external_identities_loa_check",
      sql`level_of_assurance in ('low', 'substantial', 'high')`,
    )
    .execute();

  await db.schema
    .createTable("one_time_codes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("person_id", "uuid", (c) => c.references("persons.id").onDelete("cascade"))
    .addColumn("clerk_id", "uuid", (c) => c.references("clerks.id").onDelete("cascade"))
    .addColumn("contact_id", "uuid", (c) => c.references("person_contacts.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("one_time_codes_lookup_idx").on("one_time_codes")
    .columns(["tenant_id", "purpose", "person_id"]).execute();

  await db.schema
    .createTable("agenda_authorizations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("agenda", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("granted_by", "uuid", (c) => c.references("clerks.id"))
    .addColumn("evidence", "text")
    .addColumn("granted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("revoked_at", "timestamptz")
    .addCheckConstraint("agenda_authorizations_source_check", sql`source in ('clerk', 'identity')`)
    .execute();
  await sql`create unique index agenda_authorizations_live_key on agenda_authorizations
    (tenant_id, person_id, agenda) where revoked_at is null`.execute(db);

  await db.schema
    .createTable("representations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("representative_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("represented_person_id", "uuid", (c) => c.references("persons.id"))
    .addColumn("represented_name", "text", (c) => c.notNull())
    .addColumn("represented_birth_date", "date")
    .addColumn("represented_ico", "char(8)")
    .addColumn("scope", sql`text[]`, (c) => c.notNull())
    .addColumn("valid_until", "date")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("requested"))
    .addColumn("document_name", "text")
    .addColumn("document_type", "text")
    .addColumn("document", "bytea")
    .addColumn("requested_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("decided_by", "uuid", (c) => c.references("clerks.id"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision_note", "text")
    .addUniqueConstraint("representations_idem_key", ["tenant_id", "idempotency_key"])
    .addCheckConstraint(
      "representations_kind_check",
      sql`kind in ('power_of_attorney', 'parent', 'company')`,
    )
    .addCheckConstraint(
      "representations_status_check",
      sql`status in ('requested', 'granted', 'refused', 'revoked')`,
    )
    .execute();
  await db.schema.createIndex("representations_representative_idx").on("representations")
    .columns(["tenant_id", "representative_id"]).execute();

  await db.schema
    .createTable("outbox_messages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("subject", "text")
    .addColumn("body", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("workflow_started_at", "timestamptz")
    .addColumn("sent_at", "timestamptz")
    .addUniqueConstraint("outbox_messages_idem_key", ["tenant_id", "idempotency_key"])
    .addCheckConstraint("outbox_messages_channel_check", sql`channel in ('email', 'sms')`)
    .execute();
  await sql`create index outbox_messages_pending_idx on outbox_messages (created_at)
    where workflow_started_at is null`.execute(db);

  await db.schema.alterTable("sessions")
    .addColumn("person_id", "uuid", (c) => c.references("persons.id"))
    .addColumn("acting_for", "uuid", (c) => c.references("representations.id"))
    .addColumn("level_of_assurance", "text")
    .addColumn("auth_method", "text")
    .execute();
  await db.schema.alterTable("clerks").addColumn("phone", "text").execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("clerks").dropColumn("phone").execute();
  await db.schema.alterTable("sessions")
    .dropColumn("person_id").dropColumn("acting_for").dropColumn("level_of_assurance")
    .dropColumn("auth_method").execute();
  for (
    const table of [
      "outbox_messages",
      "representations",
      "agenda_authorizations",
      "one_time_codes",
      "external_identities",
      "person_contacts",
      "persons",
    ]
  ) await db.schema.dropTable(table).execute();
}
