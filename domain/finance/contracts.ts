/**
 * Contracts as the national register of contracts (ISRS, smlouvy.gov.cz) publishes them: the
 * XML dump (`dump` → `zaznam` records: `identifikator/idVerze`, `odkaz`, `smlouva` with
 * `predmet`, `datumUzavreni`, `cisloSmlouvy`, `hodnotaBezDph`, `hodnotaVcetneDph`, `subjekt`
 * the publisher and `smluvniStrana` with `ico`/`nazev`, `prilohy/priloha` with
 * `nazevSouboru`/`odkaz`; namespace prefixes ignored).
 *
 * Only the town's own records are kept: the publisher or a contracting party has the town's
 * IČO; the counterparty is the other side (the first party whose IČO is not the town's). A
 * record the register marks invalid (`platnyZaznam` 0) is skipped. The line of a problem is the
 * line where its `zaznam` starts. The file's total is the sum of the kept records' value with
 * VAT (without VAT where the record states no other).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { cleanText, decodeText, type FinanceProblem, type Parsed, problem } from "./text.ts";
import { type ContractRecord, emptyData, type FinanceData } from "./types.ts";

// deno-lint-ignore no-explicit-any
type Node = any;

const ARRAYS = new Set(["zaznam", "smluvniStrana", "priloha"]);

function text(node: Node): string {
  if (node === undefined || node === null) return "";
  if (typeof node === "object") return text(node["#text"]);
  return String(node).trim();
}

function ico(node: Node): string | null {
  const s = text(node).replace(/\s/g, "");
  return /^\d{1,8}$/.test(s) && !/^0+$/.test(s) ? s.padStart(8, "0") : null;
}

/** A register's amount (`123456.78`, a decimal point) in haléře; null when absent or invalid. */
function amount(node: Node): number | null | "invalid" {
  const s = text(node).replace(/\s/g, "").replace(",", ".");
  if (s === "") return null;
  if (!/^-?\d+(\.\d{1,2})?$/.test(s)) return "invalid";
  const [whole, frac = ""] = s.replace("-", "").split(".");
  const v = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return s.startsWith("-") ? -v : v;
}

function isoDate(node: Node): string | null | "invalid" {
  const s = text(node);
  if (s === "") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return "invalid";
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m[0] ? "invalid" : m[0];
}

/** The line where each `<zaznam` starts, in document order. */
function recordLines(xml: string): number[] {
  const out: number[] = [];
  const re = /<(?:[\w-]+:)?zaznam[\s>/]/g;
  let line = 1;
  let at = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    for (; at < m.index; at++) if (xml.charCodeAt(at) === 10) line++;
    out.push(line);
  }
  return out;
}

export function parseContracts(bytes: Uint8Array, townIco: string): Parsed<FinanceData> {
  const xml = decodeText(bytes);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return {
      ok: false,
      problems: [{
        line: valid.err.line,
        message: `soubor není platné XML (${valid.err.msg}).`,
      }],
    };
  }
  const doc: Node = new XMLParser({
    removeNSPrefix: true,
    ignoreAttributes: true,
    parseTagValue: false,
    isArray: (name) => ARRAYS.has(name),
  }).parse(xml);
  const records: Node[] = doc?.dump?.zaznam ?? [];
  if (!doc?.dump) {
    return {
      ok: false,
      problems: [{ line: 0, message: "Soubor není výpis registru smluv (chybí prvek dump)." }],
    };
  }
  const lines = recordLines(xml);
  const problems: FinanceProblem[] = [];
  const data = emptyData(null);
  const byId = new Map<string, ContractRecord>();
  records.forEach((z: Node, i: number) => {
    const n = lines[i] ?? 0;
    if (text(z?.platnyZaznam) === "0") {
      data.skipped++;
      return;
    }
    const s = z?.smlouva ?? {};
    const publisherIco = ico(s.subjekt?.ico);
    const parties: Node[] = s.smluvniStrana ?? [];
    const ours = publisherIco === townIco || parties.some((p) => ico(p?.ico) === townIco);
    if (!ours) {
      data.skipped++;
      return;
    }
    const before = problems.length;
    const registerId = cleanText(text(z?.identifikator?.idVerze), 50);
    if (!registerId) problem(problems, n, "záznam nemá identifikátor verze (idVerze).");
    const subject = cleanText(text(s.predmet), 2000);
    if (!subject) problem(problems, n, "smlouva nemá předmět.");
    const concluded = isoDate(s.datumUzavreni);
    if (concluded === "invalid") {
      problem(problems, n, `datum uzavření „${text(s.datumUzavreni)}“ není platné.`);
    }
    const without = amount(s.hodnotaBezDph);
    const withVat = amount(s.hodnotaVcetneDph);
    if (without === "invalid" || withVat === "invalid") {
      problem(problems, n, "hodnota smlouvy není číslo.");
    }
    if (problems.length > before) return;
    const other = publisherIco === townIco
      ? parties.find((p) => ico(p?.ico) !== townIco) ?? null
      : s.subjekt;
    const attachments = ((z?.prilohy?.priloha ?? []) as Node[]).map((p) => ({
      name: cleanText(text(p?.nazevSouboru), 300) ?? "příloha",
      url: cleanText(text(p?.odkaz), 1000),
    }));
    byId.set(registerId!, {
      registerId: registerId!,
      subject: subject!,
      concludedOn: concluded as string | null,
      number: cleanText(text(s.cisloSmlouvy), 100),
      valueWithoutVat: without as number | null,
      valueWithVat: withVat as number | null,
      counterpartyIco: other ? ico(other.ico) : null,
      counterpartyName: other ? cleanText(text(other.nazev), 300) : null,
      url: cleanText(text(z?.odkaz), 1000),
      attachments,
    });
    data.rowCount++;
    data.totalHalere += (withVat ?? without ?? 0) as number;
  });
  if (problems.length === 0 && byId.size === 0) {
    problems.push({
      line: 0,
      message: `Výpis neobsahuje žádnou smlouvu obce (IČO ${townIco}).`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  data.contracts = [...byId.values()];
  return { ok: true, value: data };
}
