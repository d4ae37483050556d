/**
 * The ČSOB eAPI 1.9 protocol helpers and client (lib/payments/csob.ts), without a network: the
 * signature bases in the documented order, SHA256withRSA round trips with generated keys, and the
 * client against a fake gateway. The same client against the running sandbox is
 * tests/csob_sandbox_test.ts.
 */
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertMatch,
  assertRejects,
  assertThrows,
} from "../../tests/assert.ts";
import { loadConfig } from "../config.ts";
import {
  CLOSE_REQUEST_ORDER,
  csobClient,
  type CsobConfig,
  CsobRequestError,
  CsobSignatureError,
  CsobTransportError,
  dttm,
  ECHO_REQUEST_ORDER,
  ECHO_RESPONSE_ORDER,
  generateKeyPairPem,
  importPrivateKey,
  INIT_REQUEST_ORDER,
  INIT_RESPONSE_ORDER,
  parseDttm,
  PAY_ID_REQUEST_ORDER,
  PAYMENT_RESPONSE_ORDER,
  REFUND_REQUEST_ORDER,
  RETURN_ORDER,
  signatureBase,
  signRequest,
  STATUS_RESPONSE_ORDER,
  textToBase64,
  verifyResponse,
  verifyReturn,
} from "./csob.ts";

const merchant = await generateKeyPairPem();
const gateway = await generateKeyPairPem();

Deno.test("[csob] payment/init's signature base follows the documented order, absent fields left out", () => {
  const request = {
    // JSON key order differs from the signature order on purpose.
    language: "cs",
    cart: [
      { name: "Poplatek ze psa", quantity: 1, amount: 150000, description: "Rok 2026" },
      { name: "Známka", quantity: 2, amount: 5000 },
    ],
    merchantId: "M1PORTAL01",
    orderNo: "2026000017",
    dttm: "20260315093000",
    payOperation: "payment",
    payMethod: "card",
    totalAmount: 155000,
    currency: "CZK",
    closePayment: false,
    returnUrl: "https://portal.example/platba/navrat",
    returnMethod: "POST",
    merchantData: "cGF5bWVudC80Mg==",
    ttlSec: 900,
    customerId: undefined,
    logoVersion: null,
  };
  assertEquals(
    signatureBase(request, INIT_REQUEST_ORDER),
    "M1PORTAL01|2026000017|20260315093000|payment|card|155000|CZK|false|" +
      "https://portal.example/platba/navrat|POST|Poplatek ze psa|1|150000|Rok 2026|Známka|2|5000|" +
      "cGF5bWVudC80Mg==|cs|900",
  );
});

Deno.test("[csob] nested customer and order objects are flattened in their own documented order", () => {
  const base = signatureBase({
    merchantId: "M",
    orderNo: "1",
    dttm: "20260101120000",
    payOperation: "payment",
    payMethod: "card",
    totalAmount: 100,
    currency: "CZK",
    closePayment: true,
    returnUrl: "https://x.example/r",
    returnMethod: "GET",
    cart: [{ name: "A", quantity: 1, amount: 100 }],
    customer: {
      login: { auth: "account", authAt: "2026-01-01T11:00:00+01:00" },
      email: "jan.novak@example.cz",
      name: "Jan Novák",
      account: { createdAt: "2020-01-01T00:00:00+01:00", orderHistory: 3 },
    },
    order: {
      billing: { zip: "25082", city: "Lipnice", address1: "Hlavní 12", country: "CZE" },
      type: "purchase",
      nameMatch: true,
    },
    language: "en",
  }, INIT_REQUEST_ORDER);
  assertEquals(
    base,
    "M|1|20260101120000|payment|card|100|CZK|true|https://x.example/r|GET|A|1|100|" +
      "Jan Novák|jan.novak@example.cz|2020-01-01T00:00:00+01:00|3|account|2026-01-01T11:00:00+01:00|" +
      "purchase|true|Hlavní 12|Lipnice|25082|CZE|en",
  );
});

Deno.test("[csob] a real eAPI 1.9 payment/init (csob/platebnibrana#43) gives the expected base", () => {
  // The request body as posted in the issue, its JSON key order kept.
  const posted = {
    merchantId: "A4163zE8IY",
    orderNo: "14",
    dttm: "20230801122219",
    payOperation: "customPayment",
    payMethod: "card",
    totalAmount: 1000000,
    currency: "CZK",
    closePayment: true,
    returnUrl: "http://twisto.dev/",
    returnMethod: "POST",
    cart: [{ name: "Testovaci nakup", quantity: 1, amount: 1000000 }],
    language: "cs",
    ttlSec: 600,
    customExpiry: "20160630120000",
  };
  assertEquals(
    signatureBase(posted, INIT_REQUEST_ORDER),
    "A4163zE8IY|14|20230801122219|customPayment|card|1000000|CZK|true|http://twisto.dev/|POST|" +
      "Testovaci nakup|1|1000000|cs|600|20160630120000",
  );
  // …and its signed answer: a failed init carries an empty payId, which stays in the base.
  assertEquals(
    signatureBase(
      {
        dttm: "20230801122219",
        payId: "",
        resultCode: 110,
        resultMessage: "Invalid payOperation",
      },
      INIT_RESPONSE_ORDER,
    ),
    "|20230801122219|110|Invalid payOperation",
  );
});

Deno.test("[csob] the other operations' bases: status, close, refund, echo, responses, return", () => {
  const ids = { merchantId: "M1", payId: "abc123def456789", dttm: "20260315093000" };
  assertEquals(signatureBase(ids, PAY_ID_REQUEST_ORDER), "M1|abc123def456789|20260315093000");
  assertEquals(
    signatureBase({ ...ids, totalAmount: 5000 }, CLOSE_REQUEST_ORDER),
    "M1|abc123def456789|20260315093000|5000",
  );
  assertEquals(signatureBase(ids, CLOSE_REQUEST_ORDER), "M1|abc123def456789|20260315093000");
  assertEquals(
    signatureBase({ amount: 100, ...ids }, REFUND_REQUEST_ORDER),
    "M1|abc123def456789|20260315093000|100",
  );
  assertEquals(signatureBase(ids, ECHO_REQUEST_ORDER), "M1|20260315093000");
  assertEquals(
    signatureBase(
      { resultMessage: "OK", resultCode: 0, dttm: "20260315093001" },
      ECHO_RESPONSE_ORDER,
    ),
    "20260315093001|0|OK",
  );
  const response = {
    statusDetail: "detail",
    authCode: "637413",
    paymentStatus: 7,
    resultMessage: "OK",
    resultCode: 0,
    dttm: "20260315093001",
    payId: "abc123def456789",
  };
  assertEquals(
    signatureBase(response, STATUS_RESPONSE_ORDER),
    "abc123def456789|20260315093001|0|OK|7|637413|detail",
  );
  assertEquals(
    signatureBase(response, PAYMENT_RESPONSE_ORDER),
    "abc123def456789|20260315093001|0|OK|7|637413|detail",
  );
  assertEquals(
    signatureBase({ ...response, customerCode: "E9X2" }, INIT_RESPONSE_ORDER),
    "abc123def456789|20260315093001|0|OK|7|E9X2|detail",
  );
  assertEquals(
    signatureBase({ ...response, merchantData: "eA==" }, RETURN_ORDER),
    "abc123def456789|20260315093001|0|OK|7|637413|eA==|detail",
  );
});

Deno.test("[csob] sign and verify round trip; a tampered field or a foreign key fails", async () => {
  const fields = { merchantId: "M1", payId: "p1", dttm: "20260315093000" };
  const signed = await signRequest(fields, PAY_ID_REQUEST_ORDER, merchant.privateKeyPem);
  assertMatch(signed.signature, /^[A-Za-z0-9+/]+=*$/);
  assertEquals(signed.signature.length, 344); // 256 bytes of RSA-2048, Base64
  assert(await verifyResponse(signed, PAY_ID_REQUEST_ORDER, merchant.publicKeyPem));
  assert(
    !(await verifyResponse(
      { ...signed, payId: "p2" },
      PAY_ID_REQUEST_ORDER,
      merchant.publicKeyPem,
    )),
  );
  assert(!(await verifyResponse(signed, PAY_ID_REQUEST_ORDER, gateway.publicKeyPem)));
  assert(!(await verifyResponse(fields, PAY_ID_REQUEST_ORDER, merchant.publicKeyPem)));
  assert(
    !(await verifyResponse(
      { ...signed, signature: "%%%" },
      PAY_ID_REQUEST_ORDER,
      merchant.publicKeyPem,
    )),
  );
  // A field outside the order is not signed: adding one does not matter, as at the gateway.
  assert(
    await verifyResponse({ ...signed, extra: "x" }, PAY_ID_REQUEST_ORDER, merchant.publicKeyPem),
  );
});

Deno.test("[csob] keys import from the bank keygen's PKCS#1, from PKCS#8 and from one-line env values", async () => {
  assertMatch(merchant.privateKeyPem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
  assertMatch(merchant.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);
  const pair = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      hash: "SHA-256",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
    },
    true,
    ["sign", "verify"],
  );
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const pkcs8Pem = `-----BEGIN PRIVATE KEY-----\n${
    btoa(String.fromCharCode(...pkcs8))
  }\n-----END PRIVATE KEY-----`;
  const fields = { merchantId: "M1", dttm: "20260315093000" };
  const signed = await signRequest(fields, ECHO_REQUEST_ORDER, pkcs8Pem);
  assert(await verifyResponse(signed, ECHO_REQUEST_ORDER, pair.publicKey));
  // A PEM squeezed into one environment variable line with literal "\n".
  const oneLine = merchant.privateKeyPem.replaceAll("\n", "\\n");
  assertInstanceOf(await importPrivateKey(oneLine), CryptoKey);
});

Deno.test("[csob] dttm is Europe/Prague local time, winter and summer, and parses back", () => {
  assertEquals(dttm(new Date("2026-01-15T08:05:09Z")), "20260115090509"); // CET, UTC+1
  assertEquals(dttm(new Date("2026-07-15T22:30:00Z")), "20260716003000"); // CEST, UTC+2
  assertEquals(parseDttm("20260716003000")?.toISOString(), "2026-07-15T22:30:00.000Z");
  assertEquals(parseDttm("20260115090509")?.toISOString(), "2026-01-15T08:05:09.000Z");
  assertEquals(parseDttm("2026-01-15"), null);
  assertEquals(parseDttm("20260229120000"), null); // no 29 February in 2026
});

// --- The client against a fake gateway ----------------------------------------------------

interface Seen {
  method: string;
  url: string;
  body: Record<string, unknown> | null;
}

/** A fetch that records requests and answers with `respond`'s JSON, signed by `gateway`. */
function fakeGateway(
  respond: (
    req: Seen,
  ) => { status?: number; body: Record<string, unknown>; sign?: string[] | false },
) {
  const seen: Seen[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const req: Seen = {
      method: init?.method ?? "GET",
      url: String(input),
      body: init?.body ? JSON.parse(String(init.body)) : null,
    };
    seen.push(req);
    const { status = 200, body, sign } = respond(req);
    let payload: Record<string, unknown> = body;
    if (sign !== false) {
      const order = sign ?? STATUS_RESPONSE_ORDER;
      payload = await signRequest(
        body,
        order as unknown as typeof STATUS_RESPONSE_ORDER,
        gateway.privateKeyPem,
      );
    }
    return new Response(JSON.stringify(payload), {
      status,
      headers: { "content-type": "application/json" },
    });
  };
  return { seen, fetchFn };
}

function config(fetchFn: typeof fetch): CsobConfig {
  return {
    url: "https://iapi.iplatebnibrana.csob.cz/api/v1.9/",
    merchantId: "M1PORTAL01",
    merchantPrivateKeyPem: merchant.privateKeyPem,
    gatewayPublicKeyPem: gateway.publicKeyPem,
    fetch: fetchFn,
    now: () => new Date("2026-03-15T08:30:00Z"),
  };
}

Deno.test("[csob] init sends a signed request and returns the verified answer", async () => {
  const { seen, fetchFn } = fakeGateway(() => ({
    body: {
      payId: "a1b2c3d4e5f6789",
      dttm: "20260315093001",
      resultCode: 0,
      resultMessage: "OK",
      paymentStatus: 1,
    },
  }));
  const client = csobClient(config(fetchFn));
  const res = await client.init({
    orderNo: "2026000017",
    totalAmount: 150000,
    closePayment: false,
    returnUrl: "https://portal.example/platba/navrat",
    cart: [{ name: "Poplatek ze psa", quantity: 1, amount: 150000 }],
    merchantData: "platba/42 – Novák",
    ttlSec: 900,
  });
  assertEquals(res, {
    payId: "a1b2c3d4e5f6789",
    dttm: "20260315093001",
    resultCode: 0,
    resultMessage: "OK",
    paymentStatus: 1,
  });
  assertEquals(seen[0].method, "POST");
  assertEquals(seen[0].url, "https://iapi.iplatebnibrana.csob.cz/api/v1.9/payment/init");
  const body = seen[0].body!;
  assertEquals(body.dttm, "20260315093000");
  assertEquals(body.merchantData, textToBase64("platba/42 – Novák"));
  assertEquals(
    [body.payOperation, body.payMethod, body.currency, body.returnMethod, body.language],
    ["payment", "card", "CZK", "POST", "cs"],
  );
  assert(await verifyResponse(body, INIT_REQUEST_ORDER, merchant.publicKeyPem));
});

Deno.test("[csob] a result code other than 0 is data, not an exception", async () => {
  const { fetchFn } = fakeGateway(() => ({
    body: {
      payId: "nope",
      dttm: "20260315093001",
      resultCode: 140,
      resultMessage: "Payment not found",
    },
  }));
  const res = await csobClient(config(fetchFn)).status("nope");
  assertEquals([res.resultCode, res.resultMessage, res.paymentStatus], [
    140,
    "Payment not found",
    undefined,
  ]);
});

Deno.test("[csob] status and process use the GET path form with the signature URL-encoded", async () => {
  const { seen, fetchFn } = fakeGateway(() => ({
    body: {
      payId: "p/1",
      dttm: "20260315093001",
      resultCode: 0,
      resultMessage: "OK",
      paymentStatus: 4,
      authCode: "042",
    },
  }));
  const client = csobClient(config(fetchFn));
  const res = await client.status("p/1");
  assertEquals([res.paymentStatus, res.authCode], [4, "042"]);
  const m = /\/api\/v1\.9\/payment\/status\/M1PORTAL01\/p%2F1\/20260315093000\/([^/]+)$/.exec(
    seen[0].url,
  );
  assert(m, seen[0].url);
  assert(!/[+/=]/.test(m[1]), "the Base64 signature is URL-encoded");
  const signature = decodeURIComponent(m[1]);
  assert(
    await verifyResponse(
      { merchantId: "M1PORTAL01", payId: "p/1", dttm: "20260315093000", signature },
      PAY_ID_REQUEST_ORDER,
      merchant.publicKeyPem,
    ),
  );
  const url = await client.processUrl("p1");
  assertMatch(
    url,
    /^https:\/\/iapi\.iplatebnibrana\.csob\.cz\/api\/v1\.9\/payment\/process\/M1PORTAL01\/p1\/20260315093000\/[^/]+$/,
  );
});

Deno.test("[csob] close, refund and echo send the documented fields", async () => {
  const { seen, fetchFn } = fakeGateway((req) => {
    if (req.url.endsWith("/echo")) {
      return {
        body: { dttm: "20260315093001", resultCode: 0, resultMessage: "OK" },
        sign: [...ECHO_RESPONSE_ORDER] as string[],
      };
    }
    return {
      body: {
        payId: "p1",
        dttm: "20260315093001",
        resultCode: 0,
        resultMessage: "OK",
        paymentStatus: 7,
      },
    };
  });
  const client = csobClient(config(fetchFn));
  assertEquals((await client.close("p1", 5000)).paymentStatus, 7);
  assertEquals((await client.refund("p1")).paymentStatus, 7);
  assertEquals(await client.echo(), { dttm: "20260315093001", resultCode: 0, resultMessage: "OK" });
  assertEquals(seen.map((s) => `${s.method} ${new URL(s.url).pathname}`), [
    "PUT /api/v1.9/payment/close",
    "PUT /api/v1.9/payment/refund",
    "POST /api/v1.9/echo",
  ]);
  assertEquals(Object.keys(seen[0].body!), [
    "merchantId",
    "payId",
    "dttm",
    "totalAmount",
    "signature",
  ]);
  assertEquals(Object.keys(seen[1].body!), ["merchantId", "payId", "dttm", "signature"]);
  assert(await verifyResponse(seen[0].body!, CLOSE_REQUEST_ORDER, merchant.publicKeyPem));
  assert(await verifyResponse(seen[1].body!, REFUND_REQUEST_ORDER, merchant.publicKeyPem));
  assert(await verifyResponse(seen[2].body!, ECHO_REQUEST_ORDER, merchant.publicKeyPem));
});

Deno.test("[csob] a response with a bad or missing signature throws CsobSignatureError", async () => {
  const answer = {
    payId: "p1",
    dttm: "20260315093001",
    resultCode: 0,
    resultMessage: "OK",
    paymentStatus: 8,
  };
  const unsigned = fakeGateway(() => ({ body: answer, sign: false }));
  await assertRejects(() => csobClient(config(unsigned.fetchFn)).status("p1"), CsobSignatureError);
  // Signed over other values (a paymentStatus changed on the way).
  const tampering: typeof fetch = async (input, init) => {
    const res = await fakeGateway(() => ({ body: answer })).fetchFn(input, init);
    const body = await res.json();
    return Response.json({ ...body, paymentStatus: 4 });
  };
  await assertRejects(() => csobClient(config(tampering)).status("p1"), CsobSignatureError);
});

Deno.test("[csob] HTTP 4xx is a refused request, 5xx and network failures are retryable", async () => {
  const refused = fakeGateway(() => ({
    status: 401,
    body: { resultCode: 110, resultMessage: "Wrong signature" },
    sign: false,
  }));
  const e = await assertRejects(() => csobClient(config(refused.fetchFn)).echo(), CsobRequestError);
  assertInstanceOf(e, CsobRequestError);
  assertEquals([e.status, e.resultCode, e.retryable], [401, 110, false]);

  const down = fakeGateway(() => ({ status: 503, body: {}, sign: false }));
  const t = await assertRejects(
    () => csobClient(config(down.fetchFn)).status("p1"),
    CsobTransportError,
  );
  assertInstanceOf(t, CsobTransportError);
  assertEquals([t.status, t.retryable], [503, true]);

  const unreachable: typeof fetch = () => Promise.reject(new TypeError("connection refused"));
  await assertRejects(
    () => csobClient(config(unreachable)).status("p1"),
    CsobTransportError,
    "refused",
  );
});

Deno.test("[csob] verifyReturn accepts the gateway's signed return and refuses a tampered one", async () => {
  const fields = {
    payId: "a1b2c3d4e5f6789",
    dttm: "20260315093500",
    resultCode: "0",
    resultMessage: "OK",
    paymentStatus: "7",
    authCode: "637413",
    merchantData: textToBase64("platba/42"),
  };
  const params = await signRequest(fields, RETURN_ORDER, gateway.privateKeyPem);
  const cfg = { gatewayPublicKeyPem: gateway.publicKeyPem };
  assertEquals(await verifyReturn(cfg, params), {
    payId: "a1b2c3d4e5f6789",
    dttm: "20260315093500",
    resultCode: 0,
    resultMessage: "OK",
    paymentStatus: 7,
    authCode: "637413",
    merchantData: "platba/42",
  });
  await assertRejects(
    () => verifyReturn(cfg, { ...params, paymentStatus: "4" }),
    CsobSignatureError,
  );
  await assertRejects(() => verifyReturn(cfg, { ...params, signature: "" }), CsobSignatureError);
  const { signature: _, ...unsigned } = params;
  await assertRejects(() => verifyReturn(cfg, unsigned), CsobSignatureError);
  // Signed by someone else (the merchant's own key, say).
  const forged = await signRequest(fields, RETURN_ORDER, merchant.privateKeyPem);
  await assertRejects(() => verifyReturn(cfg, forged), CsobSignatureError);
});

// --- Configuration (lib/config.ts, `payments.csob`) ---------------------------------------

const CSOB_VARS = {
  CSOB_URL: "https://api.platebnibrana.csob.cz/api/v1.9",
  CSOB_MERCHANT_ID: "M1MIPS0001",
  CSOB_MERCHANT_PRIVATE_KEY: merchant.privateKeyPem.replaceAll("\n", "\\n"),
  CSOB_GATEWAY_PUBLIC_KEY: gateway.publicKeyPem,
};

/** Runs `fn` with these variables set (undefined: unset), then puts the environment back. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}

const PRODUCTION = {
  APP_ENV: "production",
  SESSION_SECRET: "s".repeat(40),
  SMS_GATEWAY_URL: "https://sms.example/send",
};
const NO_CSOB = {
  CARD_PAYMENTS: undefined,
  CSOB_URL: undefined,
  CSOB_MERCHANT_ID: undefined,
  CSOB_MERCHANT_PRIVATE_KEY: undefined,
  CSOB_GATEWAY_PUBLIC_KEY: undefined,
};

Deno.test("[config] card payments are off without CSOB_URL, on with the four CSOB variables", async () => {
  assertEquals(withEnv({ ...PRODUCTION, ...NO_CSOB }, () => loadConfig()).payments.csob, undefined);
  const csob =
    withEnv({ ...PRODUCTION, ...NO_CSOB, ...CSOB_VARS }, () => loadConfig()).payments.csob;
  assertEquals(csob?.url, CSOB_VARS.CSOB_URL);
  assertEquals(csob?.merchantId, "M1MIPS0001");
  // A PEM given in one line (with \n escapes) works as it is.
  assert(csob);
  const signed = await signRequest(
    { merchantId: "M", dttm: "20260101120000" },
    ECHO_REQUEST_ORDER,
    csob.merchantPrivateKeyPem,
  );
  assert(await verifyResponse(signed, ECHO_REQUEST_ORDER, merchant.publicKeyPem));
});

Deno.test("[config] production refuses to start with card payments on but a CSOB variable missing", () => {
  for (const missing of Object.keys(CSOB_VARS)) {
    withEnv(
      { ...PRODUCTION, ...NO_CSOB, ...CSOB_VARS, CARD_PAYMENTS: "on", [missing]: undefined },
      () => {
        assertThrows(() => loadConfig(), Error, missing);
      },
    );
  }
  withEnv({ ...PRODUCTION, ...NO_CSOB, CARD_PAYMENTS: "yes" }, () => {
    assertThrows(() => loadConfig(), Error, "CARD_PAYMENTS");
  });
  // Switched off explicitly, the variables may stay set: no card payments.
  const cfg = withEnv(
    { ...PRODUCTION, ...NO_CSOB, ...CSOB_VARS, CARD_PAYMENTS: "off" },
    () => loadConfig(),
  );
  assertEquals(cfg.payments.csob, undefined);
});
