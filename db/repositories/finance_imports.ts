/**
 * Writing the public finance imports (app/finance_imports.ts runs these in one transaction) and
 * reading the town's past imports. Rows go in a few thousand per insert; every statement is
 * scoped by the town.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { BudgetImportKind, Database } from "../schema.ts";
import type {
  BudgetLineRecord,
  ContractRecord,
  EntryRecord,
  NamedCode,
  OrderRecord,
} from "../../domain/finance/types.ts";
import type { Paging } from "./list_sql.ts";

type Db = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;

/** Rows per insert: well below PostgreSQL's 65 535 parameters for the widest table (15 columns). */
export const CHUNK = 2000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** The town's finance imports one at a time (a racing replace of the same year waits here). */
export async function lockTownFinance(trx: Trx, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${"portal:finance:" + tenantId}, 0))`
    .execute(trx);
}

const DATA_TABLES = ["budget_lines", "accounting_entries", "contracts", "orders"] as const;

/**
 * Replace mode: the town's earlier imports of `kind` for `year` (null: those without a year) and
 * their rows are deleted; for the yearly budget kinds also that year's lines and entries the
 * demo seed generated (real data replaces them), and a seed import left with no rows. Returns
 * how many rows were deleted.
 */
export async function deleteEarlier(
  trx: Trx,
  tenantId: string,
  kind: BudgetImportKind,
  year: number | null,
  yearly: boolean,
): Promise<number> {
  const earlier = trx.selectFrom("budget_imports").select("id")
    .where("tenant_id", "=", tenantId).where("kind", "=", kind)
    .where(sql<boolean>`year is not distinct from ${year}`);
  let deleted = 0;
  for (const table of DATA_TABLES) {
    const r = await trx.deleteFrom(table).where("tenant_id", "=", tenantId)
      .where("import_id", "in", earlier).executeTakeFirst();
    deleted += Number(r.numDeletedRows);
  }
  if (yearly && year !== null) {
    const seeds = trx.selectFrom("budget_imports").select("id")
      .where("tenant_id", "=", tenantId).where("kind", "=", "seed");
    for (const table of ["budget_lines", "accounting_entries"] as const) {
      const r = await trx.deleteFrom(table).where("tenant_id", "=", tenantId)
        .where("year", "=", year).where("import_id", "in", seeds).executeTakeFirst();
      deleted += Number(r.numDeletedRows);
    }
    await trx.deleteFrom("budget_imports").where("tenant_id", "=", tenantId)
      .where("kind", "=", "seed")
      .where(({ not, exists, selectFrom }) =>
        not(exists(
          selectFrom("budget_lines").select(sql`1`.as("x"))
            .whereRef("budget_lines.import_id", "=", "budget_imports.id")
            .union(
              selectFrom("accounting_entries").select(sql`1`.as("x"))
                .whereRef("accounting_entries.import_id", "=", "budget_imports.id"),
            )
            .union(
              selectFrom("contracts").select(sql`1`.as("x"))
                .whereRef("contracts.import_id", "=", "budget_imports.id"),
            )
            .union(
              selectFrom("orders").select(sql`1`.as("x"))
                .whereRef("orders.import_id", "=", "budget_imports.id"),
            ),
        ))
      ).execute();
  }
  await trx.deleteFrom("budget_imports").where("tenant_id", "=", tenantId)
    .where("kind", "=", kind).where(sql<boolean>`year is not distinct from ${year}`).execute();
  return deleted;
}

export interface ImportRowInput {
  kind: BudgetImportKind;
  year: number | null;
  mode: "replace" | "append";
  fileName: string;
  fileSha256: string;
  rowCount: number;
  totalHalere: number;
  importedBy: string | null;
  source: "upload" | "cli";
}

export async function insertImport(
  trx: Trx,
  tenantId: string,
  input: ImportRowInput,
): Promise<string> {
  const row = await trx.insertInto("budget_imports").values({
    tenant_id: tenantId,
    kind: input.kind,
    year: input.year,
    mode: input.mode,
    file_name: input.fileName,
    file_sha256: input.fileSha256,
    row_count: input.rowCount,
    total_halere: input.totalHalere,
    imported_by: input.importedBy,
    source: input.source,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function insertBudgetLines(
  trx: Trx,
  tenantId: string,
  importId: string,
  lines: readonly BudgetLineRecord[],
): Promise<void> {
  for (const chunk of chunks(lines)) {
    await trx.insertInto("budget_lines").values(chunk.map((l) => ({
      tenant_id: tenantId,
      import_id: importId,
      year: l.year,
      paragraf: l.paragraf,
      polozka: l.polozka,
      orj: l.orj,
      org: l.org,
      organisation_ico: l.organisationIco,
      approved_halere: l.approved,
      amended_halere: l.amended,
      actual_halere: l.actual,
    }))).execute();
  }
}

export async function insertEntries(
  trx: Trx,
  tenantId: string,
  importId: string,
  entries: readonly EntryRecord[],
): Promise<void> {
  for (const chunk of chunks(entries)) {
    await trx.insertInto("accounting_entries").values(chunk.map((e) => ({
      tenant_id: tenantId,
      import_id: importId,
      year: e.year,
      kind: e.kind,
      document: e.document,
      booked_on: e.bookedOn,
      paragraf: e.paragraf,
      polozka: e.polozka,
      orj: e.orj,
      org: e.org,
      amount_halere: e.amount,
      supplier_ico: e.supplierIco,
      supplier_name: e.supplierName,
      description: e.description,
    }))).execute();
  }
}

/** Contracts by the register's version id: one imported again is updated (and moves to this import). */
export async function upsertContracts(
  trx: Trx,
  tenantId: string,
  importId: string,
  contracts: readonly ContractRecord[],
): Promise<void> {
  for (const chunk of chunks(contracts)) {
    await trx.insertInto("contracts").values(chunk.map((c) => ({
      tenant_id: tenantId,
      import_id: importId,
      register_id: c.registerId,
      subject: c.subject,
      concluded_on: c.concludedOn,
      number: c.number,
      value_without_vat_halere: c.valueWithoutVat,
      value_with_vat_halere: c.valueWithVat,
      counterparty_ico: c.counterpartyIco,
      counterparty_name: c.counterpartyName,
      url: c.url,
      attachments: JSON.stringify(c.attachments),
    }))).onConflict((oc) =>
      oc.columns(["tenant_id", "register_id"]).doUpdateSet((eb) => ({
        import_id: eb.ref("excluded.import_id"),
        subject: eb.ref("excluded.subject"),
        concluded_on: eb.ref("excluded.concluded_on"),
        number: eb.ref("excluded.number"),
        value_without_vat_halere: eb.ref("excluded.value_without_vat_halere"),
        value_with_vat_halere: eb.ref("excluded.value_with_vat_halere"),
        counterparty_ico: eb.ref("excluded.counterparty_ico"),
        counterparty_name: eb.ref("excluded.counterparty_name"),
        url: eb.ref("excluded.url"),
        attachments: eb.ref("excluded.attachments"),
      }))
    ).execute();
  }
}

/** Orders by their number: one imported again is updated (and moves to this import). */
export async function upsertOrders(
  trx: Trx,
  tenantId: string,
  importId: string,
  orders: readonly OrderRecord[],
): Promise<void> {
  for (const chunk of chunks(orders)) {
    await trx.insertInto("orders").values(chunk.map((o) => ({
      tenant_id: tenantId,
      import_id: importId,
      number: o.number,
      ordered_on: o.orderedOn,
      subject: o.subject,
      amount_halere: o.amount,
      supplier_ico: o.supplierIco,
      supplier_name: o.supplierName,
    }))).onConflict((oc) =>
      oc.columns(["tenant_id", "number"]).doUpdateSet((eb) => ({
        import_id: eb.ref("excluded.import_id"),
        ordered_on: eb.ref("excluded.ordered_on"),
        subject: eb.ref("excluded.subject"),
        amount_halere: eb.ref("excluded.amount_halere"),
        supplier_ico: eb.ref("excluded.supplier_ico"),
        supplier_name: eb.ref("excluded.supplier_name"),
      }))
    ).execute();
  }
}

/**
 * The town's departments (ORJ) and projects (ORG/akce) the data names: a code not known yet is
 * added with a name made of the code (`ORJ 10`, `Akce 107`), a name the file gives (the events
 * file) replaces the one stored.
 */
export async function upsertDimensions(
  trx: Trx,
  tenantId: string,
  table: "budget_departments" | "budget_projects",
  codes: readonly NamedCode[],
): Promise<void> {
  const prefix = table === "budget_departments" ? "ORJ" : "Akce";
  const named = codes.filter((c) => c.name !== null);
  const unnamed = codes.filter((c) => c.name === null);
  for (const chunk of chunks(named)) {
    await trx.insertInto(table).values(chunk.map((c) => ({
      tenant_id: tenantId,
      code: c.code,
      name: c.name!,
    }))).onConflict((oc) =>
      oc.columns(["tenant_id", "code"]).doUpdateSet((eb) => ({ name: eb.ref("excluded.name") }))
    ).execute();
  }
  for (const chunk of chunks(unnamed)) {
    await trx.insertInto(table).values(chunk.map((c) => ({
      tenant_id: tenantId,
      code: c.code,
      name: `${prefix} ${c.code}`,
    }))).onConflict((oc) => oc.columns(["tenant_id", "code"]).doNothing()).execute();
  }
}

export interface FinanceImportRow {
  id: string;
  kind: BudgetImportKind;
  year: number | null;
  mode: "replace" | "append";
  file_name: string;
  row_count: number;
  total_halere: string;
  source: "upload" | "cli" | "seed";
  imported_at: Date;
  imported_by_name: string | null;
}

/** The town's imports, newest first, a page of them, and how many there are. */
export async function listFinanceImports(
  db: Db,
  tenantId: string,
  paging: Paging,
): Promise<{ rows: FinanceImportRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.selectFrom("budget_imports as i")
      .leftJoin(
        "clerks as c",
        (j) => j.onRef("c.id", "=", "i.imported_by").on("c.tenant_id", "=", tenantId),
      )
      .select([
        "i.id",
        "i.kind",
        "i.year",
        "i.mode",
        "i.file_name",
        "i.row_count",
        "i.total_halere",
        "i.source",
        "i.imported_at",
        "c.display_name as imported_by_name",
      ])
      .where("i.tenant_id", "=", tenantId)
      .orderBy("i.imported_at", "desc").orderBy("i.id")
      .limit(paging.limit).offset(paging.offset)
      .execute(),
    db.selectFrom("budget_imports").select((eb) => eb.fn.countAll<string>().as("n"))
      .where("tenant_id", "=", tenantId).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
