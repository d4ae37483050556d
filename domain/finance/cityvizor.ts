/**
 * The accounting CSV Cityvizor towns export (`;`-separated, UTF-8 or windows-1250, header names
 * matched case-insensitively) and its events file.
 *
 * Columns: the type `MODUL` or `DOKLAD_AGENDA` (`ROZ` budget, `KDF` received invoice, `KOF`
 * issued invoice; rows of other agendas, such as cash desk documents, are skipped and counted),
 * `PARAGRAF`, `POLOZKA`, `ORJ`, `ORG` or `AKCE`, `CASTKA`, `DATUM` (d.m.yyyy or ISO),
 * `SUBJEKT_IC`, `SUBJEKT_NAZEV`, `POZNAMKA`, the document number `DOKLAD`, `CISLO_DOKLADU` or
 * `DOKLAD_CISLO` if present.
 *
 * Budget amounts of `ROZ` rows: when the file has `ROZPOCET` and/or `ROZPOCET_UPRAVENY`
 * columns, `ROZPOCET` is the approved budget and `ROZPOCET_UPRAVENY` the budget after changes
 * (a missing one takes the other's value). With `CASTKA` only (Cityvizor's basic export, whose
 * budget rows carry the budget in force), the amount is both the approved budget and the budget
 * after changes: the file does not tell them apart.
 *
 * `KDF`/`KOF` rows become accounting entries and add to their budget line's actual amount.
 * Budget lines are summed per paragraf, položka, ORJ and ORG. The year is the one asked for, or
 * the first dated row's; a dated row of another year is a problem. The file's total (the
 * import's check) is the sum of every taken row's amount: `CASTKA` of invoice rows, the budget
 * after changes of budget rows.
 */
import {
  cleanText,
  decodeText,
  type FinanceProblem,
  missingColumns,
  parseAmount,
  parseCode,
  type Parsed,
  parseDate,
  parseDimension,
  parseIco,
  problem,
  readCsv,
} from "./text.ts";
import { type BudgetLineRecord, emptyData, type FinanceData, type NamedCode } from "./types.ts";

const TYPE = ["MODUL", "DOKLAD_AGENDA"];
const ORG = ["ORG", "AKCE"];
const DOCUMENT = ["DOKLAD", "CISLO_DOKLADU", "DOKLAD_CISLO"];

export function parseCityvizor(bytes: Uint8Array, askedYear?: number): Parsed<FinanceData> {
  const problems: FinanceProblem[] = [];
  const table = readCsv(decodeText(bytes), problems);
  if (table.header.length === 0) return { ok: false, problems };
  const missing = missingColumns(table.header, [TYPE, ["PARAGRAF"], ["POLOZKA"]]);
  const budgetColumns = table.header.includes("ROZPOCET") ||
    table.header.includes("ROZPOCET_UPRAVENY");
  if (!budgetColumns && !table.header.includes("CASTKA")) missing.push("CASTKA");
  if (missing.length > 0) {
    return {
      ok: false,
      problems: [{ line: 1, message: `v záhlaví chybí sloupce: ${missing.join(", ")}.` }],
    };
  }
  let year = askedYear ?? null;
  const data = emptyData(year);
  const lines = new Map<string, BudgetLineRecord>();
  const departments = new Set<string>();
  const projects = new Set<string>();

  for (const row of table.rows) {
    const n = row.line;
    const type = row.get(...TYPE).toUpperCase();
    if (type !== "ROZ" && type !== "KDF" && type !== "KOF") {
      if (type === "") problem(problems, n, "chybí typ dokladu (MODUL / DOKLAD_AGENDA).");
      else data.skipped++;
      continue;
    }
    const before = problems.length;
    const paragraf = parseCode(row.get("PARAGRAF"));
    if (!paragraf) problem(problems, n, `paragraf „${row.get("PARAGRAF")}“ není čtyřmístný kód.`);
    const polozka = parseCode(row.get("POLOZKA"));
    if (!polozka) problem(problems, n, `položka „${row.get("POLOZKA")}“ není čtyřmístný kód.`);
    const orj = parseDimension(row.get("ORJ"));
    if (orj === "invalid") problem(problems, n, "ORJ je delší než 20 znaků.");
    const org = parseDimension(row.get(...ORG));
    if (org === "invalid") problem(problems, n, "ORG / AKCE je delší než 20 znaků.");
    const dateText = row.get("DATUM");
    const date = dateText === "" ? null : parseDate(dateText);
    if (dateText !== "" && !date) {
      problem(problems, n, `datum „${dateText}“ není platné (d.m.rrrr nebo rrrr-mm-dd).`);
    }
    if (date) {
      const y = Number(date.slice(0, 4));
      year ??= y;
      if (y !== year) problem(problems, n, `datum ${dateText} není v roce ${year}.`);
    }
    const amountOf = (name: string): number | null => {
      const text = row.get(name);
      if (text === "") return null;
      const value = parseAmount(text);
      if (value === null) problem(problems, n, `částka „${text}“ (${name}) není číslo.`);
      return value;
    };

    let approved = 0, amended = 0, actual = 0;
    let entry: FinanceData["entries"][number] | null = null;
    if (type === "ROZ") {
      if (budgetColumns) {
        const a = amountOf("ROZPOCET");
        const b = amountOf("ROZPOCET_UPRAVENY");
        approved = a ?? b ?? 0;
        amended = b ?? a ?? 0;
      } else {
        const c = amountOf("CASTKA");
        if (c === null && row.get("CASTKA") === "") problem(problems, n, "chybí částka.");
        approved = amended = c ?? 0;
      }
    } else {
      const c = amountOf("CASTKA");
      if (c === null && row.get("CASTKA") === "") problem(problems, n, "chybí částka.");
      if (!date && dateText === "") problem(problems, n, "chybí datum dokladu.");
      const ico = parseIco(row.get("SUBJEKT_IC"));
      if (ico === "invalid") {
        problem(problems, n, `IČO „${row.get("SUBJEKT_IC")}“ není platné (nejvýše 8 číslic).`);
      }
      actual = c ?? 0;
      if (problems.length === before) {
        entry = {
          year: year!,
          kind: type,
          document: cleanText(row.get(...DOCUMENT), 100),
          bookedOn: date!,
          paragraf: paragraf!,
          polozka: polozka!,
          orj: orj as string | null,
          org: org as string | null,
          amount: actual,
          supplierIco: ico as string | null,
          supplierName: cleanText(row.get("SUBJEKT_NAZEV"), 300),
          description: cleanText(row.get("POZNAMKA"), 1000),
        };
      }
    }
    if (problems.length > before) continue;
    data.rowCount++;
    data.totalHalere += type === "ROZ" ? amended : actual;
    if (entry) data.entries.push(entry);
    if (orj) departments.add(orj as string);
    if (org) projects.add(org as string);
    const key = `${paragraf}|${polozka}|${orj ?? ""}|${org ?? ""}`;
    const line = lines.get(key) ?? {
      year: 0,
      paragraf: paragraf!,
      polozka: polozka!,
      orj: orj as string | null,
      org: org as string | null,
      organisationIco: null,
      approved: 0,
      amended: 0,
      actual: 0,
    };
    line.approved += approved;
    line.amended += amended;
    line.actual += actual;
    lines.set(key, line);
  }
  if (problems.length === 0 && data.rowCount === 0) {
    problems.push({ line: 0, message: "Soubor neobsahuje žádný řádek rozpočtu ani faktury." });
  }
  if (problems.length === 0 && year === null) {
    problems.push({ line: 0, message: "Rok rozpočtu nelze určit: zadejte jej." });
  }
  if (problems.length > 0) return { ok: false, problems };
  data.year = year;
  data.lines = [...lines.values()].map((l) => ({ ...l, year: year! }));
  data.departments = [...departments].map((code): NamedCode => ({ code, name: null }));
  data.projects = [...projects].map((code): NamedCode => ({ code, name: null }));
  return { ok: true, value: data };
}

/** The events file: `AKCE`/`ORG`/`EVK` ids and `NAZEV`/`AKCE_NAZEV`/`EVK_NAZEV` names. */
export function parseCityvizorEvents(bytes: Uint8Array): Parsed<FinanceData> {
  const problems: FinanceProblem[] = [];
  const table = readCsv(decodeText(bytes), problems);
  if (table.header.length === 0) return { ok: false, problems };
  const ID = ["AKCE", "ORG", "EVK"];
  const NAME = ["NAZEV", "AKCE_NAZEV", "EVK_NAZEV"];
  const missing = missingColumns(table.header, [ID, NAME]);
  if (missing.length > 0) {
    return {
      ok: false,
      problems: [{ line: 1, message: `v záhlaví chybí sloupce: ${missing.join(", ")}.` }],
    };
  }
  const data = emptyData(null);
  const projects = new Map<string, string>();
  for (const row of table.rows) {
    const code = parseDimension(row.get(...ID));
    const name = cleanText(row.get(...NAME), 300);
    if (code === null) problem(problems, row.line, "chybí číslo akce.");
    else if (code === "invalid") problem(problems, row.line, "číslo akce je delší než 20 znaků.");
    else if (name === null) problem(problems, row.line, "chybí název akce.");
    else {
      projects.set(code, name);
      data.rowCount++;
    }
  }
  if (problems.length === 0 && data.rowCount === 0) {
    problems.push({ line: 0, message: "Soubor neobsahuje žádnou akci." });
  }
  if (problems.length > 0) return { ok: false, problems };
  data.projects = [...projects].map(([code, name]) => ({ code, name }));
  return { ok: true, value: data };
}
