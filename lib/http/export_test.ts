import ExcelJS from "exceljs";
import JSZip from "jszip";
import { assert, assertEquals, assertMatch, assertRejects } from "../../tests/assert.ts";
import {
  csvCell,
  csvText,
  EXPORT_MAX_ROWS,
  EXPORT_TOO_LARGE,
  type ExportColumn,
  exportResponse,
} from "./export.ts";
import { isSafeHeaderValue } from "../web/input.ts";
import { HttpError } from "../web/page.ts";

interface Row {
  name: string;
  amount: number | null;
  at: Date | null;
}

const COLUMNS: ExportColumn<Row>[] = [
  { header: "Jméno; příjmení", value: (r) => r.name },
  { header: "Částka", value: (r) => r.amount },
  { header: "Kdy", value: (r) => r.at },
];

const ROWS: Row[] = [
  { name: "Žofie Řezníčková", amount: 1250.5, at: new Date("2026-07-15T08:30:00Z") },
  { name: '=HYPERLINK("http://zle.example";"klik")', amount: -20, at: null },
  { name: "řádek\r\ndruhý", amount: null, at: new Date("2026-01-31T23:00:00Z") },
  { name: "+420 777 123 456", amount: 0, at: null },
  { name: "@SUM(A1)", amount: 3, at: null },
  { name: "-1", amount: 1, at: null },
  { name: "\tskrytý", amount: 1, at: null },
];

Deno.test("[export] CSV: BOM, semicolons, CRLF, RFC 4180 quoting, Prague time", async () => {
  const res = await exportResponse("csv", "zkouska", COLUMNS, ROWS.slice(0, 3), {
    now: new Date("2026-12-01T23:30:00Z"),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  assertEquals([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes.slice(3));
  assertEquals(
    text,
    [
      '"Jméno; příjmení";Částka;Kdy',
      "Žofie Řezníčková;1250,5;2026-07-15 10:30",
      `"'=HYPERLINK(""http://zle.example"";""klik"")";-20;`,
      '"řádek\r\ndruhý";;2026-02-01',
      "",
    ].join("\r\n"),
  );
  // a day in Prague, not in UTC (23:30 UTC on 1 December is 2 December in Prague)
  assertEquals(
    res.headers.get("content-disposition"),
    'attachment; filename="zkouska-2026-12-02.csv"',
  );
  assertEquals(res.headers.get("content-type"), "text/csv; charset=utf-8; header=present");
  assertEquals(res.headers.get("cache-control"), "private, no-store");
});

Deno.test("[export] CSV: a text cell that could start a formula is prefixed with '", () => {
  for (const cell of ["=1+1", "+420", "-1", "@SUM(A1)", "\tx", "\rx"]) {
    const out = csvCell(cell);
    assert(out.startsWith("'") || out.startsWith(`"'`), `${JSON.stringify(cell)} → ${out}`);
  }
  assertEquals(csvCell("Horák"), "Horák");
  assertEquals(csvCell("a=b"), "a=b");
  assertEquals(csvCell(-20), "-20");
  assertEquals(csvCell(null), "");
  assertEquals(csvCell(Number.NaN), "");
  assertEquals(csvCell(' mezera"'), '" mezera"""');
  const text = csvText(COLUMNS, ROWS);
  for (const line of text.split("\r\n").slice(1)) {
    assert(!/^[=+\-@\t\r]/.test(line.replace(/^"/, "")), line);
  }
});

Deno.test("[export] xlsx: exceljs reads back the same cells, a bold header, real dates", async () => {
  const res = await exportResponse("xlsx", "zkouska", COLUMNS, ROWS, {
    sheetName: "Osoby: [výběr]",
    now: new Date("2026-12-02T10:00:00Z"),
  });
  assertEquals(
    res.headers.get("content-type"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  );
  assertEquals(
    res.headers.get("content-disposition"),
    'attachment; filename="zkouska-2026-12-02.xlsx"',
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  const sheet = workbook.worksheets[0];
  assertEquals(sheet.name, "Osoby   výběr");
  assertEquals(sheet.rowCount, ROWS.length + 1);
  const header = sheet.getRow(1);
  assertEquals(header.getCell(1).value, "Jméno; příjmení");
  assertEquals(header.getCell(1).font?.bold, true);
  const first = sheet.getRow(2);
  assertEquals(first.getCell(1).value, "Žofie Řezníčková");
  assertEquals(first.getCell(2).value, 1250.5);
  // Excel shows 10:30, Prague's summer time of 08:30 UTC
  assertEquals((first.getCell(3).value as Date).toISOString(), "2026-07-15T10:30:00.000Z");
  assertEquals(first.getCell(3).numFmt, "d.m.yyyy h:mm");
  const second = sheet.getRow(3);
  // text stays text in a workbook: never a formula
  assertEquals(second.getCell(1).value, '=HYPERLINK("http://zle.example";"klik")');
  assertEquals(second.getCell(1).type, ExcelJS.ValueType.String);
  assertEquals(second.getCell(2).value, -20);
  assertEquals(second.getCell(3).value, null);
  const third = sheet.getRow(4);
  assertEquals(third.getCell(1).value, "řádek\ndruhý");
  assertEquals((third.getCell(3).value as Date).toISOString(), "2026-02-01T00:00:00.000Z");
  assertEquals(third.getCell(3).numFmt, "d.m.yyyy");
  assert((sheet.getColumn(1).width ?? 0) >= 17);
  // the CSV of the same rows has the same cells (the formula guard and CRLF aside)
  const csv = parseCsv(csvText(COLUMNS, ROWS).slice(1));
  assertEquals(csv.length, sheet.rowCount);
  csv.forEach((cells, r) => {
    const row = sheet.getRow(r + 1);
    cells.forEach((cell, c) => {
      const xlsx = row.getCell(c + 1).value;
      const expected = xlsx === null
        ? ""
        : typeof xlsx === "number"
        ? String(xlsx).replace(".", ",")
        : xlsx instanceof Date
        ? xlsx.toISOString().slice(0, 16).replace("T", " ").replace(/ 00:00$/, "")
        : String(xlsx);
      const unguarded = /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
      assertEquals(unguarded.replaceAll("\r\n", "\n"), expected, `row ${r + 1} column ${c + 1}`);
    });
  });
});

Deno.test("[export] header values are safe and the file base is an ASCII constant", async () => {
  const res = await exportResponse("csv", "uredni-deska", COLUMNS, []);
  for (const [, value] of res.headers) assert(isSafeHeaderValue(value), value);
  assertMatch(
    res.headers.get("content-disposition")!,
    /^attachment; filename="uredni-deska-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const empty = new TextDecoder("utf-8", { ignoreBOM: true }).decode(
    new Uint8Array(await res.arrayBuffer()),
  );
  assertEquals(empty, '\ufeff"Jméno; příjmení";Částka;Kdy\r\n');
  await assertRejects(() => exportResponse("csv", 'a"; filename=x.exe', COLUMNS, []));
  await assertRejects(() => exportResponse("xlsx", "Osoby", COLUMNS, []));
});

Deno.test("[export] more than the limit is a 422 with a message key, not a huge file", async () => {
  const rows = Array.from({ length: EXPORT_MAX_ROWS + 1 }, () => ROWS[0]);
  const error = await assertRejects(() => exportResponse("xlsx", "ukoly", COLUMNS, rows));
  assert(error instanceof HttpError);
  assertEquals(error.status, 422);
  assertEquals(error.message, EXPORT_TOO_LARGE);
  const ok = await exportResponse("csv", "ukoly", COLUMNS, rows.slice(1));
  assertEquals(ok.status, 200);
});

/** RFC 4180 with `;`: rows of cells (the test's reader, independent of the writer). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"', i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ";") (row.push(cell), cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      (row.push(cell), rows.push(row), row = [], cell = "", i++);
    } else cell += ch;
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// docx and pdf

const WIDE: ExportColumn<Row>[] = [
  ...COLUMNS,
  { header: "Dodavatel", value: (r) => r.name },
  { header: "Popis", value: () => "Oprava místní komunikace" },
  { header: "Částka v Kč", value: (r) => r.amount, money: true },
];

Deno.test("[export] docx: title, subtitle, header row repeated, right-aligned amounts, rows' text", async () => {
  const res = await exportResponse("docx", "zkouska", WIDE, ROWS.slice(0, 3), {
    title: "Faktury 2026",
    subtitle: "Hledáno: oprava",
    now: new Date("2026-12-01T23:30:00Z"),
  });
  assertEquals(
    res.headers.get("content-type"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  );
  assertEquals(
    res.headers.get("content-disposition"),
    'attachment; filename="zkouska-2026-12-02.docx"',
  );
  const zip = await JSZip.loadAsync(new Uint8Array(await res.arrayBuffer()));
  const xml = await zip.file("word/document.xml")!.async("string");
  assertMatch(xml, /Faktury 2026/);
  assertMatch(xml, /Hledáno: oprava/);
  assertMatch(xml, /Žofie Řezníčková/);
  assertMatch(xml, /Částka v Kč/);
  // 1250.5 as a Czech amount (no-break space between thousands), right-aligned
  assertMatch(xml, /1\u00a0250,50/);
  assertMatch(xml, /<w:jc w:val="(right|end)"\/>/);
  // the header row repeats on every page, the page is landscape (eight columns)
  assertMatch(xml, /<w:tblHeader\/>/);
  assertMatch(xml, /w:orient="landscape"/);
  // Prague dates in Czech form
  assertMatch(xml, /15\. 7\. 2026 10:30/);
  assertMatch(xml, /1\. 2\. 2026/);
});

Deno.test("[export] pdf: a PDF in landscape with DejaVu Sans embedded; a narrow table is portrait", async () => {
  const rows = Array.from({ length: 120 }, (_, i) => ({ ...ROWS[0], amount: i }));
  const res = await exportResponse("pdf", "zkouska", WIDE, rows, { title: "Faktury 2026" });
  assertEquals(res.headers.get("content-type"), "application/pdf");
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder("latin1").decode(bytes);
  assert(text.startsWith("%PDF-1."));
  assert(text.trimEnd().endsWith("%%EOF"));
  assertMatch(text, /\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
  assertMatch(text, /\/FontFile2/);
  // A4 landscape, and 120 rows need more than one page
  assertMatch(text, /\/MediaBox \[0 0 841\.89 595\.28\]/);
  const pages = text.match(/\/Type \/Page\b/g) ?? [];
  assert(pages.length >= 2, `pages: ${pages.length}`);

  const narrow = await exportResponse("pdf", "zkouska", COLUMNS, ROWS.slice(0, 2));
  const narrowText = new TextDecoder("latin1").decode(new Uint8Array(await narrow.arrayBuffer()));
  assertMatch(narrowText, /\/MediaBox \[0 0 595\.28 841\.89\]/);
});
