/**
 * Writes statements as a GPC (ABO) file in windows-1250, the layout `gpc.ts` reads: a `074`
 * header per statement, a `075` record per line and, for a line with a message, `078` (and
 * `079`) records with the message in 35-character AV fields. For tests, simulations and
 * benchmarks: what a bank would send for these statements.
 */
import { ibanToCzechAccount, parseCzechAccount } from "../bank_account.ts";
import { GPC_RECORD_LENGTH } from "./gpc.ts";

export interface GpcLineInput {
  /** Up to 13 characters (the record's transaction id). */
  bankRef: string;
  bookingDate: string;
  /** Signed haléře, as ParsedLine has it. */
  amountHalere: number;
  /** `[prefix-]number/bank` or a CZ IBAN. */
  counterAccount?: string | null;
  /** Cut to 20 characters. */
  counterName?: string | null;
  variableSymbol?: string | null;
  /** Up to 4 digits (the field shares its 10 places with the counter-account's bank code). */
  constantSymbol?: string | null;
  specificSymbol?: string | null;
  /** Up to 140 characters (four AV fields). */
  message?: string | null;
  /** ISO; the booking date when absent. */
  valueDate?: string | null;
  /** A storno: accounting code 4 (of a debit, amount > 0) or 5 (of a credit, amount < 0). */
  storno?: boolean;
}

export interface GpcStatementInput {
  /** The statement's account: a CZ IBAN or a Czech number with or without its bank code. */
  account: string;
  /** Cut to 20 characters. */
  accountName?: string;
  statementNumber: string;
  statementDate: string;
  /** Absent: the closing balance minus the lines, or 0. */
  openingBalanceHalere: number | null;
  /** Absent: the opening balance plus the lines. */
  closingBalanceHalere: number | null;
  /** Date of the old balance; the day before the statement's date when absent. */
  openingDate?: string;
  lines: readonly GpcLineInput[];
}

let table: Uint8Array | null = null;

/** UTF-16 code unit → windows-1250 byte, "?" for what the code page lacks. */
function windows1250Table(): Uint8Array {
  if (table) return table;
  const t = new Uint8Array(0x10000).fill(0x3f);
  for (let i = 0; i < 0x80; i++) t[i] = i;
  const upper = new Uint8Array(128).map((_, i) => 0x80 + i);
  const chars = new TextDecoder("windows-1250").decode(upper);
  for (let i = 0; i < 128; i++) t[chars.charCodeAt(i)] = 0x80 + i;
  table = t;
  return t;
}

/** Text as windows-1250 bytes: the inverse of `TextDecoder("windows-1250")`, "?" elsewhere. */
export function encodeWindows1250(text: string): Uint8Array {
  const t = windows1250Table();
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = t[text.charCodeAt(i)];
  return out;
}

function fail(message: string): never {
  throw new RangeError(`writeGpc: ${message}`);
}

/** Writes records straight into bytes: no intermediate strings, for 100 000 lines a second. */
class Sink {
  bytes = new Uint8Array(1 << 16);
  pos = 0;
  readonly table = windows1250Table();

  reserve(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.pos + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.bytes.subarray(0, this.pos));
    this.bytes = bigger;
  }

  /** Text cut or padded with spaces to `width`, white space as spaces. */
  text(value: string | null | undefined, width: number): void {
    const s = value ?? "";
    const n = Math.min(s.length, width);
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      this.bytes[this.pos++] = c === 9 || c === 10 || c === 13 ? 0x20 : this.table[c];
    }
    this.bytes.fill(0x20, this.pos, this.pos + width - n);
    this.pos += width - n;
  }

  /** Digits zero-padded on the left to `width`. */
  zeros(digits: string, width: number): void {
    this.bytes.fill(0x30, this.pos, this.pos + width - digits.length);
    this.pos += width - digits.length;
    for (let i = 0; i < digits.length; i++) this.bytes[this.pos++] = digits.charCodeAt(i);
  }

  ascii(s: string): void {
    for (let i = 0; i < s.length; i++) this.bytes[this.pos++] = s.charCodeAt(i);
  }
}

function amount(value: number, width: number, what: string): string {
  if (!Number.isSafeInteger(value)) fail(`${what} ${value} is not whole haléře`);
  const s = String(Math.abs(value));
  if (s.length > width) fail(`${what} ${value} does not fit ${width} digits`);
  return s;
}

const DIGITS = /^\d*$/;

function digits(value: string | null | undefined, width: number, what: string): string {
  const s = value ?? "";
  if (s.length > width || !DIGITS.test(s)) fail(`${what} "${s}" is not up to ${width} digits`);
  return s;
}

const ISO_DATE = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/;

function ddmmyy(iso: string, what: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m) fail(`${what} "${iso}" is not an ISO date`);
  return m[3] + m[2] + m[1];
}

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

interface AccountParts {
  /** Prefix 6 + number 10 digits. */
  digits: string;
  /** "" when the writing has none. */
  bankCode: string;
}

/** The parts of a Czech number (with or without its bank code) or of a CZ IBAN. */
function accountParts(account: string, what: string): AccountParts {
  const s = account.trim();
  if (/^[A-Za-z]{2}/.test(s)) {
    const czech = ibanToCzechAccount(s);
    if (!czech.ok) fail(`${what} "${account}" is not a Czech IBAN (${czech.code})`);
    const { prefix, number, bankCode } = czech.value;
    return { digits: prefix.padStart(6, "0") + number.padStart(10, "0"), bankCode };
  }
  const m = /^(?:(\d{1,6})-)?(\d{1,10})(?:\/(\d{4}))?$/.exec(s);
  if (!m) fail(`${what} "${account}" is not [prefix-]number[/bank]`);
  if (m[3] !== undefined && !parseCzechAccount(s).ok) fail(`${what} "${account}" fails mod 11`);
  return { digits: (m[1] ?? "").padStart(6, "0") + m[2].padStart(10, "0"), bankCode: m[3] ?? "" };
}

function signed(sink: Sink, value: number, what: string, plus: string): void {
  sink.zeros(amount(value, 14, what), 14);
  sink.ascii(value < 0 ? "-" : plus);
}

function header(sink: Sink, s: GpcStatementInput, digits16: string): void {
  const sum = s.lines.reduce((total, l) => total + l.amountHalere, 0);
  const opening = s.openingBalanceHalere ??
    (s.closingBalanceHalere === null ? 0 : s.closingBalanceHalere - sum);
  const closing = s.closingBalanceHalere ?? opening + sum;
  let debit = 0;
  let credit = 0;
  for (const l of s.lines) {
    // A storno lowers the turnover of the side it reverses (code 4 the debits, 5 the credits).
    const reversesDebit = l.storno ? l.amountHalere > 0 : l.amountHalere < 0;
    if (reversesDebit) debit -= l.amountHalere;
    else credit += l.amountHalere;
  }
  sink.ascii("074");
  sink.ascii(digits16);
  sink.text(s.accountName, 20);
  sink.ascii(ddmmyy(s.openingDate ?? dayBefore(s.statementDate), "openingDate"));
  signed(sink, opening, "opening balance", "+");
  signed(sink, closing, "closing balance", "+");
  signed(sink, debit, "debit turnover", "0");
  signed(sink, credit, "credit turnover", "0");
  sink.zeros(digits(s.statementNumber, 3, "statementNumber"), 3);
  sink.ascii(ddmmyy(s.statementDate, "statementDate"));
  sink.text("", 14);
}

/** Conversions that repeat from line to line (dates, counter-accounts), made once. */
function memo<T>(f: (key: string, what: string) => T): (key: string, what: string) => T {
  const cache = new Map<string, T>();
  return (key, what) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = f(key, what);
      if (cache.size < 10_000) cache.set(key, value);
    }
    return value;
  };
}

const NO_ACCOUNT: AccountParts = { digits: "0".repeat(16), bankCode: "" };

function item(
  sink: Sink,
  l: GpcLineInput,
  digits16: string,
  date: (iso: string, what: string) => string,
  parts: (account: string, what: string) => AccountParts,
  newline: string,
): void {
  const counter = l.counterAccount ? parts(l.counterAccount, "counterAccount") : NO_ACCOUNT;
  if (l.bankRef.length > 13 || /[^\x20-\x7e]/.test(l.bankRef)) {
    fail(`bankRef "${l.bankRef}" is not up to 13 ASCII characters`);
  }
  const booked = date(l.bookingDate, "bookingDate");
  sink.ascii("075");
  sink.ascii(digits16);
  sink.ascii(counter.digits);
  sink.zeros(l.bankRef, 13);
  sink.zeros(amount(l.amountHalere, 12, "amount"), 12);
  sink.ascii(l.storno ? (l.amountHalere > 0 ? "4" : "5") : (l.amountHalere < 0 ? "1" : "2"));
  sink.zeros(digits(l.variableSymbol, 10, "variableSymbol"), 10);
  sink.ascii("00");
  sink.zeros(counter.bankCode, 4);
  sink.zeros(digits(l.constantSymbol, 4, "constantSymbol"), 4);
  sink.zeros(digits(l.specificSymbol, 10, "specificSymbol"), 10);
  sink.ascii(l.valueDate ? date(l.valueDate, "valueDate") : booked);
  sink.text(l.counterName, 20);
  sink.ascii("00203");
  sink.ascii(booked);
  const message = l.message ?? "";
  if (message.trim() === "") return;
  if (message.length > 140) fail(`message longer than 140 characters`);
  // AV fields 1–2 on a 078 record, 3–4 on a 079 record, 35 characters each.
  sink.ascii(newline);
  sink.ascii("078");
  sink.text(message.slice(0, 70), GPC_RECORD_LENGTH - 3);
  if (message.length <= 70) return;
  sink.ascii(newline);
  sink.ascii("079");
  sink.text(message.slice(70), GPC_RECORD_LENGTH - 3);
}

/** The statements as a GPC file (windows-1250, CRLF unless told otherwise). */
export function writeGpc(
  statements: readonly GpcStatementInput[],
  options: { newline?: "\r\n" | "\n" } = {},
): Uint8Array {
  const newline = options.newline ?? "\r\n";
  const perRecord = GPC_RECORD_LENGTH + newline.length;
  const sink = new Sink();
  const date = memo(ddmmyy);
  const parts = memo(accountParts);
  for (const s of statements) {
    const { digits: digits16 } = accountParts(s.account, "account");
    sink.reserve(perRecord);
    header(sink, s, digits16);
    sink.ascii(newline);
    for (const l of s.lines) {
      sink.reserve(3 * perRecord);
      item(sink, l, digits16, date, parts, newline);
      sink.ascii(newline);
    }
  }
  return sink.bytes.slice(0, sink.pos);
}
