/**
 * Broadcasts from the office (issue 13), as pure rules: a template's placeholders (`{ulice}`)
 * and filling them, the length of an SMS in segments (GSM-7: 160 characters, 153 a part;
 * otherwise UCS-2: 70, 67 a part), the SMS with its unsubscribe link, quiet hours (when a
 * non-urgent SMS to a person waits until), the compose form's validation, and how a send error
 * is classified (temporary: retry; permanent: the recipient fails). No I/O.
 */
import { isTopic, type Topic } from "./messaging.ts";
import { formatPragueDate, parsePragueLocalDateTime, pragueStartOfDay } from "./time.ts";
import {
  checkText,
  cleanText,
  type FieldError,
  type Validated,
  type ValidationCode,
} from "./validation.ts";
import type { Channel } from "./messaging.ts";

// ---------------------------------------------------------------------------------------------
// Placeholders

/** `{name}`: lower-case letters (Czech too), digits and `_`, up to 30 characters. */
const PLACEHOLDER = /\{([\p{Ll}0-9_]{1,30})\}/gu;

/** The placeholders of the texts, each once, in the order they first appear. */
export function placeholdersIn(...texts: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(PLACEHOLDER)) seen.add(m[1]);
  }
  return [...seen];
}

/** The text with every placeholder that has a value replaced by it (others left as they are). */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const v = Object.hasOwn(values, name) ? values[name] : undefined;
    return v === undefined || v === "" ? whole : v;
  });
}

// ---------------------------------------------------------------------------------------------
// SMS length

/** The GSM 03.38 basic character set (one septet each). */
const GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** The extension table (an escape and a septet: two each). */
const GSM7_EXTENDED = "^{}\\[~]|€\f";

export type SmsEncoding = "gsm7" | "ucs2";

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** What one segment holds with this encoding and count (160/153 or 70/67). */
  perSegment: number;
}

/** How long an SMS is: its encoding, length in units and number of segments. */
export function smsLength(text: string): SmsLength {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM7_BASIC.includes(ch)) septets += 1;
    else if (GSM7_EXTENDED.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    const per = septets <= 160 ? 160 : 153;
    return {
      encoding: "gsm7",
      units: septets,
      segments: Math.max(1, Math.ceil(septets / per)),
      perSegment: per,
    };
  }
  const units = text.length; // UTF-16 code units
  const per = units <= 70 ? 70 : 67;
  return {
    encoding: "ucs2",
    units,
    segments: Math.max(1, Math.ceil(units / per)),
    perSegment: per,
  };
}

/** The most segments a broadcast SMS may take (its unsubscribe link included). */
export const SMS_MAX_SEGMENTS = 4;

/**
 * The SMS as sent: the text and a short unsubscribe link on its own line (ASCII, so a text
 * without diacritics stays GSM-7).
 */
export function smsWithUnsubscribe(text: string, unsubscribeUrl: string): string {
  return `${text}\nOdhlaseni: ${unsubscribeUrl}`;
}

/** An unsubscribe URL as long as any real one (its token is 43 characters), to count with. */
export function sampleUnsubscribeUrl(origin: string): string {
  return `${origin}/odber/odhlasit/${"x".repeat(43)}`;
}

// ---------------------------------------------------------------------------------------------
// Quiet hours

const MINUTES_PER_DAY = 24 * 60;

function pragueMinuteOfDay(d: Date): number {
  const start = pragueStartOfDay(formatPragueDate(d));
  return Math.floor((d.getTime() - start.getTime()) / 60_000);
}

/** The instant `minute` (after local midnight) on the Prague date `date` (DST gap: an hour on). */
function pragueAt(date: string, minute: number): Date {
  const hh = String(Math.floor(minute / 60)).padStart(2, "0");
  const mm = String(minute % 60).padStart(2, "0");
  return parsePragueLocalDateTime(`${date}T${hh}:${mm}`) ??
    new Date(pragueStartOfDay(date).getTime() + (minute + 60) * 60_000);
}

/**
 * When a non-urgent SMS to a person with quiet hours `from`–`to` (minutes after midnight in
 * Prague; the window may span midnight, e.g. 22:00–07:00) may go, if `now` falls in them; null
 * when it may go now (no quiet hours, an empty window, or outside it). The end is exclusive.
 */
export function quietHoursEnd(now: Date, from: number | null, to: number | null): Date | null {
  if (from === null || to === null || from === to) return null;
  if (from < 0 || to < 0 || from >= MINUTES_PER_DAY || to >= MINUTES_PER_DAY) return null;
  const m = pragueMinuteOfDay(now);
  const today = formatPragueDate(now);
  if (from < to) return m >= from && m < to ? pragueAt(today, to) : null;
  // Spans midnight: from until midnight, then midnight until `to`.
  if (m < to) return pragueAt(today, to);
  if (m >= from) {
    const tomorrow = formatPragueDate(new Date(pragueStartOfDay(today).getTime() + 36 * 3600_000));
    return pragueAt(tomorrow, to);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Rate limits per number

/** At most this many SMS to one number in an hour (default; SMS_PER_NUMBER_PER_HOUR). */
export const SMS_PER_NUMBER_PER_HOUR = 3;

/**
 * When the next SMS to a number may go, given the send times of its SMS within the last hour:
 * null while under the limit, else an hour after the oldest of the last `limit` sends.
 */
export function smsRateDeferral(now: Date, sentWithinHour: readonly Date[], limit: number) {
  const recent = sentWithinHour.filter((d) => now.getTime() - d.getTime() < 3600_000)
    .sort((a, b) => a.getTime() - b.getTime());
  if (recent.length < limit) return null;
  return new Date(recent[recent.length - limit].getTime() + 3600_000);
}

// ---------------------------------------------------------------------------------------------
// Errors while sending

export type SendErrorKind = "temporary" | "permanent";

/**
 * A send error as the recipient's row records it: permanent (an address the server refuses, a
 * gateway's 4xx: retrying cannot help) or temporary (a timeout, a refused connection, a 5xx of
 * a gateway, a 4xx of SMTP: retried later).
 */
export function classifySendError(err: unknown): SendErrorKind {
  const e = (err ?? {}) as Record<string, unknown>;
  if (e.permanent === true) return "permanent";
  if (e.permanent === false) return "temporary";
  // nodemailer: an SMTP reply code (5xx permanent, 4xx temporary); EENVELOPE: a refused address.
  const smtp = typeof e.responseCode === "number" ? e.responseCode : null;
  if (smtp !== null) return smtp >= 500 ? "permanent" : "temporary";
  if (e.code === "EENVELOPE") return "permanent";
  // An HTTP gateway: 4xx permanent (except 408 and 429), 5xx temporary.
  const status = typeof e.status === "number" ? e.status : null;
  const message = err instanceof Error ? err.message : String(err);
  const fromMessage = /answered (\d{3})/.exec(message);
  const http = status ?? (fromMessage ? Number(fromMessage[1]) : null);
  if (http !== null && http >= 400 && http < 500 && http !== 408 && http !== 429) {
    return "permanent";
  }
  return "temporary";
}

/** Per-recipient attempts before a temporary failure becomes final. */
export const MAX_SEND_ATTEMPTS = 5;

/** Wait before the next attempt after `attempts` failed ones: 30 s, 1 min, 2 min, … (≤ 15 min). */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
}

/** A short, safe error text for the report: no addresses, one line, at most 200 characters. */
export function sendErrorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/[^\s@<>]+@[^\s@<>]+/g, "…").replace(/\+?\d{9,15}/g, "…")
    .replace(/\s+/g, " ").trim().slice(0, 200) || "error";
}

// ---------------------------------------------------------------------------------------------
// The compose form

export type BroadcastErrorCode =
  | "placeholderMissing"
  | "noChannel"
  | "noTopic"
  | "smsTooLong"
  | "noRecipients"
  | "unknownStreet";

/** Message keys of this module's codes (`withErrorMessages`). */
export const BROADCAST_MESSAGES: Record<BroadcastErrorCode, string> = {
  placeholderMissing: "broadcasts.errors.placeholderMissing",
  noChannel: "broadcasts.errors.noChannel",
  noTopic: "broadcasts.errors.noTopic",
  smsTooLong: "broadcasts.errors.smsTooLong",
  noRecipients: "broadcasts.errors.noRecipients",
  unknownStreet: "broadcasts.errors.unknownStreet",
};

export type BroadcastFieldError = FieldError<BroadcastErrorCode | ValidationCode>;

export const BROADCAST_LIMITS = { subject: 200, body: 10_000, smsBody: 1_000, value: 200 };

/** The form's fields as typed, to show it again. */
export interface BroadcastFormValues {
  templateId: string;
  subject: string;
  body: string;
  smsBody: string;
  /** Placeholder name → value (fields `ph_<name>`). */
  values: Record<string, string>;
  channels: string[];
  topics: string[];
  everyone: boolean;
  streetIds: string[];
  crisis: boolean;
  publishNews: boolean;
  publishNotice: boolean;
  /** "now" or "later". */
  when: string;
  /** `datetime-local` in Prague. */
  sendAt: string;
}

/** A valid broadcast, placeholders filled. */
export interface BroadcastDraft {
  templateId: string | null;
  subject: string;
  body: string;
  smsBody: string | null;
  topics: Topic[];
  everyone: boolean;
  streetIds: string[];
  channels: Channel[];
  crisis: boolean;
  publishNews: boolean;
  publishNotice: boolean;
  /** null = now. */
  sendAt: Date | null;
}

export const PLACEHOLDER_FIELD_PREFIX = "ph_";

export function broadcastFormValues(form: FormData): BroadcastFormValues {
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) {
    if (k.startsWith(PLACEHOLDER_FIELD_PREFIX) && typeof v === "string") {
      const name = k.slice(PLACEHOLDER_FIELD_PREFIX.length);
      if (/^[\p{Ll}0-9_]{1,30}$/u.test(name)) {
        values[name] = cleanText(v).slice(0, BROADCAST_LIMITS.value + 50);
      }
    }
  }
  const list = (name: string) =>
    [...new Set(form.getAll(name).filter((v): v is string => typeof v === "string"))].slice(0, 200);
  const flag = (name: string) => form.get(name) === "ano";
  return {
    templateId: cleanText(form.get("template")).slice(0, 36),
    subject: cleanText(form.get("subject")),
    body: cleanText(form.get("body")),
    smsBody: cleanText(form.get("smsBody")),
    values,
    channels: list("channels"),
    topics: list("topics"),
    everyone: flag("everyone"),
    streetIds: list("streets"),
    crisis: flag("crisis"),
    publishNews: flag("publishNews"),
    publishNotice: flag("publishNotice"),
    when: cleanText(form.get("when")) === "later" ? "later" : "now",
    sendAt: cleanText(form.get("sendAt")).slice(0, 40),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Checks the compose form: texts, every placeholder has a value, at least one channel, topics
 * or everyone, known streets, an SMS that fits `SMS_MAX_SEGMENTS` with its unsubscribe link,
 * and a send time not in the past. The audience's size is checked by the use case (a query).
 */
export function validateBroadcast(
  v: BroadcastFormValues,
  ctx: { now: Date; knownStreetIds: ReadonlySet<string>; origin: string },
): Validated<BroadcastDraft, BroadcastErrorCode | ValidationCode> {
  const errors: BroadcastFieldError[] = [];
  const channels = v.channels.filter((c): c is Channel => c === "email" || c === "sms");
  if (channels.length !== v.channels.length) {
    errors.push({ field: "channels", code: "invalidChoice" });
  } else if (channels.length === 0) errors.push({ field: "channels", code: "noChannel" });
  checkText(errors, "subject", v.subject, { required: true, max: BROADCAST_LIMITS.subject });
  checkText(errors, "body", v.body, { required: true, max: BROADCAST_LIMITS.body });
  const sms = channels.includes("sms");
  checkText(errors, "smsBody", v.smsBody, { required: sms, max: BROADCAST_LIMITS.smsBody });

  const texts = [v.subject, v.body, ...(sms ? [v.smsBody] : [])];
  for (const name of placeholdersIn(...texts)) {
    const value = v.values[name] ?? "";
    const field = `${PLACEHOLDER_FIELD_PREFIX}${name}`;
    if (value === "") errors.push({ field, code: "placeholderMissing", params: { name } });
    else checkText(errors, field, value, { max: BROADCAST_LIMITS.value });
  }
  const subject = fillPlaceholders(v.subject, v.values);
  const body = fillPlaceholders(v.body, v.values);
  const smsBody = sms ? fillPlaceholders(v.smsBody, v.values) : null;
  if (smsBody && !errors.some((e) => e.field === "smsBody")) {
    const len = smsLength(smsWithUnsubscribe(smsBody, sampleUnsubscribeUrl(ctx.origin)));
    if (len.segments > SMS_MAX_SEGMENTS) {
      errors.push({
        field: "smsBody",
        code: "smsTooLong",
        params: { segments: len.segments, max: SMS_MAX_SEGMENTS },
      });
    }
  }

  const topics = v.topics.filter(isTopic);
  if (topics.length !== v.topics.length) errors.push({ field: "topics", code: "invalidChoice" });
  else if (!v.everyone && topics.length === 0) errors.push({ field: "topics", code: "noTopic" });
  const streetIds = v.streetIds.filter((id) => UUID.test(id) && ctx.knownStreetIds.has(id));
  if (streetIds.length !== v.streetIds.length) {
    errors.push({ field: "streets", code: "unknownStreet" });
  }

  let sendAt: Date | null = null;
  if (v.when === "later") {
    if (v.sendAt === "") errors.push({ field: "sendAt", code: "required" });
    else {
      sendAt = parsePragueLocalDateTime(v.sendAt);
      if (!sendAt) errors.push({ field: "sendAt", code: "invalidDateTime" });
      else if (sendAt.getTime() <= ctx.now.getTime()) {
        errors.push({ field: "sendAt", code: "dateInPast" });
      }
    }
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      templateId: UUID.test(v.templateId) ? v.templateId : null,
      subject,
      body,
      smsBody,
      topics,
      everyone: v.everyone,
      streetIds,
      channels,
      crisis: v.crisis,
      publishNews: v.publishNews,
      publishNotice: v.publishNotice,
      sendAt,
    },
  };
}

/** The e-mail as sent: the body and the unsubscribe link at the foot. */
export function emailWithUnsubscribe(body: string, unsubscribeUrl: string): string {
  return `${body}\n\n--\nOdhlášení z odběru zpráv obce: ${unsubscribeUrl}`;
}

/** `<broadcast-<recipientId>@portal-obcana>`: the same on every attempt (a resend is the same). */
export function broadcastMessageId(recipientId: string): string {
  return `<broadcast-${recipientId}@portal-obcana>`;
}

/** A count of recipients per state and channel, as the report shows it. */
export type DeliveryCounts = Record<Channel, Record<string, number>>;
