/**
 * Orders (objednávky) as a `;`-separated CSV (UTF-8 or windows-1250), header names in Czech as
 * Cityvizor's: `CISLO` the order's number (unique in the town), `DATUM` (d.m.yyyy or ISO),
 * `PREDMET`, `CASTKA` (optional: an order may state no price), `SUBJEKT_IC`, `SUBJEKT_NAZEV`.
 * A number twice in a file is a problem. The file's total is the sum of `CASTKA`.
 */
import {
  cleanText,
  decodeText,
  type FinanceProblem,
  missingColumns,
  parseAmount,
  type Parsed,
  parseDate,
  parseIco,
  problem,
  readCsv,
} from "./text.ts";
import { emptyData, type FinanceData } from "./types.ts";

export function parseOrders(bytes: Uint8Array): Parsed<FinanceData> {
  const problems: FinanceProblem[] = [];
  const table = readCsv(decodeText(bytes), problems);
  if (table.header.length === 0) return { ok: false, problems };
  const missing = missingColumns(table.header, [["CISLO"], ["DATUM"], ["PREDMET"]]);
  if (missing.length > 0) {
    return {
      ok: false,
      problems: [{ line: 1, message: `v záhlaví chybí sloupce: ${missing.join(", ")}.` }],
    };
  }
  const data = emptyData(null);
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const n = row.line;
    const before = problems.length;
    const number = cleanText(row.get("CISLO"), 100);
    if (!number) problem(problems, n, "chybí číslo objednávky.");
    else if (seen.has(number)) {
      problem(problems, n, `objednávka ${number} už je na řádku ${seen.get(number)}.`);
    }
    const dateText = row.get("DATUM");
    const date = parseDate(dateText);
    if (!date) problem(problems, n, `datum „${dateText}“ není platné (d.m.rrrr nebo rrrr-mm-dd).`);
    const subject = cleanText(row.get("PREDMET"), 1000);
    if (!subject) problem(problems, n, "chybí předmět objednávky.");
    const amountText = row.get("CASTKA");
    const amount = amountText === "" ? null : parseAmount(amountText);
    if (amountText !== "" && amount === null) {
      problem(problems, n, `částka „${amountText}“ není číslo.`);
    }
    const ico = parseIco(row.get("SUBJEKT_IC"));
    if (ico === "invalid") {
      problem(problems, n, `IČO „${row.get("SUBJEKT_IC")}“ není platné (nejvýše 8 číslic).`);
    }
    if (problems.length > before) continue;
    seen.set(number!, n);
    data.rowCount++;
    data.totalHalere += amount ?? 0;
    data.orders.push({
      number: number!,
      orderedOn: date!,
      subject: subject!,
      amount,
      supplierIco: ico as string | null,
      supplierName: cleanText(row.get("SUBJEKT_NAZEV"), 300),
    });
  }
  if (problems.length === 0 && data.rowCount === 0) {
    problems.push({ line: 0, message: "Soubor neobsahuje žádnou objednávku." });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: data };
}
