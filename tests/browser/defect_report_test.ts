/**
 * A visitor reads the town's reported defects in Chromium by accessible names: from the
 * defect-report guide to the list, a search without diacritics, one report; every page passes
 * axe at 1024 px and at 320 px (where nothing scrolls sideways), and ships no script.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { BrowserSuite, browserTest } from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { getDb } from "../../lib/db.ts";
import { insertDefectReport } from "../support/defect_fixture.ts";

const suite = new BrowserSuite();

/** A report in the public projection (the workflow is tested elsewhere). */
async function seedReport(street: string): Promise<string> {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const person = await db.selectFrom("persons").select("id").where("tenant_id", "=", lipnice.id)
    .where("username", "=", "tomas.horak.1001").executeTakeFirstOrThrow();
  return await insertDefectReport(db, {
    tenantId: lipnice.id,
    personId: person.id,
    category: "verejneOsvetleni",
    place: `${street}, Lipnice nad Hájem`,
    status: "assigned",
  });
}

Deno.test({
  name:
    "[browser] a visitor finds a reported defect from the guide, by a search without diacritics (axe)",
  ...browserTest,
  async fn() {
    const street = `Zámecká ${Math.floor(Math.random() * 90000) + 10000}`;
    await seedReport(street);
    const p = await suite.newPage({ width: 1024, height: 800 });
    try {
      await p.visit("/zivotni-situace/hlaseni-zavady");
      await p.followLink("Nahlášené závady a stav jejich vyřízení");
      assertEquals(await p.headings(1), ["Nahlášené závady"]);
      await p.fill("Hledat podle místa, druhu závady nebo odboru", street.replace("á", "a"));
      await p.follow(() => p.page.keyboard.press("Enter"));
      const title = `Veřejné osvětlení – ${street}, Lipnice nad Hájem`;
      assertStringIncludes(await p.mainText(), title);
      await p.followLink(title);
      assertEquals(await p.headings(1), [title]);
      assertStringIncludes(await p.mainText(), "Řeší se");
      assertEquals(
        await p.page.$$eval("script[src], script[type='module'], #__frsh_props", (s) => s.length),
        0,
        "no JavaScript",
      );
    } finally {
      await p.close();
    }
  },
});

Deno.test({
  name: "[browser] the reported defects fit a 320 px wide screen and pass axe there",
  ...browserTest,
  async fn() {
    const id = await seedReport(`Dlouhá ${Math.floor(Math.random() * 90000) + 10000}`);
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      for (
        const path of ["/hlaseni-zavad", `/hlaseni-zavad/${id}`, "/hlaseni-zavad?q=nic+takoveho"]
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
