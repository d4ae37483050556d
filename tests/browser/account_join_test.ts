/**
 * One person, one account, in Chromium at 320 px (every page axe-audited, the stand-ins' too):
 * Alena Dvořáková's first NIA login — the national portal's tile link `/prihlaseni/nia` — lands
 * on her personal account with no registration step, made from NIA's attributes; she logs out,
 * logs in with Bank iD and is offered to join that account (the rule explained in Czech); she
 * proves it is hers by signing in through NIA, confirms, and from then on Bank iD opens the same
 * account. Alena is this file's own test person (scripts/nia/persons.ts).
 *
 * With `PORTAL_SCREENSHOTS=<dir>` the offer and the account are saved as PNGs there.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { getDb } from "../../lib/db.ts";
import {
  BrowserSuite,
  browserTest,
  followToForeignPage,
  pathOf,
  pressBackToPortal,
  shot,
  signOutToPortal,
  throughHandoff,
} from "./support.ts";

const suite = new BrowserSuite();
const joinTest = {
  ...browserTest,
  ignore: browserTest.ignore || !Deno.env.get("NIA_SAML") || !Deno.env.get("OIDC_PROVIDERS"),
} as const;
const ALENA = "Přihlásit jako Alena Dvořáková (úroveň značná)";
async function identitiesOf(subject: string) {
  return await getDb().selectFrom("external_identities").select(["provider", "person_id"])
    .where("subject", "=", subject).orderBy("provider").execute();
}

Deno.test({
  name:
    "[browser] NIA's first login opens the account at once; Bank iD of the same person joins it after a confirmation, at 320 px",
  ...joinTest,
  async fn() {
    const p = await suite.newPage({ width: 320, height: 800 });
    try {
      // The tile's link: straight to NIA, back on the personal account.
      await followToForeignPage(p, () => p.page.goto(p.url("/prihlaseni/nia")));
      await pressBackToPortal(p, ALENA);
      assertEquals(pathOf(p), "/ucet");
      assertEquals(await p.headings(1), ["Osobní účet"]);
      const first = await p.mainText();
      assertStringIncludes(first, "Přihlášen(a): Alena Dvořáková");
      assertStringIncludes(first, "Ověřené údaje");
      assertStringIncludes(first, "U Rybníka 9, 250 82 Lipnice nad Hájem");
      assertStringIncludes(first, "Identita občana (NIA), úroveň záruky značná");
      const [nia] = await identitiesOf("test-alena-dvorakova");
      assertEquals(nia.provider, "nia");

      // Logged out (at NIA too, through the portal's page that sends the browser on), then
      // Bank iD: the offer, not a second account.
      const portal = new URL(p.baseUrl).origin;
      await throughHandoff(
        p,
        async () => (await p.button("Odhlásit se")).click(),
        (url) => new URL(url).origin !== portal,
        "Pokračovat k odhlášení z NIA",
        "portal",
      );
      await p.visit("/prihlaseni");
      await followToForeignPage(p, async () => (await p.link("Přihlásit se: Bank iD")).click());
      await pressBackToPortal(p, ALENA);
      assertEquals(pathOf(p), "/prihlaseni/spojeni");
      assertEquals(await p.headings(1), ["Už u nás máte účet"]);
      const offer = await p.mainText();
      assertStringIncludes(offer, "Kdy účty spojíme");
      assertStringIncludes(offer, "s úrovní záruky alespoň značná");
      assertStringIncludes(offer, "Bez vašeho potvrzení nic nespojíme.");
      await shot(p, "join-offer-320");
      assertEquals((await identitiesOf("test-alena-dvorakova")).length, 1, "nothing joined yet");

      // She proves the account is hers through NIA and comes back to confirm.
      await followToForeignPage(
        p,
        async () => (await p.link("Přihlásit se: Identita občana (NIA)")).click(),
      );
      await pressBackToPortal(p, ALENA);
      assertEquals(pathOf(p), "/prihlaseni/spojeni");
      assertStringIncludes(await p.mainText(), "Jste přihlášeni do účtu Alena Dvořáková");
      await shot(p, "join-ready-320");
      await p.press("Ano, spojit účty");
      assertEquals(pathOf(p), "/ucet");
      const joined = await p.mainText();
      assertStringIncludes(joined, "Bank iD, úroveň záruky značná");
      assertStringIncludes(joined, "Identita občana (NIA), úroveň záruky značná");
      await shot(p, "account-verified-320");
      const both = await identitiesOf("test-alena-dvorakova");
      assertEquals(both.map((i) => i.provider), ["bankid", "nia"]);
      assertEquals(both[0].person_id, nia.person_id, "the same account");

      // Bank iD now opens that account directly.
      await signOutToPortal(p);
      await p.visit("/prihlaseni");
      await followToForeignPage(p, async () => (await p.link("Přihlásit se: Bank iD")).click());
      await pressBackToPortal(p, ALENA);
      assertEquals(pathOf(p), "/ucet");
      assertStringIncludes(await p.mainText(), "Přihlášen(a): Alena Dvořáková");
      const accounts = await getDb().selectFrom("persons").select("id")
        .where("given_name", "=", "Alena").where("family_name", "=", "Dvořáková").execute();
      assert(accounts.length === 1, "one person, one account");
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
