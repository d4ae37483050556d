/**
 * Writes statements as a CAMT.053 document (camt.053.001.02, UTF-8), the shape `camt053.ts`
 * reads: a `Stmt` per statement with OPBD/CLBD balances, an `Ntry` per line, or one batch `Ntry`
 * with a `TxDtls` per line for lines that share a `batch` key. The symbols go into
 * `EndToEndId` as `VS…/SS…/KS…`, the message into `Ustrd`. For tests, simulations and
 * benchmarks.
 */
import { normalizeAccount } from "../bank_account.ts";

export interface CamtLineInput {
  bankRef: string;
  bookingDate: string;
  /** Signed haléře, as ParsedLine has it. */
  amountHalere: number;
  /** An IBAN or a Czech number with its bank code (written as IBAN when it converts). */
  counterAccount?: string | null;
  counterName?: string | null;
  variableSymbol?: string | null;
  constantSymbol?: string | null;
  specificSymbol?: string | null;
  message?: string | null;
  valueDate?: string | null;
  /** Lines with the same key (consecutive) become one batch entry with that AcctSvcrRef. */
  batch?: string | null;
}

export interface CamtStatementInput {
  /** The statement's account, IBAN or a Czech number with its bank code. */
  account: string;
  statementNumber: string;
  statementDate: string;
  /** Stmt/Id; `${statementNumber}-${statementDate}` when absent. */
  id?: string;
  openingBalanceHalere: number | null;
  closingBalanceHalere: number | null;
  lines: readonly CamtLineInput[];
}

function fail(message: string): never {
  throw new RangeError(`writeCamt053: ${message}`);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
const SPECIAL = /[&<>"']/;
const escape = (s: string) => SPECIAL.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c]) : s;

function amount(halere: number): string {
  if (!Number.isSafeInteger(halere)) fail(`${halere} is not whole haléře`);
  const abs = Math.abs(halere);
  return `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const indicator = (halere: number) => halere < 0 ? "DBIT" : "CRDT";

/** Account ids written so far in this document (a simulation repeats its payers). */
type AccountIds = Map<string, string>;

function accountXml(account: string, seen: AccountIds): string {
  let xml = seen.get(account);
  if (xml === undefined) {
    const n = normalizeAccount(account);
    xml = n.ok
      ? `<Id><IBAN>${n.value}</IBAN></Id>`
      : `<Id><Othr><Id>${escape(account.trim())}</Id></Othr></Id>`;
    if (seen.size < 10_000) seen.set(account, xml);
  }
  return xml;
}

function balance(type: string, halere: number, date: string): string {
  return `<Bal><Tp><CdOrPrtry><Cd>${type}</Cd></CdOrPrtry></Tp>` +
    `<Amt Ccy="CZK">${amount(halere)}</Amt><CdtDbtInd>${indicator(halere)}</CdtDbtInd>` +
    `<Dt><Dt>${date}</Dt></Dt></Bal>`;
}

function endToEnd(l: CamtLineInput): string {
  let id = l.variableSymbol ? `VS${l.variableSymbol}` : "";
  if (l.specificSymbol) id += `${id ? "/" : ""}SS${l.specificSymbol}`;
  if (l.constantSymbol) id += `${id ? "/" : ""}KS${l.constantSymbol}`;
  return id || "NOTPROVIDED";
}

const MESSY_SPACE = /\s\s|[^\S ]/;

/** Ustrd is at most 140 characters: a longer message is split at spaces. */
function ustrd(message: string, out: string[]): void {
  let rest = message.trim();
  if (rest.length <= 140 && !MESSY_SPACE.test(rest)) {
    if (rest !== "") out.push("<Ustrd>", escape(rest), "</Ustrd>");
    return;
  }
  rest = rest.replace(/\s+/g, " ");
  while (rest.length > 140) {
    const cut = rest.lastIndexOf(" ", 140);
    const at = cut > 0 ? cut : 140;
    out.push("<Ustrd>", escape(rest.slice(0, at)), "</Ustrd>");
    rest = rest.slice(at).trim();
  }
  if (rest !== "") out.push("<Ustrd>", escape(rest), "</Ustrd>");
}

function txDtls(l: CamtLineInput, inBatch: boolean, out: string[], seen: AccountIds): void {
  const side = l.amountHalere < 0 ? "Cdtr" : "Dbtr";
  out.push("<TxDtls><Refs>");
  if (inBatch) out.push("<AcctSvcrRef>", escape(l.bankRef), "</AcctSvcrRef>");
  out.push("<EndToEndId>", escape(endToEnd(l)), "</EndToEndId></Refs>");
  if (inBatch) {
    out.push(`<AmtDtls><TxAmt><Amt Ccy="CZK">${amount(l.amountHalere)}</Amt></TxAmt></AmtDtls>`);
  }
  if (l.counterName || l.counterAccount) {
    out.push("<RltdPties>");
    if (l.counterName) out.push(`<${side}><Nm>`, escape(l.counterName), `</Nm></${side}>`);
    if (l.counterAccount) {
      out.push(`<${side}Acct>`, accountXml(l.counterAccount, seen), `</${side}Acct>`);
    }
    out.push("</RltdPties>");
  }
  if (l.message) {
    out.push("<RmtInf>");
    ustrd(l.message, out);
    out.push("</RmtInf>");
  }
  out.push("</TxDtls>");
}

function entry(
  lines: readonly CamtLineInput[],
  ref: string,
  out: string[],
  seen: AccountIds,
): void {
  const first = lines[0];
  const batch = lines.length > 1;
  const total = lines.reduce((sum, l) => sum + l.amountHalere, 0);
  if (lines.some((l) => indicator(l.amountHalere) !== indicator(total))) {
    fail(`batch ${ref} mixes credits and debits`);
  }
  out.push(
    `\n<Ntry><Amt Ccy="CZK">${amount(total)}</Amt><CdtDbtInd>${indicator(total)}</CdtDbtInd>`,
    `<Sts>BOOK</Sts><BookgDt><Dt>${first.bookingDate}</Dt></BookgDt>`,
    `<ValDt><Dt>${first.valueDate ?? first.bookingDate}</Dt></ValDt>`,
    "<AcctSvcrRef>",
    escape(ref),
    "</AcctSvcrRef>",
    `<BkTxCd><Prtry><Cd>${batch ? "BATCH" : "PAYMENT"}</Cd></Prtry></BkTxCd><NtryDtls>`,
  );
  if (batch) out.push(`<Btch><NbOfTxs>${lines.length}</NbOfTxs></Btch>`);
  for (const l of lines) txDtls(l, batch, out, seen);
  out.push("</NtryDtls></Ntry>");
}

function statement(s: CamtStatementInput, createdAt: string, out: string[], seen: AccountIds) {
  const sum = s.lines.reduce((total, l) => total + l.amountHalere, 0);
  const opening = s.openingBalanceHalere ??
    (s.closingBalanceHalere === null ? null : s.closingBalanceHalere - sum);
  const closing = s.closingBalanceHalere ?? (opening === null ? null : opening + sum);
  const id = s.id ?? `${s.statementNumber}-${s.statementDate}`;
  out.push(
    `\n<Stmt><Id>${escape(id)}</Id><ElctrncSeqNb>${escape(s.statementNumber)}</ElctrncSeqNb>`,
    `<CreDtTm>${createdAt}</CreDtTm><FrToDt><FrDtTm>${s.statementDate}T00:00:00</FrDtTm>`,
    `<ToDtTm>${s.statementDate}T23:59:59</ToDtTm></FrToDt>`,
    `<Acct>${accountXml(s.account, seen)}<Ccy>CZK</Ccy></Acct>`,
    opening === null ? "" : balance("OPBD", opening, s.statementDate),
    closing === null ? "" : balance("CLBD", closing, s.statementDate),
  );
  for (let i = 0; i < s.lines.length;) {
    const key = s.lines[i].batch;
    let j = i + 1;
    while (key && j < s.lines.length && s.lines[j].batch === key) j++;
    const group = s.lines.slice(i, j);
    entry(group, key && group.length > 1 ? key : group[0].bankRef, out, seen);
    i = j;
  }
  out.push("\n</Stmt>");
}

/** The statements as one CAMT.053 document. */
export function writeCamt053(
  statements: readonly CamtStatementInput[],
  options: { messageId?: string; createdAt?: string } = {},
): string {
  const createdAt = options.createdAt ??
    `${statements[0]?.statementDate ?? "2000-01-01"}T23:59:59`;
  const messageId = options.messageId ?? `MSG-${createdAt.replace(/\D/g, "")}`;
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>\n`,
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n<BkToCstmrStmt>`,
    `<GrpHdr><MsgId>${escape(messageId)}</MsgId><CreDtTm>${createdAt}</CreDtTm></GrpHdr>`,
  ];
  const seen: AccountIds = new Map();
  for (const s of statements) statement(s, createdAt, out, seen);
  out.push(`\n</BkToCstmrStmt>\n</Document>\n`);
  return out.join("");
}
