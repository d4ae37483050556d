/**
 * A bank statement as the portal reads it, whatever the file's format (GPC/ABO or ISO 20022
 * CAMT.053): the statement's account, number, date and balances, and its lines with the
 * Czech payment symbols. Money is integer haléře.
 */

export type StatementFormat = "gpc" | "camt053";

export interface ParsedStatement {
  format: StatementFormat;
  /**
   * The statement's own account: IBAN when known (CAMT), else the Czech number converted to
   * IBAN when the bank code is known (a GPC file does not carry it: the caller passes it), else
   * the Czech form without the bank code (`19-2000145399`).
   */
  account: string;
  /** The bank's number of the statement, without leading zeros (GPC `007` → `7`). */
  statementNumber: string;
  /** ISO date (the statement's date / to-date). */
  statementDate: string;
  openingBalanceHalere: number | null;
  closingBalanceHalere: number | null;
  /**
   * Stable identity across a re-import of the same statement:
   * `${format}:${account}:${statementNumber}:${statementDate}` (see `statementIdentity`).
   */
  identity: string;
  lines: ParsedLine[];
}

export interface ParsedLine {
  /** Line number in the file (GPC: the record's line; CAMT: the Ntry's 1-based index). */
  lineNo: number;
  /**
   * The bank's identity of the transaction, unique within the account (GPC transaction id;
   * CAMT AcctSvcrRef, else NtryRef, else a stable hash of the entry's fields).
   */
  bankRef: string;
  /** ISO date. */
  bookingDate: string;
  /** Signed haléře: credits (money received) positive, debits negative; storno reverses the sign. */
  amountHalere: number;
  counterAccount: string | null;
  counterName: string | null;
  variableSymbol: string | null;
  constantSymbol: string | null;
  specificSymbol: string | null;
  message: string | null;
}

/**
 * A file that is not a well-formed statement. `line` is the 1-based line of the file where the
 * problem is, or 0 when it is not tied to a line; the message is Czech and starts with
 * „Řádek N: “ when there is a line. Parsers throw it before returning anything: a file is read
 * whole or not at all.
 */
export class StatementParseError extends Error {
  override name = "StatementParseError";
  /** The message without the line prefix. */
  readonly detail: string;

  constructor(readonly line: number, message: string) {
    super(line > 0 ? `Řádek ${line}: ${message}` : message);
    this.detail = message;
  }
}

/** `${format}:${account}:${statementNumber}:${statementDate}`. */
export function statementIdentity(
  statement: Pick<ParsedStatement, "format" | "account" | "statementNumber" | "statementDate">,
): string {
  const { format, account, statementNumber, statementDate } = statement;
  return `${format}:${account}:${statementNumber}:${statementDate}`;
}

/** A payment symbol (VS, KS, SS) without leading zeros; null when empty or all zeros. */
export function normalizeSymbol(raw: string | null | undefined): string | null {
  const s = (raw ?? "").trim().replace(/^0+/, "");
  return s === "" ? null : s;
}

/**
 * A short stable hash of the fields (two 32-bit FNV-1a passes, 16 hex digits): the bank
 * reference of a line whose file gives none, the same on every import of the same file.
 */
export function stableHash(fields: readonly (string | number | null)[]): string {
  const text = fields.map((f) => f ?? "").join("\u001f");
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    h2 ^= h2 >>> 15;
  }
  return h1.toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}

/**
 * Bank references for lines without one: the hash of the line's fields, and `-2`, `-3` … for a
 * second and further line with the same fields in one statement (two equal payments on one day
 * stay two lines, and each keeps its reference on a re-import).
 */
export function fallbackRefs(): (fields: readonly (string | number | null)[]) => string {
  const seen = new Map<string, number>();
  return (fields) => {
    const hash = `h${stableHash(fields)}`;
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return n === 1 ? hash : `${hash}-${n}`;
  };
}

/** "150000" haléře → "1 500,00 Kč" for messages (no Intl: the same text on every runtime). */
export function formatHalere(halere: number): string {
  const sign = halere < 0 ? "−" : "";
  const abs = Math.abs(halere);
  const crowns = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${sign}${crowns},${String(abs % 100).padStart(2, "0")} Kč`;
}
