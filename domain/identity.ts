/**
 * Identity rules: what a valid name, e-mail, Czech phone number and password are, how a user
 * name is made, and what each level of assurance may see. Pure functions, shared by the
 * registration form, the login and the activities.
 */
import {
  checkText,
  cleanText,
  type FieldError,
  isEmail,
  type Validated,
  type ValidationCode,
} from "./validation.ts";

/**
 * How strongly a login proved who the person is (eIDAS: low, substantial, high). The one
 * definition: the session, the identity providers and the database columns use this type.
 */
export type LevelOfAssurance = "low" | "substantial" | "high";
const LOA_RANK: Record<LevelOfAssurance, number> = { low: 1, substantial: 2, high: 3 };

export function loaAtLeast(have: LevelOfAssurance | null, need: LevelOfAssurance): boolean {
  return have !== null && LOA_RANK[have] >= LOA_RANK[need];
}

/** Agendas whose obligations need an authorization (in person at the office, or eID login). */
export const AGENDAS = ["poplatky", "voda", "knihovna", "zavady"] as const;
export type Agenda = (typeof AGENDAS)[number];
export function isAgenda(value: unknown): value is Agenda {
  return typeof value === "string" && (AGENDAS as readonly string[]).includes(value);
}
/** A login at this level authorizes every agenda without a visit to the office. */
export const AGENDA_LOA: LevelOfAssurance = "substantial";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
const COMMON_PASSWORDS = new Set([
  "123456789012",
  "heslo1234567",
  "qwertyuiopas",
  "password1234",
  "aaaaaaaaaaaa",
  "heslohesloheslo",
  "123456123456",
]);

/** E-mail addresses compare case-insensitively; store them lower-cased. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/**
 * A Czech or Slovak mobile number in E.164 (+420…/+421…), or null. Accepts the ways people
 * type them: "777 123 456", "+420 777 123 456", "00420777123456".
 */
export function normalizePhone(value: string): string | null {
  const digits = value.replace(/[\s().-]/g, "");
  let m = /^(?:\+|00)(42[01])(\d{9})$/.exec(digits);
  if (m) return `+${m[1]}${m[2]}`;
  m = /^(\d{9})$/.exec(digits);
  if (m && /^[67]/.test(m[1])) return `+420${m[1]}`;
  return null;
}

/**
 * The sign-in identifier as the login looks it up: a phone in E.164 however it was typed, an
 * e-mail lower-cased, a user name lower-cased. Spellings of one identifier give one key, so a
 * per-identifier rate limit cannot be dodged by retyping it ("777333444", "+420 777 333 444").
 */
export function normalizeLoginIdentifier(identifier: string): string {
  const trimmed = identifier.trim();
  if (trimmed.includes("@")) return `email:${normalizeEmail(trimmed)}`;
  const phone = normalizePhone(trimmed);
  if (phone) return `phone:${phone}`;
  return `name:${trimmed.toLowerCase()}`;
}

/**
 * The per-account rate-limit key of a sign-in attempt: the account the identifier resolved to
 * (any of its user name, e-mail and phone spellings share it), else the normalised identifier.
 */
export function loginRateKey(
  account: { kind: "clerk" | "person"; id: string } | null,
  identifier: string,
): string {
  return account ? `${account.kind}:${account.id}` : normalizeLoginIdentifier(identifier);
}

/** "+420 777 123 456" for people. */
export function formatPhone(e164: string): string {
  const m = /^\+(\d{3})(\d{3})(\d{3})(\d{3})$/.exec(e164);
  return m ? `+${m[1]} ${m[2]} ${m[3]} ${m[4]}` : e164;
}

/** "+420 *** *** 456": enough to recognise one's own number, no more. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, 4)} *** *** ${e164.slice(-3)}`;
}

const NAME = /^[\p{L}][\p{L}\p{M}' .-]*$/u;

export interface Registration {
  givenName: string;
  familyName: string;
  email: string;
  phone: string;
  password: string;
}

export interface RegistrationValues {
  givenName: string;
  familyName: string;
  email: string;
  phone: string;
}

export function registrationValues(form: FormData): RegistrationValues {
  const keep = (name: string) => cleanText(form.get(name)).slice(0, 300);
  return {
    givenName: keep("givenName"),
    familyName: keep("familyName"),
    email: keep("email"),
    phone: keep("phone"),
  };
}

function checkName(errors: FieldError[], field: string, value: string): void {
  const before = errors.length;
  checkText(errors, field, value, { required: true, max: 100 });
  if (errors.length === before && !NAME.test(value)) errors.push({ field, code: "invalidName" });
}

/** A new password: long enough, not common, not made of the person's names. */
export function checkNewPassword<Code extends string>(
  errors: FieldError<Code | ValidationCode>[],
  field: string,
  password: string,
  personal: string[] = [],
): void {
  if (password === "") errors.push({ field, code: "required" });
  else if (password.length < PASSWORD_MIN) {
    errors.push({ field, code: "passwordTooShort", params: { min: PASSWORD_MIN } });
  } else if (password.length > PASSWORD_MAX) {
    errors.push({ field, code: "tooLong", params: { max: PASSWORD_MAX } });
  } else if (
    COMMON_PASSWORDS.has(password.toLowerCase()) || new Set(password).size < 4 ||
    personal.some((p) => p.length >= 3 && password.toLowerCase().includes(p.toLowerCase()))
  ) errors.push({ field, code: "passwordTooWeak" });
}

/**
 * The new-password pair every form with one uses (fields `password` and `passwordAgain`):
 * checked by `checkNewPassword`, and typed twice alike. Returns the password as typed.
 */
export function readNewPassword<Code extends string>(
  errors: FieldError<Code | ValidationCode>[],
  form: FormData,
  personal: string[] = [],
): string {
  const read = (name: string) => typeof form.get(name) === "string" ? String(form.get(name)) : "";
  const password = read("password");
  checkNewPassword(errors, "password", password, personal);
  if (password && read("passwordAgain") !== password) {
    errors.push({ field: "passwordAgain", code: "passwordMismatch" });
  }
  return password;
}

export function validateRegistration(form: FormData): Validated<Registration> {
  const v = registrationValues(form);
  const errors: FieldError[] = [];
  checkName(errors, "givenName", v.givenName);
  checkName(errors, "familyName", v.familyName);
  const email = normalizeEmail(v.email);
  if (email === "") errors.push({ field: "email", code: "required" });
  else if (!isEmail(email)) errors.push({ field: "email", code: "invalidEmail" });
  const phone = v.phone === "" ? null : normalizePhone(v.phone);
  if (v.phone === "") errors.push({ field: "phone", code: "required" });
  else if (!phone) errors.push({ field: "phone", code: "invalidPhone" });
  const password = readNewPassword(errors, form, [v.givenName, v.familyName, email.split("@")[0]]);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { givenName: v.givenName, familyName: v.familyName, email, phone: phone!, password },
  };
}

/** ASCII, lower case, dots between names: "Jana Dvořáková" → "jana.dvorakova". */
export function usernameStem(givenName: string, familyName: string): string {
  const ascii = (s: string) =>
    s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z0-9]+/g, "");
  return [ascii(givenName), ascii(familyName)].filter(Boolean).join(".").slice(0, 40) || "obcan";
}

/** A user name with a random four-digit suffix; the database's unique key settles clashes. */
export function generateUsername(givenName: string, familyName: string, random: () => number) {
  return `${usernameStem(givenName, familyName)}.${String(Math.floor(random() * 9000) + 1000)}`;
}

/** A six-digit one-time code. */
export function generateCode(randomBytes: Uint8Array): string {
  const n = new DataView(randomBytes.buffer, randomBytes.byteOffset, 4).getUint32(0);
  return String(n % 1_000_000).padStart(6, "0");
}

/** How many characters a typed code may have: six digits with separators ("560 327", "560-327"). */
export const CODE_INPUT_MAX = 20;

/**
 * A one-time code as typed or pasted: spaces (also no-break and thin ones), hyphens, dashes,
 * dots, slashes and underscores between the digits are dropped, full-width digits read as
 * digits. What is left is checked as six digits by the code check.
 */
export function normalizeCode(raw: string): string {
  return raw.normalize("NFKC").slice(0, CODE_INPUT_MAX * 2)
    .replace(/[\s\u00a0\u2009\u202f\-\u2010-\u2015.\u00b7/_,]+/gu, "");
}

export const CODE_TTL_MS = 10 * 60 * 1000;
export const CODE_MAX_ATTEMPTS = 5;
