// Frozen: never import app code here.
//
// The transactional outbox between the web and Temporal. A request writes its domain rows and a
// command row in one transaction; the worker's relay executes the command (start a workflow,
// signal it, or send it an Update) and writes the outcome back. Each insert notifies the relay
// (`LISTEN workflow_commands`), each outcome notifies waiting web requests
// (`LISTEN workflow_command_outcomes`); both fire on commit. Replaces the per-table
// `workflow_started_at` columns: cases stored but not yet started become start commands here.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("workflow_commands")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("seq", "bigserial", (c) => c.notNull().unique())
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("command_key", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("workflow_id", "text", (c) => c.notNull())
    .addColumn("workflow_type", "text")
    .addColumn("task_queue", "text")
    .addColumn("name", "text")
    .addColumn("args", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("search_attributes", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("outcome", "jsonb")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("available_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("processed_at", "timestamptz")
    .addUniqueConstraint("workflow_commands_key", ["tenant_id", "command_key"])
    .addCheckConstraint("workflow_commands_kind_check", sql`kind in ('start', 'signal', 'update')`)
    .addCheckConstraint(
      "workflow_commands_status_check",
      sql`status in ('pending', 'done', 'rejected')`,
    )
    .addCheckConstraint(
      "workflow_commands_shape_check",
      sql`(kind = 'start' and workflow_type is not null) or (kind <> 'start' and name is not null)`,
    )
    .execute();
  await sql`create index workflow_commands_pending_idx on workflow_commands (available_at, seq)
    where status = 'pending'`.execute(db);
  await sql`create index workflow_commands_workflow_idx on workflow_commands (workflow_id, seq)
    where status = 'pending'`.execute(db);
  await sql`create index workflow_commands_subject_idx on workflow_commands
    (tenant_id, subject_type, subject_id, created_at)`.execute(db);

  await sql`create function workflow_commands_notify() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform pg_notify('workflow_commands', new.id::text);
      elsif new.status <> 'pending' and old.status = 'pending' then
        perform pg_notify('workflow_command_outcomes', new.id::text);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger workflow_commands_notify after insert or update of status
    on workflow_commands for each row execute function workflow_commands_notify()`.execute(db);

  // Cases filed before the outbox and never started: their start commands.
  await sql`insert into workflow_commands
      (tenant_id, command_key, kind, workflow_id, workflow_type, args, search_attributes,
       subject_type, subject_id, created_at)
    select tenant_id, 'start:' || workflow_id, 'start', workflow_id, 'noticeLifecycle',
      jsonb_build_array(jsonb_build_object(
        'tenantId', tenant_id, 'noticeId', id,
        'publishAt', to_char(posted_from at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'takeDownAt', case when relevant_until is null then null else
          to_char(relevant_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end)),
      jsonb_build_object('TenantId', tenant_id, 'CaseType', 'notice', 'CaseStatus', 'scheduled'),
      'notice', id::text, created_at
    from notices where workflow_started_at is null and status in ('scheduled', 'published')`
    .execute(db);
  await sql`insert into workflow_commands
      (tenant_id, command_key, kind, workflow_id, workflow_type, args, search_attributes,
       subject_type, subject_id, created_at)
    select tenant_id, 'start:a11y-report/' || id, 'start', 'a11y-report/' || id,
      'accessibilityReportNotification',
      jsonb_build_array(jsonb_build_object('tenantId', tenant_id, 'reportId', id)),
      jsonb_build_object('TenantId', tenant_id, 'CaseType', 'accessibility-report',
        'CaseStatus', 'new'),
      'accessibility-report', id::text, created_at
    from accessibility_reports where workflow_started_at is null`.execute(db);
  await sql`insert into workflow_commands
      (tenant_id, command_key, kind, workflow_id, workflow_type, args, search_attributes,
       subject_type, subject_id, created_at)
    select tenant_id, 'start:message/' || id, 'start', 'message/' || id, 'messageDelivery',
      jsonb_build_array(jsonb_build_object('tenantId', tenant_id, 'messageId', id)),
      jsonb_build_object('TenantId', tenant_id, 'CaseType', 'message'),
      'message', id::text, created_at
    from outbox_messages where workflow_started_at is null and sent_at is null`.execute(db);

  for (const table of ["notices", "accessibility_reports", "outbox_messages"]) {
    await db.schema.alterTable(table).dropColumn("workflow_started_at").execute();
  }
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["notices", "accessibility_reports", "outbox_messages"]) {
    await db.schema.alterTable(table).addColumn("workflow_started_at", "timestamptz").execute();
  }
  await db.schema.dropTable("workflow_commands").execute();
  await sql`drop function if exists workflow_commands_notify()`.execute(db);
}
