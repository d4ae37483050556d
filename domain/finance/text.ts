/**
 * What the public finance imports' parsers share (pure, no I/O): decoding a file's bytes
 * (UTF-8, or windows-1250 when the bytes are not valid UTF-8; a BOM is ignored), a `;`-separated
 * CSV with a header row matched by name case-insensitively, Czech amounts, dates and IČO, and
 * the problems a file is refused with (Czech, each with its line number; line 0 = the file).
 */

/** One reason a file is refused: `line` is 1-based (the header is line 1), 0 for the file. */
export interface FinanceProblem {
  line: number;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FinanceProblem[] };

/** At most this many problems are reported (a wrong file would list every line). */
export const MAX_PROBLEMS = 50;

/** The file's text: UTF-8 when it is valid UTF-8, else windows-1250 (older accounting exports). */
export function decodeText(bytes: Uint8Array): string {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
    ? bytes.subarray(3)
    : bytes;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    text = new TextDecoder("windows-1250").decode(body);
  }
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/** The fields of one CSV line split at `;` (double quotes enclose a field; `""` is a quote). */
export function splitCsvLine(line: string, delimiter = ";"): string[] | null {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field.trim() === "" && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      field = "";
    } else if (c === delimiter) {
      out.push(wasQuoted ? field : field.trim());
      field = "";
      wasQuoted = false;
    } else field += c;
  }
  if (quoted) return null;
  out.push(wasQuoted ? field : field.trim());
  return out;
}

/** A CSV row by its header names (upper case), with its line number in the file. */
export interface CsvRow {
  line: number;
  get(...names: string[]): string;
  has(...names: string[]): boolean;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/**
 * The rows of a `;`-separated CSV with a header line. Empty lines are skipped; a line with an
 * unclosed quote or more fields than the header is a problem at its line.
 */
export function readCsv(text: string, problems: FinanceProblem[]): CsvTable {
  const lines = text.split(/\r\n|\n|\r/);
  const headerAt = lines.findIndex((l) => l.trim() !== "");
  if (headerAt < 0) {
    problems.push({ line: 0, message: "Soubor je prázdný." });
    return { header: [], rows: [] };
  }
  const headerFields = splitCsvLine(lines[headerAt]) ?? [];
  const header = headerFields.map((h) => h.trim().toUpperCase());
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (h !== "" && !index.has(h)) index.set(h, i);
  });
  const rows: CsvRow[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "" || /^[;\s]*$/.test(raw)) continue;
    const line = i + 1;
    const fields = splitCsvLine(raw);
    if (!fields) {
      problems.push({ line, message: "neuzavřené uvozovky." });
      continue;
    }
    if (fields.length > header.length && fields.slice(header.length).some((f) => f !== "")) {
      problems.push({
        line,
        message: `řádek má ${fields.length} polí, záhlaví jen ${header.length}.`,
      });
      continue;
    }
    const pick = (names: string[]) => {
      for (const n of names) {
        const at = index.get(n);
        if (at !== undefined) return at;
      }
      return undefined;
    };
    rows.push({
      line,
      get: (...names) => {
        const at = pick(names);
        return at === undefined ? "" : (fields[at] ?? "").trim();
      },
      has: (...names) => pick(names) !== undefined,
    });
  }
  return { header, rows };
}

/** The header names missing from a table (each entry: alternatives, any one will do). */
export function missingColumns(header: string[], required: readonly string[][]): string[] {
  return required.filter((alts) => !alts.some((a) => header.includes(a))).map((alts) =>
    alts.join(" / ")
  );
}

/**
 * A Czech amount in haléře: `1 234,50`, `-1234,5`, `1234,50-` (a trailing minus, as MONITOR
 * writes), `1.234,50` (dots as thousands separators when a comma is the decimal separator),
 * `1234.50` (a dot as the decimal separator when there is no comma). At most two decimals.
 * Null when it is not an amount.
 */
export function parseAmount(value: string): number | null {
  let s = value.replace(/[\s\u00a0\u202f]/g, "").replace(/(Kč|CZK)$/i, "");
  if (s === "") return null;
  let negative = false;
  if (s.startsWith("-") || s.startsWith("\u2212")) {
    negative = true;
    s = s.slice(1);
  } else if (s.endsWith("-") || s.endsWith("\u2212")) {
    negative = true;
    s = s.slice(0, -1);
  } else if (s.startsWith("+")) s = s.slice(1);
  if (s.includes(",")) {
    if (!/^\d{1,3}(\.\d{3})*(,\d{0,2})?$|^\d+(,\d{0,2})?$/.test(s)) return null;
    s = s.replace(/\./g, "").replace(",", ".");
  } else if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ""] = s.split(".");
  const halere = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  if (!Number.isSafeInteger(halere)) return null;
  return negative && halere !== 0 ? -halere : halere;
}

/** A date `d.m.yyyy` (spaces allowed after the dots) or ISO `yyyy-mm-dd` (a time after it is ignored) → ISO; null when invalid. */
export function parseDate(value: string): string | null {
  const s = value.trim();
  let y: number, m: number, d: number;
  const cz = /^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})(\s.*)?$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})([T\s].*)?$/.exec(s);
  if (cz) [d, m, y] = [Number(cz[1]), Number(cz[2]), Number(cz[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1990 || y > 2100 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d
  ) return null;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** An IČO as 8 digits (shorter ones padded with leading zeros, as registers print them); null when it is none. */
export function parseIco(value: string): string | null | "invalid" {
  const s = value.replace(/\s/g, "");
  if (s === "" || /^0+$/.test(s)) return null;
  if (!/^\d{1,8}$/.test(s)) return "invalid";
  return s.padStart(8, "0");
}

/** A budget code (paragraf, položka): exactly 4 digits; null when it is not one. */
export function parseCode(value: string): string | null {
  const s = value.replace(/\s/g, "");
  // MONITOR writes some codes with leading zeros beyond four digits (`05169`).
  const trimmed = s.length > 4 ? s.replace(/^0+(?=\d{4}$)/, "") : s;
  return /^\d{4}$/.test(trimmed) ? trimmed : null;
}

/** Printable text without control characters, at most `max` characters; null when empty. */
export function cleanText(value: string, max = 500): string | null {
  // deno-lint-ignore no-control-regex
  const s = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/\s+/g, " ").trim();
  return s === "" ? null : s.slice(0, max);
}

/** A dimension code (ORJ, ORG/akce): up to 20 printable characters; null when empty. */
export function parseDimension(value: string): string | null | "invalid" {
  const s = cleanText(value, 100);
  if (s === null || /^0+$/.test(s)) return null;
  return s.length > 20 ? "invalid" : s;
}

/** Adds a problem unless there are enough already. */
export function problem(problems: FinanceProblem[], line: number, message: string): void {
  if (problems.length < MAX_PROBLEMS) problems.push({ line, message });
}

/** A problem as one Czech sentence: "Řádek 12: …" or the message alone for the whole file. */
export function problemText(p: FinanceProblem): string {
  return p.line > 0 ? `Řádek ${p.line}: ${p.message}` : p.message;
}
