/**
 * One export for every list: the rows the list's filter found, as CSV, an Excel workbook, a Word
 * document or a PDF, downloaded as an attachment named `<fileBase>-<YYYY-MM-DD>.<format>`.
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
 * The Word document (docx) and the PDF (pdfkit, DejaVu Sans so Czech diacritics render) hold a
 * heading (`opts.title`, `opts.subtitle`) and the same cells as a table: landscape when the table
 * has more than five columns, the header row repeated on every page, numbers right-aligned in
 * Czech format (a `money` column with two decimals), dates as `2. 12. 2026`.
 *
 * Lists call it with every row of the filter (no paging) and refuse more than
 * {@link EXPORT_MAX_ROWS}: fetch `EXPORT_MAX_ROWS + 1` rows and pass them all, this function
 * answers a Czech 422 when the limit is exceeded.
 */
import ExcelJS from "exceljs";
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import PDFDocument from "pdfkit";
import { Buffer } from "node:buffer";
import { formatPragueDate, isPragueMidnight, pragueOffsetMinutes } from "../../domain/time.ts";
import { HttpError } from "../web/page.ts";

export type ExportFormat = "csv" | "xlsx" | "docx" | "pdf";

export interface ExportColumn<T> {
  /** The column's heading (translated by the caller). */
  header: string;
  value: (row: T) => string | number | Date | null;
  /** An amount in Kč: written with two decimals in the docx and the PDF. */
  money?: boolean;
}

export interface ExportOptions {
  /** The workbook's sheet name (at most 31 characters, no `[]:*?/\`), default "Export". */
  sheetName?: string;
  /** The day in the file name; default today in Prague. */
  now?: Date;
  /** The docx and PDF heading (default the sheet name) and a line under it (the filter). */
  title?: string;
  subtitle?: string;
}

/** The most rows an export writes; a larger filter is refused with a 422 asking to narrow it. */
export const EXPORT_MAX_ROWS = 10_000;

/** The error message key of the 422 for a filter with more than {@link EXPORT_MAX_ROWS} rows. */
export const EXPORT_TOO_LARGE = "lists.errors.exportTooLarge";

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8; header=present";
export const XLSX_CONTENT_TYPE =
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DOCX_CONTENT_TYPE =
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const PDF_CONTENT_TYPE = "application/pdf";

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: CSV_CONTENT_TYPE,
  xlsx: XLSX_CONTENT_TYPE,
  docx: DOCX_CONTENT_TYPE,
  pdf: PDF_CONTENT_TYPE,
};

/** Every format, in the order export links offer them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "xlsx", "docx", "pdf"];

const FILE_BASE = /^[a-z0-9][a-z0-9-]{0,60}$/;

/** Whether a query parameter names an export format. */
export function isExportFormat(value: string | null | undefined): value is ExportFormat {
  return value === "csv" || value === "xlsx" || value === "docx" || value === "pdf";
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
    "content-type": CONTENT_TYPES[format],
    "content-disposition": `attachment; filename="${fileName}"`,
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
  };
  const title = opts.title ?? opts.sheetName ?? "Export";
  const body = format === "csv"
    ? csvBytes(columns, rows)
    : format === "xlsx"
    ? await xlsxBytes(columns, rows, opts.sheetName ?? "Export")
    : format === "docx"
    ? await docxBytes(columns, rows, title, opts.subtitle)
    : await pdfBytes(columns, rows, title, opts.subtitle);
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

// ---------------------------------------------------------------------------------------------
// docx and pdf: a heading and a table

/** Tables wider than this many columns are laid out on landscape pages. */
const LANDSCAPE_FROM_COLUMNS = 6;

const CZ_NUMBER = new Intl.NumberFormat("cs-CZ", { maximumFractionDigits: 6 });
const CZ_MONEY = new Intl.NumberFormat("cs-CZ", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** A cell as a document shows it: Czech numbers, `2. 12. 2026` (`14:05` added if not midnight). */
export function documentCell<T>(column: ExportColumn<T>, row: T): string {
  const value = column.value(row);
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    // Intl separates thousands with a no-break space: keep it (a number never wraps).
    return (column.money ? CZ_MONEY : CZ_NUMBER).format(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return "";
    const [y, m, d] = formatPragueDate(value).split("-").map(Number);
    const day = `${d}. ${m}. ${y}`;
    if (isPragueMidnight(value)) return day;
    return `${day} ${pragueWallClockAsUtc(value).toISOString().slice(11, 16)}`;
  }
  return value.replace(/\r\n?/g, "\n").replace(XML_INVALID, "\ufffd");
}

/** Which columns hold numbers (right-aligned): a money column, or one whose values are numbers. */
function numericColumns<T>(columns: ExportColumn<T>[], rows: T[]): boolean[] {
  return columns.map((c) =>
    c.money === true || (rows.length > 0 && rows.some((r) => typeof c.value(r) === "number"))
  );
}

async function docxBytes<T>(
  columns: ExportColumn<T>[],
  rows: T[],
  title: string,
  subtitle: string | undefined,
): Promise<Uint8Array<ArrayBuffer>> {
  const numeric = numericColumns(columns, rows);
  const landscape = columns.length >= LANDSCAPE_FROM_COLUMNS;
  const cell = (text: string, i: number, bold = false) =>
    new TableCell({
      children: text.split("\n").map((line) =>
        new Paragraph({
          alignment: numeric[i] ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [new TextRun({ text: line, bold, size: 18 })],
        })
      ),
    });
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((c, i) => cell(xlsxValue(c.header) as string, i, true)),
      }),
      ...rows.map((row) =>
        new TableRow({
          cantSplit: true,
          children: columns.map((c, i) => cell(documentCell(c, row), i)),
        })
      ),
    ],
  });
  const doc = new Document({
    creator: "Portál občana",
    title,
    styles: { default: { document: { run: { font: "DejaVu Sans" } } } },
    sections: [{
      properties: {
        page: {
          size: { orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: { top: 720, bottom: 720, left: 720, right: 720 },
        },
      },
      children: [
        new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(title)] }),
        ...(subtitle ? [new Paragraph({ children: [new TextRun(subtitle)] })] : []),
        new Paragraph({ children: [] }),
        table,
      ],
    }],
  });
  const buffer = await Packer.toArrayBuffer(doc);
  return new Uint8Array(buffer) as Uint8Array<ArrayBuffer>;
}

let pdfFonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

function loadPdfFonts() {
  pdfFonts ??= Promise.all([
    Deno.readFile(new URL("./fonts/DejaVuSans.ttf", import.meta.url)),
    Deno.readFile(new URL("./fonts/DejaVuSans-Bold.ttf", import.meta.url)),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return pdfFonts;
}

async function pdfBytes<T>(
  columns: ExportColumn<T>[],
  rows: T[],
  title: string,
  subtitle: string | undefined,
): Promise<Uint8Array<ArrayBuffer>> {
  const { regular, bold } = await loadPdfFonts();
  const landscape = columns.length >= LANDSCAPE_FROM_COLUMNS;
  const doc = new PDFDocument({
    size: "A4",
    layout: landscape ? "landscape" : "portrait",
    margin: 36,
    info: { Title: title, Creator: "Portál občana" },
  });
  doc.registerFont("body", Buffer.from(regular));
  doc.registerFont("bold", Buffer.from(bold));
  const chunks: Uint8Array[] = [];
  doc.on("data", (c: Uint8Array) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));

  doc.font("bold").fontSize(14).text(title);
  if (subtitle) doc.font("body").fontSize(9).text(subtitle);
  doc.moveDown();

  const numeric = numericColumns(columns, rows);
  const cells = rows.map((row) => columns.map((c) => documentCell(c, row)));
  const headers = columns.map((c) => xlsxValue(c.header) as string);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  // Column widths follow the longest content (capped), shared out over the page's width.
  const weights = columns.map((_, i) =>
    Math.min(
      40,
      Math.max(
        6,
        headers[i].length,
        ...cells.slice(0, 500).map((r) => Math.max(...r[i].split("\n").map((l) => l.length))),
      ),
    )
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / sum) * width);
  const pad = 3;
  const size = 8;

  const rowHeight = (texts: string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(
      ...texts.map((text, i) => doc.heightOfString(text || " ", { width: widths[i] - 2 * pad })),
    ) + 2 * pad;
  };
  const drawRow = (texts: string[], font: string, shade: boolean) => {
    const h = rowHeight(texts, font);
    const y = doc.y;
    if (shade) doc.rect(left, y, width, h).fill("#e8e8e8");
    doc.fillColor("#000000").font(font).fontSize(size);
    let x = left;
    texts.forEach((text, i) => {
      doc.text(text, x + pad, y + pad, {
        width: widths[i] - 2 * pad,
        align: numeric[i] ? "right" : "left",
      });
      x += widths[i];
    });
    doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.3).strokeColor("#999999")
      .stroke();
    doc.x = left;
    doc.y = y + h;
  };
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  drawRow(headers, "bold", true);
  for (const texts of cells) {
    if (doc.y + rowHeight(texts, "body") > bottom()) {
      doc.addPage();
      // The header row again on every page.
      drawRow(headers, "bold", true);
    }
    drawRow(texts, "body", false);
  }
  doc.end();
  await done;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
