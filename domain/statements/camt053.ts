/**
 * ISO 20022 CAMT.053 (BankToCustomerStatement, versions .001.02 to .001.13; namespaces are
 * ignored) as ParsedStatement: `Document/BkToCstmrStmt/Stmt`, one ParsedStatement per `Stmt`.
 *
 * - The account is `Acct/Id/IBAN` (or `Acct/Id/Othr/Id`); the number is `ElctrncSeqNb`, else
 *   `LglSeqNb`, else `Id`; the date is the date of `FrToDt/ToDtTm`, else of `CreDtTm`.
 * - Balances: opening `OPBD` (else `PRCD`), closing `CLBD`; a page of a split statement uses
 *   `ITBD` for the end it shares with the next page. When both are present the booked entries
 *   must account for their difference, or the file is refused.
 * - An entry (`Ntry`) is a line: its `Amt` (CZK only; decimal text read digit by digit, no
 *   floats) signed by `CdtDbtInd` (CRDT +, DBIT −; a reversal's indicator already names the
 *   direction the money moves), its `BookgDt` (else `ValDt`). Entries whose `Sts` is not BOOK
 *   are left out. A batch entry with several `TxDtls` gives a line per `TxDtls`, each with its
 *   own amount; they must add up to the entry's.
 * - The bank reference is `AcctSvcrRef`, else `NtryRef`, else a hash of the entry's fields; the
 *   lines of a batch take their `TxDtls/Refs/AcctSvcrRef` when each has a distinct one, else the
 *   entry's reference with `/1`, `/2` ….
 * - The counter-party is the debtor of a credit and the creditor of a debit (`RltdPties/Dbtr`,
 *   `DbtrAcct`, `RltdAgts/DbtrAgt`, or the Cdtr ones), swapped for a reversal. A Czech account
 *   in `Othr/Id` gets its bank code from the agent's clearing id.
 * - Symbols. Czech banks carry them in several places; the first that gives one wins:
 *   the VS is `RmtInf/Strd/CdtrRefInf/Ref` (plain digits, or `VS123`), then `Refs/EndToEndId`
 *   (`VS123/SS456/KS0308`, `/VS/123/SS/…`, `VS:123` or plain digits), then the keyword forms in
 *   `RmtInf/Ustrd` and `Strd/AddtlRmtInf` (`/VS/123`, `VS: 123`). KS and SS come from the
 *   keyword forms in the same places. Keywords are upper case (`ks` in a message is "kusů").
 * - The message is `RmtInf/Ustrd` (joined), else `AddtlTxInf`, else `AddtlNtryInf`.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import {
  formatCzechAccount,
  normalizeAccount,
  parseCzechAccount,
  parseIban,
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

// deno-lint-ignore no-explicit-any
type Node = any;

const ARRAYS = new Set(["Stmt", "Bal", "Ntry", "NtryDtls", "TxDtls", "Ustrd", "Strd"]);

let parser: XMLParser | null = null;
function xmlParser(): XMLParser {
  parser ??= new XMLParser({
    removeNSPrefix: true,
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    captureMetaData: true,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ARRAYS.has(name),
  });
  return parser;
}
const META = XMLParser.getMetaDataSymbol() as unknown as string;

/** The element's text, trimmed; null when absent or empty. */
function str(node: Node): string | null {
  if (node === undefined || node === null) return null;
  if (Array.isArray(node)) return str(node[0]);
  const value = typeof node === "object" ? node["#text"] : node;
  if (value === undefined || value === null || typeof value === "object") return null;
  const s = String(value).trim();
  return s === "" ? null : s;
}

function list(node: Node): Node[] {
  if (node === undefined || node === null || node === "") return [];
  return Array.isArray(node) ? node : [node];
}

/** Walks the path; a repeated element gives its first occurrence. */
function at(node: Node, ...path: string[]): Node {
  let n = node;
  for (const key of path) {
    if (Array.isArray(n)) n = n[0];
    if (n === undefined || n === null || typeof n !== "object") return undefined;
    n = n[key];
  }
  return n;
}

/** Line numbers from character offsets. */
function lineIndex(text: string): (offset: number | undefined) => number {
  const breaks: number[] = [];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) breaks.push(i);
  return (offset) => {
    if (offset === undefined) return 0;
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** "1500.5" → 150050, without floating point; more than two decimals only when zeros. */
export function parseAmountToHalere(text: string): number | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const fraction = (m[2] ?? "").padEnd(2, "0");
  if (!/^\d{2}0*$/.test(fraction)) return null;
  const value = Number(m[1]) * 100 + Number(fraction.slice(0, 2));
  return Number.isSafeInteger(value) ? value : null;
}

function isoDate(text: string | null): string | null {
  if (text === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return null;
  }
  return text.slice(0, 10);
}

const KEYWORD = /(?:^|[^A-Z0-9])(VS|KS|SS)[\s:/.=#-]*(\d{1,10})(?!\d)/g;

type Symbols = { VS: string | null; KS: string | null; SS: string | null };

/** Symbols written with their keyword (`VS123`, `/VS/123`, `VS: 123`) in a text. */
function keywordSymbols(text: string | null): Symbols {
  const found: Symbols = { VS: null, KS: null, SS: null };
  if (text === null) return found;
  for (const m of text.matchAll(KEYWORD)) {
    const key = m[1] as keyof Symbols;
    found[key] ??= normalizeSymbol(m[2]);
  }
  return found;
}

/** Plain digits (up to 10) are a variable symbol in a reference field. */
function plainSymbol(text: string | null): string | null {
  return text !== null && /^\d{1,10}$/.test(text) ? normalizeSymbol(text) : null;
}

function symbolsOf(tx: Node): Symbols {
  const rmt = at(tx, "RmtInf");
  const creditorRefs = list(rmt?.Strd).map((s) => str(at(s, "CdtrRefInf", "Ref")));
  const endToEnd = str(at(tx, "Refs", "EndToEndId"));
  const texts = [
    ...list(rmt?.Ustrd).map(str),
    ...list(rmt?.Strd).flatMap((s) => list(s?.AddtlRmtInf).map(str)),
  ];
  const keyed = [...creditorRefs, endToEnd, ...texts].map(keywordSymbols);
  const vs = [
    ...creditorRefs.map((r) => plainSymbol(r) ?? keywordSymbols(r).VS),
    plainSymbol(endToEnd) ?? keywordSymbols(endToEnd).VS,
    ...texts.map((t) => keywordSymbols(t).VS),
  ];
  return {
    VS: vs.find((s) => s !== null) ?? null,
    KS: keyed.map((k) => k.KS).find((s) => s !== null) ?? null,
    SS: keyed.map((k) => k.SS).find((s) => s !== null) ?? null,
  };
}

/** A counter-account as the bank gave it: IBAN, or a Czech number with its bank code. */
function counterAccountOf(accountNode: Node, agentNode: Node): string | null {
  const iban = str(at(accountNode, "Id", "IBAN"));
  if (iban !== null) {
    const checked = parseIban(iban);
    return checked.ok ? checked.value : iban;
  }
  const other = str(at(accountNode, "Id", "Othr", "Id"));
  if (other === null) return null;
  const agent = str(at(agentNode, "FinInstnId", "ClrSysMmbId", "MmbId")) ??
    str(at(agentNode, "FinInstnId", "Othr", "Id"));
  let czech = other.replace(/\s+/g, "");
  if (/^\d{11,16}$/.test(czech)) czech = `${czech.slice(0, -10)}-${czech.slice(-10)}`;
  if (!czech.includes("/") && agent !== null && /^\d{4}$/.test(agent)) czech += `/${agent}`;
  const parsed = parseCzechAccount(czech);
  return parsed.ok ? formatCzechAccount(parsed.value) : czech;
}

function partyName(party: Node): string | null {
  return str(at(party, "Nm")) ?? str(at(party, "Pty", "Nm"));
}

interface Details {
  counterAccount: string | null;
  counterName: string | null;
  variableSymbol: string | null;
  constantSymbol: string | null;
  specificSymbol: string | null;
  message: string | null;
  endToEnd: string | null;
}

function detailsOf(tx: Node, entry: Node, payerIsCounterParty: boolean): Details {
  const side = payerIsCounterParty ? "Dbtr" : "Cdtr";
  const parties = at(tx, "RltdPties");
  const symbols = symbolsOf(tx);
  const ustrd = list(at(tx, "RmtInf", "Ustrd")).map(str).filter((s) => s !== null).join(" ");
  const message = (ustrd.replace(/\s+/g, " ").trim() || null) ?? str(at(tx, "AddtlTxInf")) ??
    str(at(entry, "AddtlNtryInf"));
  return {
    counterAccount: counterAccountOf(
      at(parties, `${side}Acct`),
      at(tx, "RltdAgts", `${side}Agt`),
    ),
    counterName: partyName(at(parties, side)) ?? partyName(at(parties, `Ultmt${side}`)),
    variableSymbol: symbols.VS,
    constantSymbol: symbols.KS,
    specificSymbol: symbols.SS,
    message,
    endToEnd: str(at(tx, "Refs", "EndToEndId")),
  };
}

/** Reads a whole CAMT.053 document; throws StatementParseError on the first problem. */
export function parseCamt053(text: string): ParsedStatement[] {
  const lineOf = lineIndex(text);
  const doctype = text.search(/<!DOCTYPE/i);
  if (doctype !== -1) {
    throw new StatementParseError(lineOf(doctype), "výpis CAMT.053 nesmí obsahovat DOCTYPE.");
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new StatementParseError(valid.err.line, `chybné XML (${valid.err.msg})`);
  }
  const doc = xmlParser().parse(text);
  const nodeLine = (node: Node) => lineOf(node?.[META]?.startIndex);
  const root = doc.Document;
  if (root === undefined || root === null) {
    throw new StatementParseError(0, "Soubor XML nemá kořenový element Document.");
  }
  const body = root.BkToCstmrStmt;
  if (body === undefined) {
    const other = root.BkToCstmrAcctRpt !== undefined
      ? "průběžný výpis CAMT.052"
      : root.BkToCstmrDbtCdtNtfctn !== undefined
      ? "avízo CAMT.054"
      : null;
    throw new StatementParseError(
      nodeLine(root),
      other
        ? `soubor je ${other}, ne výpis CAMT.053.`
        : "chybí Document/BkToCstmrStmt: soubor není výpis CAMT.053.",
    );
  }
  const stmts = list(body?.Stmt);
  if (stmts.length === 0) {
    throw new StatementParseError(nodeLine(body), "výpis neobsahuje žádný Stmt.");
  }
  return stmts.map((stmt, i) => readStatement(stmt, i + 1, nodeLine));
}

function readStatement(
  stmt: Node,
  index: number,
  nodeLine: (node: Node) => number,
): ParsedStatement {
  const line = nodeLine(stmt);
  const missing = (what: string): never => {
    throw new StatementParseError(line, `výpisu č. ${index} (Stmt) chybí ${what}.`);
  };
  const id = str(stmt.Id) ?? missing("Id");
  if (!stmt.Acct) missing("Acct (účet výpisu)");
  const account = accountOf(stmt.Acct, line) ?? missing("Acct/Id/IBAN nebo Acct/Id/Othr/Id");
  const accountCurrency = str(at(stmt, "Acct", "Ccy"));
  if (accountCurrency !== null && accountCurrency !== "CZK") {
    throw new StatementParseError(
      line,
      `účet ${account} je veden v měně ${accountCurrency}, portál čte jen výpisy v Kč.`,
    );
  }
  const seq = str(stmt.ElctrncSeqNb) ?? str(stmt.LglSeqNb) ?? id;
  const statementNumber = /^\d+$/.test(seq) ? String(Number(seq)) : seq;
  const dateText = str(at(stmt, "FrToDt", "ToDtTm")) ?? str(stmt.CreDtTm) ??
    missing("CreDtTm (datum vytvoření)");
  const statementDate = isoDate(dateText) ??
    missing(`platné datum (CreDtTm nebo FrToDt/ToDtTm je „${dateText}“)`);
  const { opening, closing } = balancesOf(stmt, nodeLine);

  const refOf = fallbackRefs();
  const lines: ParsedLine[] = [];
  list(stmt.Ntry).forEach((entry: Node, e: number) => {
    lines.push(...readEntry(entry, e + 1, nodeLine(entry), refOf));
  });

  if (opening !== null && closing !== null) {
    const sum = lines.reduce((total, l) => total + l.amountHalere, 0);
    if (sum !== closing - opening) {
      throw new StatementParseError(
        line,
        `zaúčtované položky výpisu ${statementNumber} dávají dohromady ${
          formatHalere(sum)
        }, ale zůstatek se změnil o ${
          formatHalere(closing - opening)
        }; soubor je neúplný nebo poškozený.`,
      );
    }
  }
  const format = "camt053";
  return {
    format,
    account,
    statementNumber,
    statementDate,
    openingBalanceHalere: opening,
    closingBalanceHalere: closing,
    identity: statementIdentity({ format, account, statementNumber, statementDate }),
    lines,
  };
}

function accountOf(acct: Node, line: number): string | null {
  const iban = str(at(acct, "Id", "IBAN"));
  if (iban !== null) {
    const checked = parseIban(iban);
    if (!checked.ok) {
      throw new StatementParseError(line, `IBAN účtu výpisu „${iban}“ je neplatný.`);
    }
    return checked.value;
  }
  const other = str(at(acct, "Id", "Othr", "Id"));
  if (other === null) return null;
  const normalized = normalizeAccount(other);
  return normalized.ok ? normalized.value : other;
}

/** A signed amount in CZK: `Amt` with `Ccy`, and the CdtDbtInd beside it. */
function signedAmount(
  holder: Node,
  line: number,
  what: string,
  indicator = str(holder?.CdtDbtInd),
): number {
  const amt = holder?.Amt;
  const text = str(amt);
  if (text === null) throw new StatementParseError(line, `${what} nemá částku (Amt).`);
  const currency = typeof amt === "object" ? amt["@_Ccy"] : undefined;
  if (currency !== undefined && currency !== "CZK") {
    throw new StatementParseError(
      line,
      `${what} je v měně ${currency}, portál čte jen výpisy v Kč.`,
    );
  }
  const halere = parseAmountToHalere(text);
  if (halere === null) {
    throw new StatementParseError(
      line,
      `${what}: částka „${text}“ není kladné číslo s nejvýše dvěma desetinnými místy.`,
    );
  }
  if (indicator !== "CRDT" && indicator !== "DBIT") {
    throw new StatementParseError(
      line,
      `${what}: CdtDbtInd je „${indicator ?? ""}“, čekáno CRDT nebo DBIT.`,
    );
  }
  return indicator === "DBIT" ? -halere : halere;
}

function balancesOf(stmt: Node, nodeLine: (node: Node) => number) {
  const byType = new Map<string, number[]>();
  for (const bal of list(stmt.Bal)) {
    const type = str(at(bal, "Tp", "CdOrPrtry", "Cd")) ?? str(at(bal, "Tp", "CdOrPrtry", "Prtry"));
    if (type === null) continue;
    const amount = signedAmount(bal, nodeLine(bal), `zůstatek ${type}`);
    byType.set(type, [...(byType.get(type) ?? []), amount]);
  }
  const first = (type: string) => byType.get(type)?.[0] ?? null;
  const interim = byType.get("ITBD") ?? [];
  const openingBooked = first("OPBD") ?? first("PRCD");
  const closingBooked = first("CLBD");
  return {
    opening: openingBooked ?? (closingBooked !== null ? interim[0] ?? null : null),
    closing: closingBooked ?? (openingBooked !== null ? interim[interim.length - 1] ?? null : null),
  };
}

function readEntry(
  entry: Node,
  index: number,
  line: number,
  refOf: ReturnType<typeof fallbackRefs>,
): ParsedLine[] {
  const what = `položka ${index} (Ntry)`;
  const status = str(entry.Sts) ?? str(at(entry, "Sts", "Cd"));
  if (status !== null && status !== "BOOK") return [];
  const amount = signedAmount(entry, line, what);
  const credit = amount > 0 || (amount === 0 && str(entry.CdtDbtInd) === "CRDT");
  const reversal = str(entry.RvslInd) === "true";
  const bookingDate =
    isoDate(str(at(entry, "BookgDt", "Dt")) ?? str(at(entry, "BookgDt", "DtTm"))) ??
      isoDate(str(at(entry, "ValDt", "Dt")) ?? str(at(entry, "ValDt", "DtTm")));
  if (bookingDate === null) {
    throw new StatementParseError(line, `${what} nemá platné datum zaúčtování (BookgDt/Dt).`);
  }
  const txs: Node[] = list(entry.NtryDtls).flatMap((d: Node) => list(d?.TxDtls));
  const entryRef = str(entry.AcctSvcrRef) ?? str(entry.NtryRef);
  const make = (details: Details, amountHalere: number, bankRef: string): ParsedLine => ({
    lineNo: index,
    bankRef,
    bookingDate,
    amountHalere,
    counterAccount: details.counterAccount,
    counterName: details.counterName,
    variableSymbol: details.variableSymbol,
    constantSymbol: details.constantSymbol,
    specificSymbol: details.specificSymbol,
    message: details.message,
  });
  const hashFields = (d: Details, amountHalere: number) => [
    bookingDate,
    amountHalere,
    d.counterAccount,
    d.variableSymbol,
    d.constantSymbol,
    d.specificSymbol,
    d.counterName,
    d.message,
    d.endToEnd,
  ];

  if (txs.length <= 1) {
    const details = detailsOf(txs[0], entry, credit !== reversal);
    return [make(details, amount, entryRef ?? refOf(hashFields(details, amount)))];
  }

  // A batch: a line per transaction, each with its own amount.
  const parts = txs.map((tx, k) => {
    const holder = tx.Amt !== undefined
      ? tx
      : at(tx, "AmtDtls", "TxAmt") !== undefined
      ? at(tx, "AmtDtls", "TxAmt")
      : at(tx, "AmtDtls", "InstdAmt");
    const txWhat = `${what}, transakce ${k + 1} (TxDtls)`;
    const indicator = str(tx.CdtDbtInd) ?? str(entry.CdtDbtInd);
    const txAmount = signedAmount(holder, line, txWhat, indicator);
    const details = detailsOf(tx, entry, (txAmount > 0) !== reversal);
    return { details, txAmount, ref: str(at(tx, "Refs", "AcctSvcrRef")) };
  });
  const sum = parts.reduce((total, p) => total + p.txAmount, 0);
  if (sum !== amount) {
    throw new StatementParseError(
      line,
      `${what}: transakce dávky dávají dohromady ${formatHalere(sum)}, položka ${
        formatHalere(amount)
      }.`,
    );
  }
  const base = entryRef ?? refOf(parts.flatMap((p) => hashFields(p.details, p.txAmount)));
  const own = parts.map((p) => p.ref);
  const ownUsable = own.every((r) => r !== null && r !== base) && new Set(own).size === own.length;
  return parts.map((p, k) => make(p.details, p.txAmount, ownUsable ? p.ref! : `${base}/${k + 1}`));
}
