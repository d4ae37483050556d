// Frozen: never import app code here.
import { type Kysely, sql } from "kysely";

/**
 * Public information (issue 12): the town's budget in the Czech budget classification
 * (rozpočtová skladba, vyhláška 412/2021 Sb.), its spending (invoices from the accounting),
 * contracts (the national register of contracts) and orders, joined by supplier IČO and by
 * budget line. Money in integer haléře (bigint: a town's year runs to billions of haléře).
 *
 * - `budget_classification`: the state's code lists, the same for every town. `kind` 'paragraf'
 *   (odvětvové třídění: skupina 1 digit → oddíl 2 → pododdíl 3 → paragraf 4) or 'polozka'
 *   (druhové třídění: třída 1 → seskupení 2 → podseskupení 3 → položka 4); the level is the
 *   code's length.
 * - Per town: departments (ORJ), projects/akce (ORG), founded organisations (by IČO).
 * - `budget_imports`: one row per imported file (atomic: a failed file leaves no row and no
 *   lines); `mode` replace (the year's lines of that source are replaced) or append.
 * - `budget_lines`: the budget per year and its dimensions, with approved / after changes /
 *   actual amounts (from the Cityvizor ROZ lines, from FIN 2-12 M, or seeded). The explorer's
 *   aggregates come from SQL over this table (indexed per tenant and year; a materialised
 *   summary may be added by a later migration when the bench asks for it).
 * - `accounting_entries`: the accounting lines of received (KDF) and issued (KOF) invoices, each
 *   booked on a budget line's dimensions: the explorer's drill-down ends in them, the
 *   `/faktury` register lists them, a supplier's page sums them.
 * - `contracts` (ISRS records of the town, filtered by its IČO) and `orders` (objednávky).
 */
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("budget_classification")
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('paragraf', 'polozka')`))
    .addColumn("code", "text", (c) => c.notNull().check(sql`code ~ '^[0-9]{1,4}$'`))
    .addColumn("name", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("budget_classification_pkey", ["kind", "code"])
    .execute();

  await db.schema
    .createTable("budget_departments")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("code", "text", (c) => c.notNull().check(sql`length(code) between 1 and 20`))
    .addColumn("name", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("budget_departments_pkey", ["tenant_id", "code"])
    .execute();

  await db.schema
    .createTable("budget_projects")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("code", "text", (c) => c.notNull().check(sql`length(code) between 1 and 20`))
    .addColumn("name", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("budget_projects_pkey", ["tenant_id", "code"])
    .execute();

  await db.schema
    .createTable("budget_organisations")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("ico", "text", (c) => c.notNull().check(sql`ico ~ '^[0-9]{8}$'`))
    .addColumn("name", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("budget_organisations_pkey", ["tenant_id", "ico"])
    .execute();

  await db.schema
    .createTable("budget_imports")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn(
      "kind",
      "text",
      (c) =>
        c.notNull().check(
          sql`kind in ('cityvizor', 'cityvizor_events', 'fin212m', 'contracts', 'orders', 'seed')`,
        ),
    )
    .addColumn("year", "integer", (c) => c.check(sql`year between 1990 and 2100`))
    .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('replace', 'append')`))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("file_sha256", "text", (c) => c.notNull())
    .addColumn("row_count", "integer", (c) => c.notNull())
    /** Sum of the file's amounts in haléře, as the source states them (the import's check). */
    .addColumn("total_halere", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("imported_by", "uuid", (c) => c.references("clerks.id"))
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('upload', 'cli', 'seed')`))
    .addColumn("imported_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index budget_imports_tenant on budget_imports (tenant_id, imported_at desc)`
    .execute(db);

  await db.schema
    .createTable("budget_lines")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("import_id", "uuid", (c) => c.notNull().references("budget_imports.id"))
    .addColumn("year", "integer", (c) => c.notNull().check(sql`year between 1990 and 2100`))
    .addColumn("paragraf", "text", (c) => c.notNull().check(sql`paragraf ~ '^[0-9]{4}$'`))
    .addColumn("polozka", "text", (c) => c.notNull().check(sql`polozka ~ '^[0-9]{4}$'`))
    /** Department (ORJ), project (ORG/akce), founded organisation (IČO); null = none. */
    .addColumn("orj", "text")
    .addColumn("org", "text")
    .addColumn("organisation_ico", "text", (c) => c.check(sql`organisation_ico ~ '^[0-9]{8}$'`))
    .addColumn("approved_halere", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("amended_halere", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("actual_halere", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create index budget_lines_year on budget_lines (tenant_id, year, paragraf, polozka)`
    .execute(db);
  await sql`create index budget_lines_import on budget_lines (import_id)`.execute(db);

  await db.schema
    .createTable("accounting_entries")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("import_id", "uuid", (c) => c.notNull().references("budget_imports.id"))
    .addColumn("year", "integer", (c) => c.notNull().check(sql`year between 1990 and 2100`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('KDF', 'KOF')`))
    /** The accounting document's number (invoice number), where the source gives one. */
    .addColumn("document", "text")
    .addColumn("booked_on", "date", (c) => c.notNull())
    .addColumn("paragraf", "text", (c) => c.notNull().check(sql`paragraf ~ '^[0-9]{4}$'`))
    .addColumn("polozka", "text", (c) => c.notNull().check(sql`polozka ~ '^[0-9]{4}$'`))
    .addColumn("orj", "text")
    .addColumn("org", "text")
    .addColumn("amount_halere", "bigint", (c) => c.notNull())
    .addColumn("supplier_ico", "text")
    .addColumn("supplier_name", "text")
    .addColumn("description", "text")
    .execute();
  await sql`create index accounting_entries_line
    on accounting_entries (tenant_id, year, paragraf, polozka)`.execute(db);
  await sql`create index accounting_entries_supplier
    on accounting_entries (tenant_id, supplier_ico, booked_on desc)`.execute(db);
  await sql`create index accounting_entries_import on accounting_entries (import_id)`.execute(db);

  await db.schema
    .createTable("contracts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("import_id", "uuid", (c) => c.notNull().references("budget_imports.id"))
    /** The register's id of the record version (`idVerze`), unique per town. */
    .addColumn("register_id", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("concluded_on", "date")
    .addColumn("number", "text")
    .addColumn("value_without_vat_halere", "bigint")
    .addColumn("value_with_vat_halere", "bigint")
    .addColumn("counterparty_ico", "text")
    .addColumn("counterparty_name", "text")
    /** The register's public page of the record, where the dump gives it. */
    .addColumn("url", "text")
    /** Attachment file names and URLs, as the register lists them. */
    .addColumn("attachments", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addUniqueConstraint("contracts_register_key", ["tenant_id", "register_id"])
    .execute();
  await sql`create index contracts_counterparty on contracts (tenant_id, counterparty_ico)`
    .execute(db);

  await db.schema
    .createTable("orders")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("import_id", "uuid", (c) => c.notNull().references("budget_imports.id"))
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("ordered_on", "date", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("amount_halere", "bigint")
    .addColumn("supplier_ico", "text")
    .addColumn("supplier_name", "text")
    .addUniqueConstraint("orders_number_key", ["tenant_id", "number"])
    .execute();
  await sql`create index orders_supplier on orders (tenant_id, supplier_ico)`.execute(db);

  // Public pages of the budget and registers are cached: every import (and seed) writes one
  // budget_imports row in the transaction that writes its lines, so one row trigger there
  // drops the town's cached finance pages at commit (tag `finance`), not one per line.
  await sql`create trigger budget_imports_portal_cache
    after insert or update or delete on budget_imports
    for each row execute function portal_cache_notify('finance')`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (
    const table of [
      "orders",
      "contracts",
      "accounting_entries",
      "budget_lines",
      "budget_imports",
      "budget_organisations",
      "budget_projects",
      "budget_departments",
      "budget_classification",
    ]
  ) {
    await db.schema.dropTable(table).execute();
  }
}
