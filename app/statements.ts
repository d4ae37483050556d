/**
 * Importing a bank statement file, from a clerk's upload (`/urad/vypisy`) or the town's drop
 * folder (the `statement-drop-poll` Schedule): the file is read whole (GPC/ABO or CAMT.053,
 * domain/statements/parse.ts) or refused with the line where it breaks, every statement in it
 * must be of the town's own account, and then one transaction stores the statements (each once:
 * a statement already imported is reported, not stored again), reconciles their lines
 * (db/repositories/reconciliation.ts) and writes the audit entry. Nothing of a refused file is
 * stored or booked.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import {
  findStatement,
  listStatementLines,
  type StatementLineView,
  type StatementSummary,
  storeStatement,
} from "../db/repositories/statements.ts";
import { lockTownStatements, reconcile } from "../db/repositories/reconciliation.ts";
import { parseStatementFile } from "../domain/statements/parse.ts";
import {
  normalizeSymbol,
  type ParsedStatement,
  StatementParseError,
} from "../domain/statements/types.ts";
import { formatIban, sameAccount } from "../domain/bank_account.ts";
import { sha256Hex } from "../domain/files.ts";
import { describeError, log } from "../lib/log.ts";
import { type ClerkActor, clerkAudit } from "./deps.ts";

export interface StatementDeps {
  db: Kysely<Database>;
}

/** The statement drop folder's poll, acting for nobody in particular. */
export interface DropActor {
  system: "drop";
}

/** The largest statement file taken (a year of a busy account in GPC is a few MB). */
export const STATEMENT_MAX_BYTES = 20 * 1024 * 1024;

/** File name endings offered by the upload form (the content decides the format). */
export const STATEMENT_EXTENSIONS = [".gpc", ".abo", ".txt", ".xml"] as const;

export interface StatementRef {
  id: string;
  number: string;
  /** ISO date. */
  date: string;
  account: string;
}

export interface ImportedStatement extends StatementRef {
  /** Lines in the file's statement. */
  lines: number;
  /** Lines stored now (an earlier, overlapping statement may have brought some already). */
  newLines: number;
}

export type ImportResult =
  | {
    ok: true;
    /** Statements stored by this import. */
    imported: ImportedStatement[];
    /** Statements of the file the town had already (nothing of them was stored again). */
    already: StatementRef[];
    /** Lines of the new statements booked as payments. */
    booked: number;
    /** Lines recognised as card payments' settlements. */
    settledCard: number;
    /** Credit lines of the new statements left for the clerk's queue. */
    unmatched: number;
  }
  /** The file is not a well-formed statement; `message` is Czech and names the line. */
  | { ok: false; code: "parse"; line: number; message: string }
  /** A statement of an account that is not the town's. */
  | { ok: false; code: "foreignAccount"; number: string; account: string; townAccount: string }
  | { ok: false; code: "empty" }
  | { ok: false; code: "tooLarge"; maxBytes: number }
  | { ok: false; code: "unknownTown" };

export type ImportFailure = Extract<ImportResult, { ok: false }>;

/** The Czech bank code of a CZ IBAN (`CZ65 0800 …` → `0800`): a GPC file's accounts lack it. */
function bankCodeOf(iban: string): string | undefined {
  const compact = iban.replace(/\s+/g, "").toUpperCase();
  return /^CZ\d{22}$/.test(compact) ? compact.slice(4, 8) : undefined;
}

function parse(
  bytes: Uint8Array,
  fileName: string,
  bankCode: string | undefined,
): ParsedStatement[] | ImportFailure {
  try {
    return parseStatementFile(bytes, fileName, bankCode ? { bankCode } : {});
  } catch (err) {
    if (err instanceof StatementParseError) {
      return { ok: false, code: "parse", line: err.line, message: err.message };
    }
    // A parser that trips over input it did not foresee still refuses the file, in Czech.
    log.warn("statement parser failed unexpectedly", describeError(err));
    return {
      ok: false,
      code: "parse",
      line: 0,
      message: "Soubor nelze přečíst jako bankovní výpis (GPC/ABO nebo CAMT.053).",
    };
  }
}

/**
 * Imports a statement file for the town: parse, check the account, then store, reconcile and
 * audit in one transaction. A second import of the same statement stores and books nothing.
 */
export async function importStatementFile(
  deps: StatementDeps,
  actor: ClerkActor | DropActor,
  input: { tenantId: string; bytes: Uint8Array; fileName: string; source: "upload" | "drop" },
): Promise<ImportResult> {
  const { tenantId, bytes } = input;
  if (bytes.length === 0) return { ok: false, code: "empty" };
  if (bytes.length > STATEMENT_MAX_BYTES) {
    return { ok: false, code: "tooLarge", maxBytes: STATEMENT_MAX_BYTES };
  }
  const tenant = await findTenantById(deps.db, tenantId);
  if (!tenant) return { ok: false, code: "unknownTown" };
  const parsed = parse(bytes, input.fileName, bankCodeOf(tenant.iban));
  if (!Array.isArray(parsed)) return parsed;
  if (parsed.length === 0) return { ok: false, code: "empty" };
  for (const s of parsed) {
    if (!sameAccount(s.account, tenant.iban)) {
      return {
        ok: false,
        code: "foreignAccount",
        number: s.statementNumber,
        account: s.account,
        townAccount: formatIban(tenant.iban),
      };
    }
  }
  const statements = parsed.map((s) => ({
    ...s,
    lines: s.lines.map((l) => ({
      ...l,
      bankRef: printable(l.bankRef) ?? `line-${l.lineNo}`,
      counterAccount: printable(l.counterAccount),
      counterName: printable(l.counterName),
      message: printable(l.message),
      variableSymbol: normalizeSymbol(l.variableSymbol),
      constantSymbol: normalizeSymbol(l.constantSymbol),
      specificSymbol: normalizeSymbol(l.specificSymbol),
    })),
  }));
  const fileSha256 = await sha256Hex(bytes);
  const clerkId = "clerkId" in actor ? actor.clerkId : null;

  try {
    return await store(deps, actor, input, statements, fileSha256, clerkId);
  } catch (err) {
    // PostgreSQL refusing the data itself (class 22: a value it cannot store) is the file's
    // fault, not a passing failure: refused like a malformed file, nothing stored.
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) {
      log.warn("a statement file held data the database refused", { code });
      return {
        ok: false,
        code: "parse",
        line: 0,
        message: "Soubor obsahuje údaje, které nelze uložit (neplatné znaky nebo hodnoty).",
      };
    }
    throw err;
  }
}

/** Text without control characters (a bank's export may carry some); null when nothing is left. */
function printable(value: string | null): string | null {
  if (value === null) return null;
  // deno-lint-ignore no-control-regex
  const s = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return s === "" ? null : s;
}

function store(
  deps: StatementDeps,
  actor: ClerkActor | DropActor,
  input: { tenantId: string; fileName: string; source: "upload" | "drop" },
  statements: ParsedStatement[],
  fileSha256: string,
  clerkId: string | null,
): Promise<ImportResult> {
  const { tenantId } = input;
  return deps.db.transaction().execute(async (trx) => {
    // Imports of one town one at a time: a racing import of the same statement waits here and
    // then finds it stored.
    await lockTownStatements(trx, tenantId);
    const imported: ImportedStatement[] = [];
    const already: StatementRef[] = [];
    for (const s of statements) {
      const stored = await storeStatement(trx, tenantId, s, {
        fileName: input.fileName.slice(0, 255),
        fileSha256,
        source: input.source,
        importedBy: clerkId,
      });
      const ref = {
        id: stored.id,
        number: s.statementNumber,
        date: s.statementDate,
        account: s.account,
      };
      if (stored.inserted) {
        imported.push({ ...ref, lines: s.lines.length, newLines: stored.newLines });
      } else already.push(ref);
    }
    const counts = imported.length > 0
      ? await reconcile(trx, tenantId, { statementIds: imported.map((s) => s.id) })
      : { booked: 0, settledCard: 0, unmatched: 0 };
    await appendAudit(trx, {
      tenantId,
      actorType: clerkId ? "clerk" : "system",
      actorId: clerkId,
      action: "statement.imported",
      subjectType: "bank-statement",
      subjectId: imported[0]?.id ?? already[0]?.id ?? null,
      requestId: "clerkId" in actor ? actor.requestId : null,
      details: {
        source: input.source,
        fileSha256,
        imported: imported.map((s) => s.id),
        already: already.map((s) => s.id),
        lines: imported.reduce((n, s) => n + s.newLines, 0),
        ...counts,
      },
    });
    return { ok: true as const, imported, already, ...counts };
  });
}

// ---------------------------------------------------------------------------------------------
// The clerk's reads

/**
 * One statement of the town with its lines (null when it is not this town's). The lines carry
 * payers' names and accounts: the view is audited.
 */
export async function openStatement(
  deps: StatementDeps,
  actor: ClerkActor,
  statementId: string,
): Promise<{ statement: StatementSummary; lines: StatementLineView[] } | null> {
  const statement = await findStatement(deps.db, actor.tenantId, statementId);
  if (!statement) return null;
  const lines = await listStatementLines(deps.db, actor.tenantId, statement.id);
  await appendAudit(deps.db, {
    ...clerkAudit(actor),
    action: "statement.viewed",
    subjectType: "bank-statement",
    subjectId: statement.id,
    details: { lines: lines.length },
  });
  return { statement, lines };
}
