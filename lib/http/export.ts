/**
 * One export for every clerk list: the rows the list's filter found, as CSV or as an Excel
 * workbook, downloaded as an attachment named `<fileBase>-<YYYY-MM-DD>.csv|xlsx`.
 *
 * CSV is what Czech Excel opens with a double click: UTF-8 with a byte order mark (without it
 * Excel reads Windows-1250 and "Řádek" turns into mojibake), `;` between cells (the Czech list
 * separator, since `,` is the decimal comma), CRLF line ends, RFC 4180 quoting. A text cell that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a value a
 * citizen typed (a name, a payment note) cannot run as a formula when the file is opened (CSV
 * injection). Numbers use the decimal comma, dates are Prague time.
 *
 * The workbook (exceljs) has the same cells: a bold, frozen header row, numbers as numbers and
 * dates as real Excel dates (Prague wall-clock time, since Excel has no time zones), columns wide
 * enough for their content. Text there is never a formula, so it is written as it is.
 *
 * Lists call it with every row of the filter (no paging) and refuse more than
 * {@link EXPORT_MAX_ROWS}: fetch `EXPORT_MAX_ROWS + 1` rows and pass them all, this function
 * answers a Czech 422 when the limit is exceeded.
 */
import ExcelJS from "exceljs";
import { formatPragueDate, isPragueMidnight, pragueOffsetMinutes } from "../../domain/time.ts";
import { HttpError } from "../web/page.ts";

export type ExportFormat = "csv" | "xlsx";

export interface ExportColumn<T> {
  /** The column's heading (translated by the caller). */
  header: string;
  value: (row: T) => string | number | Date | null;
}

export interface ExportOptions {
  /** The workbook's sheet name (at most 31 characters, no `[]:*?/\`), default "Export". */
  sheetName?: string;
  /** The day in the file name; default today in Prague. */
  now?: Date;
}

/** The most rows an export writes; a larger filter is refused with a 422 asking to narrow it. */
export const EXPORT_MAX_ROWS = 10_000;

/** The error message key of the 422 for a filter with more than {@link EXPORT_MAX_ROWS} rows. */
export const EXPORT_TOO_LARGE = "lists.errors.exportTooLarge";

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8; header=present";
export const XLSX_CONTENT_TYPE =
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const FILE_BASE = /^[a-z0-9][a-z0-9-]{0,60}$/;

/** Whether a query parameter names an export format. */
export function isExportFormat(value: string | null | undefined): value is ExportFormat {
  return value === "csv" || value === "xlsx";
}

/**
 * The download of `rows` in `format`. `fileBase` is an ASCII constant of the list
 * (`"osoby"`, `"ukoly"`), never taken from the request.
 */
export async function exportResponse<T>(
  format: ExportFormat,
  fileBase: string,
  columns: ExportColumn<T>[],
  rows: T[],
  opts: ExportOptions = {},
): Promise<Response> {
  if (!FILE_BASE.test(fileBase)) throw new Error(`export file base must be ASCII: ${fileBase}`);
  if (rows.length > EXPORT_MAX_ROWS) throw new HttpError(422, EXPORT_TOO_LARGE);
  const fileName = `${fileBase}-${formatPragueDate(opts.now ?? new Date())}.${format}`;
  const headers = {
    "content-type": format === "csv" ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE,
    "content-disposition": `attachment; filename="${fileName}"`,
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
  };
  const body = format === "csv"
    ? csvBytes(columns, rows)
    : await xlsxBytes(columns, rows, opts.sheetName ?? "Export");
  return new Response(body, { status: 200, headers });
}

// ---------------------------------------------------------------------------------------------
// CSV

const BOM = "\ufeff";
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[";\r\n]|^\s|\s$/;

/** One cell as CSV text: formatted, guarded against formulas, quoted when it must be. */
export function csvCell(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "number") {
    // A number is written as a number (a negative one stays one), with the Czech decimal comma.
    return Number.isFinite(value) ? String(value).replace(".", ",") : "";
  } else if (value instanceof Date) {
    text = Number.isNaN(value.getTime()) ? "" : csvDate(value);
  } else {
    text = value;
    if (FORMULA_START.test(text)) text = `'${text}`;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `2026-12-02 14:05` in Prague; a Prague midnight is a date only (`2026-12-02`). */
function csvDate(d: Date): string {
  if (isPragueMidnight(d)) return formatPragueDate(d);
  const wall = pragueWallClockAsUtc(d);
  return `${formatPragueDate(d)} ${wall.toISOString().slice(11, 16)}`;
}

/** The whole CSV text (with the byte order mark). */
export function csvText<T>(columns: ExportColumn<T>[], rows: T[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(";")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(";"));
  return BOM + lines.join("\r\n") + "\r\n";
}

function csvBytes<T>(columns: ExportColumn<T>[], rows: T[]): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(csvText(columns, rows));
}

// ---------------------------------------------------------------------------------------------
// xlsx

/** Characters XML 1.0 cannot hold (a workbook with one will not open). */
// deno-lint-ignore no-control-regex
const XML_INVALID = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;
const SHEET_NAME_INVALID = /[\[\]:*?/\\]/g;

/** The instant's Prague wall-clock time as if it were UTC: what Excel shows for a date cell. */
function pragueWallClockAsUtc(d: Date): Date {
  return new Date(d.getTime() + pragueOffsetMinutes(d) * 60_000);
}

function xlsxValue(value: string | number | Date | null): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : pragueWallClockAsUtc(value);
  }
  // XML keeps line ends as LF only, so a workbook's text has LF where the CSV has CRLF
  return value.replace(/\r\n?/g, "\n").replace(XML_INVALID, "\ufffd");
}

async function xlsxBytes<T>(
  columns: ExportColumn<T>[],
  rows: T[],
  sheetName: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Portál občana";
  const name = sheetName.replace(SHEET_NAME_INVALID, " ").slice(0, 31).trim() || "Export";
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  const widths = columns.map((c) => Math.max(8, c.header.length + 2));
  const header = sheet.addRow(columns.map((c) => xlsxValue(c.header)));
  header.font = { bold: true };
  for (const row of rows) {
    const values = columns.map((c) => c.value(row));
    const added = sheet.addRow(values.map(xlsxValue));
    values.forEach((v, i) => {
      if (v instanceof Date && !Number.isNaN(v.getTime())) {
        const dateOnly = isPragueMidnight(v);
        added.getCell(i + 1).numFmt = dateOnly ? "d.m.yyyy" : "d.m.yyyy h:mm";
        widths[i] = Math.max(widths[i], dateOnly ? 12 : 17);
      } else if (v !== null && v !== undefined) {
        widths[i] = Math.max(widths[i], String(v).length + 2);
      }
    });
  }
  widths.forEach((w, i) => sheet.getColumn(i + 1).width = Math.min(w, 60));
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer) as Uint8Array<ArrayBuffer>;
}
