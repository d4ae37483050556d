/**
 * The Czech GPC (ABO) statement: fixed-width records of 128 characters in windows-1250, one a
 * line (CRLF or LF). Positions below are 1-based, as the banks' specifications give them.
 *
 * `074` header, one per statement (a file may hold several, for several accounts or days):
 *   1–3 "074" · 4–19 account (prefix 6 + number 10 digits) · 20–39 short account name ·
 *   40–45 date of the old balance DDMMYY · 46–59 old balance in haléře · 60 its sign (+/-) ·
 *   61–74 new balance · 75 its sign · 76–89 debit turnover · 90 its sign (0/-) ·
 *   91–104 credit turnover · 105 its sign · 106–108 statement number · 109–114 statement date
 *   DDMMYY · 115–128 spaces.
 * `075` item:
 *   1–3 "075" · 4–19 account · 20–35 counter-account (prefix 6 + number 10) · 36–48 the bank's
 *   transaction id · 49–60 amount in haléře · 61 accounting code (1 debit, 2 credit,
 *   4 storno of a debit, 5 storno of a credit) · 62–71 VS · 72–81 KS field `00BBBBKSYM`: the
 *   counter-account's bank code BBBB and the constant symbol KSYM · 82–91 SS · 92–97 valuta date
 *   DDMMYY · 98–117 counter-party name · 118 "0" · 119–122 currency (0203 = CZK) · 123–128
 *   posting date DDMMYY.
 * `076` / `078` / `079` continue the item above them: 076 carries a transaction identification
 * (4–29), a date (30–35) and a text (36–); 078 and 079 carry the message for the payee (AV
 * fields 1–4, 35 characters each, from position 4).
 *
 * Choices this parser makes:
 * - Accounts are read in the standard order (prefix, then number). Some banks can export an
 *   "internal" permuted order instead; such files must be exported in the standard order.
 * - The file does not name its own bank: pass `bankCode` to have the account as an IBAN.
 * - An item's booking date is its posting date (123–128), else its valuta date, else the
 *   statement's date. Its message is the 078/079 text, else the 076 text.
 * - A statement's items must add up to its new balance minus its old balance; a file that does
 *   not (cut short, edited) is refused rather than imported in part.
 * - A file starting with a UTF-8 byte order mark is read as UTF-8; otherwise as windows-1250.
 */
import {
  type CzechAccount,
  czechAccountToIban,
  formatCzechAccount,
  parseCzechAccount,
} from "../bank_account.ts";
import {
  fallbackRefs,
  formatHalere,
  normalizeSymbol,
  type ParsedLine,
  type ParsedStatement,
  statementIdentity,
  StatementParseError,
} from "./types.ts";

export interface GpcOptions {
  /** The bank code (kód banky) of the file's accounts; with it the account is given as IBAN. */
  bankCode?: string;
}

export const GPC_RECORD_LENGTH = 128;

/** The bytes as text: UTF-8 after a byte order mark, else windows-1250. */
export function decodeGpc(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder("utf-8").decode(bytes.subarray(3));
  }
  return new TextDecoder("windows-1250").decode(bytes);
}

interface OpenStatement {
  headerLine: number;
  digits: string;
  statement: ParsedStatement;
  opening: number;
  closing: number;
  /** Messages of the current item: 076 text and 078/079 text. */
  text076: string;
  text078: string;
  refOf: ReturnType<typeof fallbackRefs>;
}

/** Reads a whole GPC file; throws StatementParseError on the first malformed record. */
export function parseGpc(bytes: Uint8Array, options: GpcOptions = {}): ParsedStatement[] {
  if (options.bankCode !== undefined && !/^\d{4}$/.test(options.bankCode)) {
    throw new StatementParseError(0, `Kód banky „${options.bankCode}“ nemá čtyři číslice.`);
  }
  const records = decodeGpc(bytes).split(/\r?\n/);
  const statements: ParsedStatement[] = [];
  let open: OpenStatement | null = null;

  const finishItem = (o: OpenStatement) => {
    const last = o.statement.lines[o.statement.lines.length - 1];
    if (!last) return;
    const text = collapse(o.text078) ?? collapse(o.text076);
    last.message = text;
    o.text076 = "";
    o.text078 = "";
  };

  for (let i = 0; i < records.length; i++) {
    const lineNo = i + 1;
    const record = records[i];
    if (record.trim() === "" || record === "\u001a") continue; // blank line, DOS end-of-file mark
    const type = record.slice(0, 3);
    switch (type) {
      case "074": {
        if (open) {
          finishItem(open);
          closeStatement(open);
        }
        open = readHeader(record, lineNo, options);
        statements.push(open.statement);
        break;
      }
      case "075": {
        if (!open) {
          throw new StatementParseError(lineNo, "položka výpisu (075) před hlavičkou 074.");
        }
        finishItem(open);
        open.statement.lines.push(readItem(record, lineNo, open));
        break;
      }
      case "076":
      case "078":
      case "079": {
        if (!open || open.statement.lines.length === 0) {
          throw new StatementParseError(
            lineNo,
            `doplňující záznam ${type} nenásleduje po položce výpisu 075.`,
          );
        }
        if (record.length > GPC_RECORD_LENGTH) throw lengthError(lineNo, type, record.length);
        if (type === "076") open.text076 += ` ${record.slice(35)}`;
        else {
          // AV fields 1–2 (078) or 3–4 (079), 35 characters each: a word the bank wrapped at
          // a field's end continues in the next one, so the fields are joined as they are.
          const rest = record.slice(73).trim();
          open.text078 += record.slice(3, 73).padEnd(70, " ") + (rest ? ` ${rest} ` : "");
        }
        break;
      }
      default:
        throw new StatementParseError(
          lineNo,
          `neznámý typ záznamu „${record.slice(0, 3)}“ (čekáno 074, 075, 076, 078 nebo 079).`,
        );
    }
  }
  if (open) {
    finishItem(open);
    closeStatement(open);
  }
  if (statements.length === 0) {
    throw new StatementParseError(0, "Soubor GPC neobsahuje žádný výpis.");
  }
  return statements;
}

function lengthError(lineNo: number, type: string, length: number): StatementParseError {
  return new StatementParseError(
    lineNo,
    `záznam ${type} má ${length} znaků, formát GPC jich předepisuje ${GPC_RECORD_LENGTH}.`,
  );
}

/** The text with runs of white space made one space; null when nothing is left. */
function collapse(text: string): string | null {
  const s = text.replace(/\s+/g, " ").trim();
  return s === "" ? null : s;
}

function digitsAt(record: string, from: number, to: number, lineNo: number, what: string): string {
  const s = record.slice(from, to);
  if (!/^\d+$/.test(s)) {
    throw new StatementParseError(
      lineNo,
      `${what} (pozice ${from + 1}–${to}) obsahuje „${s.trim()}“, čekány jen číslice.`,
    );
  }
  return s;
}

/** A numeric field a bank may pad with spaces or leave blank: its digits, or "". */
function symbolAt(record: string, from: number, to: number, lineNo: number, what: string) {
  const s = record.slice(from, to).trim();
  if (s !== "" && !/^\d+$/.test(s)) {
    throw new StatementParseError(
      lineNo,
      `${what} (pozice ${from + 1}–${to}) obsahuje „${s}“, čekány jen číslice.`,
    );
  }
  return s;
}

/** A date written DDMMYY (years 80–99 are 1980–1999), as ISO. */
function dateAt(record: string, from: number, lineNo: number, what: string): string {
  const s = digitsAt(record, from, from + 6, lineNo, what);
  const day = Number(s.slice(0, 2));
  const month = Number(s.slice(2, 4));
  const yy = Number(s.slice(4, 6));
  const year = yy < 80 ? 2000 + yy : 1900 + yy;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    throw new StatementParseError(lineNo, `${what} „${s}“ není platné datum DDMMRR.`);
  }
  return `${year}-${s.slice(2, 4)}-${s.slice(0, 2)}`;
}

/** A date a bank may leave as `000000`: null then. */
function optionalDateAt(record: string, from: number, lineNo: number, what: string) {
  return record.slice(from, from + 6) === "000000" ? null : dateAt(record, from, lineNo, what);
}

function signedAt(record: string, from: number, lineNo: number, what: string): number {
  const amount = Number(digitsAt(record, from, from + 14, lineNo, what));
  const sign = record[from + 14];
  if (sign !== "+" && sign !== "-" && sign !== "0") {
    throw new StatementParseError(
      lineNo,
      `znaménko u pole ${what} (pozice ${from + 15}) je „${sign}“, čekáno + nebo -.`,
    );
  }
  return sign === "-" ? -amount : amount;
}

function accountOf(digits: string, bankCode: string | undefined): string {
  const parts = { prefix: digits.slice(0, 6), number: digits.slice(6) };
  if (bankCode) {
    const checked = parseCzechAccount(`${parts.prefix}-${parts.number}/${bankCode}`);
    if (checked.ok) return czechAccountToIban(checked.value);
  }
  return formatCzechAccount({ ...parts, bankCode: bankCode ?? null });
}

function readHeader(record: string, lineNo: number, options: GpcOptions): OpenStatement {
  // A header whose trailing spaces were trimmed is still whole up to the statement date.
  if (record.length > GPC_RECORD_LENGTH || record.length < 114) {
    throw lengthError(lineNo, "074", record.length);
  }
  const r = record.padEnd(GPC_RECORD_LENGTH, " ");
  const digits = digitsAt(r, 3, 19, lineNo, "číslo účtu");
  optionalDateAt(r, 39, lineNo, "datum starého zůstatku");
  const opening = signedAt(r, 45, lineNo, "starý zůstatek");
  const closing = signedAt(r, 60, lineNo, "nový zůstatek");
  signedAt(r, 75, lineNo, "obrat debet");
  signedAt(r, 90, lineNo, "obrat kredit");
  const statementNumber = String(Number(digitsAt(r, 105, 108, lineNo, "číslo výpisu")));
  const statementDate = dateAt(r, 108, lineNo, "datum výpisu");
  const account = accountOf(digits, options.bankCode);
  const statement: ParsedStatement = {
    format: "gpc",
    account,
    statementNumber,
    statementDate,
    openingBalanceHalere: opening,
    closingBalanceHalere: closing,
    identity: statementIdentity({ format: "gpc", account, statementNumber, statementDate }),
    lines: [],
  };
  return {
    headerLine: lineNo,
    digits,
    statement,
    opening,
    closing,
    text076: "",
    text078: "",
    refOf: fallbackRefs(),
  };
}

const SIGN_OF_CODE: Record<string, number> = { "1": -1, "2": 1, "4": 1, "5": -1 };

function readItem(record: string, lineNo: number, open: OpenStatement): ParsedLine {
  if (record.length !== GPC_RECORD_LENGTH) throw lengthError(lineNo, "075", record.length);
  const own = digitsAt(record, 3, 19, lineNo, "číslo účtu");
  if (own !== open.digits && !/^0+$/.test(own)) {
    throw new StatementParseError(
      lineNo,
      `položka patří k účtu ${
        formatCzechAccount(split(own))
      }, hlavička výpisu (řádek ${open.headerLine}) k účtu ${
        formatCzechAccount(split(open.digits))
      }.`,
    );
  }
  const counterDigits = symbolAt(record, 19, 35, lineNo, "číslo protiúčtu");
  const transactionId = record.slice(35, 48).trim().replace(/^0+/, "");
  const amount = Number(digitsAt(record, 48, 60, lineNo, "částka"));
  const code = record[60];
  const sign = SIGN_OF_CODE[code];
  if (sign === undefined) {
    throw new StatementParseError(
      lineNo,
      `kód účtování (pozice 61) je „${code}“, čekáno 1, 2, 4 nebo 5.`,
    );
  }
  const variableSymbol = normalizeSymbol(symbolAt(record, 61, 71, lineNo, "variabilní symbol"));
  const ksField = symbolAt(record, 71, 81, lineNo, "konstantní symbol").padStart(10, "0");
  // `00BBBBKSYM`; a bank that writes only the symbol leaves BBBB zero.
  const counterBank = ksField.startsWith("00") && ksField.slice(2, 6) !== "0000"
    ? ksField.slice(2, 6)
    : null;
  const constantSymbol = normalizeSymbol(ksField.startsWith("00") ? ksField.slice(6) : ksField);
  const specificSymbol = normalizeSymbol(symbolAt(record, 81, 91, lineNo, "specifický symbol"));
  const valuta = optionalDateAt(record, 91, lineNo, "datum valuty");
  const counterName = collapse(record.slice(97, 117));
  const currency = symbolAt(record, 117, 122, lineNo, "kód měny");
  if (currency !== "" && Number(currency) !== 0 && Number(currency) !== 203) {
    throw new StatementParseError(
      lineNo,
      `měna položky má kód ${currency}, portál čte jen výpisy v Kč (0203).`,
    );
  }
  const posted = optionalDateAt(record, 122, lineNo, "datum zaúčtování");
  const bookingDate = posted ?? valuta ?? open.statement.statementDate;
  const counterAccount = counterDigits === "" || /^0+$/.test(counterDigits)
    ? null
    : formatCzechAccount({ ...split(counterDigits), bankCode: counterBank });
  const amountHalere = sign * amount;
  const bankRef = transactionId !== "" ? transactionId : open.refOf([
    bookingDate,
    amountHalere,
    counterAccount,
    variableSymbol,
    constantSymbol,
    specificSymbol,
    counterName,
  ]);
  return {
    lineNo,
    bankRef,
    bookingDate,
    amountHalere,
    counterAccount,
    counterName,
    variableSymbol,
    constantSymbol,
    specificSymbol,
    message: null,
  };
}

function split(digits16: string): Pick<CzechAccount, "prefix" | "number"> {
  const d = digits16.padStart(16, "0");
  return { prefix: d.slice(0, 6), number: d.slice(6) };
}

/** The items must account for the change of the balance. */
function closeStatement(open: OpenStatement): void {
  const s = open.statement;
  const sum = s.lines.reduce((total, line) => total + line.amountHalere, 0);
  const change = open.closing - open.opening;
  if (sum !== change) {
    throw new StatementParseError(
      open.headerLine,
      `položky výpisu č. ${s.statementNumber} dávají dohromady ${
        formatHalere(sum)
      }, ale zůstatek se změnil o ${formatHalere(change)}; soubor je neúplný nebo poškozený.`,
    );
  }
}
