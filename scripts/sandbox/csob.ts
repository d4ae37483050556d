/**
 * A local sandbox of the ČSOB payment gateway, eAPI 1.9: the same endpoints, the same signed JSON
 * and the same signed return to the e-shop as the real gateway (see lib/payments/csob.ts for the
 * protocol and where each fact comes from), with a card page and a 3-D Secure challenge page of
 * its own. The portal talks to it exactly as to the bank: production changes only the URL, the
 * merchant id and the keys.
 *
 *   CSOB_SANDBOX_PORT=9110 CSOB_SANDBOX_DATA_DIR=.data/csob-sandbox \
 *   deno run -A scripts/sandbox/csob.ts
 *
 * Started by `npm start` (data in `.data/csob-sandbox`) and `npm test` (a temp dir) through
 * scripts/services/csob_sandbox.ts. Environment:
 *
 * - `CSOB_SANDBOX_PORT` (default 9110), `CSOB_SANDBOX_HOST` (listen address, default 127.0.0.1:
 *   loopback only — the admin endpoints below have no authentication);
 * - `CSOB_SANDBOX_PUBLIC_URL`: the origin browsers reach it at (default http://localhost:<port>);
 * - `CSOB_SANDBOX_DATA_DIR` (default `.data/csob-sandbox`): keys and `payments.json`;
 * - `CSOB_SANDBOX_MERCHANT_ID` (default `M1PORTAL01`), `CSOB_SANDBOX_MERCHANT_NAME` (shown on the
 *   card page, default "Portál občana").
 *
 * Keys: on first start, into the data dir, the gateway's pair (`gateway.key`, `gateway.pub`) and —
 * for local development only — a merchant pair (`merchant.key` PKCS#1 like the bank's keygen,
 * `merchant.pub`) that the portal then signs with. Requests are verified with `merchant.pub`,
 * responses and returns signed with `gateway.key`. Nothing secret is printed.
 *
 * Endpoints, under `/api/v1.9`: `POST payment/init`, `GET payment/process/{merchantId}/{payId}/
 * {dttm}/{signature}` (303 to the card page), `GET payment/status/…`, `PUT payment/close`
 * (4 → 7, optional lower `totalAmount`), `PUT payment/reverse` (4 or 7 → 5), `PUT payment/refund`
 * (8 → 10 once the whole settled amount is refunded; a partial refund leaves it 8),
 * `GET echo/{merchantId}/{dttm}/{signature}` and `POST echo`. A request that fails basic
 * validation gets an HTTP error and an unsigned body, as at the bank: 400 for a missing or
 * malformed parameter needed to authenticate (merchantId, dttm — Prague time, ±130 min — or
 * signature), 401 `{"resultCode":110,"resultMessage":"Wrong signature"}` for a bad signature;
 * past that, HTTP 200 with a signed body and a `resultCode`.
 *
 * Test cards (any future expiry MM/RR, any 3-digit CVC):
 *
 *   4000 0000 0000 0002   authorised at once
 *   4000 0000 0000 3063   3-D Secure challenge first: code 123456 authorises, any other declines
 *   4000 0000 0000 0069   declined (paymentStatus 6)
 *
 * Any other card number is refused on the page (it is not a test card). "Zrušit platbu" cancels
 * (paymentStatus 3). An authorised payment is 7 (waiting for settlement) with closePayment=true,
 * else 4 until payment/close. A payment left unpaid past its `ttlSec` (300–1800 s, default 1800)
 * is declined (6), as the bank does. The browser then goes back to `returnUrl` with the signed
 * result: a 303 with the fields in the query for returnMethod GET, a self-submitting form (with a
 * button for browsers without JavaScript) for POST.
 *
 * Admin endpoints for tests (no signatures): `POST /_sandbox/settle/{payId}` (7 → 8, as the
 * nightly settlement would), `POST /_sandbox/expire/{payId}` (as if its ttlSec had passed),
 * `GET /_sandbox/payments/{payId}` (the stored record).
 *
 * Payments are kept in `payments.json` in the data dir, written atomically (temp file + rename),
 * so a restart keeps them. Prints `{"msg":"csob sandbox started",…}` once listening; exits on
 * SIGTERM/SIGINT.
 */
import { dirname, join } from "node:path";
import { type Context, Hono } from "hono";
import {
  CLOSE_REQUEST_ORDER,
  dttm,
  ECHO_REQUEST_ORDER,
  ECHO_RESPONSE_ORDER,
  type FieldOrder,
  generateKeyPairPem,
  importPrivateKey,
  importPublicKey,
  INIT_REQUEST_ORDER,
  INIT_RESPONSE_ORDER,
  parseDttm,
  PAY_ID_REQUEST_ORDER,
  PAYMENT_RESPONSE_ORDER,
  PaymentStatus,
  REFUND_REQUEST_ORDER,
  ResultCode,
  RETURN_ORDER,
  signRequest,
  STATUS_RESPONSE_ORDER,
  verifyResponse,
} from "../../lib/payments/csob.ts";

// --- Settings ----------------------------------------------------------------------------------

const API_BASE = "/api/v1.9";
const REPO_ROOT = dirname(dirname(dirname(new URL(import.meta.url).pathname)));
const port = Number(Deno.env.get("CSOB_SANDBOX_PORT") || 9110);
const host = Deno.env.get("CSOB_SANDBOX_HOST") || "127.0.0.1";
const publicOrigin = (Deno.env.get("CSOB_SANDBOX_PUBLIC_URL") || `http://localhost:${port}`)
  .replace(/\/+$/, "");
const dataDir = Deno.env.get("CSOB_SANDBOX_DATA_DIR") || join(REPO_ROOT, ".data", "csob-sandbox");
const merchantId = Deno.env.get("CSOB_SANDBOX_MERCHANT_ID") || "M1PORTAL01";
const merchantName = Deno.env.get("CSOB_SANDBOX_MERCHANT_NAME") || "Portál občana";

/** dttm tolerance (csob/paymentgateway#484). */
const DTTM_TOLERANCE_MS = 130 * 60_000;
const CURRENCIES = new Set(["CZK", "EUR", "USD", "GBP", "HUF", "PLN", "RON", "NOK", "SEK"]);
const CHALLENGE_CODE = "123456";

export const TEST_CARDS = {
  success: "4000000000000002",
  challenge: "4000000000003063",
  declined: "4000000000000069",
} as const;

function log(msg: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ msg, ...fields }));
}

// --- Keys --------------------------------------------------------------------------------------

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** Writes a file atomically: a temp file in the same folder, then a rename. */
async function writeAtomic(path: string, text: string, mode = 0o644): Promise<void> {
  const tmp = `${path}.tmp-${crypto.randomUUID()}`;
  await Deno.writeTextFile(tmp, text, { mode });
  await Deno.rename(tmp, path);
}

async function ensurePair(name: string): Promise<{ key: string; pub: string }> {
  const keyPath = join(dataDir, `${name}.key`);
  const pubPath = join(dataDir, `${name}.pub`);
  const [key, pub] = await Promise.all([readIfExists(keyPath), readIfExists(pubPath)]);
  if (key && pub) return { key, pub };
  const pair = await generateKeyPairPem();
  await writeAtomic(keyPath, pair.privateKeyPem, 0o600);
  await writeAtomic(pubPath, pair.publicKeyPem);
  log("generated a key pair", { name, files: [`${name}.key`, `${name}.pub`] });
  return { key: pair.privateKeyPem, pub: pair.publicKeyPem };
}

// --- State -------------------------------------------------------------------------------------

interface CartItem {
  name: string;
  quantity: number;
  amount: number;
  description?: string;
}

interface SandboxPayment {
  payId: string;
  merchantId: string;
  orderNo: string;
  payOperation: string;
  payMethod: string;
  totalAmount: number;
  currency: string;
  closePayment: boolean;
  returnUrl: string;
  returnMethod: "GET" | "POST";
  cart: CartItem[];
  merchantData?: string;
  customerId?: string;
  language: string;
  ttlSec: number;
  /** ISO time of payment/init. */
  createdAt: string;
  status: number;
  authCode?: string;
  statusDetail?: string;
  /** Amount sent to settlement by close (or the whole amount with closePayment). */
  closedAmount?: number;
  refundedAmount: number;
  /** The card page's form token (a cross-site form cannot post to this payment). */
  pageToken: string;
  /** Set while the 3-D Secure challenge waits for its code. */
  challengePending?: boolean;
  cardLast4?: string;
  history: { at: string; status: number; note: string }[];
}

interface State {
  version: 1;
  payments: Record<string, SandboxPayment>;
}

const stateFile = join(dataDir, "payments.json");
let state: State = { version: 1, payments: {} };
let saving: Promise<void> = Promise.resolve();

async function loadState(): Promise<void> {
  const text = await readIfExists(stateFile);
  if (!text) return;
  const parsed = JSON.parse(text) as State;
  if (parsed?.version === 1 && parsed.payments) state = parsed;
}

/** Persists the whole state; writes are serialised so the last one always wins. */
function save(): Promise<void> {
  const snapshot = JSON.stringify(state, null, 2) + "\n";
  saving = saving.catch(() => {}).then(() => writeAtomic(stateFile, snapshot));
  return saving;
}

function setStatus(p: SandboxPayment, status: number, note: string): void {
  p.status = status;
  p.history.push({ at: new Date().toISOString(), status, note });
  log("payment status", { payId: p.payId, status, note });
}

/** A payment left unpaid past its ttlSec is declined (csob/platebnibrana#89). */
function applyExpiry(p: SandboxPayment): boolean {
  const open = p.status === PaymentStatus.CREATED || p.status === PaymentStatus.IN_PROGRESS;
  if (open && Date.now() > Date.parse(p.createdAt) + p.ttlSec * 1000) {
    p.challengePending = false;
    setStatus(p, PaymentStatus.DENIED, "expired (ttlSec)");
    return true;
  }
  return false;
}

async function lookup(payId: string): Promise<SandboxPayment | undefined> {
  const p = Object.hasOwn(state.payments, payId) ? state.payments[payId] : undefined;
  if (p && applyExpiry(p)) await save();
  return p;
}

function newPayId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, 15);
}

function randomDigits(n: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => String(b % 10)).join("");
}

// --- Signed API answers ------------------------------------------------------------------------

let gatewayKey: CryptoKey;
let merchantPublicKey: CryptoKey;

// deno-lint-ignore no-explicit-any
type Json = Record<string, any>;

async function signed(c: Context, fields: Json, order: FieldOrder): Promise<Response> {
  const body = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return c.json(await signRequest(body, order, gatewayKey), 200);
}

/** Basic validation refusals: an HTTP error and an unsigned body, as the bank answers them. */
function refuse(c: Context, status: 400 | 401 | 404, resultCode: number, message: string) {
  log("request refused", { path: new URL(c.req.url).pathname, status, resultCode, message });
  return c.json({ resultCode, resultMessage: message }, status);
}

/** Checks merchantId, dttm and the signature; a Response when the request is refused. */
async function authenticate(
  c: Context,
  fields: Json,
  order: FieldOrder,
): Promise<Response | null> {
  if (typeof fields.merchantId !== "string" || fields.merchantId === "") {
    return refuse(c, 400, ResultCode.MISSING_PARAMETER, "Missing parameter merchantId");
  }
  if (fields.merchantId !== merchantId) {
    return refuse(c, 400, ResultCode.INVALID_PARAMETER, "Invalid merchantId");
  }
  if (typeof fields.signature !== "string" || fields.signature === "") {
    return refuse(c, 400, ResultCode.MISSING_PARAMETER, "Missing parameter signature");
  }
  const at = typeof fields.dttm === "string" ? parseDttm(fields.dttm) : null;
  if (!at) return refuse(c, 400, ResultCode.INVALID_PARAMETER, "Invalid parameter dttm");
  if (Math.abs(at.getTime() - Date.now()) > DTTM_TOLERANCE_MS) {
    return refuse(c, 400, ResultCode.INVALID_PARAMETER, "Invalid parameter dttm");
  }
  if (!(await verifyResponse(fields, order, merchantPublicKey))) {
    return refuse(c, 401, ResultCode.INVALID_PARAMETER, "Wrong signature");
  }
  return null;
}

async function jsonBody(c: Context): Promise<Json | null> {
  try {
    const v = await c.req.json();
    return v && typeof v === "object" && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** The init parameters, checked as the gateway checks them; an error is [resultCode, message]. */
function checkInit(b: Json): [number, string] | null {
  const required = [
    "orderNo",
    "payOperation",
    "payMethod",
    "totalAmount",
    "currency",
    "closePayment",
    "returnUrl",
    "returnMethod",
    "cart",
    "language",
  ];
  for (const name of required) {
    if (b[name] === undefined || b[name] === null || b[name] === "") {
      return [ResultCode.MISSING_PARAMETER, `Missing parameter ${name}`];
    }
  }
  const invalid = (name: string): [number, string] => [
    ResultCode.INVALID_PARAMETER,
    `Invalid ${name}`,
  ];
  if (typeof b.orderNo !== "string" || !/^\d{1,10}$/.test(b.orderNo)) return invalid("orderNo");
  if (b.payOperation !== "payment") return invalid("payOperation");
  if (b.payMethod !== "card" && b.payMethod !== "card#LVP") return invalid("payMethod");
  if (!Number.isSafeInteger(b.totalAmount) || b.totalAmount <= 0) return invalid("totalAmount");
  if (!CURRENCIES.has(b.currency)) return invalid("currency");
  if (typeof b.closePayment !== "boolean") return invalid("closePayment");
  if (
    typeof b.returnUrl !== "string" || b.returnUrl.length > 300 ||
    !/^https?:\/\/[^\s]+$/i.test(b.returnUrl)
  ) {
    return invalid("returnUrl");
  }
  if (b.returnMethod !== "POST" && b.returnMethod !== "GET") return invalid("returnMethod");
  if (!Array.isArray(b.cart) || b.cart.length < 1 || b.cart.length > 2) return invalid("cart");
  let sum = 0;
  for (const item of b.cart) {
    if (
      !item || typeof item.name !== "string" || item.name === "" || item.name.length > 20 ||
      !Number.isSafeInteger(item.quantity) || item.quantity < 1 ||
      !Number.isSafeInteger(item.amount) || item.amount < 0 ||
      (item.description !== undefined &&
        (typeof item.description !== "string" || item.description.length > 40))
    ) {
      return invalid("cart");
    }
    sum += item.amount;
  }
  if (sum !== b.totalAmount) return invalid("cart (the items do not add up to totalAmount)");
  if (
    b.merchantData !== undefined &&
    (typeof b.merchantData !== "string" || b.merchantData.length > 255 ||
      !/^[A-Za-z0-9+/]*={0,2}$/.test(b.merchantData))
  ) {
    return invalid("merchantData");
  }
  if (typeof b.language !== "string" || !/^[a-z]{2}$/i.test(b.language)) return invalid("language");
  if (
    b.ttlSec !== undefined &&
    (!Number.isSafeInteger(b.ttlSec) || b.ttlSec < 300 || b.ttlSec > 1800)
  ) {
    return invalid("ttlSec");
  }
  if (
    b.customerId !== undefined && (typeof b.customerId !== "string" || b.customerId.length > 50)
  ) {
    return invalid("customerId");
  }
  return null;
}

function paymentFields(p: SandboxPayment): Json {
  const authorised = p.authCode !== undefined;
  return {
    payId: p.payId,
    dttm: dttm(),
    resultCode: ResultCode.OK,
    resultMessage: "OK",
    paymentStatus: p.status,
    authCode: authorised ? p.authCode : undefined,
    statusDetail: p.statusDetail,
  };
}

function notFound(c: Context, payId: unknown, order: FieldOrder): Promise<Response> {
  return signed(c, {
    payId: typeof payId === "string" ? payId : undefined,
    dttm: dttm(),
    resultCode: ResultCode.PAYMENT_NOT_FOUND,
    resultMessage: "Payment not found",
  }, order);
}

function notInValidState(c: Context, p: SandboxPayment): Promise<Response> {
  return signed(c, {
    payId: p.payId,
    dttm: dttm(),
    resultCode: ResultCode.PAYMENT_NOT_IN_VALID_STATE,
    resultMessage: "Payment not in valid state",
  }, PAYMENT_RESPONSE_ORDER);
}

function invalidParameter(c: Context, p: SandboxPayment, name: string): Promise<Response> {
  return signed(c, {
    payId: p.payId,
    dttm: dttm(),
    resultCode: ResultCode.INVALID_PARAMETER,
    resultMessage: `Invalid ${name}`,
  }, PAYMENT_RESPONSE_ORDER);
}

// --- The browser's side: card page, 3-D Secure, return to the e-shop ------------------------

type Lang = "cs" | "en";

const TEXT = {
  cs: {
    title: "Platba kartou",
    sandbox: "Testovací platební brána (sandbox) — žádné skutečné peníze.",
    merchant: "Obchodník",
    order: "Číslo objednávky",
    amount: "K zaplacení",
    cart: "Položky",
    cardNumber: "Číslo karty",
    cardNumberHint: "16 číslic, mezery nevadí.",
    expiry: "Platnost",
    expiryHint: "Měsíc a rok ve tvaru MM/RR, například 12/30.",
    cvc: "CVC",
    cvcHint: "Tři číslice z rubu karty.",
    pay: (amount: string) => `Zaplatit ${amount}`,
    cancel: "Zrušit platbu",
    errorsTitle: "Opravte prosím tyto údaje:",
    errCardMissing: "Zadejte číslo karty.",
    errCardInvalid: "Číslo karty není platné — zkontrolujte ho.",
    errCardUnknown: "Toto není testovací karta sandboxu; použijte jednu z karet níže.",
    errExpiryMissing: "Zadejte platnost karty.",
    errExpiryInvalid: "Zadejte platnost ve tvaru MM/RR, například 12/30.",
    errExpiryPast: "Karta je prošlá; zadejte budoucí měsíc.",
    errCvcMissing: "Zadejte CVC.",
    errCvcInvalid: "CVC jsou tři číslice.",
    testCards: "Testovací karty",
    testCardsIntro: "Platnost: jakýkoli budoucí měsíc. CVC: jakékoli tři číslice.",
    cardSuccess: "platba projde bez ověření",
    cardChallenge: "vyžádá ověření 3-D Secure (kód 123456)",
    cardDeclined: "platba bude zamítnuta",
    challengeTitle: "Ověření platby (3-D Secure)",
    challengeIntro: "Vydavatel karty žádá ověření. Zadejte kód, který vám poslal v SMS.",
    challengeHint: "V sandboxu je správný kód 123456; jiný kód platbu zamítne.",
    code: "Ověřovací kód",
    errCodeMissing: "Zadejte ověřovací kód.",
    confirm: "Potvrdit",
    returning: "Vracíme vás do obchodu",
    returningText: "Výsledek platby předáváme obchodníkovi.",
    continue: "Pokračovat do obchodu",
    done: "Platba je již vyřízena",
    doneText: "S touto platbou už nelze nic dalšího udělat.",
    notFound: "Platba nenalezena",
    notFoundText: "Platba neexistuje nebo k ní nemáte odkaz.",
    expired: "Platnost platby vypršela",
    card: "karta",
  },
  en: {
    title: "Card payment",
    sandbox: "Test payment gateway (sandbox) — no real money.",
    merchant: "Merchant",
    order: "Order number",
    amount: "To pay",
    cart: "Items",
    cardNumber: "Card number",
    cardNumberHint: "16 digits, spaces are fine.",
    expiry: "Expiry date",
    expiryHint: "Month and year as MM/YY, for example 12/30.",
    cvc: "CVC",
    cvcHint: "The three digits on the back of the card.",
    pay: (amount: string) => `Pay ${amount}`,
    cancel: "Cancel payment",
    errorsTitle: "Please correct the following:",
    errCardMissing: "Enter the card number.",
    errCardInvalid: "The card number is not valid — please check it.",
    errCardUnknown: "This is not one of the sandbox's test cards; use one listed below.",
    errExpiryMissing: "Enter the expiry date.",
    errExpiryInvalid: "Enter the expiry date as MM/YY, for example 12/30.",
    errExpiryPast: "The card has expired; enter a future month.",
    errCvcMissing: "Enter the CVC.",
    errCvcInvalid: "The CVC is three digits.",
    testCards: "Test cards",
    testCardsIntro: "Expiry: any future month. CVC: any three digits.",
    cardSuccess: "paid without authentication",
    cardChallenge: "asks for 3-D Secure authentication (code 123456)",
    cardDeclined: "declined",
    challengeTitle: "Payment authentication (3-D Secure)",
    challengeIntro:
      "Your card issuer asks you to confirm this payment. Enter the code it texted you.",
    challengeHint: "In the sandbox the right code is 123456; any other code declines the payment.",
    code: "Authentication code",
    errCodeMissing: "Enter the authentication code.",
    confirm: "Confirm",
    returning: "Taking you back to the shop",
    returningText: "We are handing the payment's result to the merchant.",
    continue: "Continue to the shop",
    done: "This payment is already settled",
    doneText: "Nothing more can be done with this payment.",
    notFound: "Payment not found",
    notFoundText: "The payment does not exist or the link is wrong.",
    expired: "The payment has expired",
    card: "card",
  },
} as const;

function langOf(p: SandboxPayment | undefined): Lang {
  const l = p?.language?.toLowerCase();
  return !l || l === "cs" || l === "cz" || l === "sk" ? "cs" : "en";
}

function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function money(amount: number, currency: string, lang: Lang): string {
  return new Intl.NumberFormat(lang === "cs" ? "cs-CZ" : "en-GB", { style: "currency", currency })
    .format(amount / 100);
}

const CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  color:#1a1a1a;background:#f3f4f6}
main{max-width:34rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
.sandbox{margin:0 0 1rem;padding:.5rem .75rem;background:#fff4ce;border-left:4px solid #8a6d00}
dl.summary{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dl.summary dt{font-weight:600}
dl.summary dd{margin:0;overflow-wrap:anywhere}
.total{font-size:1.25rem;font-weight:700;white-space:nowrap}
ul.cart{margin:0 0 1rem;padding-left:1.25rem}
.field{margin:0 0 1rem}
label{display:block;font-weight:600}
.hint{display:block;color:#4a4a4a;font-size:.9375rem}
input[type=text]{display:block;width:100%;max-width:20rem;font:inherit;padding:.5rem;
  border:2px solid #4a4a4a;border-radius:4px}
input[aria-invalid=true]{border-color:#b00020}
.error{display:block;color:#b00020;font-weight:600;margin:.25rem 0 0}
.errors{border:3px solid #b00020;padding:.5rem 1rem;margin:0 0 1rem}
.errors h2{margin-top:.25rem;color:#b00020}
.errors a{color:#b00020}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0}
button{font:inherit;font-weight:600;padding:.625rem 1.25rem;border-radius:4px;
  border:2px solid #1f4e96;cursor:pointer}
button.primary{background:#1f4e96;color:#fff}
button.secondary{background:#fff;color:#1f4e96}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.25rem .5rem .25rem 0;border-bottom:1px solid #d0d0d0;
  vertical-align:top}
code{font-size:1rem;white-space:nowrap}
`;

function page(lang: Lang, title: string, body: string, extraHead = ""): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — ČSOB sandbox</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>${extraHead}
</head>
<body>
<main>
<p class="sandbox">${esc(TEXT[lang].sandbox)}</p>
${body}
</main>
</body>
</html>`;
}

function html(c: Context, body: string, status: 200 | 404 | 422 = 200): Response {
  return c.html(body, status, { "cache-control": "no-store", "referrer-policy": "no-referrer" });
}

function testCardsSection(lang: Lang): string {
  const t = TEXT[lang];
  const row = (n: string, what: string) =>
    `<tr><td><code>${n.replace(/(\d{4})(?=\d)/g, "$1 ")}</code></td><td>${esc(what)}</td></tr>`;
  return `<section aria-labelledby="test-cards">
<h2 id="test-cards">${esc(t.testCards)}</h2>
<p>${esc(t.testCardsIntro)}</p>
<table aria-labelledby="test-cards">
<thead><tr><th scope="col">${esc(t.cardNumber)}</th><th scope="col">${
    lang === "cs" ? "Výsledek" : "Outcome"
  }</th></tr></thead>
<tbody>
${row(TEST_CARDS.success, t.cardSuccess)}
${row(TEST_CARDS.challenge, t.cardChallenge)}
${row(TEST_CARDS.declined, t.cardDeclined)}
</tbody>
</table>
</section>`;
}

function summary(p: SandboxPayment, lang: Lang): string {
  const t = TEXT[lang];
  const items = p.cart.map((i) =>
    `<li>${esc(i.name)}${i.description ? ` (${esc(i.description)})` : ""} — ${i.quantity} × — ${
      esc(money(i.amount, p.currency, lang))
    }</li>`
  ).join("\n");
  return `<dl class="summary">
<dt>${esc(t.merchant)}</dt><dd>${esc(merchantName)}</dd>
<dt>${esc(t.order)}</dt><dd>${esc(p.orderNo)}</dd>
<dt>${esc(t.amount)}</dt><dd class="total">${esc(money(p.totalAmount, p.currency, lang))}</dd>
</dl>
<h2>${esc(t.cart)}</h2>
<ul class="cart">
${items}
</ul>`;
}

interface FieldError {
  field: string;
  message: string;
}

function field(
  name: string,
  label: string,
  hint: string,
  value: string,
  errors: FieldError[],
  attrs: string,
): string {
  const error = errors.find((e) => e.field === name);
  const describedBy = [`${name}-hint`, error ? `${name}-error` : ""].filter(Boolean).join(" ");
  return `<div class="field">
<label for="${name}">${esc(label)}</label>
<span class="hint" id="${name}-hint">${esc(hint)}</span>
${error ? `<span class="error" id="${name}-error">${esc(error.message)}</span>` : ""}
<input type="text" id="${name}" name="${name}" value="${
    esc(value)
  }" ${attrs} aria-describedby="${describedBy}"${error ? ` aria-invalid="true"` : ""}>
</div>`;
}

function errorSummary(lang: Lang, errors: FieldError[]): string {
  if (errors.length === 0) return "";
  return `<div class="errors" role="alert" aria-labelledby="errors-title" tabindex="-1">
<h2 id="errors-title">${esc(TEXT[lang].errorsTitle)}</h2>
<ul>${errors.map((e) => `<li><a href="#${e.field}">${esc(e.message)}</a></li>`).join("")}</ul>
</div>`;
}

function cardPage(
  p: SandboxPayment,
  values: Record<string, string> = {},
  errors: FieldError[] = [],
): string {
  const lang = langOf(p);
  const t = TEXT[lang];
  const amount = money(p.totalAmount, p.currency, lang);
  const body = `<h1>${esc(t.title)}</h1>
${errorSummary(lang, errors)}
${summary(p, lang)}
<form method="post" action="/pay/${esc(p.payId)}" novalidate>
<input type="hidden" name="token" value="${esc(p.pageToken)}">
${
    field(
      "cardNumber",
      t.cardNumber,
      t.cardNumberHint,
      values.cardNumber ?? "",
      errors,
      `inputmode="numeric" autocomplete="cc-number" spellcheck="false"`,
    )
  }
${
    field(
      "expiry",
      t.expiry,
      t.expiryHint,
      values.expiry ?? "",
      errors,
      `inputmode="numeric" autocomplete="cc-exp" size="7"`,
    )
  }
${field("cvc", t.cvc, t.cvcHint, "", errors, `inputmode="numeric" autocomplete="cc-csc" size="4"`)}
<div class="actions">
<button type="submit" class="primary" name="action" value="pay">${esc(t.pay(amount))}</button>
<button type="submit" class="secondary" name="action" value="cancel">${esc(t.cancel)}</button>
</div>
</form>
${testCardsSection(lang)}`;
  return page(lang, errors.length ? `${t.title} — ${t.errorsTitle}` : t.title, body);
}

function challengePage(p: SandboxPayment, errors: FieldError[] = []): string {
  const lang = langOf(p);
  const t = TEXT[lang];
  const body = `<h1>${esc(t.challengeTitle)}</h1>
${errorSummary(lang, errors)}
<p>${esc(t.challengeIntro)}</p>
<dl class="summary">
<dt>${esc(t.merchant)}</dt><dd>${esc(merchantName)}</dd>
<dt>${esc(t.amount)}</dt><dd class="total">${esc(money(p.totalAmount, p.currency, lang))}</dd>
<dt>${esc(t.card)}</dt><dd>•••• ${esc(p.cardLast4 ?? "")}</dd>
</dl>
<form method="post" action="/pay/${esc(p.payId)}/3ds" novalidate>
<input type="hidden" name="token" value="${esc(p.pageToken)}">
${
    field(
      "code",
      t.code,
      t.challengeHint,
      "",
      errors,
      `inputmode="numeric" autocomplete="one-time-code" size="8"`,
    )
  }
<div class="actions">
<button type="submit" class="primary" name="action" value="confirm">${esc(t.confirm)}</button>
<button type="submit" class="secondary" name="action" value="cancel">${esc(t.cancel)}</button>
</div>
</form>`;
  return page(lang, t.challengeTitle, body);
}

function messagePage(lang: Lang, title: string, text: string): string {
  return page(lang, title, `<h1>${esc(title)}</h1>\n<p>${esc(text)}</p>`);
}

/** The signed result the browser carries back to the e-shop. */
async function returnFields(p: SandboxPayment): Promise<Record<string, string>> {
  const fields: Record<string, string> = {
    payId: p.payId,
    dttm: dttm(),
    resultCode: String(ResultCode.OK),
    resultMessage: "OK",
    paymentStatus: String(p.status),
  };
  if (p.authCode !== undefined) fields.authCode = p.authCode;
  if (p.merchantData !== undefined) fields.merchantData = p.merchantData;
  if (p.statusDetail !== undefined) fields.statusDetail = p.statusDetail;
  return await signRequest(fields, RETURN_ORDER, gatewayKey);
}

/** Sends the browser back to returnUrl: a 303 (GET) or a self-submitting form (POST). */
async function backToShop(c: Context, p: SandboxPayment): Promise<Response> {
  const fields = await returnFields(p);
  if (p.returnMethod === "GET") {
    const url = new URL(p.returnUrl);
    for (const [k, v] of Object.entries(fields)) url.searchParams.set(k, v);
    return c.redirect(url.toString(), 303);
  }
  const lang = langOf(p);
  const t = TEXT[lang];
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("\n");
  const body = `<h1>${esc(t.returning)}</h1>
<p>${esc(t.returningText)}</p>
<form method="post" action="${esc(p.returnUrl)}" id="return">
${inputs}
<div class="actions"><button type="submit" class="primary">${esc(t.continue)}</button></div>
</form>
<script>document.getElementById("return").submit();</script>`;
  return html(c, page(lang, t.returning, body));
}

const FINAL_FOR_THE_PAGE = new Set<number>([
  PaymentStatus.CANCELLED,
  PaymentStatus.CONFIRMED,
  PaymentStatus.REVERSED,
  PaymentStatus.DENIED,
  PaymentStatus.WAITING_FOR_SETTLEMENT,
  PaymentStatus.SETTLED,
  PaymentStatus.REFUND_PROCESSING,
  PaymentStatus.REFUNDED,
]);

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function checkCard(values: Record<string, string>, lang: Lang): FieldError[] {
  const t = TEXT[lang];
  const errors: FieldError[] = [];
  const number = (values.cardNumber ?? "").replace(/[\s-]/g, "");
  if (number === "") errors.push({ field: "cardNumber", message: t.errCardMissing });
  else if (!/^\d{12,19}$/.test(number) || !luhn(number)) {
    errors.push({ field: "cardNumber", message: t.errCardInvalid });
  } else if (!Object.values(TEST_CARDS).includes(number as never)) {
    errors.push({ field: "cardNumber", message: t.errCardUnknown });
  }
  const expiry = (values.expiry ?? "").trim();
  const m = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(expiry);
  if (expiry === "") errors.push({ field: "expiry", message: t.errExpiryMissing });
  else if (!m || Number(m[1]) < 1 || Number(m[1]) > 12) {
    errors.push({ field: "expiry", message: t.errExpiryInvalid });
  } else {
    const year = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    const endOfMonth = Date.UTC(year, Number(m[1]), 1); // the first moment after that month
    if (endOfMonth <= Date.now()) errors.push({ field: "expiry", message: t.errExpiryPast });
  }
  const cvc = (values.cvc ?? "").trim();
  if (cvc === "") errors.push({ field: "cvc", message: t.errCvcMissing });
  else if (!/^\d{3}$/.test(cvc)) errors.push({ field: "cvc", message: t.errCvcInvalid });
  return errors;
}

function authorise(p: SandboxPayment, note: string): void {
  p.authCode = randomDigits(6);
  p.challengePending = false;
  if (p.closePayment) {
    p.closedAmount = p.totalAmount;
    setStatus(p, PaymentStatus.WAITING_FOR_SETTLEMENT, `${note}; closePayment`);
  } else setStatus(p, PaymentStatus.CONFIRMED, note);
}

async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).filter(([, v]) => typeof v === "string"),
  ) as Record<string, string>;
}

// --- The application ---------------------------------------------------------------------------

export function sandboxApp(): Hono {
  const app = new Hono();
  const api = new Hono();

  api.post("/payment/init", async (c) => {
    const b = await jsonBody(c);
    if (!b) return refuse(c, 400, ResultCode.INVALID_PARAMETER, "Invalid request body");
    const refused = await authenticate(c, b, INIT_REQUEST_ORDER);
    if (refused) return refused;
    const problem = checkInit(b);
    if (problem) {
      return signed(c, {
        dttm: dttm(),
        resultCode: problem[0],
        resultMessage: problem[1],
      }, INIT_RESPONSE_ORDER);
    }
    let payId = newPayId();
    while (Object.hasOwn(state.payments, payId)) payId = newPayId();
    const p: SandboxPayment = {
      payId,
      merchantId: b.merchantId,
      orderNo: b.orderNo,
      payOperation: b.payOperation,
      payMethod: b.payMethod,
      totalAmount: b.totalAmount,
      currency: b.currency,
      closePayment: b.closePayment,
      returnUrl: b.returnUrl,
      returnMethod: b.returnMethod,
      cart: b.cart.map((i: CartItem) => ({
        name: i.name,
        quantity: i.quantity,
        amount: i.amount,
        ...(i.description !== undefined ? { description: i.description } : {}),
      })),
      ...(b.merchantData !== undefined ? { merchantData: b.merchantData } : {}),
      ...(b.customerId !== undefined ? { customerId: b.customerId } : {}),
      language: String(b.language).toLowerCase(),
      ttlSec: b.ttlSec ?? 1800,
      createdAt: new Date().toISOString(),
      status: PaymentStatus.CREATED,
      refundedAmount: 0,
      pageToken: crypto.randomUUID(),
      history: [],
    };
    state.payments[payId] = p;
    setStatus(p, PaymentStatus.CREATED, "payment/init");
    await save();
    return signed(c, {
      payId,
      dttm: dttm(),
      resultCode: ResultCode.OK,
      resultMessage: "OK",
      paymentStatus: p.status,
    }, INIT_RESPONSE_ORDER);
  });

  api.get("/payment/process/:merchantId/:payId/:dttm/:signature", async (c) => {
    const fields = c.req.param();
    const refused = await authenticate(c, fields, PAY_ID_REQUEST_ORDER);
    if (refused) return refused;
    const p = await lookup(fields.payId);
    if (!p || p.merchantId !== fields.merchantId) {
      return html(c, messagePage("cs", TEXT.cs.notFound, TEXT.cs.notFoundText), 404);
    }
    if (p.status === PaymentStatus.CREATED) {
      setStatus(p, PaymentStatus.IN_PROGRESS, "payment/process");
      await save();
    }
    return c.redirect(`/pay/${encodeURIComponent(p.payId)}`, 303);
  });

  api.get("/payment/status/:merchantId/:payId/:dttm/:signature", async (c) => {
    const fields = c.req.param();
    const refused = await authenticate(c, fields, PAY_ID_REQUEST_ORDER);
    if (refused) return refused;
    const p = await lookup(fields.payId);
    if (!p || p.merchantId !== fields.merchantId) {
      return notFound(c, fields.payId, STATUS_RESPONSE_ORDER);
    }
    return signed(c, paymentFields(p), STATUS_RESPONSE_ORDER);
  });

  api.put("/payment/close", async (c) => {
    const b = await jsonBody(c);
    if (!b) return refuse(c, 400, ResultCode.INVALID_PARAMETER, "Invalid request body");
    const refused = await authenticate(c, b, CLOSE_REQUEST_ORDER);
    if (refused) return refused;
    const p = typeof b.payId === "string" ? await lookup(b.payId) : undefined;
    if (!p || p.merchantId !== b.merchantId) return notFound(c, b.payId, PAYMENT_RESPONSE_ORDER);
    if (p.status !== PaymentStatus.CONFIRMED) return notInValidState(c, p);
    const amount = b.totalAmount ?? p.totalAmount;
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > p.totalAmount) {
      return invalidParameter(c, p, "totalAmount");
    }
    p.closedAmount = amount;
    setStatus(p, PaymentStatus.WAITING_FOR_SETTLEMENT, `payment/close ${amount}`);
    await save();
    return signed(c, paymentFields(p), PAYMENT_RESPONSE_ORDER);
  });

  api.put("/payment/reverse", async (c) => {
    const b = await jsonBody(c);
    if (!b) return refuse(c, 400, ResultCode.INVALID_PARAMETER, "Invalid request body");
    const refused = await authenticate(c, b, PAY_ID_REQUEST_ORDER);
    if (refused) return refused;
    const p = typeof b.payId === "string" ? await lookup(b.payId) : undefined;
    if (!p || p.merchantId !== b.merchantId) return notFound(c, b.payId, PAYMENT_RESPONSE_ORDER);
    if (p.status !== PaymentStatus.CONFIRMED && p.status !== PaymentStatus.WAITING_FOR_SETTLEMENT) {
      return notInValidState(c, p);
    }
    setStatus(p, PaymentStatus.REVERSED, "payment/reverse");
    await save();
    return signed(c, paymentFields(p), PAYMENT_RESPONSE_ORDER);
  });

  api.put("/payment/refund", async (c) => {
    const b = await jsonBody(c);
    if (!b) return refuse(c, 400, ResultCode.INVALID_PARAMETER, "Invalid request body");
    const refused = await authenticate(c, b, REFUND_REQUEST_ORDER);
    if (refused) return refused;
    const p = typeof b.payId === "string" ? await lookup(b.payId) : undefined;
    if (!p || p.merchantId !== b.merchantId) return notFound(c, b.payId, PAYMENT_RESPONSE_ORDER);
    if (p.status !== PaymentStatus.SETTLED) return notInValidState(c, p);
    const remaining = (p.closedAmount ?? p.totalAmount) - p.refundedAmount;
    const amount = b.amount ?? remaining;
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > remaining) {
      return invalidParameter(c, p, "amount");
    }
    p.refundedAmount += amount;
    if (p.refundedAmount === (p.closedAmount ?? p.totalAmount)) {
      setStatus(p, PaymentStatus.REFUNDED, `payment/refund ${amount}`);
    } else {
      p.history.push({
        at: new Date().toISOString(),
        status: p.status,
        note: `partial refund ${amount}`,
      });
    }
    await save();
    return signed(c, paymentFields(p), PAYMENT_RESPONSE_ORDER);
  });

  const echo = async (c: Context, fields: Json) => {
    const refused = await authenticate(c, fields, ECHO_REQUEST_ORDER);
    if (refused) return refused;
    return signed(
      c,
      { dttm: dttm(), resultCode: ResultCode.OK, resultMessage: "OK" },
      ECHO_RESPONSE_ORDER,
    );
  };
  api.get("/echo/:merchantId/:dttm/:signature", (c) => echo(c, c.req.param()));
  api.post("/echo", async (c) => {
    const b = await jsonBody(c);
    if (!b) return refuse(c, 400, ResultCode.INVALID_PARAMETER, "Invalid request body");
    return echo(c, b);
  });

  app.route(API_BASE, api);

  // The card page.
  app.get("/pay/:payId", async (c) => {
    const p = await lookup(c.req.param("payId"));
    if (!p) return html(c, messagePage("cs", TEXT.cs.notFound, TEXT.cs.notFoundText), 404);
    if (p.challengePending) return c.redirect(`/pay/${encodeURIComponent(p.payId)}/3ds`, 303);
    if (FINAL_FOR_THE_PAGE.has(p.status)) return await backToShop(c, p);
    return html(c, cardPage(p));
  });

  app.post("/pay/:payId", async (c) => {
    const p = await lookup(c.req.param("payId"));
    if (!p) return html(c, messagePage("cs", TEXT.cs.notFound, TEXT.cs.notFoundText), 404);
    const form = await formOf(c);
    if (form.token !== p.pageToken) {
      return html(c, messagePage("cs", TEXT.cs.notFound, TEXT.cs.notFoundText), 404);
    }
    if (FINAL_FOR_THE_PAGE.has(p.status) || p.challengePending) {
      return c.redirect(`/pay/${encodeURIComponent(p.payId)}`, 303);
    }
    if (p.status === PaymentStatus.CREATED) setStatus(p, PaymentStatus.IN_PROGRESS, "card page");
    if (form.action === "cancel") {
      setStatus(p, PaymentStatus.CANCELLED, "cancelled by the customer");
      await save();
      return await backToShop(c, p);
    }
    const errors = checkCard(form, langOf(p));
    if (errors.length > 0) {
      await save();
      return html(c, cardPage(p, form, errors), 422);
    }
    const number = form.cardNumber.replace(/[\s-]/g, "");
    p.cardLast4 = number.slice(-4);
    if (number === TEST_CARDS.challenge) {
      p.challengePending = true;
      p.history.push({
        at: new Date().toISOString(),
        status: p.status,
        note: "3-D Secure challenge",
      });
      await save();
      return c.redirect(`/pay/${encodeURIComponent(p.payId)}/3ds`, 303);
    }
    if (number === TEST_CARDS.declined) {
      p.statusDetail = "declined by the issuer (test card)";
      setStatus(p, PaymentStatus.DENIED, "declined card");
    } else authorise(p, "authorised");
    await save();
    return await backToShop(c, p);
  });

  app.get("/pay/:payId/3ds", async (c) => {
    const p = await lookup(c.req.param("payId"));
    if (!p) return html(c, messagePage("cs", TEXT.cs.notFound, TEXT.cs.notFoundText), 404);
    if (!p.challengePending) return c.redirect(`/pay/${encodeURIComponent(p.payId)}`, 303);
    return html(c, challengePage(p));
  });

  app.post("/pay/:payId/3ds", async (c) => {
    const p = await lookup(c.req.param("payId"));
    if (!p) return html(c, messagePage("cs", TEXT.cs.notFound, TEXT.cs.notFoundText), 404);
    const form = await formOf(c);
    if (form.token !== p.pageToken) {
      return html(c, messagePage("cs", TEXT.cs.notFound, TEXT.cs.notFoundText), 404);
    }
    if (!p.challengePending) return c.redirect(`/pay/${encodeURIComponent(p.payId)}`, 303);
    if (form.action === "cancel") {
      p.challengePending = false;
      setStatus(p, PaymentStatus.CANCELLED, "cancelled by the customer at 3-D Secure");
    } else {
      const code = (form.code ?? "").trim();
      if (code === "") {
        return html(
          c,
          challengePage(p, [{ field: "code", message: TEXT[langOf(p)].errCodeMissing }]),
          422,
        );
      }
      if (code === CHALLENGE_CODE) authorise(p, "authorised after 3-D Secure");
      else {
        p.challengePending = false;
        p.statusDetail = "3-D Secure authentication failed";
        setStatus(p, PaymentStatus.DENIED, "wrong 3-D Secure code");
      }
    }
    await save();
    return await backToShop(c, p);
  });

  // Admin endpoints for tests.
  app.post("/_sandbox/settle/:payId", async (c) => {
    const p = await lookup(c.req.param("payId"));
    if (!p) return c.json({ error: "payment not found" }, 404);
    if (p.status !== PaymentStatus.WAITING_FOR_SETTLEMENT) {
      return c.json({ error: "payment not waiting for settlement", paymentStatus: p.status }, 409);
    }
    setStatus(p, PaymentStatus.SETTLED, "settled (sandbox)");
    await save();
    return c.json({ payId: p.payId, paymentStatus: p.status });
  });

  app.post("/_sandbox/expire/:payId", async (c) => {
    const p = Object.hasOwn(state.payments, c.req.param("payId"))
      ? state.payments[c.req.param("payId")]
      : undefined;
    if (!p) return c.json({ error: "payment not found" }, 404);
    p.createdAt = new Date(Date.now() - (p.ttlSec + 1) * 1000).toISOString();
    applyExpiry(p);
    await save();
    return c.json({ payId: p.payId, paymentStatus: p.status });
  });

  app.get("/_sandbox/payments/:payId", async (c) => {
    const p = await lookup(c.req.param("payId"));
    if (!p) return c.json({ error: "payment not found" }, 404);
    const { pageToken: _, ...record } = p;
    return c.json(record);
  });

  app.get("/", (c) => {
    const body = `<h1>ČSOB eAPI 1.9 — sandbox</h1>
<p>API: <code>${esc(publicOrigin + API_BASE)}</code>, merchantId <code>${
      esc(merchantId)
    }</code>.</p>
${testCardsSection("cs")}`;
    return html(c, page("cs", "ČSOB eAPI 1.9 — sandbox", body));
  });

  return app;
}

// --- Start -------------------------------------------------------------------------------------

if (import.meta.main) {
  await Deno.mkdir(dataDir, { recursive: true });
  const [gateway, merchant] = await Promise.all([ensurePair("gateway"), ensurePair("merchant")]);
  gatewayKey = await importPrivateKey(gateway.key);
  merchantPublicKey = await importPublicKey(merchant.pub);
  await loadState();

  const app = sandboxApp();
  const server = Deno.serve({
    hostname: host,
    port,
    onListen: () =>
      log("csob sandbox started", {
        url: publicOrigin + API_BASE,
        merchantId,
        dataDir,
        payments: Object.keys(state.payments).length,
      }),
  }, app.fetch);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.shutdown();
    await saving.catch(() => {});
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", () => void stop());
  Deno.addSignalListener("SIGINT", () => void stop());
}
