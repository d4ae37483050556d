/**
 * The spending registers in Chromium, continuing the budget explorer's story (issue 12): from
 * the invoices booked on a budget line to their supplier, to the supplier's contract, then that
 * invoice view exported to xlsx and read back; the registers, a supplier, a contract and the
 * open data page at 320 px. Every page is audited (axe WCAG 2.1 A+AA, CSP, console). The town is
 * the explorer's own (tests/support/budget_fixture.ts) with a contract added for its supplier.
 */
import ExcelJS from "exceljs";
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { BrowserSuite, browserTest, type PortalPage } from "./support.ts";
import { budgetTown } from "../support/budget_fixture.ts";
import { getDb } from "../../lib/db.ts";

const suite = new BrowserSuite();
const SUPPLIER = "27074358";

let contract: Promise<string> | undefined;

/** A contract of the explorer's town with the supplier of its invoices (once per process). */
function supplierContract(): Promise<string> {
  return contract ??= (async () => {
    const { tenantId } = await budgetTown();
    const db = getDb();
    const imp = await db.insertInto("budget_imports").values({
      tenant_id: tenantId,
      kind: "seed",
      year: null,
      mode: "append",
      file_name: "spending browser test",
      file_sha256: "0".repeat(64),
      row_count: 1,
      source: "seed",
    }).returning("id").executeTakeFirstOrThrow();
    const row = await db.insertInto("contracts").values({
      tenant_id: tenantId,
      import_id: imp.id,
      register_id: `browser-${crypto.randomUUID()}`,
      subject: "Smlouva o dílo na opravy bytového domu Lipová 12",
      concluded_on: "2026-02-01",
      number: "SOD-2026-12",
      value_without_vat_halere: 80_000_000,
      value_with_vat_halere: 96_800_000,
      counterparty_ico: SUPPLIER,
      counterparty_name: "Stavby Lhota s.r.o.",
      url: "https://smlouvy.gov.cz/smlouva/42",
      attachments: JSON.stringify([{ name: "smlouva.pdf", url: "https://smlouvy.gov.cz/s/42" }]),
    }).returning("id").executeTakeFirstOrThrow();
    return row.id;
  })();
}

async function townUrl(p: PortalPage, path: string): Promise<string> {
  const { host } = await budgetTown();
  return `http://${host}:${new URL(p.baseUrl).port}${path}`;
}

Deno.test({
  name: "[browser] spending: a budget line's invoices → their supplier → the contract; xlsx",
  ...browserTest,
  async fn() {
    await supplierContract();
    const p = await suite.newPage({ width: 1280, height: 900 });
    try {
      const line = "/faktury?rok=2026&paragraf=3612&polozka=5169";
      await p.visit(await townUrl(p, line));
      assertEquals(await p.headings(1), ["Faktury"]);
      const text = await p.mainText();
      assertStringIncludes(text, "Oprava střechy bytového domu Lipová 12");
      assertStringIncludes(text, "Nalezeno: 2, celkem 900 000,00 Kč");

      // The export of this view, fetched as the link gives it and read back.
      const href = await (await p.link("Excel (xlsx)")).evaluate((a) =>
        (a as HTMLAnchorElement).href
      );
      // Fetched by the page (the town's host name resolves in Chromium, not in Deno).
      const [status, bytes] = await p.page.evaluate(async (url) => {
        const res = await fetch(url);
        return [res.status, Array.from(new Uint8Array(await res.arrayBuffer()))] as const;
      }, href);
      assertEquals(status, 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(new Uint8Array(bytes).buffer);
      const documents: string[] = [];
      workbook.worksheets[0].eachRow((r, n) => {
        if (n > 1) documents.push(String(r.getCell(3).value));
      });
      assertEquals(documents.sort(), ["FP-2026-0042", "FP-2026-0043"]);

      await p.followLink("Stavby Lhota s.r.o.");
      assertEquals(new URL(p.page.url()).pathname, `/dodavatele/${SUPPLIER}`);
      assertEquals(await p.headings(1), ["Dodavatel Stavby Lhota s.r.o."]);
      assertStringIncludes(await p.mainText(), "900 000,00 Kč");

      await p.followLink("Smlouva o dílo na opravy bytového domu Lipová 12");
      assertEquals(await p.headings(1), ["Smlouva o dílo na opravy bytového domu Lipová 12"]);
      const facts = await p.mainText();
      assertStringIncludes(facts, "800 000,00 Kč");
      assertStringIncludes(facts, "968 000,00 Kč");
      await p.link("Záznam v registru smluv");
      await p.link("smlouva.pdf");
    } finally {
      await p.close();
    }
  },
});

Deno.test({
  name: "[browser] spending registers, a supplier, a contract and open data fit 320 px",
  ...browserTest,
  async fn() {
    const id = await supplierContract();
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      for (
        const path of [
          "/faktury",
          "/smlouvy",
          "/objednavky",
          `/dodavatele/${SUPPLIER}`,
          `/smlouvy/${id}`,
          "/opendata",
        ]
      ) {
        await p.visit(await townUrl(p, path));
        const width = await p.scrollWidth();
        assert(width <= 320, `${path} is ${width} px wide at 320 px`);
      }
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
