/**
 * NIA over SAML2 in Chromium: the portal's "Identita občana (NIA)" link, the local SAML stand-in's
 * login page (axe-audited: a person meets it inside the portal's flow), the signed and encrypted
 * answer posted back by the HTTP-POST binding, the personal account at a substantial level with
 * the agendas unlocked — at 1280 and at 320 px — and single logout through NIA.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  followToForeignPage,
  pathOf,
  pressBackToPortal,
  throughHandoff,
} from "./support.ts";

const suite = new BrowserSuite();
const samlTest = {
  ...browserTest,
  ignore: browserTest.ignore || !Deno.env.get("NIA_SAML"),
} as const;
const NIA_LINK = "Přihlásit se: Identita občana (NIA)";
const STAND_IN_TITLE = "Identita občana – testovací poskytovatel";
const AGENDAS = ["Poplatky a odpady", "Vodné a stočné", "Knihovna", "Hlášení závad"];

for (const width of [1280, 320]) {
  Deno.test({
    name: `[browser] NIA over SAML2 at ${width} px: a substantial login unlocks the agendas, ` +
      `and logging out ends the session at NIA too`,
    ...samlTest,
    async fn() {
      const p = await suite.newPage({ width, height: 800 });
      try {
        await p.visit("/prihlaseni");
        await followToForeignPage(p, async () => (await p.link(NIA_LINK)).click());
        assertEquals(await p.headings(1), [STAND_IN_TITLE]);
        assert(new URL(p.page.url()).pathname.startsWith("/FPSTS/saml2/basic"));

        await pressBackToPortal(p, "Přihlásit jako Jan Novák (úroveň značná)");
        assertEquals(pathOf(p), "/ucet");
        const account = await p.mainText();
        assertStringIncludes(account, "Přihlášen(a): Jan Novák");
        assertStringIncludes(account, "Úroveň ověření přihlášení značná (elektronická identita)");
        assertStringIncludes(account, "Datum narození 15. března 1978");
        const agendas = await p.page.$$eval(
          "main li",
          (items) => items.map((li) => (li as HTMLElement).innerText.replace(/\s+/g, " ").trim()),
        );
        for (const agenda of AGENDAS) {
          const line = agendas.find((l) => l.startsWith(`${agenda}:`));
          assert(line, `the agenda "${agenda}" is listed (got: ${agendas.join(" | ")})`);
          assertStringIncludes(line, "oprávnění získáno přihlášením elektronickou identitou");
        }

        // Single logout: the portal, then NIA (through the portal's page that sends the browser
        // on: a form's POST cannot end at another site), then back on the portal saying so.
        const portal = new URL(p.baseUrl).origin;
        await throughHandoff(
          p,
          async () => (await p.button("Odhlásit se")).click(),
          (url) => new URL(url).origin !== portal,
          "Pokračovat k odhlášení z NIA",
          "portal",
        );
        assertEquals(pathOf(p), "/prihlaseni");
        assertStringIncludes((await p.textOfRole("status")).join(" "), "Byli jste odhlášeni.");
        await p.visit("/ucet");
        assertEquals(pathOf(p), "/prihlaseni", "the portal session has ended");
      } finally {
        await p.close();
        if (width === 320) await suite.close();
      }
    },
  });
}
