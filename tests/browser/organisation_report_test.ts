/**
 * The founded organisation's financial report in Chromium at 320 px, each page axe-audited: the
 * accountant's form, her filed case, and the finance clerk's queue and case page.
 */
import { assert, assertEquals } from "../assert.ts";
import { BrowserSuite, browserTest, DEMO_CLERK, signIn } from "./support.ts";
import { client, demoTowns } from "../support/app.ts";
import { hiddenField } from "../support/client.ts";
import { getDb } from "../../lib/db.ts";
import { DEMO_ACCOUNTANT } from "../../db/seeds/demo.ts";

const suite = new BrowserSuite();
const FORM = "/zivotni-situace/financni-vykaz-organizace/formular";

Deno.test({
  name:
    "[browser] the organisation report's form, case and the clerk's pages fit 320 px and pass axe",
  ...browserTest,
  async fn() {
    const { lipnice } = await demoTowns();
    const org = await getDb().selectFrom("budget_organisations").select("ico")
      .where("tenant_id", "=", lipnice.id).where("name", "like", "Základní škola%")
      .executeTakeFirstOrThrow();
    // Filed as a browser without JavaScript would post it.
    const c = await client();
    await c.loginCitizen(DEMO_ACCOUNTANT.username, DEMO_ACCOUNTANT.password);
    const form = await c.page(FORM);
    const text = 'MODUL;DATUM;PARAGRAF;POLOZKA;CASTKA\nROZ;1.1.2016;3113;5011;"500 000,00"\n';
    const filed = await c.post(FORM, {
      _idem: hiddenField(form, "_idem"),
      organisationIco: org.ico,
      year: "2016",
      period: "rok",
      format: "cityvizor",
      figures: new File([new TextEncoder().encode(text)], "vykaz.csv", { type: "text/csv" }),
      note: "",
    });
    await filed.body?.cancel();
    assertEquals(filed.status, 303);
    const id = /\/ucet\/podani\/([0-9a-f-]{36})/.exec(filed.headers.get("location") ?? "")![1];

    const accountant = await suite.newPage({ width: 320, height: 640 });
    const clerk = await suite.newPage({ width: 320, height: 640 });
    try {
      // No SMS factor: signed in by the password alone.
      await signIn(accountant, {
        username: DEMO_ACCOUNTANT.username,
        password: DEMO_ACCOUNTANT.password,
      });
      for (const path of [FORM, `/ucet/podani/${id}`]) {
        await accountant.visit(path);
        const width = await accountant.scrollWidth();
        assert(width <= 320, `${path} scrolls sideways at 320 px: ${width} px`);
      }
      await signIn(clerk, DEMO_CLERK);
      for (const path of ["/urad/ukoly", `/urad/ukoly/${id}`]) {
        await clerk.visit(path);
        const width = await clerk.scrollWidth();
        assert(width <= 320, `${path} scrolls sideways at 320 px: ${width} px`);
      }
    } finally {
      await accountant.close();
      await clerk.close();
      await suite.close();
    }
  },
});
