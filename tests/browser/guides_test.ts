/**
 * A visitor finds a life situation in Chromium by accessible names: from the header to the list,
 * a search without diacritics, the guide and its online button; every page passes axe, and the
 * guide pages fit a 320 px wide screen and load no script.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { BrowserSuite, browserTest } from "./support.ts";

const suite = new BrowserSuite();
const DOG_FEE = "Přihlášení psa k místnímu poplatku";

Deno.test({
  name: "[browser] a visitor finds the dog-fee guide by searching without diacritics (axe)",
  ...browserTest,
  async fn() {
    const p = await suite.newPage();
    try {
      await p.visit("/");
      await p.followLink("Životní situace");
      assertEquals(await p.headings(1), ["Životní situace"]);
      const topics = await p.headings(2);
      assert(topics.includes("Poplatky"), topics.join());

      await p.fill("Hledat v životních situacích", "prihlaseni psa");
      await p.follow(() => p.page.keyboard.press("Enter"));
      assertStringIncludes(await p.mainText(), DOG_FEE);

      await p.followLink(DOG_FEE);
      assertEquals(await p.headings(1), [DOG_FEE]);
      const online = await p.link("Vyřídit online");
      assertEquals(
        await online.evaluate((a) => (a as HTMLAnchorElement).pathname),
        "/zivotni-situace/poplatek-ze-psa/formular",
      );
      // No island, no bundle (the only script in the tab is the axe audit the test injected).
      assertEquals(
        await p.page.$$eval("script[src], script[type='module'], #__frsh_props", (s) => s.length),
        0,
        "no JavaScript",
      );

      await p.visit("/zivotni-situace?q=kanalizacni+pripojka+xyz");
      assertStringIncludes(await p.mainText(), "jsme žádný návod nenašli");
      // (Not back to the list: this tab already has it, and the browser revalidates it to a 304.)
      await p.followLink("Hledat „kanalizacni pripojka xyz“ na úřední desce");
      assertEquals(await p.headings(1), ["Úřední deska"]);

      await p.visit("/zivotni-situace/pronajem-kulturniho-domu", { status: 404 });
      assertEquals(await p.headings(1), ["Stránka nenalezena"]);
    } finally {
      await p.close();
    }
  },
});

Deno.test({
  name: "[browser] the guide pages fit a 320 px wide screen and pass axe there",
  ...browserTest,
  async fn() {
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      for (
        const path of [
          "/zivotni-situace",
          "/zivotni-situace/poplatek-ze-psa",
          "/zivotni-situace/overeni-podpisu-a-listiny",
          "/zivotni-situace?q=nic+takoveho",
        ]
      ) {
        await p.visit(path);
        const width = await p.scrollWidth();
        assert(width <= 320, `${path} scrolls sideways at 320 px: the document is ${width} px`);
      }
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
