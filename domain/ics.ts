/**
 * iCalendar (RFC 5545) as pure functions: a VCALENDAR of all-day events with alarms, for the
 * citizen's private feed of due dates (`/kalendar/<token>.ics`).
 *
 * The rules this code applies:
 * - Lines end with CRLF. A content line longer than 75 octets is folded: CRLF and one space, and
 *   the continuation carries at most 74 octets after that space (RFC 5545 §3.1). Octets, not
 *   characters: Czech letters are two bytes in UTF-8, a no-break space two, an emoji four, and a
 *   fold never splits a UTF-8 sequence — it falls between code points, so every physical line
 *   is valid UTF-8 on its own.
 * - TEXT values escape `\` as `\\`, `;` as `\;`, `,` as `\,` and a line break as `\n`
 *   (§3.3.11); other control characters are dropped (they are not allowed in a TEXT value).
 * - Each VEVENT has `UID` and `DTSTAMP` exactly once (§3.6.1); an all-day event is
 *   `DTSTART;VALUE=DATE` with `DTEND;VALUE=DATE` the next day (the end is exclusive, §3.6.1).
 * - The calendar is `METHOD:PUBLISH` (RFC 5546): a read-only feed a client subscribes to.
 *   A removed obligation simply leaves the feed; a client drops the event on its next refresh.
 */

export interface IcsAlarm {
  /** Days before the start (the start of an all-day event is 00:00 that day, local time). */
  daysBefore: number;
  description: string;
}

export interface IcsEvent {
  /** Stable per object, globally unique: `obligation-<id>@<host>`. */
  uid: string;
  /** When this version of the event was made. */
  stamp: Date;
  /** The all-day event's date, `YYYY-MM-DD` (ignored when `timed` is given). */
  date: string;
  /** The last day of an all-day event that spans several days (inclusive), `YYYY-MM-DD`. */
  lastDate?: string;
  /** A timed event instead (an appointment): UTC start and end, its SEQUENCE. */
  timed?: { start: Date; end: Date; sequence: number; location?: string };
  summary: string;
  description?: string;
  url?: string;
  alarm?: IcsAlarm;
}

export interface IcsCalendar {
  /** `-//Portál občana//Splatnosti//CS` */
  prodId: string;
  /** X-WR-CALNAME: the name a client shows for the subscription. */
  name: string;
  events: readonly IcsEvent[];
}

const CRLF = "\r\n";
const MAX_OCTETS = 75;
const encoder = new TextEncoder();

/** Escapes a TEXT value (§3.3.11): backslash, semicolon, comma, line breaks; drops other controls. */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/\t/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n");
}

/** UTF-8 length of one code point. */
function octets(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Folds one content line at 75 octets (§3.1): the first physical line carries at most 75
 * octets, each continuation a space and at most 74 more. Splits only between code points.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = "";
  let size = 0;
  let limit = MAX_OCTETS;
  for (const ch of line) {
    const n = octets(ch.codePointAt(0)!);
    if (size + n > limit) {
      parts.push(current);
      current = "";
      size = 0;
      limit = MAX_OCTETS - 1; // the leading space of a continuation counts
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** `20260315` from `2026-03-15`. */
function icsDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError(`Not a YYYY-MM-DD date: ${iso}`);
  return iso.replaceAll("-", "");
}

/** The next calendar day of `YYYY-MM-DD` (UTC arithmetic on a date: no time zone involved). */
function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** `20260315T081500Z`: a UTC date-time (§3.3.5, form 2). */
export function icsUtc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function eventLines(e: IcsEvent): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${icsUtc(e.stamp)}`,
    ...(e.timed
      ? [
        `DTSTART:${icsUtc(e.timed.start)}`,
        `DTEND:${icsUtc(e.timed.end)}`,
        `SEQUENCE:${Math.max(0, Math.trunc(e.timed.sequence))}`,
        ...(e.timed.location ? [`LOCATION:${escapeText(e.timed.location)}`] : []),
      ]
      : [
        `DTSTART;VALUE=DATE:${icsDate(e.date)}`,
        `DTEND;VALUE=DATE:${icsDate(nextDay(e.lastDate ?? e.date))}`,
      ]),
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.url) lines.push(`URL:${e.url}`);
  lines.push(e.timed ? "TRANSP:OPAQUE" : "TRANSP:TRANSPARENT");
  if (e.alarm) {
    lines.push(
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      `DESCRIPTION:${escapeText(e.alarm.description)}`,
      e.timed && e.alarm.daysBefore === 0
        ? "TRIGGER:-PT1H"
        : `TRIGGER:-P${Math.max(0, Math.trunc(e.alarm.daysBefore))}D`,
      "END:VALARM",
    );
  }
  lines.push("END:VEVENT");
  return lines;
}

/** The whole calendar: CRLF line ends, every line folded, ending with a CRLF. */
export function buildCalendar(c: IcsCalendar): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${c.prodId}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(c.name)}`,
    ...c.events.flatMap(eventLines),
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** Unfolds and splits a calendar into logical lines (for tests and readers): the inverse of folding. */
export function unfoldLines(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, "").split("\r\n").filter((l) => l !== "");
}

/** The inverse of `escapeText`. */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}
