/**
 * The clerk's card refund pages in Chromium at 320 px, every page audited (status, CSP,
 * console, axe WCAG 2.1 A/AA) and none scrolling sideways: the payments queue's link, the list
 * of card payments, a payment's page, the reason, the confirmation stating the consequence, and
 * the page once the refund is done. The card payment itself is made over HTTP in the sandbox.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { BrowserSuite, browserTest, DEMO_CLERK, type PortalPage, signIn } from "./support.ts";
import { waitFor } from "../support/wait.ts";
import {
  cardCitizen,
  cardObligation,
  cardStateIs,
  payByCard,
  SANDBOX,
} from "../support/card_fixture.ts";

const suite = new BrowserSuite();

async function fitsNarrowScreen(p: PortalPage): Promise<void> {
  const width = await p.scrollWidth();
  assert(width <= 320, `${p.page.url()} scrolls sideways at 320 px: ${width} px`);
}

Deno.test({
  name: "[browser] a clerk refunds a card payment at 320 px (axe)",
  ...browserTest,
  ignore: browserTest.ignore || !SANDBOX,
  async fn() {
    const a = await cardCitizen();
    const o = await cardObligation(a.tenantId, a.personId, 42_000);
    const id = await payByCard(a.c, [o]);
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      await signIn(p, DEMO_CLERK);
      await p.visit("/urad/platby");
      await p.followLink("Platby kartou a jejich vracení");
      assertEquals(await p.headings(1), ["Platby kartou"]);
      await fitsNarrowScreen(p);

      await p.visit(`/urad/platby/karty/${id}`);
      await fitsNarrowScreen(p);
      await p.press("Pokračovat k vrácení", { status: 422 });
      assertStringIncludes((await p.textOfRole("alert")).join(" "), "Důvod vrácení");
      await fitsNarrowScreen(p);
      await p.fill("Důvod vrácení (povinné)", "Platba omylem");
      await p.press("Pokračovat k vrácení");
      assertStringIncludes(
        await p.mainText(),
        "Peníze se vrátí na kartu plátce a předpisy budou znovu k zaplacení.",
      );
      await fitsNarrowScreen(p);
      // The page says "being processed" (with a link to look again) until the workflow is done.
      await p.press("Ano, vrátit platbu");
      await waitFor(cardStateIs(id, "refunded"), { what: "the refund" });
      await p.visit(`/urad/platby/karty/${id}`);
      assertStringIncludes(await p.mainText(), "Platba byla vrácena na kartu plátce.");
      await fitsNarrowScreen(p);
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
