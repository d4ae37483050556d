/**
 * A visitor walks the public pages of "Obec Lipnice nad Hájem" in Chromium, finding everything
 * by its accessible name; every page is audited (status, CSP, console, requests, axe WCAG A+AA).
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../assert.ts";
import { BrowserSuite, browserTest } from "./support.ts";

const suite = new BrowserSuite();
const BUDGET = "Návrh rozpočtu obce Lipnice nad Hájem na rok 2027";
const RESOLUTION = "Usnesení z 8. zasedání zastupitelstva obce";

Deno.test({
  name: "[browser] a visitor walks the public pages and every one passes axe (WCAG 2.1 AA)",
  ...browserTest,
  async fn() {
    const p = await suite.newPage();
    try {
      await p.visit("/");
      assertMatch((await p.headings(1)).join(" "), /Lipnice nad Hájem/);
      // The first Tab reaches the skip link; it takes keyboard users past the header.
      await p.page.keyboard.press("Tab");
      assertEquals(await p.focusedText(), "Přeskočit na obsah");
      await p.page.keyboard.press("Enter");
      assert(
        await p.page.evaluate(() =>
          document.querySelector("main")?.contains(document.activeElement)
        ),
        "the skip link moves focus into the main content",
      );

      await p.followLink("Úřední deska");
      assertEquals(await p.headings(1), ["Úřední deska"]);
      assertStringIncludes(await p.mainText(), BUDGET);

      await p.followLink(BUDGET);
      assertEquals(await p.headings(1), [BUDGET]);
      const attachments = await p.page.$$eval(
        "a[href*='/dokumenty/']",
        (links) => links.map((a) => a.textContent ?? ""),
      );
      assert(attachments.some((name) => name.endsWith(".txt")), `attachments: ${attachments}`);

      // Searched for: other test files running meanwhile archive notices of their own.
      await p.visit(`/uredni-deska/archiv?q=${encodeURIComponent(RESOLUTION)}`);
      assertEquals(await p.headings(1), ["Archiv úřední desky"]);
      assertStringIncludes(await p.mainText(), RESOLUTION);

      await p.visit("/pristupnost");
      assertEquals(await p.headings(1), ["Prohlášení o přístupnosti"]);
      await p.followLink("Nahlásit problém s přístupností");
      assertEquals(await p.headings(1), ["Nahlásit problém s přístupností"]);

      await p.visit("/prihlaseni");
      assertEquals(await p.headings(1), ["Přihlášení"]);

      await p.visit("/neexistuje", { status: 404 });
      assertEquals(await p.headings(1), ["Stránka nenalezena"]);
      await p.followLink("Přejít na úvodní stránku");
      assertEquals(new URL(p.page.url()).pathname, "/");

      await p.followLink("English");
      assertEquals(await p.page.$eval("html", (html) => html.lang), "en");
      assertMatch((await p.headings(1)).join(" "), /Lipnice nad Hájem/);
      await p.link("Official notice board");
      // The switch back is offered in Czech.
      await p.link("Česky");
    } finally {
      await p.close();
    }
  },
});

Deno.test({
  name: "[browser] the home page and the notice board fit a 320 px wide screen",
  ...browserTest,
  async fn() {
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      for (const path of ["/", "/uredni-deska"]) {
        await p.visit(path);
        const width = await p.scrollWidth();
        assert(
          width <= 320,
          `${path} scrolls sideways at 320 px: the document is ${width} px wide`,
        );
      }
    } finally {
      await p.close();
    }
  },
});

Deno.test({
  name: "[browser] a visitor searches the notice board and finds the budget proposal",
  ...browserTest,
  async fn() {
    const p = await suite.newPage();
    try {
      await p.visit("/uredni-deska");
      await p.fill("Hledat na úřední desce", "rozpočtu");
      await p.follow(() => p.page.keyboard.press("Enter"));
      assertEquals(new URL(p.page.url()).pathname, "/uredni-deska");
      const text = await p.mainText();
      assertStringIncludes(text, BUDGET);
      assertMatch(text, /Nalezen(o|y)? \d+ dokument/);
      await p.link(BUDGET);
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
