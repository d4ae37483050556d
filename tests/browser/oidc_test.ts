/**
 * Signing in through a national identity provider in Chromium: the portal's link, the local
 * OpenID provider's login page (scripts/oidc_provider.ts, axe-audited too: a person meets it in
 * the middle of the portal's flow), and back on the personal account at the provider's level of
 * assurance with the agendas unlocked — or, cancelled, a Czech explanation with a way back.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  followToForeignPage,
  pathOf,
  type PortalPage,
  pressBackToPortal,
} from "./support.ts";

const suite = new BrowserSuite();
const providersEnv = Deno.env.get("OIDC_PROVIDERS");
const hasProviders = Boolean(providersEnv);
const oidcTest = { ...browserTest, ignore: browserTest.ignore || !hasProviders } as const;

/** components/identity/ProviderButtons.tsx: "Přihlásit se: {name}" (scripts/services/). */
const NIA_LINK = "Přihlásit se: Identita občana (NIA)";
const PROVIDER_TITLE = "Identita občana – testovací poskytovatel";
const AGENDAS = ["Poplatky a odpady", "Vodné a stočné", "Knihovna", "Hlášení závad"];

/** Clicks the NIA link on the portal's sign-in page and audits the provider's login page. */
async function toProvider(p: PortalPage): Promise<void> {
  await followToForeignPage(p, async () => (await p.link(NIA_LINK)).click());
  assertEquals(await p.headings(1), [PROVIDER_TITLE]);
}

Deno.test({
  name: "[browser] a citizen signs in through NIA at a substantial level and the agendas unlock",
  ...oidcTest,
  async fn() {
    const p = await suite.newPage();
    try {
      await p.visit("/prihlaseni");
      assert((await p.headings(2)).includes("Přihlášení elektronickou identitou"));
      await toProvider(p);

      // The provider's button redirects back through the callback to the personal account.
      await pressBackToPortal(p, "Přihlásit jako Jan Novák (úroveň značná)");
      assertEquals(pathOf(p), "/ucet");
      assertEquals(await p.headings(1), ["Osobní účet"]);
      const account = await p.mainText();
      assertStringIncludes(account, "Přihlášen(a): Jan Novák");
      assertStringIncludes(account, "Úroveň ověření přihlášení značná (elektronická identita)");
      assertStringIncludes(account, "Datum narození 15. března 1978"); // as the provider gave it
      const agendas = await p.page.$$eval(
        "main li",
        (items) => items.map((li) => (li as HTMLElement).innerText.replace(/\s+/g, " ").trim()),
      );
      for (const agenda of AGENDAS) {
        const line = agendas.find((l) => l.startsWith(`${agenda}:`));
        assert(line, `the agenda "${agenda}" is listed (got: ${agendas.join(" | ")})`);
        assertStringIncludes(line, "oprávnění získáno přihlášením elektronickou identitou");
      }
    } finally {
      await p.close();
    }
  },
});

Deno.test({
  name: "[browser] a high-level identity (Eva Svobodová) is shown as vysoká",
  ...oidcTest,
  async fn() {
    const p = await suite.newPage();
    try {
      // From a page that needs a sign-in: the provider's way back leads there.
      await p.visit("/ucet/nastaveni");
      assertEquals(pathOf(p), "/prihlaseni");
      await toProvider(p);
      await pressBackToPortal(p, "Přihlásit jako Eva Svobodová (úroveň vysoká)");
      assertEquals(pathOf(p), "/ucet/nastaveni");
      await p.visit("/ucet");
      const account = await p.mainText();
      assertStringIncludes(account, "Přihlášen(a): Eva Svobodová");
      assertStringIncludes(account, "vysoká (elektronická identita)");
      assertStringIncludes(account, "oprávnění získáno přihlášením elektronickou identitou");
    } finally {
      await p.close();
    }
  },
});

Deno.test({
  name: "[browser] a sign-in cancelled at the provider ends on a Czech explanation",
  ...oidcTest,
  async fn() {
    const p = await suite.newPage();
    try {
      await p.visit("/prihlaseni");
      await toProvider(p);
      await pressBackToPortal(p, "Zrušit přihlášení", { status: 400 });
      assertEquals(await p.headings(1), ["Přihlášení se nezdařilo"]);
      assertStringIncludes(
        (await p.textOfRole("alert")).join(" "),
        "Přihlášení (Identita občana (NIA)) bylo zrušeno.",
      );
      await p.link("Zkusit znovu: Identita občana (NIA)");
      await p.followLink("Zpět na přihlášení");
      assertEquals(await p.headings(1), ["Přihlášení"]);
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
