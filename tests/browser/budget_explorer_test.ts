/**
 * A visitor explores a town's budget in Chromium (tests/support/budget_fixture.ts: a town of its
 * own, so the sums are known): from the home page to the year's expenditure, clicking down from
 * skupina to paragraf and on through the položky to one budget line, then to the invoices booked
 * on it; the chart's measure buttons and its bars, which are links; the same views at 320 px.
 * Every page is audited (axe WCAG 2.1 A+AA, CSP, console), the chart included.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { BrowserSuite, browserTest, type PortalPage } from "./support.ts";
import { budgetTown } from "../support/budget_fixture.ts";

const suite = new BrowserSuite();

/** The explorer's town's address on the test server. */
async function townUrl(p: PortalPage, path: string): Promise<string> {
  const { host } = await budgetTown();
  const base = new URL(p.baseUrl);
  return `http://${host}:${base.port}${path}`;
}

/** Follows the table's row link of a code ("36 Bydlení, …"), by its accessible name. */
async function drill(p: PortalPage, code: string): Promise<void> {
  const name = await p.page.$$eval(
    "table.budget-table th[scope=row] a",
    (links, code) =>
      links.map((a) => (a.textContent ?? "").trim()).find((t) =>
        t === code || t.startsWith(`${code} `)
      ),
    code,
  );
  assert(name, `no row ${code} on ${p.page.url()}`);
  await p.followLink(name);
}

/** The table's first column, without the totals row. */
function rowCodes(p: PortalPage): Promise<string[]> {
  return p.page.$$eval(
    "table.budget-table th[scope=row] a",
    (links) => links.map((a) => (a.textContent ?? "").trim().split(" ")[0]),
  );
}

Deno.test({
  name: "[browser] budget explorer: from the year's expenditure to a paragraf, a položka, invoices",
  ...browserTest,
  async fn() {
    const p = await suite.newPage({ width: 1280, height: 900 });
    try {
      await p.visit(await townUrl(p, "/"));
      await p.followLink("Rozpočet");
      assertEquals(await p.headings(1), ["Rozpočet obce Rozpočtová Lhota"]);
      assertStringIncludes(await p.mainText(), "Výdaje 2026: Skupiny");
      assertEquals(await rowCodes(p), ["2", "3"]);

      // The chart: bars are links (keyboard-focusable), the measure buttons work once hydrated.
      const bars = await p.page.$$eval(
        ".budget-chart svg a",
        (as) => as.map((a) => (a.textContent ?? "").replace(/\s+/g, " ").trim()),
      );
      assertEquals(bars.length, 2);
      assert(bars[0]?.startsWith("3 ") && bars[0].endsWith("2 850 000 Kč"), `bars: ${bars}`);
      const actual = await p.button("Skutečnost");
      await actual.click();
      await p.page.waitForFunction(() =>
        document.querySelector(".budget-chart button[aria-pressed=true]")?.textContent ===
          "Skutečnost"
      );
      const labels = await p.page.$$eval(
        ".budget-chart svg a",
        (as) => as.map((a) => (a.textContent ?? "").replace(/\s+/g, " ").trim()),
      );
      assert(labels.some((l) => l?.endsWith("2 450 000 Kč")), `bars after the switch: ${labels}`);
      await p.axe();
      // Tab reaches the bars (keyboard users can drill from the chart too).
      await p.page.focus(".budget-chart button");
      for (let i = 0; i < 3; i++) await p.page.keyboard.press("Tab");
      assert(
        await p.page.evaluate(() => document.activeElement?.matches(".budget-chart svg a")),
        "Tab after the measure buttons focuses the first bar",
      );

      // skupina → oddíl → pododdíl → paragraf, then its položky down to one line.
      await drill(p, "3");
      assertStringIncludes(await p.mainText(), "Výdaje 2026: Oddíly");
      await drill(p, "36");
      await drill(p, "361");
      assertStringIncludes(await p.mainText(), "Výdaje 2026: Paragrafy");
      await drill(p, "3612");
      assertStringIncludes(await p.mainText(), "Výdaje 2026: Třídy");
      await drill(p, "5");
      await drill(p, "51");
      await drill(p, "516");
      assertEquals(await rowCodes(p), ["5169"]);
      await drill(p, "5169");
      const url = new URL(p.page.url());
      assertEquals(url.searchParams.get("paragraf"), "3612");
      assertEquals(url.searchParams.get("polozka"), "5169");
      const text = await p.mainText();
      assertStringIncludes(text, "1 200 000 Kč");
      // The breadcrumbs lead back to the paragraf.
      await p.link("Paragraf 3612 Bytové hospodářství");

      // The invoices booked on the line (helper R's register).
      await p.followLink("Faktury zaúčtované na tento řádek v roce 2026");
      const invoices = new URL(p.page.url());
      assertEquals(invoices.pathname, "/faktury");
      assertEquals(invoices.searchParams.get("paragraf"), "3612");
      assertEquals(invoices.searchParams.get("polozka"), "5169");
      assertStringIncludes(await p.mainText(), "Stavby Lhota s.r.o.");
      // The story goes on in tests/browser/spending_test.ts: from these invoices to their
      // supplier and the contract, and this view exported to xlsx and read back.
    } finally {
      await p.close();
    }
  },
});

Deno.test({
  name: "[browser] budget explorer views fit a 320 px wide screen, chart and table",
  ...browserTest,
  async fn() {
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      for (
        const path of [
          "/rozpocet",
          "/rozpocet?rok=2025&strana=vydaje&paragraf=36",
          "/rozpocet?rok=2026&strana=vydaje&podle=orj",
          "/rozpocet?rok=2026&strana=prijmy&podle=polozka",
          "/rozpocet?rok=2026&strana=vydaje&paragraf=3612&polozka=5169",
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
