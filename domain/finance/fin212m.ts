/**
 * The state treasury's monthly FIN 2-12 M extract (MONITOR `FINM201` CSV, `;`-separated, UTF-8
 * or windows-1250): `ZC_ICO` the town's IČO, `0FISCPER` the period, `0FUNC_AREA` paragraf
 * (`0000` for revenue without one), `ZCMMT_ITM` položka, `ZU_ROZSCH` approved budget,
 * `ZU_ROZPZM` budget after changes, `ZU_ROZKZ` actual (year to date); amounts with a decimal
 * comma and a leading or trailing minus (`1234,50-`).
 *
 * The period: `2026012` (year and three-digit period) or `012.2026`; `2026-12` and `12/2026`
 * are taken as well. The extract is cumulative, so a file must hold one period; its year must
 * be the one asked for, if any. Rows of another IČO than the town's are refused (a file of
 * another town or of its organisation uploaded by mistake changes nothing). The file's total
 * (the import's check) is the sum of `ZU_ROZKZ`.
 */
import {
  decodeText,
  type FinanceProblem,
  missingColumns,
  parseAmount,
  parseCode,
  type Parsed,
  parseIco,
  problem,
  readCsv,
} from "./text.ts";
import { type BudgetLineRecord, emptyData, type FinanceData } from "./types.ts";

/** `0FISCPER` as year and period; null when it is none of the accepted forms. */
export function parseFiscalPeriod(value: string): { year: number; period: number } | null {
  const s = value.trim();
  const m = /^(\d{4})(\d{3})$/.exec(s) ?? /^(\d{4})-(\d{1,2})$/.exec(s);
  const r = /^(\d{1,3})[./](\d{4})$/.exec(s);
  const [year, period] = m ? [Number(m[1]), Number(m[2])] : r ? [Number(r[2]), Number(r[1])] : [
    0,
    0,
  ];
  if (year < 1990 || year > 2100 || period < 1 || period > 16) return null;
  return { year, period };
}

export function parseFin212m(
  bytes: Uint8Array,
  townIco: string,
  askedYear?: number,
): Parsed<FinanceData> {
  const problems: FinanceProblem[] = [];
  const table = readCsv(decodeText(bytes), problems);
  if (table.header.length === 0) return { ok: false, problems };
  const missing = missingColumns(table.header, [
    ["ZC_ICO"],
    ["0FISCPER"],
    ["0FUNC_AREA"],
    ["ZCMMT_ITM"],
    ["ZU_ROZSCH"],
    ["ZU_ROZPZM"],
    ["ZU_ROZKZ"],
  ]);
  if (missing.length > 0) {
    return {
      ok: false,
      problems: [{ line: 1, message: `v záhlaví chybí sloupce: ${missing.join(", ")}.` }],
    };
  }
  const data = emptyData(askedYear ?? null);
  let fiscal: { year: number; period: number } | null = null;
  const lines = new Map<string, BudgetLineRecord>();
  for (const row of table.rows) {
    const n = row.line;
    const before = problems.length;
    const ico = parseIco(row.get("ZC_ICO"));
    if (ico !== townIco) {
      problem(problems, n, `IČO „${row.get("ZC_ICO")}“ není IČO obce (${townIco}).`);
    }
    const per = parseFiscalPeriod(row.get("0FISCPER"));
    if (!per) {
      problem(
        problems,
        n,
        `období „${row.get("0FISCPER")}“ není platné (například 2026012 nebo 012.2026).`,
      );
    } else {
      fiscal ??= per;
      if (per.year !== fiscal.year || per.period !== fiscal.period) {
        problem(problems, n, "soubor obsahuje více období; nahrajte výkaz jednoho měsíce.");
      } else if (askedYear !== undefined && per.year !== askedYear) {
        problem(problems, n, `období ${row.get("0FISCPER")} není v roce ${askedYear}.`);
      }
    }
    const paragraf = parseCode(row.get("0FUNC_AREA") || "0000");
    if (!paragraf) {
      problem(problems, n, `paragraf „${row.get("0FUNC_AREA")}“ není čtyřmístný kód.`);
    }
    const polozka = parseCode(row.get("ZCMMT_ITM"));
    if (!polozka) problem(problems, n, `položka „${row.get("ZCMMT_ITM")}“ není čtyřmístný kód.`);
    const amounts = ["ZU_ROZSCH", "ZU_ROZPZM", "ZU_ROZKZ"].map((name) => {
      const text = row.get(name);
      if (text === "") return 0;
      const v = parseAmount(text);
      if (v === null) problem(problems, n, `částka „${text}“ (${name}) není číslo.`);
      return v ?? 0;
    });
    if (problems.length > before) continue;
    data.rowCount++;
    data.totalHalere += amounts[2];
    const key = `${paragraf}|${polozka}`;
    const line = lines.get(key) ?? {
      year: per!.year,
      paragraf: paragraf!,
      polozka: polozka!,
      orj: null,
      org: null,
      organisationIco: null,
      approved: 0,
      amended: 0,
      actual: 0,
    };
    line.approved += amounts[0];
    line.amended += amounts[1];
    line.actual += amounts[2];
    lines.set(key, line);
  }
  if (problems.length === 0 && data.rowCount === 0) {
    problems.push({ line: 0, message: "Soubor neobsahuje žádný řádek výkazu." });
  }
  if (problems.length > 0) return { ok: false, problems };
  data.year = fiscal!.year;
  data.lines = [...lines.values()];
  return { ok: true, value: data };
}
