/**
 * The clerk's statement pages in Chromium at 320 px, by accessible names, every page audited
 * (status, CSP, console, axe WCAG 2.1 A/AA) and none scrolling sideways: the workspace link, the
 * upload (a malformed file first: the error summary names the line; then a good one), the
 * statement's lines, the queue, and a line assigned to the payer's obligation after a search.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  DEMO_CLERK,
  type PortalPage,
  signIn,
  upload,
} from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { getDb } from "../../lib/db.ts";
import { insertLedgerObligation } from "../../db/repositories/ledger.ts";
import { writeGpc } from "../../domain/statements/gpc_writer.ts";
import { formatCzk } from "../../domain/money.ts";

const suite = new BrowserSuite();

async function fitsNarrowScreen(p: PortalPage): Promise<void> {
  const width = await p.scrollWidth();
  assert(width <= 320, `${p.page.url()} scrolls sideways at 320 px: ${width} px`);
}

Deno.test({
  name: "[browser] a clerk uploads a statement and assigns an unmatched payment at 320 px (axe)",
  ...browserTest,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "portal-statement-" });
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      const { lipnice } = await demoTowns();
      const db = getDb();
      const run = crypto.randomUUID().slice(0, 6);
      const person = await db.insertInto("persons").values({
        tenant_id: lipnice.id,
        username: `vypis.${run}`,
        given_name: "Bohumila",
        family_name: "Třešňáková",
        updated_at: new Date(),
      }).returning("id").executeTakeFirstOrThrow();
      const vs = `8${String(Date.now() % 1e8).padStart(8, "0")}`;
      await insertLedgerObligation(db, lipnice.id, {
        personId: person.id,
        kind: "dog_fee",
        agenda: "poplatky",
        year: 2026,
        sourceKey: `browser-statement-${vs}`,
        amountHalere: 150_000,
        dueDate: "2026-06-30",
        variableSymbol: vs,
        account: lipnice.iban,
      });
      const ref = String(Date.now() % 1e10);
      const bytes = writeGpc([{
        account: lipnice.iban,
        accountName: "OBEC LIPNICE",
        statementNumber: "301",
        statementDate: "2026-05-12",
        openingBalanceHalere: 5_000_000,
        closingBalanceHalere: null,
        lines: [
          {
            bankRef: `${ref}1`,
            bookingDate: "2026-05-12",
            amountHalere: 150_000,
            counterName: "Třešňáková B.",
            variableSymbol: "999999996", // a typo: matches nothing
            message: "Poplatek ze psa Alík",
          },
          {
            bankRef: `${ref}2`,
            bookingDate: "2026-05-12",
            amountHalere: -4_900,
            counterName: "POPLATEK ZA VEDENÍ",
          },
        ],
      }]);
      const good = `${dir}/vypis-301.gpc`;
      await Deno.writeFile(good, bytes);
      const bad = `${dir}/vypis-301-poskozeny.gpc`;
      const broken = bytes.slice();
      broken.set(new TextEncoder().encode("ABC"), 130 + 50); // the amount of the first item
      await Deno.writeFile(bad, broken);

      await signIn(p, DEMO_CLERK);
      assertEquals(await p.headings(1), ["Pracoviště úředníka"]);
      await fitsNarrowScreen(p);
      await p.followLink("Bankovní výpisy");
      assertEquals(await p.headings(1), ["Bankovní výpisy"]);
      await fitsNarrowScreen(p);

      // A malformed file: the summary says which line, nothing is stored.
      await upload(p, "Soubor výpisu (povinné)", bad);
      await p.press("Nahrát a spárovat", { status: 422 });
      const [summary] = await p.textOfRole("alert");
      assertStringIncludes(summary ?? "", "Soubor výpisu: Soubor nelze načíst");
      assertStringIncludes(summary ?? "", "Řádek 2");
      await fitsNarrowScreen(p);

      await upload(p, "Soubor výpisu (povinné)", good);
      await p.press("Nahrát a spárovat");
      const status = (await p.textOfRole("status")).join(" ");
      assertStringIncludes(status, "Výpis byl načten");
      assertStringIncludes(status, "k ručnímu přiřazení: 1");
      await fitsNarrowScreen(p);

      await p.followLink("Výpis č. 301 z 12. 5. 2026: řádků 2");
      assertEquals(await p.headings(1), ["Výpis č. 301 z 12. 5. 2026"]);
      assertStringIncludes(await p.mainText(), "Odchozí platba – nezpracovává se");
      await fitsNarrowScreen(p);

      await p.followLink("Nespárované platby");
      assertEquals(await p.headings(1), ["Nespárované platby"]);
      await fitsNarrowScreen(p);
      const amount = formatCzk(150_000); // "1 500,00 Kč" with no-break spaces
      await p.followLink(`Přiřadit nebo vyřadit (platba ${amount} ze dne 12. 5. 2026)`);
      assertEquals(await p.headings(1), [`Platba ${amount} ze dne 12. 5. 2026`]);
      assertStringIncludes(await p.mainText(), "Nic nenalezeno.");
      await fitsNarrowScreen(p);

      await p.fill("Variabilní symbol, jméno nebo uživatelské jméno", "tresnakova");
      await p.press("Hledat");
      await fitsNarrowScreen(p);
      await p.followLink(`Vybrat Poplatek ze psů 2026 VS ${vs}`);
      assertStringIncludes(await p.mainText(), "Potvrdit přiřazení");
      await fitsNarrowScreen(p);
      await p.press("Potvrdit přiřazení");
      assertEquals(await p.headings(1), ["Nespárované platby"]);
      assertStringIncludes(
        (await p.textOfRole("status")).join(" "),
        "Platba byla přiřazena a zaúčtována.",
      );
      const state = await db.selectFrom("obligation_balances").select("state")
        .where("person_id", "=", person.id).executeTakeFirstOrThrow();
      assertEquals(state.state, "paid");
    } finally {
      await p.close();
      await suite.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
