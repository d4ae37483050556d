/**
 * Czech bank account numbers as pure functions (vyhláška ČNB č. 169/2011 Sb.):
 *
 * - National format `[prefix-]number/bank`: a prefix (předčíslí) of up to 6 digits, a number
 *   (základní část) of 2–10 digits of which at least two are not zero, and a 4-digit bank code
 *   (kód banky). Leading zeros of prefix and number carry no meaning. Prefix and number each pass
 *   the mod-11 check: the digits, zero-padded to 6 and 10 places, weighted 10 5 8 4 2 1 and
 *   6 3 7 9 10 5 8 4 2 1 from the left, sum to a multiple of 11.
 * - IBAN `CZkk BBBB PPPPPP NNNNNNNNNN` (24 characters): bank code, prefix and number zero-padded,
 *   check digits by ISO 13616 (mod 97).
 *
 * `normalizeAccount` gives the one canonical form used to compare accounts: the IBAN in its
 * electronic form (no spaces, upper case). Errors are values with a code; the Czech sentence for
 * each code is in `ACCOUNT_ERROR_MESSAGES`.
 */

export interface CzechAccount {
  /** Up to 6 digits without leading zeros; "" when the account has no prefix. */
  prefix: string;
  /** 2–10 digits without leading zeros. */
  number: string;
  /** 4 digits (kód banky). */
  bankCode: string;
}

export type AccountErrorCode =
  | "Empty"
  | "InvalidFormat"
  | "MissingBankCode"
  | "PrefixChecksum"
  | "NumberChecksum"
  | "NumberTooShort"
  | "IbanLength"
  | "IbanChecksum";

/** The Czech sentence for each error, for the edge that shows it. */
export const ACCOUNT_ERROR_MESSAGES: Record<AccountErrorCode, string> = {
  Empty: "Číslo účtu chybí.",
  InvalidFormat: "Číslo účtu nemá tvar [předčíslí-]číslo/kód banky ani tvar IBAN.",
  MissingBankCode: "U čísla účtu chybí kód banky.",
  PrefixChecksum: "Předčíslí účtu nesplňuje kontrolu modulo 11.",
  NumberChecksum: "Číslo účtu nesplňuje kontrolu modulo 11.",
  NumberTooShort: "Číslo účtu musí mít alespoň dvě nenulové číslice.",
  IbanLength: "IBAN nemá pro svou zemi správnou délku.",
  IbanChecksum: "IBAN má chybné kontrolní číslice.",
};

export type AccountResult<T> = { ok: true; value: T } | { ok: false; code: AccountErrorCode };

const NUMBER_WEIGHTS = [6, 3, 7, 9, 10, 5, 8, 4, 2, 1];
const PREFIX_WEIGHTS = NUMBER_WEIGHTS.slice(4);

/** Digits, zero-padded to the weights' length, pass the mod-11 check. */
function passesMod11(digits: string, weights: readonly number[]): boolean {
  const padded = digits.padStart(weights.length, "0");
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(padded[i]) * weights[i];
  return sum % 11 === 0;
}

const stripZeros = (digits: string) => digits.replace(/^0+/, "");

/** Prefix and number (any leading zeros) checked and stripped; the bank code is not looked at. */
function checkParts(
  prefix: string,
  number: string,
  bankCode: string,
): AccountResult<CzechAccount> {
  if (!/^\d{0,6}$/.test(prefix) || !/^\d{1,10}$/.test(number) || !/^\d{4}$/.test(bankCode)) {
    return { ok: false, code: "InvalidFormat" };
  }
  if (number.replace(/0/g, "").length < 2) return { ok: false, code: "NumberTooShort" };
  if (!passesMod11(prefix, PREFIX_WEIGHTS)) return { ok: false, code: "PrefixChecksum" };
  if (!passesMod11(number, NUMBER_WEIGHTS)) return { ok: false, code: "NumberChecksum" };
  return { ok: true, value: { prefix: stripZeros(prefix), number: stripZeros(number), bankCode } };
}

/**
 * A Czech account in the national format, `19-2000145399/0800` or `2000145399/0800` (spaces
 * around the separators and leading zeros allowed), checked.
 */
export function parseCzechAccount(text: string): AccountResult<CzechAccount> {
  const s = text.trim();
  if (s === "") return { ok: false, code: "Empty" };
  const m = /^(?:(\d{1,6})\s*-\s*)?(\d{1,10})\s*(?:\/\s*(\d{4}))?$/.exec(s);
  if (!m) return { ok: false, code: "InvalidFormat" };
  if (m[3] === undefined) return { ok: false, code: "MissingBankCode" };
  return checkParts(m[1] ?? "", m[2], m[3]);
}

/**
 * `19-2000145399/0800`; without a prefix `2000145399/0800`; without a bank code (a GPC file
 * does not name its own bank) `19-2000145399`. Leading zeros are dropped.
 */
export function formatCzechAccount(
  account: { prefix: string; number: string; bankCode?: string | null },
): string {
  const prefix = stripZeros(account.prefix);
  const number = stripZeros(account.number) || "0";
  const bank = account.bankCode ? `/${account.bankCode}` : "";
  return `${prefix ? `${prefix}-` : ""}${number}${bank}`;
}

/** ISO 13616 mod 97 of an IBAN rearranged (country and check digits moved to the end). */
function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48; // A=10 … Z=35
    rest = value >= 10 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
  }
  return rest;
}

/** The IBAN of a Czech account, electronic form (`CZ6508000000192000145399`). */
export function czechAccountToIban(account: CzechAccount): string {
  const bban = account.bankCode + account.prefix.padStart(6, "0") +
    account.number.padStart(10, "0");
  const check = 98 - ibanMod97(`CZ00${bban}`);
  return `CZ${String(check).padStart(2, "0")}${bban}`;
}

/** IBAN lengths of the countries a Czech town meets most; others are checked for 15–34. */
const IBAN_LENGTHS: Record<string, number> = {
  CZ: 24,
  SK: 24,
  AT: 20,
  DE: 22,
  PL: 28,
  HU: 28,
};

/**
 * An IBAN (spaces and lower case allowed) in its electronic form, checked: mod 97, the
 * country's length, and for CZ the mod-11 checks of prefix and number.
 */
export function parseIban(text: string): AccountResult<string> {
  const iban = text.replace(/\s+/g, "").toUpperCase();
  if (iban === "") return { ok: false, code: "Empty" };
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return { ok: false, code: "InvalidFormat" };
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (length !== undefined && iban.length !== length) return { ok: false, code: "IbanLength" };
  if (ibanMod97(iban) !== 1) return { ok: false, code: "IbanChecksum" };
  if (iban.startsWith("CZ")) {
    if (!/^CZ\d{22}$/.test(iban)) return { ok: false, code: "InvalidFormat" };
    const parts = checkParts(iban.slice(8, 14), iban.slice(14), iban.slice(4, 8));
    if (!parts.ok) return parts;
  }
  return { ok: true, value: iban };
}

/** The Czech account of a CZ IBAN. */
export function ibanToCzechAccount(text: string): AccountResult<CzechAccount> {
  const iban = parseIban(text);
  if (!iban.ok) return iban;
  if (!iban.value.startsWith("CZ")) return { ok: false, code: "InvalidFormat" };
  return checkParts(iban.value.slice(8, 14), iban.value.slice(14), iban.value.slice(4, 8));
}

/** `CZ65 0800 0000 1920 0014 5399`: the IBAN in groups of four, as it is printed. */
export function formatIban(iban: string): string {
  return iban.replace(/\s+/g, "").toUpperCase().replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * The canonical form of an account, for comparison: the IBAN in electronic form. Takes an IBAN
 * or a Czech number with its bank code.
 */
export function normalizeAccount(text: string): AccountResult<string> {
  const s = text.trim();
  if (s === "") return { ok: false, code: "Empty" };
  if (/^[A-Za-z]{2}/.test(s)) return parseIban(s);
  const czech = parseCzechAccount(s);
  return czech.ok ? { ok: true, value: czechAccountToIban(czech.value) } : czech;
}

/** Prefix and number of a Czech account written with or without a bank code. */
function bareCzechNumber(text: string): { prefix: string; number: string } | null {
  const m = /^(?:(\d{1,6})\s*-\s*)?(\d{1,10})$/.exec(text.trim());
  return m ? { prefix: stripZeros(m[1] ?? ""), number: stripZeros(m[2]) } : null;
}

/**
 * Whether two writings name the same account: equal canonical forms, or, when one of them is a
 * Czech number without a bank code (a GPC file's own account), equal prefix and number.
 */
export function sameAccount(a: string, b: string): boolean {
  const na = normalizeAccount(a);
  const nb = normalizeAccount(b);
  if (na.ok && nb.ok) return na.value === nb.value;
  const bareA = bareCzechNumber(a);
  const bareB = bareCzechNumber(b);
  if (bareA && bareB) return bareA.prefix === bareB.prefix && bareA.number === bareB.number;
  const bare = bareA ?? bareB;
  const full = bareA ? nb : na;
  if (!bare || !full.ok) return false;
  const czech = ibanToCzechAccount(full.value);
  return czech.ok && czech.value.prefix === bare.prefix && czech.value.number === bare.number;
}
