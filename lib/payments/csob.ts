/**
 * The ČSOB payment gateway (platební brána ČSOB), eAPI 1.9: a client for the portal and the
 * protocol helpers its local sandbox (scripts/sandbox/csob.ts) shares, so that production changes
 * only the URL, the merchant id and the keys.
 *
 * Runs in Deno (web) and Node (worker) alike: fetch and WebCrypto only (`crypto.subtle`,
 * RSASSA-PKCS1-v1_5 with SHA-256), no Deno.* and no node: modules.
 *
 * Where each fact comes from (the wiki itself, github.com/csob/platebnibrana/wiki, was not
 * readable in full here; the pages quoted are named, the rest comes from public client libraries
 * that run against the real gateway and is marked so):
 *
 * - Operations and URLs — wiki "Základní metody" / "Basic Methods" (eAPI 1.9):
 *   `POST {base}/payment/init`,
 *   `GET {base}/payment/process/{merchantId}/{payId}/{dttm}/{signature}`,
 *   `GET {base}/payment/status/{merchantId}/{payId}/{dttm}/{signature}`,
 *   `PUT {base}/payment/reverse`, `PUT {base}/payment/close`, `PUT {base}/payment/refund`,
 *   `GET {base}/echo/{merchantId}/{dttm}/{signature}` and `POST {base}/echo`; base `https://api.platebnibrana.csob.cz/api/v1.9`
 *   (integration: `https://iapi.iplatebnibrana.csob.cz/api/v1.9`). GET parameters in the path are
 *   URL-encoded (slevomat/csob-gateway `ApiClient::request`, `urlencode`).
 * - Signature: SHA256withRSA since eAPI 1.8 (wiki "eAPI 1.8": "SHA-256 podpis API požadavků a
 *   odpovědí"), Base64. The signed text is the values of the message's fields in the documented
 *   order joined by `|`; absent optional fields are left out (not written as empty); a nested
 *   object contributes its own fields in their order, an array each item in turn; booleans are
 *   `true`/`false` (slevomat/csob-gateway `Crypto/SignatureDataFormatter`, litteratum/csobclient
 *   `v19/signature.py`). The merchant signs with its private key (from the bank's keygen: PKCS#1
 *   "RSA PRIVATE KEY" PEM), the gateway with its own; the merchant verifies with the gateway's
 *   public key (SPKI "PUBLIC KEY" PEM, csob/paymentgateway `keys/`).
 * - Field orders for eAPI 1.9 — payment/init: merchantId, orderNo, dttm, payOperation,
 *   payMethod, totalAmount, currency, closePayment, returnUrl, returnMethod, cart (name,
 *   quantity, amount, description), customer, order, merchantData, customerId, language,
 *   ttlSec, logoVersion, colorSchemeVersion, customExpiry — slevomat/csob-gateway
 *   `Call/InitPaymentRequest.php` (eAPI 1.9 branch) and litteratum/csobclient `v19/client.py`
 *   agree; `description` left the request in eAPI 1.8 (ondrakoupil/csob `Payment.php`). The
 *   customer and order objects' orders: slevomat `AdditionalData/*::encodeForSignature`.
 *   Responses: payId, dttm, resultCode, resultMessage, paymentStatus, then authCode /
 *   customerCode / merchantData / statusDetail as each operation has them (slevomat
 *   `InitPaymentResponse`, `PaymentStatusResponse`, `AuthCodeStatusDetailPaymentResponse`,
 *   `ProcessPaymentResponse` = the return to the e-shop). Echo: merchantId, dttm → dttm,
 *   resultCode, resultMessage. Close: merchantId, payId, dttm, totalAmount?; refund: merchantId,
 *   payId, dttm, amount?; status/process/reverse: merchantId, payId, dttm.
 * - The return to the e-shop (returnUrl, by returnMethod GET or POST) carries payId, dttm,
 *   resultCode, resultMessage, paymentStatus, authCode?, merchantData?, statusDetail?, signature
 *   (slevomat `ReceivePaymentResponse`, litteratum `test_process_gateway_return.py`).
 * - `dttm` is `YYYYMMDDHHMMSS` in Europe/Prague local time (csob/paymentgateway#201, answered
 *   into the wiki's technical FAQ), accepted within ±130 minutes (csob/paymentgateway#484).
 * - A request the gateway cannot authenticate (wrong signature, unknown merchant, malformed) is
 *   answered with an HTTP error status and an unsigned body, e.g. `401 {"resultCode":110,
 *   "resultMessage":"Wrong signature"}` on eAPI 1.9 (csob/platebnibrana#47, csob/paymentgateway
 *   #311); everything past that basic validation is HTTP 200, signed, with `resultCode`.
 * - paymentStatus (wiki "Životní cyklus transakce"; slevomat `Call/PaymentStatus.php`): 1
 *   created, 2 in progress, 3 cancelled (by the customer), 4 confirmed (authorised), 5 reversed,
 *   6 denied (declined, or expired after ttlSec — csob/platebnibrana#89), 7 waiting for
 *   settlement, 8 settled, 9 refund processing, 10 refunded. resultCode (slevomat
 *   `Call/ResultCode.php`): 0 OK, 100 missing parameter, 110 invalid parameter, 120 merchant
 *   blocked, 130 session expired, 140 payment not found, 150 payment not in valid state, 160
 *   payment method disabled, 170 payment method unavailable, 180 operation not allowed, 190
 *   payment method error, 400–430 payment buttons, 500 EET rejected, 600 mallpay payment
 *   declined, 700–750 oneclick, 800 customer not found, 810/820 customer found without/with a
 *   saved card, 900 internal error, 999 general error.
 * - Limits: orderNo 1–10 digits (becomes the variable symbol), cart 1–2 items (name ≤ 20,
 *   description ≤ 40 characters), merchantData Base64 ≤ 255 characters, ttlSec 300–1800
 *   (default 1800), returnUrl ≤ 300 characters (ondrakoupil/csob, slevomat `Validator`,
 *   csob/paymentgateway#159, #391).
 * - `actions` (3-D Secure for payments without the gateway's page) is verified with slevomat's
 *   order, which leaves the free-form `vars` out of the signature; this client never asks for it.
 *
 * Errors, for callers (Temporal activities) to decide: `resultCode ≠ 0` is returned as data; a
 * response or return whose signature does not verify throws `CsobSignatureError`; an HTTP 4xx
 * (the gateway refused to authenticate the request) throws `CsobRequestError`; network failures,
 * timeouts, HTTP 5xx and 429 throw `CsobTransportError` (retryable). `payment/init` is not
 * idempotent: a retry after a transport error may leave an orphan payment, which the gateway
 * declines (status 6) after its ttlSec.
 */

// --- Protocol constants ----------------------------------------------------------------------

/**
 * A message's fields in signature order. A plain name is a scalar; `[name, order]` is a nested
 * object (or an array of them, each item in turn) whose own fields follow `order`.
 */
export type FieldOrder = readonly (string | readonly [string, FieldOrder])[];

export const CART_ITEM_ORDER: FieldOrder = ["name", "quantity", "amount", "description"];
export const CUSTOMER_ACCOUNT_ORDER: FieldOrder = [
  "createdAt",
  "changedAt",
  "changedPwdAt",
  "orderHistory",
  "paymentsDay",
  "paymentsYear",
  "oneclickAdds",
  "suspicious",
];
export const CUSTOMER_LOGIN_ORDER: FieldOrder = ["auth", "authAt", "authData"];
export const CUSTOMER_ORDER: FieldOrder = [
  "name",
  "email",
  "homePhone",
  "workPhone",
  "mobilePhone",
  ["account", CUSTOMER_ACCOUNT_ORDER],
  ["login", CUSTOMER_LOGIN_ORDER],
];
export const ADDRESS_ORDER: FieldOrder = [
  "address1",
  "address2",
  "address3",
  "city",
  "zip",
  "state",
  "country",
];
export const GIFTCARDS_ORDER: FieldOrder = ["totalAmount", "currency", "quantity"];
/** The `order` object of payment/init (what was bought, where it goes). */
export const ORDER_DATA_ORDER: FieldOrder = [
  "type",
  "availability",
  "delivery",
  "deliveryMode",
  "deliveryEmail",
  "nameMatch",
  "addressMatch",
  ["billing", ADDRESS_ORDER],
  ["shipping", ADDRESS_ORDER],
  "shippingAddedAt",
  "reorder",
  ["giftcards", GIFTCARDS_ORDER],
];

export const INIT_REQUEST_ORDER: FieldOrder = [
  "merchantId",
  "orderNo",
  "dttm",
  "payOperation",
  "payMethod",
  "totalAmount",
  "currency",
  "closePayment",
  "returnUrl",
  "returnMethod",
  ["cart", CART_ITEM_ORDER],
  ["customer", CUSTOMER_ORDER],
  ["order", ORDER_DATA_ORDER],
  "merchantData",
  "customerId",
  "language",
  "ttlSec",
  "logoVersion",
  "colorSchemeVersion",
  "customExpiry",
];
export const INIT_RESPONSE_ORDER: FieldOrder = [
  "payId",
  "dttm",
  "resultCode",
  "resultMessage",
  "paymentStatus",
  "customerCode",
  "statusDetail",
];
/** payment/process, payment/status and payment/reverse requests. */
export const PAY_ID_REQUEST_ORDER: FieldOrder = ["merchantId", "payId", "dttm"];
export const CLOSE_REQUEST_ORDER: FieldOrder = ["merchantId", "payId", "dttm", "totalAmount"];
export const REFUND_REQUEST_ORDER: FieldOrder = ["merchantId", "payId", "dttm", "amount"];

const ENDPOINT_ORDER: FieldOrder = ["url", "method"];
export const ACTIONS_ORDER: FieldOrder = [
  ["fingerprint", [["browserInit", ENDPOINT_ORDER], [
    "sdkInit",
    ["directoryServerID", "schemeId", "messageVersion"],
  ]]],
  ["authenticate", [["browserChallenge", ENDPOINT_ORDER], [
    "sdkChallenge",
    ["threeDSServerTransID", "acsReferenceNumber", "acsTransID", "acsSignedContent"],
  ]]],
];
export const STATUS_RESPONSE_ORDER: FieldOrder = [
  "payId",
  "dttm",
  "resultCode",
  "resultMessage",
  "paymentStatus",
  "authCode",
  "statusDetail",
  ["actions", ACTIONS_ORDER],
];
/** payment/close, payment/refund and payment/reverse responses. */
export const PAYMENT_RESPONSE_ORDER: FieldOrder = [
  "payId",
  "dttm",
  "resultCode",
  "resultMessage",
  "paymentStatus",
  "authCode",
  "statusDetail",
];
/** The signed result the gateway sends the customer's browser back to `returnUrl` with. */
export const RETURN_ORDER: FieldOrder = [
  "payId",
  "dttm",
  "resultCode",
  "resultMessage",
  "paymentStatus",
  "authCode",
  "merchantData",
  "statusDetail",
];
export const ECHO_REQUEST_ORDER: FieldOrder = ["merchantId", "dttm"];
export const ECHO_RESPONSE_ORDER: FieldOrder = ["dttm", "resultCode", "resultMessage"];

/** paymentStatus as the wiki's transaction life cycle numbers it. */
export const PaymentStatus = {
  CREATED: 1,
  IN_PROGRESS: 2,
  CANCELLED: 3,
  CONFIRMED: 4,
  REVERSED: 5,
  DENIED: 6,
  WAITING_FOR_SETTLEMENT: 7,
  SETTLED: 8,
  REFUND_PROCESSING: 9,
  REFUNDED: 10,
} as const;
export type PaymentStatusCode = (typeof PaymentStatus)[keyof typeof PaymentStatus];

/** resultCode values (see the header for the full list the gateway uses). */
export const ResultCode = {
  OK: 0,
  MISSING_PARAMETER: 100,
  INVALID_PARAMETER: 110,
  MERCHANT_BLOCKED: 120,
  SESSION_EXPIRED: 130,
  PAYMENT_NOT_FOUND: 140,
  PAYMENT_NOT_IN_VALID_STATE: 150,
  PAYMENT_METHOD_DISABLED: 160,
  PAYMENT_METHOD_UNAVAILABLE: 170,
  OPERATION_NOT_ALLOWED: 180,
  PAYMENT_METHOD_ERROR: 190,
  EET_REJECTED: 500,
  MALLPAY_PAYMENT_DECLINED: 600,
  CUSTOMER_NOT_FOUND: 800,
  CUSTOMER_FOUND_NO_SAVED_CARD: 810,
  CUSTOMER_FOUND_SAVED_CARD: 820,
  INTERNAL_ERROR: 900,
  GENERAL_ERROR: 999,
} as const;

// --- Errors ----------------------------------------------------------------------------------

/** A response or a return whose signature is missing or does not verify. Never retry. */
export class CsobSignatureError extends Error {
  override name = "CsobSignatureError";
  readonly retryable = false;
}

/** The gateway refused the request before processing it (HTTP 4xx, unsigned). Not retryable. */
export class CsobRequestError extends Error {
  override name = "CsobRequestError";
  readonly retryable = false;
  constructor(
    message: string,
    readonly status: number,
    readonly resultCode?: number,
    readonly resultMessage?: string,
  ) {
    super(message);
  }
}

/** The gateway could not be reached or failed (network, timeout, HTTP 5xx/429). Retryable. */
export class CsobTransportError extends Error {
  override name = "CsobTransportError";
  readonly retryable = true;
  constructor(message: string, readonly status?: number, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Error class names a Temporal activity's retry policy should not retry. */
export const CSOB_NON_RETRYABLE_ERRORS: readonly string[] = [
  "CsobSignatureError",
  "CsobRequestError",
];

// --- Signature base, signing and verification ------------------------------------------------

// deno-lint-ignore no-explicit-any
type Fields = Record<string, any>;

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null;
}

function scalarText(v: unknown): string {
  if (typeof v === "boolean") return v ? "true" : "false";
  return String(v);
}

function collect(obj: Fields, order: FieldOrder, out: string[]): void {
  for (const entry of order) {
    if (typeof entry === "string") {
      const v = obj[entry];
      if (!isAbsent(v) && typeof v !== "object") out.push(scalarText(v));
      continue;
    }
    const [name, inner] = entry;
    const v = obj[name];
    if (isAbsent(v) || typeof v !== "object") continue;
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item && typeof item === "object") collect(item, inner, out);
    }
  }
}

/**
 * The text the signature is computed over: the values of `obj`'s fields in `order`, joined by
 * `|`; absent (undefined/null) fields are skipped, nested objects and arrays flattened in order.
 */
export function signatureBase(obj: Fields, order: FieldOrder): string {
  const out: string[] = [];
  collect(obj, order, out);
  return out.join("|");
}

function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64.replace(/\s+/g, ""));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** UTF-8 text as Base64 (merchantData travels Base64-encoded). */
export function textToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

/** Base64 back to UTF-8 text; throws on invalid Base64. */
export function base64ToText(b64: string): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(base64ToBytes(b64));
}

// DER, just enough to move an RSA key between PKCS#1 (the bank's keygen) and the PKCS#8/SPKI
// wrappers WebCrypto imports.
const RSA_ALGORITHM_ID = new Uint8Array([
  0x30,
  0x0d,
  0x06,
  0x09,
  0x2a,
  0x86,
  0x48,
  0x86,
  0xf7,
  0x0d,
  0x01,
  0x01,
  0x01,
  0x05,
  0x00,
]);

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function der(tag: number, ...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const len = parts.reduce((s, p) => s + p.length, 0);
  const head = [tag, ...derLength(len)];
  const out = new Uint8Array(head.length + len);
  out.set(head, 0);
  let at = head.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Reads one DER element at `at`: its tag, where its content starts and ends. */
function derRead(buf: Uint8Array, at: number): { tag: number; start: number; end: number } {
  const tag = buf[at];
  let len = buf[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i];
    start += n;
  }
  if (start + len > buf.length) throw new Error("truncated DER");
  return { tag, start, end: start + len };
}

function pemBody(pem: string): { label: string; der: Uint8Array<ArrayBuffer> } {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(
    pem.replace(/\\n/g, "\n"),
  );
  if (!m) throw new Error("not a PEM key");
  return { label: m[1], der: base64ToBytes(m[2]) };
}

function toPem(label: string, body: Uint8Array): string {
  const b64 = bytesToBase64(body);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

const keyCache = new Map<string, Promise<CryptoKey>>();
const RSA_SHA256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

/**
 * Imports an RSA private key from PEM: PKCS#1 (`BEGIN RSA PRIVATE KEY`, what the bank's keygen
 * writes) or PKCS#8 (`BEGIN PRIVATE KEY`). Encrypted keys are not supported. `\n` escapes (a
 * PEM kept in one line of an environment variable) are accepted.
 */
export function importPrivateKey(pem: string): Promise<CryptoKey> {
  const cacheKey = "private:" + pem;
  let key = keyCache.get(cacheKey);
  if (!key) {
    const { label, der: body } = pemBody(pem);
    let pkcs8: Uint8Array<ArrayBuffer>;
    if (label === "RSA PRIVATE KEY") {
      pkcs8 = der(0x30, new Uint8Array([0x02, 0x01, 0x00]), RSA_ALGORITHM_ID, der(0x04, body));
    } else if (label === "PRIVATE KEY") pkcs8 = body;
    else throw new Error(`unsupported private key PEM (${label})`);
    key = crypto.subtle.importKey("pkcs8", pkcs8, RSA_SHA256, false, ["sign"]);
    key.catch(() => keyCache.delete(cacheKey));
    keyCache.set(cacheKey, key);
  }
  return key;
}

/**
 * Imports an RSA public key from PEM: SPKI (`BEGIN PUBLIC KEY`, the bank's) or PKCS#1
 * (`BEGIN RSA PUBLIC KEY`).
 */
export function importPublicKey(pem: string): Promise<CryptoKey> {
  const cacheKey = "public:" + pem;
  let key = keyCache.get(cacheKey);
  if (!key) {
    const { label, der: body } = pemBody(pem);
    let spki: Uint8Array<ArrayBuffer>;
    if (label === "RSA PUBLIC KEY") {
      spki = der(0x30, RSA_ALGORITHM_ID, der(0x03, new Uint8Array([0]), body));
    } else if (label === "PUBLIC KEY") spki = body;
    else throw new Error(`unsupported public key PEM (${label})`);
    key = crypto.subtle.importKey("spki", spki, RSA_SHA256, false, ["verify"]);
    key.catch(() => keyCache.delete(cacheKey));
    keyCache.set(cacheKey, key);
  }
  return key;
}

/**
 * A new RSA-2048 key pair as PEM, shaped like the bank's keygen output: the private key PKCS#1
 * (`BEGIN RSA PRIVATE KEY`), the public key SPKI (`BEGIN PUBLIC KEY`). For the sandbox and tests.
 */
export async function generateKeyPairPem(): Promise<
  { privateKeyPem: string; publicKeyPem: string }
> {
  const pair = await crypto.subtle.generateKey(
    { ...RSA_SHA256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ["sign", "verify"],
  );
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  // PrivateKeyInfo ::= SEQUENCE { version, algorithm, privateKey OCTET STRING (the PKCS#1 key) }
  const outer = derRead(pkcs8, 0);
  const version = derRead(pkcs8, outer.start);
  const algorithm = derRead(pkcs8, version.end);
  const octets = derRead(pkcs8, algorithm.end);
  if (octets.tag !== 0x04) throw new Error("unexpected PKCS#8 layout");
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
  return {
    privateKeyPem: toPem("RSA PRIVATE KEY", pkcs8.subarray(octets.start, octets.end)),
    publicKeyPem: toPem("PUBLIC KEY", spki),
  };
}

async function keyOf(key: CryptoKey | string, kind: "private" | "public"): Promise<CryptoKey> {
  if (typeof key !== "string") return key;
  return kind === "private" ? await importPrivateKey(key) : await importPublicKey(key);
}

/** SHA256withRSA over `text`, Base64. */
export async function signText(text: string, privateKey: CryptoKey | string): Promise<string> {
  const sig = await crypto.subtle.sign(
    RSA_SHA256.name,
    await keyOf(privateKey, "private"),
    new TextEncoder().encode(text),
  );
  return bytesToBase64(new Uint8Array(sig));
}

/** Whether `signature` (Base64) is a valid SHA256withRSA signature of `text`. */
export async function verifyText(
  text: string,
  signature: string,
  publicKey: CryptoKey | string,
): Promise<boolean> {
  let sig: Uint8Array<ArrayBuffer>;
  try {
    sig = base64ToBytes(signature);
  } catch {
    return false;
  }
  return await crypto.subtle.verify(
    RSA_SHA256.name,
    await keyOf(publicKey, "public"),
    sig,
    new TextEncoder().encode(text),
  );
}

/** `fields` with `signature` added: SHA256withRSA over `signatureBase(fields, order)`. */
export async function signRequest<T extends Fields>(
  fields: T,
  order: FieldOrder,
  privateKey: CryptoKey | string,
): Promise<T & { signature: string }> {
  return { ...fields, signature: await signText(signatureBase(fields, order), privateKey) };
}

/**
 * Whether a signed message (a gateway response or return; in the sandbox, a merchant's request)
 * carries a valid `signature` over its other fields in `order`. False when it has none.
 */
export async function verifyResponse(
  message: Fields,
  order: FieldOrder,
  publicKey: CryptoKey | string,
): Promise<boolean> {
  const signature = message.signature;
  if (typeof signature !== "string" || signature === "") return false;
  return await verifyText(signatureBase(message, order), signature, publicKey);
}

// --- dttm --------------------------------------------------------------------------------------

const PRAGUE = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Prague",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function pragueParts(date: Date): Record<string, string> {
  return Object.fromEntries(PRAGUE.formatToParts(date).map((p) => [p.type, p.value]));
}

/** `YYYYMMDDHHMMSS` in Europe/Prague local time, as the gateway expects `dttm`. */
export function dttm(date: Date = new Date()): string {
  const p = pragueParts(date);
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** The instant a `dttm` (Europe/Prague local time) stands for; null when it is not one. */
export function parseDttm(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // Prague is UTC+1 or UTC+2: find the offset that formats back to the same wall time.
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000);
    if (dttm(candidate) === value) return candidate;
  }
  return null;
}

// --- The client --------------------------------------------------------------------------------

export interface CsobConfig {
  /** The API base, e.g. https://iapi.iplatebnibrana.csob.cz/api/v1.9 (no trailing slash needed). */
  url: string;
  merchantId: string;
  /** The merchant's private key, PEM (PKCS#1 or PKCS#8). */
  merchantPrivateKeyPem: string;
  /** The gateway's public key, PEM (SPKI or PKCS#1). */
  gatewayPublicKeyPem: string;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Per request; default 20 s. */
  timeoutMs?: number;
  /** The clock for `dttm`; default now. */
  now?: () => Date;
}

export interface CsobCartItem {
  /** ≤ 20 characters. */
  name: string;
  quantity: number;
  /** Haléře (hundredths of the currency), for the whole line. */
  amount: number;
  /** ≤ 40 characters. */
  description?: string;
}

export interface CsobInitRequest {
  /** 1–10 digits; the variable symbol on statements. */
  orderNo: string;
  /** Haléře; must equal the sum of the cart. */
  totalAmount: number;
  /** Default CZK. */
  currency?: string;
  /**
   * true: settle automatically after authorisation (status 7); false: wait for payment/close
   * (status 4). Default true.
   */
  closePayment?: boolean;
  /** ≤ 300 characters. */
  returnUrl: string;
  /** Default POST. */
  returnMethod?: "POST" | "GET";
  /** 1–2 items. */
  cart: readonly CsobCartItem[];
  /** Default "payment". */
  payOperation?: "payment" | "oneclickPayment" | "customPayment";
  /** Default "card". */
  payMethod?: "card" | "card#LVP";
  /** The wiki's `customer` object (name, email, phones, account, login), sent as given. */
  customer?: Fields;
  /** The wiki's `order` object (type, delivery, billing, shipping, …), sent as given. */
  order?: Fields;
  /** Plain text the gateway hands back on return; Base64-encoded here (≤ 255 characters so). */
  merchantData?: string;
  customerId?: string;
  /** The gateway page's language, lower case: cs, en, de, sk, … Default "cs". */
  language?: string;
  /** 300–1800 s; the gateway's default is 1800. */
  ttlSec?: number;
  logoVersion?: number;
  colorSchemeVersion?: number;
  /** `YYYYMMDDHHMMSS`, for payOperation customPayment only. */
  customExpiry?: string;
}

/** A verified gateway answer about one payment. `resultCode ≠ 0` is an answer too. */
export interface CsobPaymentResponse {
  /** Empty when the gateway named no payment (an init refused with a result code). */
  payId: string;
  dttm: string;
  resultCode: number;
  resultMessage: string;
  /** Present when resultCode is 0. */
  paymentStatus?: number;
  authCode?: string;
  customerCode?: string;
  statusDetail?: string;
}

export interface CsobEchoResponse {
  dttm: string;
  resultCode: number;
  resultMessage: string;
}

/** The verified result the customer's browser brings back to `returnUrl`. */
export interface CsobReturn {
  payId: string;
  dttm: string;
  resultCode: number;
  resultMessage: string;
  paymentStatus: number;
  authCode?: string;
  /** Decoded from Base64 (as given to `init`). */
  merchantData?: string;
  statusDetail?: string;
}

export interface CsobClient {
  init(req: CsobInitRequest): Promise<CsobPaymentResponse>;
  /** The signed URL to send the customer's browser to (payment/process). */
  processUrl(payId: string): Promise<string>;
  status(payId: string): Promise<CsobPaymentResponse>;
  close(payId: string, totalAmount?: number): Promise<CsobPaymentResponse>;
  reverse(payId: string): Promise<CsobPaymentResponse>;
  refund(payId: string, amount?: number): Promise<CsobPaymentResponse>;
  echo(): Promise<CsobEchoResponse>;
}

function paymentResponse(body: Fields): CsobPaymentResponse {
  const out: CsobPaymentResponse = {
    payId: typeof body.payId === "string" ? body.payId : "",
    dttm: String(body.dttm ?? ""),
    resultCode: Number(body.resultCode),
    resultMessage: String(body.resultMessage ?? ""),
  };
  if (!isAbsent(body.paymentStatus)) out.paymentStatus = Number(body.paymentStatus);
  if (!isAbsent(body.authCode)) out.authCode = String(body.authCode);
  if (!isAbsent(body.customerCode)) out.customerCode = String(body.customerCode);
  if (!isAbsent(body.statusDetail)) out.statusDetail = String(body.statusDetail);
  return out;
}

function withoutUndefined<T extends Fields>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** A client for one merchant of the gateway (or of the sandbox: only `url` and keys differ). */
export function csobClient(cfg: CsobConfig): CsobClient {
  const base = cfg.url.replace(/\/+$/, "");
  const doFetch = cfg.fetch ?? fetch;
  const timeoutMs = cfg.timeoutMs ?? 20_000;
  const now = () => dttm(cfg.now?.() ?? new Date());

  async function call(
    operation: string,
    method: "GET" | "POST" | "PUT",
    path: string,
    body: Fields | undefined,
    responseOrder: FieldOrder,
  ): Promise<Fields> {
    let res: Response;
    try {
      res = await doFetch(`${base}/${path}`, {
        method,
        headers: body
          ? { "content-type": "application/json", accept: "application/json" }
          : { accept: "application/json" },
        body: body ? JSON.stringify(body) : undefined,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new CsobTransportError(
        `ČSOB ${operation}: ${e instanceof Error ? e.message : e}`,
        undefined,
        {
          cause: e,
        },
      );
    }
    const text = await res.text().catch(() => "");
    let parsed: Fields | undefined;
    try {
      const v = JSON.parse(text);
      if (v && typeof v === "object" && !Array.isArray(v)) parsed = v;
    } catch {
      parsed = undefined;
    }
    if (res.status >= 500 || res.status === 429) {
      throw new CsobTransportError(`ČSOB ${operation}: HTTP ${res.status}`, res.status);
    }
    if (res.status >= 400) {
      const code = typeof parsed?.resultCode === "number" ? parsed.resultCode : undefined;
      const message = typeof parsed?.resultMessage === "string" ? parsed.resultMessage : undefined;
      throw new CsobRequestError(
        `ČSOB ${operation} refused: HTTP ${res.status}${message ? ` (${code}: ${message})` : ""}`,
        res.status,
        code,
        message,
      );
    }
    if (res.status !== 200 || !parsed) {
      throw new CsobTransportError(
        `ČSOB ${operation}: unexpected HTTP ${res.status} ${parsed ? "" : "without a JSON body"}`
          .trim(),
        res.status,
      );
    }
    if (!(await verifyResponse(parsed, responseOrder, cfg.gatewayPublicKeyPem))) {
      throw new CsobSignatureError(`ČSOB ${operation}: the response's signature does not verify`);
    }
    return parsed;
  }

  async function signedPath(operation: string, payId: string): Promise<string> {
    const fields = { merchantId: cfg.merchantId, payId, dttm: now() };
    const { signature } = await signRequest(
      fields,
      PAY_ID_REQUEST_ORDER,
      cfg.merchantPrivateKeyPem,
    );
    return [operation, fields.merchantId, payId, fields.dttm, signature]
      .map((part, i) => (i === 0 ? part : encodeURIComponent(part)))
      .join("/");
  }

  return {
    async init(req) {
      const merchantData = req.merchantData === undefined
        ? undefined
        : textToBase64(req.merchantData);
      if (merchantData !== undefined && merchantData.length > 255) {
        throw new RangeError("merchantData is longer than 255 characters in Base64");
      }
      const fields = withoutUndefined({
        merchantId: cfg.merchantId,
        orderNo: req.orderNo,
        dttm: now(),
        payOperation: req.payOperation ?? "payment",
        payMethod: req.payMethod ?? "card",
        totalAmount: req.totalAmount,
        currency: req.currency ?? "CZK",
        closePayment: req.closePayment ?? true,
        returnUrl: req.returnUrl,
        returnMethod: req.returnMethod ?? "POST",
        cart: req.cart.map((item) => withoutUndefined({ ...item })),
        customer: req.customer,
        order: req.order,
        merchantData,
        customerId: req.customerId,
        language: req.language ?? "cs",
        ttlSec: req.ttlSec,
        logoVersion: req.logoVersion,
        colorSchemeVersion: req.colorSchemeVersion,
        customExpiry: req.customExpiry,
      });
      const body = await signRequest(fields, INIT_REQUEST_ORDER, cfg.merchantPrivateKeyPem);
      return paymentResponse(
        await call("payment/init", "POST", "payment/init", body, INIT_RESPONSE_ORDER),
      );
    },

    async processUrl(payId) {
      return `${base}/${await signedPath("payment/process", payId)}`;
    },

    async status(payId) {
      const path = await signedPath("payment/status", payId);
      return paymentResponse(
        await call("payment/status", "GET", path, undefined, STATUS_RESPONSE_ORDER),
      );
    },

    async close(payId, totalAmount) {
      const fields = withoutUndefined({
        merchantId: cfg.merchantId,
        payId,
        dttm: now(),
        totalAmount,
      });
      const body = await signRequest(fields, CLOSE_REQUEST_ORDER, cfg.merchantPrivateKeyPem);
      return paymentResponse(
        await call("payment/close", "PUT", "payment/close", body, PAYMENT_RESPONSE_ORDER),
      );
    },

    async reverse(payId) {
      const fields = { merchantId: cfg.merchantId, payId, dttm: now() };
      const body = await signRequest(fields, PAY_ID_REQUEST_ORDER, cfg.merchantPrivateKeyPem);
      return paymentResponse(
        await call("payment/reverse", "PUT", "payment/reverse", body, PAYMENT_RESPONSE_ORDER),
      );
    },

    async refund(payId, amount) {
      const fields = withoutUndefined({ merchantId: cfg.merchantId, payId, dttm: now(), amount });
      const body = await signRequest(fields, REFUND_REQUEST_ORDER, cfg.merchantPrivateKeyPem);
      return paymentResponse(
        await call("payment/refund", "PUT", "payment/refund", body, PAYMENT_RESPONSE_ORDER),
      );
    },

    async echo() {
      const fields = { merchantId: cfg.merchantId, dttm: now() };
      const body = await signRequest(fields, ECHO_REQUEST_ORDER, cfg.merchantPrivateKeyPem);
      const res = await call("echo", "POST", "echo", body, ECHO_RESPONSE_ORDER);
      return {
        dttm: String(res.dttm ?? ""),
        resultCode: Number(res.resultCode),
        resultMessage: String(res.resultMessage ?? ""),
      };
    },
  };
}

/**
 * Verifies the result the gateway sent the customer's browser back with (the query of a GET, or
 * the form fields of a POST to `returnUrl`). Throws `CsobSignatureError` when the signature is
 * missing or wrong, or a required field is missing; `merchantData` comes back decoded.
 */
export async function verifyReturn(
  cfg: Pick<CsobConfig, "gatewayPublicKeyPem">,
  params: Record<string, string>,
): Promise<CsobReturn> {
  const fields: Record<string, string> = {};
  for (const name of [...RETURN_ORDER as string[], "signature"]) {
    const v = params[name];
    if (typeof v === "string") fields[name] = v;
  }
  for (const required of ["payId", "dttm", "resultCode", "resultMessage", "paymentStatus"]) {
    if (fields[required] === undefined) {
      throw new CsobSignatureError(`the gateway's return lacks ${required}`);
    }
  }
  if (!(await verifyResponse(fields, RETURN_ORDER, cfg.gatewayPublicKeyPem))) {
    throw new CsobSignatureError("the gateway's return does not carry a valid signature");
  }
  const out: CsobReturn = {
    payId: fields.payId,
    dttm: fields.dttm,
    resultCode: Number(fields.resultCode),
    resultMessage: fields.resultMessage,
    paymentStatus: Number(fields.paymentStatus),
  };
  if (fields.authCode !== undefined) out.authCode = fields.authCode;
  if (fields.merchantData !== undefined) {
    try {
      out.merchantData = base64ToText(fields.merchantData);
    } catch {
      throw new CsobSignatureError("the gateway's return carries merchantData that is not Base64");
    }
  }
  if (fields.statusDetail !== undefined) out.statusDetail = fields.statusDetail;
  return out;
}
