/**
 * Reading a clerk list back in tests: the row headers of its table (what the HTML filter
 * shows), the first column of its CSV export and of its xlsx export, so a test can compare the
 * three; and a random word of letters that only one test's rows contain.
 */
import ExcelJS from "exceljs";
import type { TestClient } from "./client.ts";

/** Letters only (search folds and tokenizes words of letters and digits). */
export function randomWord(length = 8): string {
  const letters = "bcdfghjklmnpqrstvwxz";
  let out = "";
  for (const b of crypto.getRandomValues(new Uint8Array(length))) {
    out += letters[b % letters.length];
  }
  return out;
}

const TAGS = /<[^>]+>/g;

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'").replace(/&nbsp;/g, "\u00a0").replace(/&amp;/g, "&");
}

/** The text of each `<th scope="row">` of the page's tables, in order. */
export function rowHeaders(html: string): string[] {
  return [...html.matchAll(/<th[^>]*scope="row"[^>]*>([\s\S]*?)<\/th>/g)]
    .map((m) => decodeEntities(m[1].replace(TAGS, "")).replace(/\s+/g, " ").trim());
}

/** RFC 4180 with `;` (after the BOM): rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const src = text.replace(/^\ufeff/, "");
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') (cell += '"', i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ";") (row.push(cell), cell = "");
    else if (ch === "\r" && src[i + 1] === "\n") {
      row.push(cell), rows.push(row), row = [], cell = "", i++;
    } else cell += ch;
  }
  return rows;
}

/** GETs a list's export and returns its rows of cells (without the header row). */
export async function exportRows(
  c: TestClient,
  path: string,
  format: "csv" | "xlsx",
): Promise<{ status: number; header: string[]; rows: string[][]; disposition: string | null }> {
  const res = await c.get(`${path}${path.includes("?") ? "&" : "?"}format=${format}`);
  const disposition = res.headers.get("content-disposition");
  if (res.status !== 200) {
    await res.body?.cancel();
    return { status: res.status, header: [], rows: [], disposition };
  }
  if (format === "csv") {
    const [header, ...rows] = parseCsv(new TextDecoder().decode(await res.arrayBuffer()));
    return { status: 200, header, rows, disposition };
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  const sheet = workbook.worksheets[0];
  const all: string[][] = [];
  sheet.eachRow((r) => {
    const cells: string[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) {
      const v = r.getCell(i).value;
      cells.push(
        v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v),
      );
    }
    all.push(cells);
  });
  const [header, ...rows] = all;
  return { status: 200, header, rows, disposition };
}
