/**
 * Needs a migrated database: `DATABASE_URL` (the test runner provides one). Skipped without it.
 */
import { assertEquals, assertNotEquals } from "../../tests/assert.ts";
import { createDb } from "../../lib/db.ts";
import { findReport, insertReport } from "./accessibility_reports.ts";

const url = Deno.env.get("DATABASE_URL");

Deno.test({
  name: "[db] a double-submitted barrier report is stored once, and only for its own town",
  ignore: !url,
  async fn() {
    const db = createDb(url!, 2);
    try {
      const suffix = crypto.randomUUID().slice(0, 8);
      const tenants = await db.insertInto("tenants").values(["a", "b"].map((x) => ({
        slug: `a11y-${x}-${suffix}`,
        name: `Test ${x}`,
        official_name: `Obec Test ${x}`,
        ico: "00000000",
        iban: "CZ6508000000192000145399",
        address: "Náměstí 1",
        email: "obec@example.cz",
        phone: "+420 123 456 789",
        hosts: [`a11y-${x}-${suffix}.localhost`],
        crest_svg: null,
        settings: JSON.stringify({}),
      }))).returning("id").execute();
      const [town, other] = tenants.map((t) => t.id);
      const report = {
        idempotencyKey: crypto.randomUUID(),
        pageUrl: "/uredni-deska",
        description: "Tlačítko nejde ovládat klávesnicí.",
        contactEmail: null,
      };

      const first = await insertReport(db, town, report);
      const again = await insertReport(db, town, report);
      assertEquals(first.created, true);
      assertEquals(again, { id: first.id, created: false });

      const rows = await db.selectFrom("accessibility_reports").select(["id", "status"])
        .where("tenant_id", "=", town).execute();
      assertEquals(rows, [{ id: first.id, status: "new" }]);

      // The same key in another town is another report; and no town sees another's report.
      const elsewhere = await insertReport(db, other, report);
      assertEquals(elsewhere.created, true);
      assertNotEquals(elsewhere.id, first.id);
      assertEquals(await findReport(db, other, first.id), undefined);
      assertEquals((await findReport(db, town, first.id))?.page_url, "/uredni-deska");
    } finally {
      await db.destroy();
    }
  },
});
