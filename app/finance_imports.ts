/**
 * Importing a public finance file (issue 12), from a clerk's upload (`/urad/rozpocet`) or the
 * operators' command line (scripts/finance_import.ts): the file is read whole by its kind's
 * parser (domain/finance) or refused with Czech problems naming their lines, and then ONE
 * transaction writes the `budget_imports` row (row count, the file's total, SHA-256), the budget
 * lines / accounting entries / contracts / orders a few thousand rows per insert, the town's
 * departments and projects the data names, and the audit entry. In `replace` mode the same
 * kind's earlier imports of that year (and their rows) are deleted first, and for the budget
 * kinds also the year's demo-seeded lines. A refused file writes nothing. The town's IČO (the
 * FIN 2-12 M rows' and the contracts' filter) is the tenant row's.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import {
  deleteEarlier,
  insertBudgetLines,
  insertEntries,
  insertImport,
  lockTownFinance,
  upsertContracts,
  upsertDimensions,
  upsertOrders,
} from "../db/repositories/finance_imports.ts";
import { type FinanceKind, parseFinanceFile, YEARLY_KINDS } from "../domain/finance/parse.ts";
import type { FinanceProblem } from "../domain/finance/text.ts";
import type { FinanceData } from "../domain/finance/types.ts";
import { sha256Hex } from "../domain/files.ts";
import { log } from "../lib/log.ts";
import type { ClerkActor } from "./deps.ts";

export interface FinanceImportDeps {
  db: Kysely<Database>;
}

/** An operator's import from the command line: the town it is for, nobody signed in. */
export interface CliActor {
  system: "cli";
  tenantId: string;
}

/** The largest file a clerk uploads (a year of a town's accounting runs to a few MB). */
export const FINANCE_MAX_BYTES = 30 * 1024 * 1024;
/** The command line takes larger files (a city's year). */
export const FINANCE_CLI_MAX_BYTES = 512 * 1024 * 1024;

export const FINANCE_MODES = ["replace", "append"] as const;
export type FinanceMode = typeof FINANCE_MODES[number];

export interface FinanceImportInput {
  kind: FinanceKind;
  /** The budget year: required to be the file's year when given; read from the file otherwise. */
  year?: number;
  mode: FinanceMode;
  fileName: string;
  bytes: Uint8Array;
  source: "upload" | "cli";
}

export interface FinanceImportSummary {
  importId: string;
  kind: FinanceKind;
  year: number | null;
  mode: FinanceMode;
  rowCount: number;
  totalHalere: number;
  /** Lines of other agendas or other towns' records the file held and the import passed over. */
  skipped: number;
  lines: number;
  entries: number;
  contracts: number;
  orders: number;
  projects: number;
  departments: number;
  /** Rows of earlier imports deleted by a replace. */
  replaced: number;
}

export type FinanceImportResult =
  | ({ ok: true } & FinanceImportSummary)
  /** Czech problems, each with its line (0: the whole file); nothing was written. */
  | { ok: false; problems: FinanceProblem[] };

function refused(message: string, line = 0): FinanceImportResult {
  return { ok: false, problems: [{ line, message }] };
}

export async function importFinanceFile(
  deps: FinanceImportDeps,
  actor: ClerkActor | CliActor,
  input: FinanceImportInput,
): Promise<FinanceImportResult> {
  const max = input.source === "cli" ? FINANCE_CLI_MAX_BYTES : FINANCE_MAX_BYTES;
  if (input.bytes.length === 0) return refused("Soubor je prázdný.");
  if (input.bytes.length > max) {
    return refused(`Soubor je větší než ${Math.floor(max / 1024 / 1024)} MB.`);
  }
  if (
    input.year !== undefined && !(Number.isInteger(input.year) && input.year >= 1990 &&
      input.year <= 2100)
  ) {
    return refused("Rok musí být mezi 1990 a 2100.");
  }
  const tenant = await findTenantById(deps.db, actor.tenantId);
  if (!tenant) return refused("Obec neexistuje.");
  const parsed = parseFinanceFile(input.kind, input.bytes, {
    townIco: tenant.ico,
    year: input.year,
  });
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  const fileSha256 = await sha256Hex(input.bytes);
  try {
    return await store(deps, actor, input, data, fileSha256);
  } catch (err) {
    // PostgreSQL refusing a value itself (class 22) is the file's fault: refused, nothing stored.
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) {
      log.warn("a finance file held data the database refused", { code });
      return refused("Soubor obsahuje údaje, které nelze uložit (neplatné znaky nebo hodnoty).");
    }
    throw err;
  }
}

function store(
  deps: FinanceImportDeps,
  actor: ClerkActor | CliActor,
  input: FinanceImportInput,
  data: FinanceData,
  fileSha256: string,
): Promise<FinanceImportResult> {
  const tenantId = actor.tenantId;
  const clerkId = "clerkId" in actor ? actor.clerkId : null;
  const year = data.year ?? input.year ?? null;
  return deps.db.transaction().execute(async (trx) => {
    await lockTownFinance(trx, tenantId);
    const replaced = input.mode === "replace"
      ? await deleteEarlier(trx, tenantId, input.kind, year, YEARLY_KINDS.includes(input.kind))
      : 0;
    const importId = await insertImport(trx, tenantId, {
      kind: input.kind,
      year,
      mode: input.mode,
      fileName: input.fileName.slice(0, 255) || "soubor",
      fileSha256,
      rowCount: data.rowCount,
      totalHalere: data.totalHalere,
      importedBy: clerkId,
      source: input.source,
    });
    await upsertDimensions(trx, tenantId, "budget_departments", data.departments);
    await upsertDimensions(trx, tenantId, "budget_projects", data.projects);
    await insertBudgetLines(trx, tenantId, importId, data.lines);
    await insertEntries(trx, tenantId, importId, data.entries);
    await upsertContracts(trx, tenantId, importId, data.contracts);
    await upsertOrders(trx, tenantId, importId, data.orders);
    const summary: FinanceImportSummary = {
      importId,
      kind: input.kind,
      year,
      mode: input.mode,
      rowCount: data.rowCount,
      totalHalere: data.totalHalere,
      skipped: data.skipped,
      lines: data.lines.length,
      entries: data.entries.length,
      contracts: data.contracts.length,
      orders: data.orders.length,
      projects: data.projects.length,
      departments: data.departments.length,
      replaced,
    };
    await appendAudit(trx, {
      tenantId,
      actorType: clerkId ? "clerk" : "system",
      actorId: clerkId,
      action: "finance.imported",
      subjectType: "budget-import",
      subjectId: importId,
      requestId: "clerkId" in actor ? actor.requestId : null,
      details: { source: input.source, fileSha256, ...summary },
    });
    return { ok: true as const, ...summary };
  });
}
