/**
 * A grant after the decision in Chromium (issue 14): the applicant (1280 px) confirms the
 * contract, the clerk (320 px) exports the payout batch and marks it paid, the applicant files
 * the settlement report, the clerk requests a partial return after the confirmation page, and
 * the return shows in the applicant's account at 320 px. Every page audited (status, CSP,
 * console, axe WCAG 2.1 A + AA); nothing scrolls sideways at 320 px.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  DEMO_CLERK,
  pathOf,
  type PortalPage,
  setChecked,
  signIn,
} from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { insertGrantApplication } from "../support/grant_fixture.ts";
import { getDb } from "../../lib/db.ts";
import { hash } from "@node-rs/argon2";
import { prepareContract } from "../../app/grant_awards.ts";
import { renderContractFiles } from "../../lib/http/grant_contract.ts";
import { addDays } from "../../domain/grant_awards.ts";
import { formatPragueDate } from "../../domain/time.ts";

const suite = new BrowserSuite();

async function fits(p: PortalPage, width: number): Promise<void> {
  const w = await p.scrollWidth();
  assert(w <= width, `${pathOf(p)} scrolls sideways at ${width} px: the document is ${w} px`);
}

/** A citizen (password only) with a granted application and its prepared contract. */
async function grantedApplicant() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const run = crypto.randomUUID().slice(0, 6);
  const username = `prijemce.${run}`;
  const password = "Prijemce-heslo-2026";
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: "Eva",
    family_name: `Příjemcová ${run}`,
    address: "Polní 3, 394 11 Lipnice nad Hájem",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  } as never).returning("id").executeTakeFirstOrThrow() as { id: string };
  const call = await db.selectFrom("grant_calls").select("id").where("tenant_id", "=", lipnice.id)
    .where("idempotency_key", "=", "seed-spolky-2027").executeTakeFirstOrThrow();
  const a = await insertGrantApplication({
    tenantId: lipnice.id,
    callId: call.id,
    personId: person.id,
    state: "granted",
    askedHalere: 5_000_000,
    grantedHalere: 4_000_000,
  });
  await db.insertInto("grant_decisions").values({
    tenant_id: lipnice.id,
    application_id: a.applicationId,
    outcome: "granted",
    granted_halere: 4_000_000,
    resolution: `ZO/${run}`,
    decided_on: formatPragueDate(new Date()),
  } as never).execute();
  const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
    .where("username", "=", DEMO_CLERK.username).executeTakeFirstOrThrow();
  const prepared = await prepareContract(
    { db, render: renderContractFiles },
    { tenantId: lipnice.id, clerkId: clerk.id, requestId: null },
    { applicationId: a.applicationId, now: new Date(), origin: "http://localhost" },
  );
  assert(prepared.ok);
  return { ...a, username, password };
}

Deno.test({
  name:
    "[browser] contract confirmed, payout exported, settlement filed, a partial return in /ucet",
  ...browserTest,
  async fn() {
    const a = await grantedApplicant();
    const citizen = await suite.newPage({ width: 1280, height: 900 });
    const office = await suite.newPage({ width: 320, height: 640 });
    try {
      // The applicant confirms the contract (the error summary first).
      await signIn(citizen, { username: a.username, password: a.password });
      await citizen.visit(`/ucet/dotace/${a.applicationId}/smlouva`);
      assertEquals(await citizen.headings(1), ["Smlouva o poskytnutí dotace"]);
      assertStringIncludes(await citizen.mainText(), `SD-${a.reference}`);
      await citizen.fill("Číslo účtu pro výplatu dotace (povinné)", "19-2000145399/0800");
      await citizen.press("Potvrdit smlouvu", { status: 422 });
      assertStringIncludes(
        (await citizen.textOfRole("alert")).join(" "),
        "Potvrďte prosím, že se smlouvou souhlasíte.",
      );
      await setChecked(citizen, "Přečetl(a) jsem smlouvu a souhlasím s ní");
      await citizen.press("Potvrdit smlouvu");
      assertStringIncludes(await citizen.mainText(), "Smlouva je potvrzena.");

      // The clerk exports the payouts at 320 px and marks the batch paid.
      await signIn(office, DEMO_CLERK);
      await office.visit("/urad/dotace");
      await office.followLink("Výplaty dotací");
      assertEquals(await office.headings(1), ["Výplaty dotací"]);
      await office.visit(`/urad/dotace/vyplaty?do=${addDays(formatPragueDate(new Date()), 400)}`);
      assertStringIncludes(await office.mainText(), a.reference);
      await fits(office, 320);
      await office.press("Vytvořit dávku pro účetní");
      assert(/^\/urad\/dotace\/vyplaty\/[0-9a-f-]{36}$/.test(pathOf(office)), pathOf(office));
      assertStringIncludes(await office.mainText(), a.reference);
      await fits(office, 320);
      await office.press("Označit dávku jako vyplacenou");
      assertStringIncludes(await office.mainText(), "Dávka je označena jako vyplacená.");
      await fits(office, 320);

      // The applicant files the settlement report: 30 000 Kč of the 40 000 Kč used.
      await citizen.visit(`/ucet/dotace/${a.applicationId}/vyuctovani`);
      assertEquals(await citizen.headings(1), ["Vyúčtování dotace"]);
      const lines = await getDb().selectFrom("grant_budget_items").select("description")
        .where("application_id", "=", a.applicationId).orderBy("position").execute();
      for (const [i, l] of lines.entries()) {
        await citizen.fill(`${l.description} – skutečný náklad (Kč) (povinné)`, "40 000");
        await citizen.fill(
          `${l.description} – z toho hrazeno z dotace (Kč) (povinné)`,
          i === 0 ? "30 000" : "0",
        );
      }
      await citizen.fill(
        "Závěrečná zpráva (povinné)",
        "Oddíl uspořádal 40 tréninků a dva turnaje pro děti z obce.",
      );
      await citizen.press("Podat vyúčtování");
      assertStringIncludes(await citizen.mainText(), "Vyúčtování jsme přijali");

      // The clerk requests a partial return (confirmation page first).
      await office.visit("/urad/dotace/vyuctovani");
      await office.followLink(a.reference);
      assertEquals(await office.headings(1), ["Posouzení vyúčtování"]);
      await fits(office, 320);
      await office.fill("Částka k vrácení (Kč) (povinné)", "10 000");
      await office.fill(
        "Důvod (nevyčerpané nebo neuznatelné prostředky) (povinné)",
        "Nevyčerpaná část dotace.",
      );
      await office.press("Pokračovat k potvrzení vrácení");
      assertEquals(await office.headings(1), ["Opravdu požadovat vrácení části dotace?"]);
      await fits(office, 320);
      await office.press("Ano, požadovat vrácení");
      assertStringIncludes(await office.mainText(), "Vrácení je požadováno");
      await fits(office, 320);

      // The return is in the applicant's account, at 320 px too.
      await citizen.visit("/ucet");
      assertStringIncludes(await citizen.mainText(), `Vrácení dotace ${a.reference}`);
      const narrow = await suite.newPage({ width: 320, height: 640 });
      try {
        await signIn(narrow, { username: a.username, password: a.password });
        await narrow.visit("/ucet");
        assertStringIncludes(await narrow.mainText(), `Vrácení dotace ${a.reference}`);
        await fits(narrow, 320);
        await narrow.visit(`/ucet/dotace/${a.applicationId}/vyuctovani`);
        assertStringIncludes(await narrow.mainText(), "Vrácení části dotace");
        await fits(narrow, 320);
      } finally {
        await narrow.close();
      }
    } finally {
      await citizen.close();
      await office.close();
    }
  },
});

Deno.test({
  name: "[browser] granted grants as open data at 1280 and 320 px",
  ...browserTest,
  async fn() {
    for (const width of [1280, 320]) {
      const p = await suite.newPage({ width, height: 800 });
      try {
        await p.visit("/dotace");
        await p.followLink("Poskytnuté dotace podle let (i jako otevřená data)");
        const year = formatPragueDate(new Date()).slice(0, 4);
        assertEquals(await p.headings(1), [`Poskytnuté dotace ${year}`]);
        await fits(p, width);
      } finally {
        await p.close();
      }
    }
  },
});

Deno.test({
  name: "[browser] grant awards: closing the browser",
  ...browserTest,
  async fn() {
    await suite.close();
  },
});
