/**
 * The citizen's message history in Chromium with axe, at 320 px: from the account page to
 * "Historie zpráv", a message's text unfolds (a long link in it does not widen the page), a
 * code says its content is not stored, and a search without diacritics with the SMS filter
 * finds the SMS.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { demoTowns } from "../support/app.ts";
import { getDb } from "../../lib/db.ts";
import { enqueueMessage } from "../../db/repositories/outbox.ts";
import {
  BrowserSuite,
  browserTest,
  choose,
  DEMO_CITIZEN,
  type PortalPage,
  signIn,
} from "./support.ts";

const run = String(Math.floor(Math.random() * 9e6) + 1e6);

function scrollWidth(p: PortalPage): Promise<number> {
  return p.page.evaluate(() => document.documentElement.scrollWidth);
}

Deno.test({
  name: "[browser] the citizen's message history at 320 px: unfold, search, filter",
  ...browserTest,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const me = await db.selectFrom("persons").select("id")
      .where("tenant_id", "=", lipnice.id).where("username", "=", DEMO_CITIZEN.username)
      .executeTakeFirstOrThrow();
    const base = {
      personId: me.id,
      subject: null,
      secret: false,
    } as const;
    await enqueueMessage(db, lipnice.id, {
      ...base,
      idempotencyKey: `browser-history:${run}:email`,
      channel: "email",
      recipient: DEMO_CITIZEN.email,
      subject: `Rozhodnutí o žádosti ${run}`,
      body:
        `Dobrý den,\n\nvaše žádost ${run} byla vyřízena. Podrobnosti: https://localhost/ucet/podani/${
          "a".repeat(120)
        }\n\nObec Lipnice nad Hájem`,
      kind: "case",
    });
    await enqueueMessage(db, lipnice.id, {
      ...base,
      idempotencyKey: `browser-history:${run}:sms`,
      channel: "sms",
      recipient: "+420777111222",
      body: `Připomínka: poplatek za psa ${run} je splatný 31. 12.`,
      kind: "reminder",
    });
    await enqueueMessage(db, lipnice.id, {
      ...base,
      idempotencyKey: `browser-history:${run}:code`,
      channel: "sms",
      recipient: "+420777111222",
      body: "Kód pro přihlášení: 123456",
      kind: "code",
      secret: true,
    });

    const suite = new BrowserSuite();
    try {
      const p = await suite.newPage({ width: 320, height: 720 });
      await signIn(p, DEMO_CITIZEN);
      await p.visit("/ucet");
      await p.followLink("Historie zpráv, které vám portál poslal");
      assertEquals(await p.headings(1), ["Historie zpráv"]);
      let text = await p.mainText();
      assertStringIncludes(text, `Rozhodnutí o žádosti ${run}`);
      assertStringIncludes(text, "Obsah se z bezpečnostních důvodů neukládá.");
      assert(!text.includes("123456"), "a code is never shown");
      // Unfold the e-mail's text (its summary is the subject).
      await p.page.evaluate((subject) => {
        const summary = [...document.querySelectorAll("details.message-history__text summary")]
          .find((el) => el.textContent?.includes(subject));
        (summary as HTMLElement).click();
      }, `Rozhodnutí o žádosti ${run}`);
      assertStringIncludes(await p.mainText(), `vaše žádost ${run} byla vyřízena`);
      assert((await scrollWidth(p)) <= 320, `the history is ${await scrollWidth(p)} px`);

      await p.fill("Hledat v textu zpráv", `pripominka poplatek ${run}`);
      await choose(p, "Kanál", "SMS");
      await p.press("Hledat");
      text = await p.mainText();
      assertStringIncludes(text, `poplatek za psa ${run}`);
      assert(!text.includes(`Rozhodnutí o žádosti ${run}`));
      assertStringIncludes(text, "Upomínka platby");
      assert((await scrollWidth(p)) <= 320, `the results are ${await scrollWidth(p)} px`);
    } finally {
      await suite.close();
    }
  },
});
