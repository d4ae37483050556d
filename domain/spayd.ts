/**
 * QR Platba: the Short Payment Descriptor (SPAYD, format version 1.0) that Czech banking apps read
 * from a QR code, as pure functions — the string of one payment, its parse back, and the IBAN
 * check it needs. The QR image itself is lib/qr_svg.ts.
 *
 * The rules, as the Czech Banking Association's specification (qr-platba.cz, "Specifikace
 * formátu"; the ČBA standard "Formát pro sdílení platebních údajů … prostřednictvím QR kódů")
 * states them and this code applies them:
 * - The string is `SPD*1.0*` followed by `KEY:value` attributes separated by `*`. A value must not
 *   contain `*`; the spec has it written as `%2A`.
 * - Characters: the spec allows any ISO-8859-1 character and recommends the QR alphanumeric set
 *   (0–9, A–Z, space, `$%*+-./:`) for compactness. Czech letters such as ž, ř, ť, ů are not in
 *   ISO-8859-1, so they cannot be written as they are. This code writes every value in printable
 *   ASCII and percent-encodes everything else as its UTF-8 bytes (`Ž` → `%C5%BD`), as the spec
 *   authors' reference generator (spayd-java, `escapeDisallowedCharacters`) does and as readers
 *   decode it (URL decoding in UTF-8). The escape character `%` itself becomes `%25`, and `+`
 *   becomes `%2B` in free text (readers that URL-decode would read a bare `+` as a space; in ACC
 *   a bare `+` separates the IBAN from the BIC). Diacritics are kept, not transliterated.
 * - Text is first normalised: Unicode NFC (so "ž" typed as z + combining caron is one letter),
 *   control characters and runs of white space become one space, and the ends are trimmed; an
 *   empty text leaves its key out.
 * - Lengths (spec, Table 1): ACC ≤ 46 (IBAN ≤ 34 + `+` + BIC ≤ 11), AM ≤ 10 characters, CC 3,
 *   RN ≤ 35, DT 8, MSG ≤ 60, CRC32 8, X-VS / X-SS / X-KS ≤ 10 digits. The limits of RN and MSG
 *   count the characters of the value as the reader sees it — before escaping (the reference
 *   validator checks the URL-decoded value), counted in UTF-16 units like Java's
 *   `String.length()`. A longer message or name is cut at the limit on a character boundary,
 *   before escaping, so an escape is never split; the cut never separates a surrogate pair.
 * - AM: a decimal number with a dot and two decimals. It is built from integer haléře with integer
 *   arithmetic only (48050 → "480.50"); at most 9 999 999.99 CZK, so the 10-character limit holds.
 * - DT: the due date as `YYYYMMDD`. CC: always `CZK` (the portal's předpisy are in crowns).
 * - The order of the attributes is free in the spec. This code writes them in one fixed order —
 *   ACC, AM, CC, DT, MSG, RN, X-KS, X-SS, X-VS — which is the ascending order of the keys, i.e. the
 *   spec's canonical order for the checksum, so the string before `*CRC32:` is exactly what the
 *   checksum covers.
 * - CRC32 (optional): the CRC-32 (IEEE 802.3, as zlib) of the canonical string — `SPD*1.0`, then
 *   `*KEY:value` for every attribute but CRC32, keys in ascending order, values escaped as
 *   written — in 8 uppercase hex digits.
 */
import { isIsoDate } from "./forms/validators.ts";

export interface SpaydPayment {
  /** The recipient's account as IBAN; spaces and lower case are accepted. */
  iban: string;
  /** The recipient bank's BIC (SWIFT), 8 or 11 characters; written as `ACC:IBAN+BIC`. */
  bic?: string;
  /** Integer haléře, 1 … 999 999 999. */
  amountHalere: number;
  currency?: "CZK";
  variableSymbol?: string;
  specificSymbol?: string;
  constantSymbol?: string;
  /** Message for the recipient; cut to 60 characters. */
  message?: string;
  /** ISO `YYYY-MM-DD`. */
  dueDate?: string;
  /** Cut to 35 characters. */
  recipientName?: string;
}

export type SpaydErrorCode = "iban" | "bic" | "amount" | "currency" | "symbol" | "date" | "format";

/** The payment cannot be written as QR Platba (or a string is not one); `message` is Czech. */
export class SpaydError extends Error {
  override name = "SpaydError";
  constructor(readonly code: SpaydErrorCode, message: string) {
    super(message);
  }
}

/** Format version this code writes. */
export const SPAYD_VERSION = "1.0";

/** Maximum lengths of the spec's Table 1, for the keys this code writes. */
export const SPAYD_MAX_LENGTH = {
  ACC: 46,
  AM: 10,
  CC: 3,
  DT: 8,
  MSG: 60,
  RN: 35,
  "X-VS": 10,
  "X-SS": 10,
  "X-KS": 10,
  CRC32: 8,
} as const;

/** 9 999 999,99 Kč: the most AM can carry in 10 characters with two decimals. */
export const SPAYD_MAX_AMOUNT_HALERE = 999_999_999;

// --- IBAN ------------------------------------------------------------------------------------

/** Uppercase without spaces: "cz65 0800 0000 1920 0014 5399" → "CZ6508000000192000145399". */
export function normalizeIban(iban: string): string {
  return iban.replace(/\s+/g, "").toUpperCase();
}

/** Length of the IBAN in the countries whose accounts a Czech town plausibly publishes. */
const IBAN_LENGTH: Record<string, number> = { CZ: 24, SK: 24, AT: 20, DE: 22, PL: 28 };

/**
 * An IBAN (ISO 13616) in electronic form: country, two check digits, the account; the whole
 * number taken mod 97 (letters as 10…35, the first four characters moved to the end) is 1.
 */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const expected = IBAN_LENGTH[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return false;
  let remainder = 0;
  for (const ch of iban.slice(4) + iban.slice(0, 4)) {
    const value = parseInt(ch, 36);
    remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
  }
  return remainder === 1;
}

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

// --- building --------------------------------------------------------------------------------

/**
 * The QR Platba string of one payment, e.g.
 * `SPD*1.0*ACC:CZ5855000000001265098001*AM:480.50*CC:CZK*DT:20261231*MSG:…*X-VS:1234567890`.
 * Throws `SpaydError` when the payment cannot be paid as given (see the module comment).
 */
export function buildSpayd(p: SpaydPayment, opts: { crc32?: boolean } = {}): string {
  const attributes: [string, string][] = [
    ["ACC", account(p.iban, p.bic)],
    ["AM", amount(p.amountHalere)],
    ["CC", currency(p.currency)],
  ];
  if (p.dueDate !== undefined && p.dueDate !== "") attributes.push(["DT", dueDate(p.dueDate)]);
  const message = text(p.message, SPAYD_MAX_LENGTH.MSG);
  if (message) attributes.push(["MSG", escapeValue(message)]);
  const name = text(p.recipientName, SPAYD_MAX_LENGTH.RN);
  if (name) attributes.push(["RN", escapeValue(name)]);
  const symbols = [
    ["X-KS", p.constantSymbol, "Konstantní symbol"],
    ["X-SS", p.specificSymbol, "Specifický symbol"],
    ["X-VS", p.variableSymbol, "Variabilní symbol"],
  ] as const;
  for (const [key, value, label] of symbols) {
    const digits = symbol(value, label);
    if (digits) attributes.push([key, digits]);
  }
  attributes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = `SPD*${SPAYD_VERSION}` + attributes.map(([k, v]) => `*${k}:${v}`).join("");
  if (!opts.crc32) return canonical;
  return `${canonical}*CRC32:${crc32Hex(canonical)}`;
}

function account(iban: string, bic: string | undefined): string {
  const normalized = normalizeIban(iban);
  if (!isValidIban(normalized)) {
    throw new SpaydError(
      "iban",
      "Číslo účtu ve tvaru IBAN není platné (nesouhlasí jeho tvar nebo kontrolní číslice).",
    );
  }
  if (bic === undefined || bic.trim() === "") return normalized;
  const code = bic.replace(/\s+/g, "").toUpperCase();
  if (!BIC.test(code)) throw new SpaydError("bic", "Kód banky (BIC) není platný.");
  return `${normalized}+${code}`;
}

/** 48050 → "480.50", 50 → "0.50"; integer arithmetic only. */
function amount(halere: number): string {
  if (!Number.isSafeInteger(halere)) {
    throw new SpaydError("amount", "Částka musí být zadána v celých haléřích.");
  }
  if (halere <= 0 || halere > SPAYD_MAX_AMOUNT_HALERE) {
    throw new SpaydError("amount", "Částka musí být kladná a nejvýše 9 999 999,99 Kč.");
  }
  const crowns = Math.trunc(halere / 100);
  return `${crowns}.${String(halere % 100).padStart(2, "0")}`;
}

function currency(code: string | undefined): string {
  if (code !== undefined && code !== "CZK") {
    throw new SpaydError("currency", "QR Platbu lze vytvořit jen pro platbu v korunách (CZK).");
  }
  return "CZK";
}

function dueDate(iso: string): string {
  if (!isIsoDate(iso)) {
    throw new SpaydError("date", "Datum splatnosti musí být platné datum ve tvaru RRRR-MM-DD.");
  }
  return iso.replaceAll("-", "");
}

function symbol(value: string | undefined, label: string): string | null {
  const digits = value?.trim() ?? "";
  if (digits === "") return null;
  if (!/^\d{1,10}$/.test(digits)) {
    throw new SpaydError("symbol", `${label} smí obsahovat jen číslice, nejvýše 10.`);
  }
  return digits;
}

/** Normalised text cut to `max` UTF-16 units without splitting a surrogate pair; null if empty. */
function text(value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  // deno-lint-ignore no-control-regex
  let t = value.normalize("NFC").replace(/[\u0000-\u001F\u007F-\u009F]/g, " ")
    .replace(/\s+/g, " ").trim();
  if (t.length > max) {
    const cut = /[\uD800-\uDBFF]/.test(t[max - 1]) ? max - 1 : max;
    t = t.slice(0, cut).trimEnd();
  }
  return t === "" ? null : t;
}

const encoder = new TextEncoder();

/** Printable ASCII stays (but `*`, `%`, `+`); everything else as `%XX` of its UTF-8 bytes. */
function escapeValue(value: string): string {
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e && ch !== "*" && ch !== "%" && ch !== "+") {
      out += ch;
      continue;
    }
    for (const byte of encoder.encode(ch)) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return out;
}

// --- CRC32 -----------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, reflected, as zlib) of the UTF-8 bytes of `s`, 8 uppercase hex digits. */
export function crc32Hex(s: string): string {
  let crc = 0xffffffff;
  for (const byte of encoder.encode(s)) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return ((crc ^ 0xffffffff) >>> 0).toString(16).toUpperCase().padStart(8, "0");
}

// --- parsing ---------------------------------------------------------------------------------

/**
 * The attributes of a QR Platba string with their values decoded (`%2A` → `*`, UTF-8 escapes →
 * letters), keyed as written (`ACC`, `AM`, `X-VS`, `CRC32`…). A trailing `*` is allowed. Throws
 * `SpaydError("format")` for a string that is not `SPD*<version>*KEY:value…`.
 */
export function parseSpayd(s: string): Record<string, string> {
  const parts = s.split("*");
  if (parts[0] !== "SPD" || !/^\d+\.\d+$/.test(parts[1] ?? "")) {
    throw new SpaydError("format", "Řetězec není QR Platba (má začínat SPD*1.0*).");
  }
  const attributes: Record<string, string> = {};
  parts.slice(2).forEach((part, i) => {
    if (part === "" && i === parts.length - 3) return;
    const colon = part.indexOf(":");
    const key = part.slice(0, colon);
    if (colon < 1 || !/^[A-Z0-9-]+$/.test(key)) {
      throw new SpaydError("format", `Část „${part}“ QR Platby není ve tvaru KLÍČ:hodnota.`);
    }
    try {
      attributes[key] = decodeURIComponent(part.slice(colon + 1));
    } catch {
      throw new SpaydError("format", `Hodnota klíče ${key} má chybné kódování %XX.`);
    }
  });
  return attributes;
}
