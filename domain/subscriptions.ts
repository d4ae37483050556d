/**
 * Subscriptions to the town's news (issue 13), the rules without I/O: reading the /odber form
 * (an e-mail or a Czech/Slovak mobile number, topics, streets or parts of the town, consent),
 * the double opt-in's expiry and tries, the SMS unsubscribe keyword, the version of the consent
 * wording the person agreed to, and quiet hours (minutes after midnight, may span midnight).
 */
import { isTopic, type Topic, TOPICS } from "./messaging.ts";
import type { Channel } from "./messaging.ts";
import { cleanText, type FieldError, isEmail, type Validated } from "./validation.ts";
import type { ValidationCode } from "./validation.ts";
import { normalizeCode, normalizeEmail, normalizePhone } from "./identity.ts";

/**
 * The version of the consent wording (locales `subscriptions.consent`) stored with every consent
 * event: change it together with the wording.
 */
export const CONSENT_VERSION = "2026-12-04";

/** A confirmation link lives 7 days; an SMS code 15 minutes and 5 wrong tries. */
export const LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const SMS_CODE_TTL_MS = 15 * 60 * 1000;
export const CONFIRM_MAX_ATTEMPTS = 5;

export type SubscriptionErrorCode = ValidationCode | "topicsRequired" | "consentRequired";

/** The form's own codes → their messages (for `withErrorMessages`). */
export const SUBSCRIPTION_ERROR_MESSAGES = {
  topicsRequired: "subscriptions.errors.topicsRequired",
  consentRequired: "subscriptions.errors.consentRequired",
  invalidEmail: "subscriptions.errors.invalidEmail",
  invalidPhone: "subscriptions.errors.invalidPhone",
} as const;

export interface Address {
  channel: Channel;
  /** E-mail lower-cased, phone in E.164. */
  address: string;
}

/**
 * An e-mail (anything with "@") or a mobile number, normalised; or the error code for the
 * field: `required`, `invalidEmail`, `invalidPhone`.
 */
export function parseAddress(raw: string): Address | { error: SubscriptionErrorCode } {
  const value = raw.normalize("NFC").trim();
  if (!value) return { error: "required" };
  if (value.includes("@")) {
    const email = normalizeEmail(value);
    return isEmail(email) ? { channel: "email", address: email } : { error: "invalidEmail" };
  }
  const phone = normalizePhone(value);
  return phone ? { channel: "sms", address: phone } : { error: "invalidPhone" };
}

/** The known topics among the values, each once, in the order of TOPICS. */
export function readTopics(values: readonly unknown[]): Topic[] {
  return TOPICS.filter((topic) => values.some((v) => v === topic && isTopic(v)));
}

/** What a subscriber follows: topics, and streets (none = the whole town). */
export interface Choice {
  topics: Topic[];
  /** Street ids as submitted (the use case keeps only the town's own). */
  streetIds: string[];
  /** Names of parts of the town chosen whole (each stands for all its streets). */
  parts: string[];
}

export interface SubscriptionRequest extends Address, Choice {}

const MAX_CHOSEN = 500;

function strings(form: FormData, name: string): string[] {
  return form.getAll(name).map((v) => cleanText(v)).filter(Boolean).slice(0, MAX_CHOSEN);
}

/** Topics, streets and parts from a form (fields `topic`, `street`, `part`). */
export function readChoice(
  form: FormData,
  errors: FieldError<SubscriptionErrorCode>[],
): Choice {
  const topics = readTopics(form.getAll("topic"));
  if (!topics.length) errors.push({ field: "topic", code: "topicsRequired" });
  return { topics, streetIds: strings(form, "street"), parts: strings(form, "part") };
}

/** The /odber form: `address`, topics, streets or parts, and the consent box. */
export function validateSubscription(
  form: FormData,
): Validated<SubscriptionRequest, SubscriptionErrorCode> & { address: string } {
  const raw = cleanText(form.get("address")).slice(0, 254);
  const errors: FieldError<SubscriptionErrorCode>[] = [];
  const parsed = parseAddress(raw);
  if ("error" in parsed) errors.push({ field: "address", code: parsed.error });
  const choice = readChoice(form, errors);
  if (form.get("consent") !== "yes") errors.push({ field: "consent", code: "consentRequired" });
  if (errors.length || "error" in parsed) return { ok: false, errors, address: raw };
  return { ok: true, value: { ...parsed, ...choice }, address: raw };
}

export type ConfirmCheck = "ok" | "invalid" | "expired";

/**
 * Whether a pending confirmation can still be tried: not expired, tries left. A wrong code
 * counts a try; the last allowed wrong try ends it ("expired": ask for a new one).
 */
export function confirmationState(
  row: {
    confirm_secret_hash: string | null;
    confirm_expires_at: Date | null;
    confirm_attempts: number;
  },
  now: Date,
): "open" | "expired" {
  if (!row.confirm_secret_hash || !row.confirm_expires_at) return "expired";
  if (row.confirm_expires_at.getTime() <= now.getTime()) return "expired";
  return row.confirm_attempts >= CONFIRM_MAX_ATTEMPTS ? "expired" : "open";
}

/** Whether a value has the form of a subscription's link token (random, url-safe). */
export function isSubscriptionToken(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(value);
}

/** A six-digit code as typed ("123 456" too), or null. */
export function readCode(raw: string): string | null {
  const digits = normalizeCode(raw);
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** Whether an SMS is the unsubscribe keyword: STOP, ODHLASIT, ODHLÁSIT (any case, spaces). */
export function isUnsubscribeKeyword(text: string): boolean {
  const word = text.normalize("NFD").replace(/\p{M}/gu, "").trim().toUpperCase()
    .replace(/[.!]+$/, "");
  return word === "STOP" || word === "ODHLASIT";
}

/** "HH:MM" (or "H:MM") → minutes after midnight, or null. */
export function parseClock(value: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** Minutes after midnight → "HH:MM". */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${
    String(minutes % 60).padStart(2, "0")
  }`;
}

/**
 * Whether `minute` (after local midnight) falls in the quiet hours [from, to): a span may cross
 * midnight (22:00–07:00); from = to means no quiet hours; null means none.
 */
export function inQuietHours(
  from: number | null,
  to: number | null,
  minute: number,
): boolean {
  if (from === null || to === null || from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}
