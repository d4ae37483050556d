// Frozen: never import app code here.
//
// Defect reports (hlášení závady): each town's departments a report can be assigned to, and the
// public projection of each report (`defect_reports`, one row per case, written by the defect
// report workflow's activities): what the public list shows — category, a street-level place,
// rounded coordinates, the state and its dates — and nothing about the reporter.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("departments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addUniqueConstraint("departments_name_key", ["tenant_id", "name"])
    .execute();

  await db.schema
    .createTable("defect_reports")
    .addColumn("case_id", "uuid", (c) => c.primaryKey().references("cases.id"))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("new"))
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("place", "text")
    .addColumn("latitude", "double precision")
    .addColumn("longitude", "double precision")
    .addColumn("department_id", "uuid", (c) => c.references("departments.id"))
    .addColumn("resolution_note", "text")
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("filed_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addColumn("resolved_at", "timestamptz")
    .addColumn("reopen_until", "timestamptz")
    .addColumn("closed_at", "timestamptz")
    .addCheckConstraint(
      "defect_reports_status_check",
      sql`status in ('new', 'assigned', 'resolved', 'rejected', 'closed')`,
    )
    .execute();
  await sql`create index defect_reports_list_idx on defect_reports (tenant_id, filed_at desc)`
    .execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("defect_reports").execute();
  await db.schema.dropTable("departments").execute();
}
