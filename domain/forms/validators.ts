/**
 * Czech validators of the forms engine, one copy shared by the server, the island and the
 * worker. Each returns a normalised value or null (or an error code), never a sentence.
 * E-mail, phone and IČO already had their one copy elsewhere in domain/; they are re-exported
 * here, not repeated.
 */
import { containsHtml, isEmail, type ValidationCode } from "../validation.ts";
import { normalizePhone } from "../identity.ts";
import { isValidIco, normalizeIco } from "../representation.ts";
import { formatCzechAccount, formatIban, parseCzechAccount, parseIban } from "../bank_account.ts";
import type { TextFormat } from "./types.ts";

export { containsHtml, isEmail, isValidIco, normalizeIco, normalizePhone };

// --- dates -----------------------------------------------------------------------------------

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${
    String(day).padStart(2, "0")
  }`;
}

/** A real calendar date written `YYYY-MM-DD` (what `<input type="date">` sends). */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1800 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * A date typed by a person: ISO (`2024-05-01`) or Czech (`1. 5. 2024`, `01.05.2024`), as ISO;
 * null when it is not a real date.
 */
export function parseDate(value: string): string | null {
  const text = value.trim();
  if (isIsoDate(text)) return text;
  const m = /^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$/.exec(text);
  if (!m) return null;
  const iso = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return isIsoDate(iso) ? iso : null;
}

/** "2024-05-01" → "1. 5. 2024", as Czech texts write a date. */
export function formatCzechDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d}. ${m}. ${y}`;
}

/**
 * A date against its limits (ISO dates; ISO strings compare in calendar order). `max` equal
 * to today is reported as "in the future" so the message says what the person did wrong.
 */
export function checkDateRange(
  iso: string,
  limits: { min?: string; max?: string; today?: string },
): { code: ValidationCode; params?: Record<string, string> } | null {
  if (limits.max !== undefined && iso > limits.max) {
    return limits.max === limits.today
      ? { code: "dateInFuture" }
      : { code: "dateTooLate", params: { max: formatCzechDate(limits.max) } };
  }
  if (limits.min !== undefined && iso < limits.min) {
    return { code: "dateTooEarly", params: { min: formatCzechDate(limits.min) } };
  }
  return null;
}

// --- rodné číslo -----------------------------------------------------------------------------

export interface BirthNumber {
  /** Digits only, without the slash: "7801011234". */
  digits: string;
  /** ISO birth date encoded in the number. */
  birthDate: string;
  sex: "F" | "M";
}

/**
 * Rodné číslo (Act 133/2000 Sb., § 13): `YYMMDD/XXX[X]`, the slash optional.
 * - Nine digits: issued only to people born before 1954; no check digit.
 * - Ten digits (born 1954 and later): the whole number is divisible by 11; or — numbers issued
 *   until 1985 — the first nine digits leave remainder 10 and the check digit is 0.
 * - Month: +50 for women; from 2004 also +20 (men) or +70 (women) when a day's numbers ran out.
 * - The date must exist. Whether it lies in the future is `checkBirthNumber`'s question.
 */
export function parseBirthNumber(value: string): BirthNumber | null {
  const m = /^(\d{2})(\d{2})(\d{2})\s?\/?\s?(\d{3,4})$/.exec(value.trim());
  if (!m) return null;
  const yy = Number(m[1]);
  let month = Number(m[2]);
  const day = Number(m[3]);
  const tail = m[4];
  const digits = `${m[1]}${m[2]}${m[3]}${tail}`;
  let year: number;
  if (tail.length === 3) {
    if (yy >= 54) return null; // 1854–1899 is not a living person's number
    year = 1900 + yy;
  } else {
    year = yy >= 54 ? 1900 + yy : 2000 + yy;
    const head = Number(digits.slice(0, 9));
    const check = Number(digits[9]);
    const remainder = head % 11;
    const valid = remainder === 10
      ? check === 0 && year < 1986 // the pre-1985 exception
      : remainder === check && Number(digits) % 11 === 0;
    if (!valid) return null;
  }
  let sex: "F" | "M" = "M";
  if (month > 70 && year >= 2004) {
    sex = "F";
    month -= 70;
  } else if (month > 50) {
    sex = "F";
    month -= 50;
  } else if (month > 20 && year >= 2004) month -= 20;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { digits, birthDate: isoDate(year, month, day), sex };
}

/** A rodné číslo's error code, or null when it is valid and its birth date is not after today. */
export function checkBirthNumber(value: string, today: string): ValidationCode | null {
  const parsed = parseBirthNumber(value);
  if (!parsed) return "invalidBirthNumber";
  return parsed.birthDate > today ? "dateInFuture" : null;
}

// --- PSČ, chip, numbers ------------------------------------------------------------------------

/** PSČ "11000" or "110 00" → "110 00" (Czech PSČ start with 1–7); null otherwise. */
export function normalizePostalCode(value: string): string | null {
  const m = /^([1-7]\d{2}) ?(\d{2})$/.exec(value.trim());
  return m ? `${m[1]} ${m[2]}` : null;
}

/** An ISO 11784/11785 animal microchip: 15 digits (spaces ignored); null otherwise. */
export function normalizeMicrochip(value: string): string | null {
  const digits = value.replace(/\s/g, "");
  return /^\d{15}$/.test(digits) ? digits : null;
}

/**
 * A number as a person types it: "1 234,5" or "1234.5", minus allowed; null if it is not one.
 * At most `decimals` decimal places.
 */
export function parseNumber(value: string, decimals = 6): number | null {
  const text = value.trim().replace(/[\s\u00a0]/g, "").replace(",", ".");
  const m = /^-?\d{1,15}(?:\.(\d+))?$/.exec(text);
  if (!m || (m[1]?.length ?? 0) > decimals) return null;
  return Number(text);
}

export function checkNumber(
  value: number,
  opts: { min?: number; max?: number; integer?: boolean },
): { code: ValidationCode; params?: Record<string, number> } | null {
  if (opts.integer && !Number.isInteger(value)) return { code: "notWholeNumber" };
  if (opts.min !== undefined && value < opts.min) {
    return { code: "numberTooSmall", params: { min: opts.min } };
  }
  if (opts.max !== undefined && value > opts.max) {
    return { code: "numberTooLarge", params: { max: opts.max } };
  }
  return null;
}

/**
 * A bank account for a payout: a Czech number with its bank code (prefix and number mod-11
 * checked), written back as `19-2000145399/0800`, or an IBAN (mod 97), in groups of four.
 */
export function checkBankAccount(value: string): string | null {
  if (/^[A-Za-z]{2}/.test(value.trim())) {
    const iban = parseIban(value);
    return iban.ok ? formatIban(iban.value) : null;
  }
  const czech = parseCzechAccount(value);
  return czech.ok ? formatCzechAccount(czech.value) : null;
}

const PERSON_NAME = /^[\p{L}][\p{L}\p{M}' .-]*$/u;

/**
 * A text in one of the named formats: its normalised value, or the error code. Shared by
 * `validateSubmission` and the island's inline validation.
 */
export function checkFormat(
  format: TextFormat,
  value: string,
  today: string,
): { ok: true; value: string } | { ok: false; code: ValidationCode } {
  switch (format) {
    case "birthNumber": {
      const code = checkBirthNumber(value, today);
      return code ? { ok: false, code } : { ok: true, value: parseBirthNumber(value)!.digits };
    }
    case "ico": {
      const ico = isValidIco(value) ? normalizeIco(value) : null;
      return ico ? { ok: true, value: ico } : { ok: false, code: "invalidIco" };
    }
    case "postalCode": {
      const psc = normalizePostalCode(value);
      return psc ? { ok: true, value: psc } : { ok: false, code: "invalidPostalCode" };
    }
    case "phone": {
      const phone = normalizePhone(value);
      return phone ? { ok: true, value: phone } : { ok: false, code: "invalidPhone" };
    }
    case "email": {
      const email = value.toLowerCase();
      return isEmail(email) ? { ok: true, value: email } : { ok: false, code: "invalidEmail" };
    }
    case "microchip": {
      const chip = normalizeMicrochip(value);
      return chip ? { ok: true, value: chip } : { ok: false, code: "invalidMicrochip" };
    }
    case "bankAccount": {
      const account = checkBankAccount(value);
      return account ? { ok: true, value: account } : { ok: false, code: "invalidBankAccount" };
    }
    case "personName":
      return PERSON_NAME.test(value) ? { ok: true, value } : { ok: false, code: "invalidName" };
  }
}
