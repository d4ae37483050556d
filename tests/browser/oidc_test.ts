/**
 * Signing in through a bank identity (Bank iD, OpenID Connect) in Chromium: the portal's link, the local
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
const BANKID_LINK = "Přihlásit se: Bank iD";
const PROVIDER_TITLE = "Bank iD a MojeID – testovací poskytovatel";
const AGENDAS = ["Poplatky a odpady", "Vodné a stočné", "Knihovna", "Hlášení závad"];

/** Clicks the Bank iD link on the sign-in page and audits the provider's login page. */
async function toProvider(p: PortalPage): Promise<void> {
  await followToForeignPage(p, async () => (await p.link(BANKID_LINK)).click());
  assertEquals(await p.headings(1), [PROVIDER_TITLE]);
}

Deno.test({
  name:
    "[browser] a citizen signs in through Bank iD at a substantial level and the agendas unlock",
  ...oidcTest,
  async fn() {
    const p = await suite.newPage();
    try {
      await p.visit("/prihlaseni");
      assert((await p.headings(2)).includes("Přihlášení elektronickou identitou"));
      await toProvider(p);

      // The provider's button redirects back through the callback to the personal account.
      await pressBackToPortal(p, "Přihlásit jako Tereza Veselá (úroveň značná)");
      assertEquals(pathOf(p), "/ucet");
      assertEquals(await p.headings(1), ["Osobní účet"]);
      const account = await p.mainText();
      assertStringIncludes(account, "Přihlášen(a): Tereza Veselá");
      assertStringIncludes(account, "Úroveň ověření přihlášení značná (elektronická identita)");
      assertStringIncludes(account, "Datum narození 21. ledna 1994"); // as the provider gave it
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
  name: "[browser] a high-level identity (Lenka Horáková) is shown as vysoká",
  ...oidcTest,
  async fn() {
    const p = await suite.newPage();
    try {
      // From a page that needs a sign-in: the provider's way back leads there.
      await p.visit("/ucet/nastaveni");
      assertEquals(pathOf(p), "/prihlaseni");
      await toProvider(p);
      await pressBackToPortal(p, "Přihlásit jako Lenka Horáková (úroveň vysoká)");
      assertEquals(pathOf(p), "/ucet/nastaveni");
      await p.visit("/ucet");
      const account = await p.mainText();
      assertStringIncludes(account, "Přihlášen(a): Lenka Horáková");
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
        "Přihlášení (Bank iD) bylo zrušeno.",
      );
      await p.link("Zkusit znovu: Bank iD");
      await p.followLink("Zpět na přihlášení");
      assertEquals(await p.headings(1), ["Přihlášení"]);
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
