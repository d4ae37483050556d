/**
 * The ČSOB eAPI 1.9 client (lib/payments/csob.ts) against the running sandbox
 * (scripts/sandbox/csob.ts), which `npm test` starts and describes in CSOB_URL,
 * CSOB_MERCHANT_ID, CSOB_MERCHANT_PRIVATE_KEY, CSOB_GATEWAY_PUBLIC_KEY and CSOB_SANDBOX_ORIGIN.
 * The customer's browser is played by plain HTTP: the card page's form, the 3-D Secure page and
 * the redirect (or self-submitting form) back to the shop. One test drives Chromium to check the
 * pages with axe-core at 320 px; one starts a sandbox of its own to restart it.
 */
import puppeteer from "puppeteer-core";
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertMatch,
  assertRejects,
  assertStringIncludes,
} from "./assert.ts";
import {
  type CsobClient,
  csobClient,
  type CsobConfig,
  CsobRequestError,
  CsobSignatureError,
  dttm,
  generateKeyPairPem,
  INIT_REQUEST_ORDER,
  PaymentStatus,
  ResultCode,
  signRequest,
  verifyReturn,
} from "../lib/payments/csob.ts";
import { startCsobSandbox } from "../scripts/services/csob_sandbox.ts";

const CSOB_URL = Deno.env.get("CSOB_URL");
const ORIGIN = Deno.env.get("CSOB_SANDBOX_ORIGIN");
const cfg: CsobConfig = {
  url: CSOB_URL ?? "",
  merchantId: Deno.env.get("CSOB_MERCHANT_ID") ?? "",
  merchantPrivateKeyPem: Deno.env.get("CSOB_MERCHANT_PRIVATE_KEY") ?? "",
  gatewayPublicKeyPem: Deno.env.get("CSOB_GATEWAY_PUBLIC_KEY") ?? "",
};
const opts = { sanitizeOps: false, sanitizeResources: false, ignore: !CSOB_URL || !ORIGIN };
const client = (): CsobClient => csobClient(cfg);

const RETURN_URL = "https://portal.example/platby/karta/navrat?obec=lipnice";
const TEST_CARDS = {
  success: "4000 0000 0000 0002",
  challenge: "4000 0000 0000 3063",
  declined: "4000 0000 0000 0069",
};

let orderCounter = Math.floor(Math.random() * 1_000_000);
function orderNo(): string {
  return String(1_000_000_000 + orderCounter++);
}

async function init(
  c: CsobClient,
  options: { closePayment?: boolean; returnMethod?: "GET" | "POST"; language?: string } = {},
): Promise<string> {
  const res = await c.init({
    orderNo: orderNo(),
    totalAmount: 155000,
    closePayment: options.closePayment ?? false,
    returnUrl: RETURN_URL,
    returnMethod: options.returnMethod ?? "GET",
    cart: [
      { name: "Poplatek ze psa", quantity: 1, amount: 150000, description: "Rok 2026, Alík" },
      { name: "Známka", quantity: 1, amount: 5000 },
    ],
    merchantData: "platba/42 Novák",
    language: options.language ?? "cs",
    ttlSec: 600,
  });
  assertEquals([res.resultCode, res.resultMessage, res.paymentStatus], [0, "OK", 1]);
  assertMatch(res.payId, /^[0-9a-f]{15}$/);
  return res.payId;
}

function unescapeHtml(s: string): string {
  return s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replaceAll(
    "&amp;",
    "&",
  );
}

/** The customer follows payment/process to the card page; returns the page and its form token. */
async function openCardPage(
  c: CsobClient,
  payId: string,
): Promise<{ html: string; token: string }> {
  const process = await fetch(await c.processUrl(payId), { redirect: "manual" });
  await process.body?.cancel();
  assertEquals(process.status, 303);
  assertEquals(process.headers.get("location"), `/pay/${payId}`);
  const res = await fetch(new URL(`/pay/${payId}`, ORIGIN));
  assertEquals(res.status, 200);
  assertStringIncludes(res.headers.get("content-type") ?? "", "text/html");
  const html = await res.text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  assert(token, "the card page has a form token");
  return { html, token };
}

function post(path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(new URL(path, ORIGIN), {
    method: "POST",
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}

function payWith(payId: string, token: string, card: string, extra: Record<string, string> = {}) {
  return post(`/pay/${payId}`, {
    token,
    cardNumber: card,
    expiry: "12/30",
    cvc: "123",
    action: "pay",
    ...extra,
  });
}

/** What the browser brings back to the shop: from a 303 (GET) or the self-submitting form (POST). */
async function returnedFields(
  res: Response,
): Promise<{ method: "GET" | "POST"; url: string; fields: Record<string, string> }> {
  if (res.status === 303) {
    const location = res.headers.get("location")!;
    await res.body?.cancel();
    const url = new URL(location);
    const fields = Object.fromEntries(url.searchParams);
    url.search = "";
    return { method: "GET", url: location, fields };
  }
  assertEquals(res.status, 200);
  const html = await res.text();
  const form = /<form method="post" action="([^"]+)" id="return">([\s\S]*?)<\/form>/.exec(html);
  assert(form, "a form posting the result back to the shop");
  assertMatch(form[2], /<button type="submit"[^>]*>[^<]+<\/button>/); // works without JavaScript
  assertMatch(html, /<script>document\.getElementById\("return"\)\.submit\(\);<\/script>/);
  const fields: Record<string, string> = {};
  for (const m of form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[unescapeHtml(m[1])] = unescapeHtml(m[2]);
  }
  return { method: "POST", url: unescapeHtml(form[1]), fields };
}

Deno.test("[csob sandbox] echo answers signed, over POST and over GET", opts, async () => {
  const res = await client().echo();
  assertEquals([res.resultCode, res.resultMessage], [0, "OK"]);
  const fields = { merchantId: cfg.merchantId, dttm: dttm() };
  const { signature } = await signRequest(
    fields,
    ["merchantId", "dttm"],
    cfg.merchantPrivateKeyPem,
  );
  const get = await fetch(
    `${CSOB_URL}/echo/${fields.merchantId}/${fields.dttm}/${encodeURIComponent(signature)}`,
  );
  assertEquals(get.status, 200);
  const body = await get.json();
  assertEquals([body.resultCode, typeof body.signature], [0, "string"]);
});

Deno.test(
  "[csob sandbox] a card payment: init → card page → signed return (4) → close (7) → settle (8) → refund (10)",
  opts,
  async () => {
    const c = client();
    const payId = await init(c);
    assertEquals((await c.status(payId)).paymentStatus, PaymentStatus.CREATED);

    const { html, token } = await openCardPage(c, payId);
    assertEquals((await c.status(payId)).paymentStatus, PaymentStatus.IN_PROGRESS);
    assertMatch(html, /<html lang="cs">/);
    assertStringIncludes(html, "1\u00a0550,00\u00a0Kč"); // the amount
    assertStringIncludes(html, "Poplatek ze psa"); // the cart
    assertStringIncludes(html, "Portál občana"); // the merchant
    assertStringIncludes(html, "4000 0000 0000 3063"); // test cards documented on the page

    const res = await payWith(payId, token, TEST_CARDS.success);
    const back = await returnedFields(res);
    assertEquals(back.method, "GET");
    assert(back.url.startsWith(RETURN_URL + "&payId="), back.url); // the shop's query kept
    const result = await verifyReturn(cfg, back.fields);
    assertEquals(result.payId, payId);
    assertEquals([result.resultCode, result.paymentStatus], [0, PaymentStatus.CONFIRMED]);
    assertMatch(result.authCode ?? "", /^\d{6}$/);
    assertEquals(result.merchantData, "platba/42 Novák");

    const status = await c.status(payId);
    assertEquals([status.paymentStatus, status.authCode], [4, result.authCode]);

    // Not settled yet: nothing to refund (use reverse before settlement).
    assertEquals((await c.refund(payId)).resultCode, ResultCode.PAYMENT_NOT_IN_VALID_STATE);

    assertEquals((await c.close(payId)).paymentStatus, PaymentStatus.WAITING_FOR_SETTLEMENT);
    assertEquals((await c.close(payId)).resultCode, ResultCode.PAYMENT_NOT_IN_VALID_STATE);

    const settle = await fetch(new URL(`/_sandbox/settle/${payId}`, ORIGIN), { method: "POST" });
    assertEquals((await settle.json()).paymentStatus, PaymentStatus.SETTLED);

    const partial = await c.refund(payId, 50000);
    assertEquals([partial.resultCode, partial.paymentStatus], [0, PaymentStatus.SETTLED]);
    assertEquals((await c.refund(payId, 200000)).resultCode, ResultCode.INVALID_PARAMETER);
    const rest = await c.refund(payId);
    assertEquals([rest.resultCode, rest.paymentStatus], [0, PaymentStatus.REFUNDED]);
    assertEquals((await c.status(payId)).paymentStatus, PaymentStatus.REFUNDED);

    // Back on the card page later: the browser just goes back to the shop with the result.
    const again = await returnedFields(
      await fetch(new URL(`/pay/${payId}`, ORIGIN), { redirect: "manual" }),
    );
    assertEquals((await verifyReturn(cfg, again.fields)).paymentStatus, PaymentStatus.REFUNDED);
  },
);

Deno.test(
  "[csob sandbox] closePayment=true returns 7 through a self-submitting POST form; reverse → 5",
  opts,
  async () => {
    const c = client();
    const payId = await init(c, { closePayment: true, returnMethod: "POST" });
    const { token } = await openCardPage(c, payId);
    const back = await returnedFields(await payWith(payId, token, "4000000000000002"));
    assertEquals([back.method, back.url], ["POST", RETURN_URL]);
    const result = await verifyReturn(cfg, back.fields);
    assertEquals(result.paymentStatus, PaymentStatus.WAITING_FOR_SETTLEMENT);
    assertEquals(result.merchantData, "platba/42 Novák");
    // Close is only for 4; a payment waiting for settlement can still be reversed.
    assertEquals((await c.close(payId)).resultCode, ResultCode.PAYMENT_NOT_IN_VALID_STATE);
    assertEquals((await c.reverse(payId)).paymentStatus, PaymentStatus.REVERSED);
  },
);

Deno.test(
  "[csob sandbox] the challenge card goes through 3-D Secure: 123456 authorises, a wrong code declines",
  opts,
  async () => {
    const c = client();
    const payId = await init(c);
    const { token } = await openCardPage(c, payId);
    const res = await payWith(payId, token, TEST_CARDS.challenge);
    assertEquals([res.status, res.headers.get("location")], [303, `/pay/${payId}/3ds`]);
    await res.body?.cancel();
    const challenge = await fetch(new URL(`/pay/${payId}/3ds`, ORIGIN));
    const html = await challenge.text();
    assertEquals(challenge.status, 200);
    assertStringIncludes(html, "3-D Secure");
    assertStringIncludes(html, "•••• 3063");
    assertEquals((await c.status(payId)).paymentStatus, PaymentStatus.IN_PROGRESS);
    // The card page itself now leads to the challenge.
    const cardPage = await fetch(new URL(`/pay/${payId}`, ORIGIN), { redirect: "manual" });
    await cardPage.body?.cancel();
    assertEquals(cardPage.headers.get("location"), `/pay/${payId}/3ds`);
    // An empty code is a field error, not a decline.
    const empty = await post(`/pay/${payId}/3ds`, { token, code: "", action: "confirm" });
    assertEquals(empty.status, 422);
    assertStringIncludes(await empty.text(), "Zadejte ověřovací kód.");
    const ok = await returnedFields(
      await post(`/pay/${payId}/3ds`, { token, code: "123456", action: "confirm" }),
    );
    assertEquals((await verifyReturn(cfg, ok.fields)).paymentStatus, PaymentStatus.CONFIRMED);

    const payId2 = await init(c);
    const page2 = await openCardPage(c, payId2);
    await (await payWith(payId2, page2.token, TEST_CARDS.challenge)).body?.cancel();
    const wrong = await returnedFields(
      await post(`/pay/${payId2}/3ds`, { token: page2.token, code: "654321", action: "confirm" }),
    );
    const declined = await verifyReturn(cfg, wrong.fields);
    assertEquals([declined.resultCode, declined.paymentStatus], [0, PaymentStatus.DENIED]);
    assertEquals(declined.authCode, undefined);
    assertEquals((await c.status(payId2)).paymentStatus, PaymentStatus.DENIED);
  },
);

Deno.test(
  "[csob sandbox] the declined card gives 6, Cancel gives 3, an expired payment 6",
  opts,
  async () => {
    const c = client();
    const declinedId = await init(c);
    const page = await openCardPage(c, declinedId);
    const declined = await verifyReturn(
      cfg,
      (await returnedFields(await payWith(declinedId, page.token, TEST_CARDS.declined))).fields,
    );
    assertEquals([declined.paymentStatus, declined.authCode], [PaymentStatus.DENIED, undefined]);
    assertEquals((await c.status(declinedId)).paymentStatus, PaymentStatus.DENIED);

    const cancelledId = await init(c);
    const page2 = await openCardPage(c, cancelledId);
    const cancel = await post(`/pay/${cancelledId}`, { token: page2.token, action: "cancel" });
    const cancelled = await verifyReturn(cfg, (await returnedFields(cancel)).fields);
    assertEquals(cancelled.paymentStatus, PaymentStatus.CANCELLED);
    assertEquals((await c.status(cancelledId)).paymentStatus, PaymentStatus.CANCELLED);

    const expiredId = await init(c);
    await (await fetch(new URL(`/_sandbox/expire/${expiredId}`, ORIGIN), { method: "POST" })).body
      ?.cancel();
    assertEquals((await c.status(expiredId)).paymentStatus, PaymentStatus.DENIED);
  },
);

Deno.test(
  "[csob sandbox] the card page shows errors next to each field and in a summary",
  opts,
  async () => {
    const c = client();
    const payId = await init(c);
    const { token } = await openCardPage(c, payId);
    const res = await post(`/pay/${payId}`, {
      token,
      cardNumber: "4000 0000 0000 0001",
      expiry: "13/30",
      cvc: "",
      action: "pay",
    });
    assertEquals(res.status, 422);
    const html = await res.text();
    assertMatch(html, /<div class="errors" role="alert"/);
    assertMatch(html, /<a href="#cardNumber">Číslo karty není platné/);
    assertMatch(
      html,
      /<span class="error" id="expiry-error">Zadejte platnost ve tvaru MM\/RR[^<]*<\/span>\s*<input type="text" id="expiry"[^>]*aria-describedby="expiry-hint expiry-error" aria-invalid="true">/,
    );
    assertMatch(html, /id="cvc-error">Zadejte CVC\./);
    assertMatch(html, /value="4000 0000 0000 0001"/); // what was typed stays
    // A valid number that is not a test card, and a card that has expired.
    const other = await payWith(payId, token, "4111 1111 1111 1111", { expiry: "01/20" });
    const otherHtml = await other.text();
    assertStringIncludes(otherHtml, "Toto není testovací karta sandboxu");
    assertStringIncludes(otherHtml, "Karta je prošlá");
    assertEquals((await c.status(payId)).paymentStatus, PaymentStatus.IN_PROGRESS);
    // A form from elsewhere (without the page's token) changes nothing.
    const forged = await post(`/pay/${payId}`, { token: "x", action: "cancel" });
    assertEquals(forged.status, 404);
    await forged.body?.cancel();
    assertEquals((await c.status(payId)).paymentStatus, PaymentStatus.IN_PROGRESS);

    const english = await init(c, { language: "en" });
    const page = await openCardPage(c, english);
    assertMatch(page.html, /<html lang="en">/);
    assertStringIncludes(page.html, "Card number");
    assertStringIncludes(page.html, "Pay CZK");
  },
);

Deno.test(
  "[csob sandbox] requests with a bad signature are refused (401, unsigned)",
  opts,
  async () => {
    const stranger = await generateKeyPairPem();
    // The client with a key the sandbox does not know.
    const wrongKey = csobClient({ ...cfg, merchantPrivateKeyPem: stranger.privateKeyPem });
    const e = await assertRejects(() => wrongKey.echo(), CsobRequestError);
    assertInstanceOf(e, CsobRequestError);
    assertEquals([e.status, e.resultCode, e.resultMessage], [401, 110, "Wrong signature"]);
    await assertRejects(() => wrongKey.status("0123456789abcde"), CsobRequestError, "401");

    // A correctly signed init whose amount was changed after signing.
    const fields = {
      merchantId: cfg.merchantId,
      orderNo: orderNo(),
      dttm: dttm(),
      payOperation: "payment",
      payMethod: "card",
      totalAmount: 100,
      currency: "CZK",
      closePayment: true,
      returnUrl: RETURN_URL,
      returnMethod: "POST",
      cart: [{ name: "Poplatek", quantity: 1, amount: 100 }],
      language: "cs",
    };
    const signed = await signRequest(fields, INIT_REQUEST_ORDER, cfg.merchantPrivateKeyPem);
    const tampered = await fetch(`${CSOB_URL}/payment/init`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...signed, totalAmount: 1, cart: [{ ...fields.cart[0], amount: 1 }] }),
    });
    assertEquals(tampered.status, 401);
    const body = await tampered.json();
    assertEquals(body, { resultCode: 110, resultMessage: "Wrong signature" });
    // The same request untouched is accepted; a stale dttm is not.
    const accepted = await fetch(`${CSOB_URL}/payment/init`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(signed),
    });
    assertEquals([accepted.status, (await accepted.json()).resultCode], [200, 0]);
    const stale = await signRequest(
      { ...fields, dttm: dttm(new Date(Date.now() - 3 * 3_600_000)) },
      INIT_REQUEST_ORDER,
      cfg.merchantPrivateKeyPem,
    );
    const old = await fetch(`${CSOB_URL}/payment/init`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(stale),
    });
    assertEquals(old.status, 400);
    await old.body?.cancel();
    // Invalid parameters past the signature check are signed answers with a result code.
    const bad = await client().init({
      orderNo: "not-digits",
      totalAmount: 100,
      returnUrl: RETURN_URL,
      cart: [{ name: "Poplatek", quantity: 1, amount: 100 }],
    });
    assertEquals([bad.resultCode, bad.resultMessage], [110, "Invalid orderNo"]);
    const mismatch = await client().init({
      orderNo: orderNo(),
      totalAmount: 200,
      returnUrl: RETURN_URL,
      cart: [{ name: "Poplatek", quantity: 1, amount: 100 }],
    });
    assertEquals(mismatch.resultCode, ResultCode.INVALID_PARAMETER);
  },
);

Deno.test(
  "[csob sandbox] a tampered or foreign return is refused by verifyReturn",
  opts,
  async () => {
    const c = client();
    const payId = await init(c);
    const { token } = await openCardPage(c, payId);
    const { fields } = await returnedFields(await payWith(payId, token, TEST_CARDS.declined));
    assertEquals((await verifyReturn(cfg, fields)).paymentStatus, PaymentStatus.DENIED);
    // A customer "upgrades" the declined payment to authorised on the way back.
    await assertRejects(
      () => verifyReturn(cfg, { ...fields, paymentStatus: String(PaymentStatus.CONFIRMED) }),
      CsobSignatureError,
    );
    await assertRejects(
      () => verifyReturn(cfg, { ...fields, payId: "0123456789abcde" }),
      CsobSignatureError,
    );
    // Signed, but by the merchant's own key (anyone holding a key other than the gateway's).
    const { signature: _, ...unsigned } = fields;
    const selfSigned = await signRequest(unsigned, [
      "payId",
      "dttm",
      "resultCode",
      "resultMessage",
      "paymentStatus",
      "authCode",
      "merchantData",
      "statusDetail",
    ], cfg.merchantPrivateKeyPem);
    await assertRejects(() => verifyReturn(cfg, selfSigned), CsobSignatureError);
  },
);

Deno.test("[csob sandbox] payments survive a restart of the sandbox", opts, async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "csob-sandbox-" });
  const logDir = Deno.env.get("PORTAL_TEST_DATA_DIR")
    ? `${Deno.env.get("PORTAL_TEST_DATA_DIR")}/logs`
    : dataDir;
  let sandbox = await startCsobSandbox({ dataDir, name: "csob-sandbox-restart", logDir });
  try {
    const own = (s: typeof sandbox) =>
      csobClient({
        url: s.url,
        merchantId: s.merchantId,
        merchantPrivateKeyPem: s.merchantPrivateKeyPem,
        gatewayPublicKeyPem: s.gatewayPublicKeyPem,
      });
    const payId = await init(own(sandbox), { closePayment: true });
    const firstKey = sandbox.gatewayPublicKeyPem;
    await sandbox.stop();
    sandbox = await startCsobSandbox({ dataDir, name: "csob-sandbox-restart", logDir });
    assertEquals(sandbox.gatewayPublicKeyPem, firstKey, "the keys are kept too");
    const status = await own(sandbox).status(payId);
    assertEquals([status.resultCode, status.paymentStatus], [0, PaymentStatus.CREATED]);
  } finally {
    await sandbox.stop();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});

// --- The pages in a browser: axe-core WCAG 2.x A/AA at 320 px ------------------------------

const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";
const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

Deno.test(
  "[csob sandbox] the card, error and 3-D Secure pages are axe-clean and fit 320 px",
  { ...opts, ignore: opts.ignore || !hasChromium },
  async () => {
    const axeSource = await Deno.readTextFile(
      new URL("../node_modules/axe-core/axe.min.js", import.meta.url),
    );
    const userDataDir = await Deno.makeTempDir({ prefix: "csob-chromium-" });
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 320, height: 640 });
      const audit = async (what: string) => {
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          // deno-lint-ignore no-explicit-any
          const axe = (globalThis as any).axe;
          const result = await axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            resultTypes: ["violations"],
          });
          // deno-lint-ignore no-explicit-any
          return result.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.length}×)`);
        });
        assertEquals(violations, [], `axe on ${what}`);
        const overflow = await page.evaluate(() =>
          document.documentElement.scrollWidth - document.documentElement.clientWidth
        );
        assertEquals(overflow, 0, `${what} scrolls sideways at 320 px`);
      };
      const c = client();
      const payId = await init(c);
      await page.goto(await c.processUrl(payId));
      assertEquals(new URL(page.url()).pathname, `/pay/${payId}`);
      await audit("the card page");

      await page.type("#cardNumber", "4000 0000 0000 0001");
      await Promise.all([page.waitForNavigation(), page.click("button[value=pay]")]);
      assertEquals(
        await page.$eval("#cardNumber", (el) => el.getAttribute("aria-invalid")),
        "true",
      );
      await audit("the card page with errors");

      await page.$eval("#cardNumber", (el) => (el as HTMLInputElement).value = "");
      await page.type("#cardNumber", TEST_CARDS.challenge);
      await page.type("#expiry", "12/30");
      await page.type("#cvc", "123");
      await Promise.all([page.waitForNavigation(), page.click("button[value=pay]")]);
      assertEquals(new URL(page.url()).pathname, `/pay/${payId}/3ds`);
      await audit("the 3-D Secure page");
    } finally {
      await browser.close().catch(() => browser.process()?.kill("SIGKILL"));
      await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
    }
  },
);
