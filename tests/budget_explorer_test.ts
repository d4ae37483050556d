/**
 * The budget explorer `/rozpocet` over HTTP, on a town of its own (tests/support/budget_fixture.ts):
 * the sums of each drill-down level, the three years side by side, the shares, the URL that
 * carries the whole state (a row's link opens the level it names, and exports the same view),
 * the invoices' link at the deepest level, Czech 400s for what was typed by hand, and exports
 * that parse back (CSV, xlsx with exceljs; docx and PDF as files of their kind).
 */
import ExcelJS from "exceljs";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, hasServices, shared } from "./support/app.ts";
import { exportRows } from "./support/lists.ts";
import { budgetTown } from "./support/budget_fixture.ts";
import type { TestClient } from "./support/client.ts";
import { waitFor } from "./support/wait.ts";
import { getDb } from "../lib/db.ts";

const opts = { ...shared, ignore: !hasServices };

async function town(): Promise<TestClient> {
  const { host } = await budgetTown();
  return await client(host);
}

/** The page's text with tags dropped and spaces (no-break ones too) made plain. */
function text(html: string): string {
  return html.replace(/<[^>]+>/g, " ").replace(/&nbsp;|\u00a0/g, " ").replace(/\s+/g, " ");
}

function unescape(href: string): string {
  return href.replaceAll("&amp;", "&");
}

/** The explorer's CSV of a view: rows as { code: cells } (the totals row under ""). */
async function csvView(c: TestClient, path: string) {
  const out = await exportRows(c, path, "csv");
  assertEquals(out.status, 200, path);
  return { header: out.header, rows: new Map(out.rows.map((r) => [r[0], r])) };
}

/** A column's number in a CSV row ("1200000" or "42,4"). */
function num(cells: string[] | undefined, header: string[], name: string): number {
  assert(cells, `no row for ${name}`);
  const i = header.indexOf(name);
  assert(i >= 0, `no column ${name} in ${header.join(" | ")}`);
  return Number(cells[i].replace(",", "."));
}

Deno.test({
  name: "[budget] the year's expenditure by skupina: three years side by side, sums and shares",
  ...opts,
  async fn() {
    const c = await town();
    const res = await c.get("/rozpocet");
    assertEquals(res.status, 200);
    assertStringIncludes(res.headers.get("cache-control") ?? "", "public");
    const page = text(await res.text());
    assertStringIncludes(page, "Výdaje 2026: Skupiny");
    // 2023 has data but only the newest three years stand side by side.
    assertStringIncludes(page, "Po změnách 2024");
    assertStringIncludes(page, "Po změnách 2026");
    assert(!page.includes("Po změnách 2023"), "2023 is not shown beside 2026");
    // skupina 3: 1 200 000 + 500 000 + 350 000 + 800 000 after changes
    assertStringIncludes(page, "2 850 000 Kč");
    assertStringIncludes(page, "4 950 000 Kč"); // the total
    assertStringIncludes(page, "57,6 %");

    const { header, rows } = await csvView(c, "/rozpocet?rok=2026&strana=vydaje");
    assertEquals([...rows.keys()], ["2", "3", ""]);
    const amended = (code: string) => num(rows.get(code), header, "Rozpočet po změnách 2026 (Kč)");
    assertEquals(amended("2"), 2_100_000);
    assertEquals(amended("3"), 2_850_000);
    assertEquals(amended(""), amended("2") + amended("3"));
    assertEquals(num(rows.get("3"), header, "Schválený rozpočet 2026 (Kč)"), 2_600_000);
    assertEquals(num(rows.get("3"), header, "Skutečnost 2026 (Kč)"), 2_450_000);
    assertEquals(num(rows.get("3"), header, "Rozpočet po změnách 2025 (Kč)"), 2_565_000);
    assertEquals(num(rows.get("2"), header, "Podíl na celku 2026 (%)"), 42.4);

    // An older year shows the three years up to it.
    const older = await csvView(c, "/rozpocet?rok=2025");
    assert(older.header.includes("Rozpočet po změnách 2023 (Kč)"), older.header.join("|"));
    assert(!older.header.includes("Rozpočet po změnách 2026 (Kč)"));
    assertEquals(num(older.rows.get("3"), older.header, "Rozpočet po změnách 2023 (Kč)"), 600_000);
  },
});

Deno.test({
  name: "[budget] drill-down by link from skupina to paragraf, to položka, to the invoices",
  ...opts,
  async fn() {
    const c = await town();
    // The row header of skupina 3 links to its oddíly; the link is the state.
    let html = await c.page("/rozpocet");
    const rowLinks = [...html.matchAll(/<th[^>]*scope="row"[^>]*><a href="([^"]*)"/g)]
      .map((m) => unescape(m[1]));
    assertEquals(rowLinks, [
      "/rozpocet?rok=2026&strana=vydaje&paragraf=2",
      "/rozpocet?rok=2026&strana=vydaje&paragraf=3",
    ]);

    html = await c.page("/rozpocet?rok=2026&strana=vydaje&paragraf=36");
    let page = text(html);
    assertStringIncludes(page, "Výdaje 2026: Pododdíly");
    // Breadcrumbs name the path and lead back up.
    assertStringIncludes(html, 'href="/rozpocet?rok=2026&amp;strana=vydaje&amp;paragraf=3"');
    assertStringIncludes(page, "Skupina 3");
    let view = await csvView(c, "/rozpocet?rok=2026&strana=vydaje&paragraf=36");
    assertEquals([...view.rows.keys()], ["361", "363", ""]);
    const amended = (v: typeof view, code: string) =>
      num(v.rows.get(code), v.header, "Rozpočet po změnách 2026 (Kč)");
    assertEquals(amended(view, "361"), 1_700_000);
    assertEquals(amended(view, "363"), 350_000);
    assertEquals(amended(view, ""), 2_050_000);
    // Shares are of the filter's total.
    assertEquals(num(view.rows.get("361"), view.header, "Podíl na celku 2026 (%)"), 82.9);

    // A whole paragraf breaks down by položka: its link says so.
    html = await c.page("/rozpocet?rok=2026&strana=vydaje&paragraf=361");
    assertStringIncludes(
      html,
      'href="/rozpocet?rok=2026&amp;strana=vydaje&amp;podle=polozka&amp;paragraf=3612"',
    );
    view = await csvView(
      c,
      "/rozpocet?rok=2026&strana=vydaje&podle=polozka&paragraf=3612&polozka=51",
    );
    assertEquals([...view.rows.keys()], ["516", "517", ""]);
    assertEquals(amended(view, "516"), 1_200_000);

    // The deepest level: one paragraf × položka, with the invoices booked on it.
    html = await c.page("/rozpocet?rok=2026&strana=vydaje&podle=polozka&paragraf=3612&polozka=516");
    assertStringIncludes(html, 'href="/faktury?rok=2026&amp;paragraf=3612&amp;polozka=5169"');
    html = await c.page(
      "/rozpocet?rok=2026&strana=vydaje&podle=polozka&paragraf=3612&polozka=5169",
    );
    page = text(html);
    assertStringIncludes(page, "Faktury zaúčtované na tento řádek v roce 2026");
    assertStringIncludes(page, "1 200 000 Kč");
    assertStringIncludes(html, 'href="/faktury?rok=2026&amp;paragraf=3612&amp;polozka=5169"');
  },
});

Deno.test({
  name: "[budget] the URL round-trips: a sent link opens the same view, exports keep it",
  ...opts,
  async fn() {
    const c = await town();
    const state = "/rozpocet?rok=2025&strana=vydaje&podle=polozka&paragraf=36&polozka=5";
    const html = await c.page(state);
    // Export links are the same state with a format.
    for (const format of ["csv", "xlsx", "docx", "pdf"]) {
      assertStringIncludes(unescape(html), `href="${state}&format=${format}"`);
    }
    // The year choice keeps the rest of the state.
    assertStringIncludes(
      unescape(html),
      'href="/rozpocet?rok=2026&strana=vydaje&podle=polozka&paragraf=36&polozka=5"',
    );
    // A položka names its side: without `strana` the same view.
    const short = await c.page("/rozpocet?rok=2025&podle=polozka&paragraf=36&polozka=5");
    assertEquals(text(short).match(/Výdaje 2025: [^ ]+/)?.[0], "Výdaje 2025: Seskupení");
    // Departments, projects and organisations.
    const orj = await csvView(c, "/rozpocet?rok=2026&podle=orj");
    assertEquals(num(orj.rows.get("0300"), orj.header, "Rozpočet po změnách 2026 (Kč)"), 1_700_000);
    assertEquals(num(orj.rows.get("0400"), orj.header, "Rozpočet po změnách 2026 (Kč)"), 2_450_000);
    const inOrj = await csvView(c, "/rozpocet?rok=2026&orj=0400");
    assertEquals([...inOrj.rows.keys()], ["2", "3", ""]);
    assertEquals(num(inOrj.rows.get(""), inOrj.header, "Rozpočet po změnách 2026 (Kč)"), 2_450_000);
    const org = await csvView(c, "/rozpocet?rok=2026&podle=org");
    assertEquals(num(org.rows.get("102"), org.header, "Rozpočet po změnách 2026 (Kč)"), 2_100_000);
    const ico = await csvView(c, "/rozpocet?rok=2026&podle=organizace");
    assertEquals(num(ico.rows.get("70000001"), ico.header, "Skutečnost 2026 (Kč)"), 800_000);
    // Revenue and financing tabs.
    const revenue = await csvView(c, "/rozpocet?rok=2026&strana=prijmy");
    assertEquals(num(revenue.rows.get(""), revenue.header, "Skutečnost 2026 (Kč)"), 5_300_000);
    const financing = await csvView(c, "/rozpocet?rok=2026&strana=financovani&podle=polozka");
    assertEquals(
      num(financing.rows.get("8"), financing.header, "Rozpočet po změnách 2026 (Kč)"),
      -250_000,
    );
  },
});

Deno.test({
  name: "[budget] parameters typed by hand: a Czech 400, a year without data a 404",
  ...opts,
  async fn() {
    const c = await town();
    const cases: [string, number, string][] = [
      ["rok=dva", 400, "Rok musí být čtyřmístné číslo"],
      ["rok=12026", 400, "Rok musí být čtyřmístné číslo"],
      ["strana=dluhy", 400, "Strana rozpočtu může být jen"],
      ["podle=barvy", 400, "Členění může být jen"],
      ["paragraf=36a", 400, "Paragraf musí mít 1 až 4 číslice"],
      ["paragraf=36120", 400, "Paragraf musí mít 1 až 4 číslice"],
      ["polozka=-5", 400, "Položka musí mít 1 až 4 číslice"],
      ["strana=vydaje&polozka=1111", 400, "Položka nepatří na zvolenou stranu"],
      ["ico=123", 400, "IČO musí mít 8 číslic"],
      ["orj=%3Cscript%3E", 400, "Kód odboru nebo akce"],
      ["format=exe", 400, "Export je možný jen ve formátu"],
      ["rok=1999", 404, "Za tento rok obec rozpočet nezveřejnila"],
    ];
    for (const [query, status, message] of cases) {
      const res = await c.get(`/rozpocet?${query}`);
      const body = text(await res.text());
      assertEquals(res.status, status, query);
      assertStringIncludes(body, message, query);
    }
  },
});

Deno.test({
  name: "[budget] exports parse back: CSV and xlsx hold the table's rows, docx and PDF are files",
  ...opts,
  async fn() {
    const c = await town();
    const path = "/rozpocet?rok=2026&strana=vydaje&paragraf=36";
    const csv = await csvView(c, path);
    const res = await c.get(`${path}&format=xlsx`);
    assertEquals(res.status, 200);
    assertStringIncludes(res.headers.get("content-disposition") ?? "", "rozpocet-");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    assertEquals(header, csv.header);
    const amendedCol = header.indexOf("Rozpočet po změnách 2026 (Kč)") + 1;
    const byCode = new Map<string, number>();
    sheet.eachRow((row, n) => {
      if (n > 1) {
        byCode.set(String(row.getCell(1).value ?? ""), Number(row.getCell(amendedCol).value));
      }
    });
    assertEquals(byCode.get("361"), 1_700_000);
    assertEquals(byCode.get(""), 2_050_000);
    assertEquals(byCode.size, csv.rows.size);
    for (const [format, magic] of [["docx", "PK"], ["pdf", "%PDF"]] as const) {
      const file = await c.get(`${path}&format=${format}`);
      assertEquals(file.status, 200, format);
      const bytes = new Uint8Array(await file.arrayBuffer());
      assertEquals(new TextDecoder().decode(bytes.slice(0, magic.length)), magic, format);
    }
  },
});

Deno.test({
  name: "[budget] an import shows at once: the kept view is dropped when finance data changes",
  ...opts,
  async fn() {
    const c = await town();
    const { tenantId } = await budgetTown();
    const path = "/rozpocet?rok=2026&strana=vydaje&paragraf=5";
    // Nothing under skupina 5 yet; the view is now kept.
    assertStringIncludes(text(await c.page(path)), "nejsou žádné rozpočtové řádky");
    const db = getDb();
    const imp = await db.insertInto("budget_imports").values({
      tenant_id: tenantId,
      kind: "seed",
      year: 2026,
      mode: "append",
      file_name: "doplnek.csv",
      file_sha256: "1".repeat(64),
      row_count: 1,
      source: "seed",
    }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("budget_lines").values({
      tenant_id: tenantId,
      import_id: imp.id,
      year: 2026,
      paragraf: "5512",
      polozka: "5139",
      approved_halere: 12_345_600,
      amended_halere: 12_345_600,
      actual_halere: 0,
    }).execute();
    await waitFor(async () => text(await c.page(path)).includes("123 456 Kč"), {
      what: "the explorer to show the imported line",
    });
  },
});
