/**
 * The citizen's ledger in Chromium at 320 px, by accessible names: /ucet with the household's
 * obligations, an obligation's page whose QR code — photographed from the screen and decoded —
 * is exactly the QR Platba string shown beside it, paying two obligations at once with one
 * payment order and its own QR code, /ucet/platby after the bank paid it, and /ucet/kalendar
 * making a feed address. Every page passes axe (WCAG 2.1 A/AA) and fits 320 px.
 */
import { Buffer } from "node:buffer";
import jsqr from "jsqr";
import { PNG } from "pngjs";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  pathOf,
  type PortalPage,
  setChecked,
  signIn,
} from "./support.ts";
import { ledgerWorld } from "../support/ledger_fixture.ts";
import { getDb } from "../../lib/db.ts";
import { bookPayment } from "../../db/repositories/ledger.ts";
import { parseSpayd } from "../../domain/spayd.ts";

/** jsqr is CommonJS: Deno's default import is `module.exports`, whose `default` is the function. */
const jsQR = jsqr.default;
const suite = new BrowserSuite();
const NARROW = { width: 320, height: 900 };

/** The page fits the screen: no horizontal scrolling of the document (else: what sticks out). */
async function fits(p: PortalPage): Promise<void> {
  const width = await p.scrollWidth();
  if (width <= NARROW.width) return;
  const wide = await p.page.evaluate((limit) =>
    [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > limit)
      .filter((e) => !e.closest(".table-wrap") || e.classList.contains("table-wrap"))
      .slice(0, 8)
      .map((e) =>
        `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} → ${
          Math.round(e.getBoundingClientRect().right)
        }`
      ), NARROW.width);
  assert(false, `${p.page.url()} is ${width} px wide at ${NARROW.width} px: ${wide.join("; ")}`);
}

/**
 * The QR code on the page as a camera sees it: a screenshot of the code (at twice the pixel
 * density, so every module is several pixels), decoded by jsQR; and the string shown as text.
 */
async function qrOnScreen(p: PortalPage): Promise<{ decoded: string | null; shown: string }> {
  const viewport = p.page.viewport()!;
  await p.page.setViewport({ ...viewport, deviceScaleFactor: 2 });
  try {
    const code = await p.page.$(".qr-platba__code");
    assert(code, `no QR code on ${p.page.url()}`);
    const png = PNG.sync.read(Buffer.from(await code.screenshot({ type: "png" })));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
    const shown = await p.page.$eval(".qr-platba__text code", (e) => e.textContent ?? "");
    return { decoded, shown };
  } finally {
    await p.page.setViewport(viewport);
  }
}

Deno.test({
  name: "[browser] the ledger at 320 px: /ucet, a QR Platba that decodes, a payment order, history",
  ...browserTest,
  async fn() {
    const w = await ledgerWorld();
    const year = w.today.slice(0, 4);
    const p = await suite.newPage(NARROW);
    try {
      await signIn(p, w.payer);
      await p.visit("/ucet");
      await fits(p);
      const account = await p.mainText();
      assertStringIncludes(account, "Platby a poplatky");
      assertStringIncludes(account, "Co mám zaplatit");
      assertStringIncludes(account, "po splatnosti");
      assertStringIncludes(account, w.household.name);
      assertMatch(account, /Celkem k zaplacení: 1\s750,50\sKč/);

      // An obligation's page: its QR code, read from the screen, is the string shown.
      await p.followLink(`Poplatek ze psů ${year}`);
      assertEquals(pathOf(p), `/ucet/predpisy/${w.o.dog}`);
      await fits(p);
      const dog = await qrOnScreen(p);
      assertEquals(dog.decoded, dog.shown);
      assertEquals(parseSpayd(dog.shown)["X-VS"], w.vs.dog);
      assertEquals(parseSpayd(dog.shown).AM, "500.00");
      await p.button("Zaplatit kartou");

      // The household's water bill.
      await p.visit(`/ucet/predpisy/${w.o.water}`);
      await fits(p);
      assertStringIncludes(await p.mainText(), "16,75 m³");

      // Two obligations at once: one order, one QR code of the sum under its own symbol.
      await p.visit("/ucet");
      await setChecked(p, `Zaplatit najednou: Poplatek ze psů ${year}, ${w.payer.name}`);
      await setChecked(p, `Zaplatit najednou: Vodné a stočné ${year}, ${w.household.name}`);
      await p.press("QR platba");
      assertMatch(pathOf(p), /^\/ucet\/platby\/prikaz\/[0-9a-f-]{36}$/);
      await fits(p);
      const order = await getDb().selectFrom("payment_orders").selectAll()
        .where("payer_person_id", "=", w.payer.id).executeTakeFirstOrThrow();
      const qr = await qrOnScreen(p);
      assertEquals(qr.decoded, qr.shown);
      assertEquals(parseSpayd(qr.shown)["X-VS"], order.variable_symbol);
      assertEquals(parseSpayd(qr.shown).AM, "950.50");
      assertStringIncludes(await p.mainText(), "čeká na platbu");

      // The bank pays it: /ucet/platby shows the payment and its receipt.
      await getDb().transaction().execute((trx) =>
        bookPayment(trx, w.lipnice.id, {
          kind: "bank",
          amountHalere: 95_050,
          receivedOn: w.today,
          variableSymbol: order.variable_symbol,
          paymentOrderId: order.id,
          sourceKey: `ledger-browser-${crypto.randomUUID()}`,
        })
      );
      await p.visit("/ucet/platby");
      await fits(p);
      const payments = await p.mainText();
      assertStringIncludes(payments, "950,50 Kč");
      assertStringIncludes(payments, "bankovním převodem");
      await p.visit(`/ucet/platby/prikaz/${order.id}`);
      assertStringIncludes(await p.mainText(), "Platební příkaz je zaplacen");
      await p.visit("/ucet");
      assertStringIncludes(await p.mainText(), "Zaplaceno a uzavřeno");

      // The calendar: a new address, shown once.
      await p.visit("/ucet/kalendar");
      await fits(p);
      await p.press("Vytvořit novou adresu kalendáře");
      await fits(p);
      const url = await (await p.field("Adresa kalendáře")).evaluate((e) =>
        (e as HTMLInputElement).value
      );
      assertMatch(url, /\/kalendar\/[A-Za-z0-9_-]{43}\.ics$/);
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
