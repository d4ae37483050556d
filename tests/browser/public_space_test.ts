/**
 * A public-space occupation permit (zábor) in Chromium, by accessible names: a citizen with the
 * fees agenda authorized applies for a container in front of their house; the clerk sees the
 * application's facts and approves it; the fee is in the citizen's account; the clerk uploads
 * the bank statement with the payment (a GPC file, matched by its variable symbol); the permit
 * is issued and the citizen downloads its PDF. Every page is audited (axe WCAG 2.1 A/AA, CSP,
 * console) at 1280 and at 320 px, and none scrolls sideways.
 */
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  choose,
  DEMO_CLERK,
  pathOf,
  type PortalPage,
  signIn,
  upload,
} from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { waitFor } from "../support/wait.ts";
import { getDb } from "../../lib/db.ts";
import { grantAuthorization } from "../../db/repositories/authorizations.ts";
import { writeGpc } from "../../domain/statements/gpc_writer.ts";
import { addDays } from "../../domain/wedding.ts";
import { formatPragueDate } from "../../domain/time.ts";

const suite = new BrowserSuite();
const FORM = "/zivotni-situace/zabor-verejneho-prostranstvi/formular";

async function newApplicant() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const suffix = crypto.randomUUID().slice(0, 8);
  const who = { username: `zabor.prohlizec.${suffix}`, password: "Zabor-prohlizec-2026", suffix };
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username: who.username,
    given_name: "Ondřej",
    family_name: "Stavitel",
    password_hash: await hash(who.password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("person_contacts").values({
    tenant_id: lipnice.id,
    person_id: person.id,
    kind: "email",
    value: `zabor.prohlizec.${suffix}@example.cz`,
    verified_at: new Date(),
  }).execute();
  await grantAuthorization(db, lipnice.id, {
    personId: person.id,
    agenda: "poplatky",
    source: "clerk",
  });
  return who;
}

/** Visits the page at 1280 and at 320 px (each audited) and checks it never scrolls sideways. */
async function atBothWidths(p: PortalPage, path: string): Promise<void> {
  for (const width of [1280, 320]) {
    await p.page.setViewport({ width, height: 800 });
    await p.visit(path);
    const scroll = await p.scrollWidth();
    assert(scroll <= width, `${path} scrolls sideways at ${width} px: ${scroll} px`);
  }
}

function shownStep(p: PortalPage): Promise<string | null> {
  return p.page.evaluate(() =>
    (document.querySelector("section[data-step]:not([hidden])") as HTMLElement | null)?.dataset
      .step ?? null
  );
}

Deno.test({
  name: "[browser] a zábor applied for, approved by the clerk, paid by a bank statement, and " +
    "its permit PDF downloaded (axe at 1280 and 320 px)",
  ...browserTest,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const who = await newApplicant();
    const dir = await Deno.makeTempDir({ prefix: "portal-zabor-" });
    const citizen = await suite.newPage({ width: 1280, height: 800 });
    const clerk = await suite.newPage({ width: 1280, height: 800 });
    try {
      // --- The application ----------------------------------------------------------------
      await signIn(citizen, who);
      await atBothWidths(citizen, "/zivotni-situace/zabor-verejneho-prostranstvi");
      await atBothWidths(citizen, FORM);
      await citizen.page.setViewport({ width: 1280, height: 800 });
      assertEquals(await citizen.headings(1), ["Zábor veřejného prostranství"]);
      const street = `Lesní před čp. ${who.suffix}`;
      await citizen.fill("Ulice nebo místo (povinné)", street);
      await citizen.fill("Plocha v m² (povinné)", "6");
      await citizen.page.click('input[name="purpose"][value="container"]');
      const before = await shownStep(citizen);
      await (await citizen.button("Pokračovat")).click();
      await citizen.page.waitForFunction(
        (b) =>
          document.querySelector("section[data-step]:not([hidden])")?.getAttribute("data-step") !==
            b,
        { timeout: 5_000 },
        before,
      );
      const today = formatPragueDate(new Date());
      await citizen.setValue("Od (povinné)", addDays(today, 2));
      await citizen.setValue("Do (povinné)", addDays(today, 4));
      await citizen.press("Odeslat");
      const id = /^\/ucet\/podani\/([0-9a-f-]{36})$/.exec(pathOf(citizen))?.[1];
      assert(id, `the case page, not ${citizen.page.url()}`);
      const filed = await citizen.mainText();
      assertStringIncludes(filed, street);
      assertStringIncludes(filed, "180,00 Kč"); // 6 m² × 3 days × 10 Kč
      await atBothWidths(citizen, `/ucet/podani/${id}`);

      // --- The clerk approves -------------------------------------------------------------
      await signIn(clerk, DEMO_CLERK);
      await atBothWidths(clerk, `/urad/ukoly/${id}`);
      assertStringIncludes(await clerk.mainText(), "Údaje žádosti");
      await choose(clerk, "Rozhodnutí (povinné)", "Schválit");
      await clerk.press("Odeslat rozhodnutí");
      const o = await waitFor(
        () =>
          db.selectFrom("obligations").select(["variable_symbol", "amount_halere"])
            .where("case_id", "=", id).executeTakeFirst(),
        { what: "the fee's obligation", timeoutMs: 120_000 },
      );
      assertEquals(Number(o.amount_halere), 18_000);
      await atBothWidths(citizen, "/ucet");
      assertStringIncludes(await citizen.mainText(), "Poplatek za užívání veřejného prostranství");

      // --- Paid: the clerk uploads the bank statement --------------------------------------
      const gpc = `${dir}/vypis-zabor.gpc`;
      await Deno.writeFile(
        gpc,
        writeGpc([{
          account: lipnice.iban,
          accountName: "OBEC LIPNICE",
          statementNumber: String(700 + Math.floor(Math.random() * 200)),
          statementDate: today,
          openingBalanceHalere: 1_000_000,
          closingBalanceHalere: null,
          lines: [{
            bankRef: String(Date.now() % 1e10),
            bookingDate: today,
            amountHalere: 18_000,
            counterName: "Stavitel Ondřej",
            variableSymbol: o.variable_symbol,
            message: "Zábor Lesní",
          }],
        }]),
      );
      await atBothWidths(clerk, "/urad/vypisy");
      await upload(clerk, "Soubor výpisu (povinné)", gpc);
      await clerk.press("Nahrát a spárovat");
      assertStringIncludes((await clerk.textOfRole("status")).join(" "), "Výpis byl načten");

      // --- The permit ---------------------------------------------------------------------
      const permit = await waitFor(async () => {
        const r = await db.selectFrom("public_space_occupations").select("permit_number")
          .where("case_id", "=", id).executeTakeFirstOrThrow();
        return r.permit_number;
      }, { what: "the permit issued once paid", timeoutMs: 120_000 });
      await atBothWidths(citizen, `/ucet/podani/${id}`);
      const link = await citizen.page.$eval(
        `a[href="/ucet/podani/${id}/povoleni.pdf"]`,
        (a) => ({ text: a.textContent?.trim() ?? "", href: (a as HTMLAnchorElement).href }),
      );
      assertEquals(link.text, permit);
      const pdf = await citizen.page.evaluate(async (href) => {
        const res = await fetch(href);
        const bytes = new Uint8Array(await res.arrayBuffer());
        return {
          status: res.status,
          type: res.headers.get("content-type"),
          disposition: res.headers.get("content-disposition"),
          head: String.fromCharCode(...bytes.slice(0, 5)),
          size: bytes.length,
        };
      }, link.href);
      assertEquals([pdf.status, pdf.type, pdf.head], [200, "application/pdf", "%PDF-"]);
      assertStringIncludes(pdf.disposition ?? "", "povoleni-ZAB-");
      assert(pdf.size > 1_000, "a real document");
    } finally {
      await citizen.close();
      await clerk.close();
      await suite.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
