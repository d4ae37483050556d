/**
 * Europe/Prague wall-clock time, computed with `Intl.DateTimeFormat` (no date library, no
 * `Deno.*`): runs in Deno, Node and on an edge runtime.
 *
 * Czech time is CET (+01:00) in winter and CEST (+02:00) in summer; the switch is at 01:00 UTC on
 * the last Sunday of March (02:00 → 03:00 local) and of October (03:00 → 02:00 local).
 */

export const PRAGUE_TIME_ZONE = "Europe/Prague";

const pragueParts = new Intl.DateTimeFormat("en-US", {
  timeZone: PRAGUE_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** Local Europe/Prague calendar fields of an instant (milliseconds excluded). */
interface PragueWallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function assertValid(d: Date): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
    throw new RangeError("Invalid Date");
  }
}

function wallClock(d: Date): PragueWallClock {
  const fields: Record<string, number> = {};
  for (const part of pragueParts.formatToParts(d)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year,
    month: fields.month,
    day: fields.day,
    // some engines print midnight as "24" even with h23
    hour: fields.hour === 24 ? 0 : fields.hour,
    minute: fields.minute,
    second: fields.second,
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function millisecondsOf(d: Date): number {
  return ((d.getTime() % 1000) + 1000) % 1000;
}

/** Offset of Europe/Prague from UTC at the instant `d`, in minutes (60 in winter, 120 in summer). */
export function pragueOffsetMinutes(d: Date): number {
  assertValid(d);
  const w = wallClock(d);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const wholeSeconds = d.getTime() - millisecondsOf(d);
  return Math.round((wallAsUtc - wholeSeconds) / 60_000);
}

/** `YYYY-MM-DD`: the calendar date in Europe/Prague at the instant `d`. */
export function formatPragueDate(d: Date): string {
  assertValid(d);
  const w = wallClock(d);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/**
 * ISO 8601 / RFC 3339 local date and time in Europe/Prague with its offset, e.g.
 * `2026-07-15T10:30:00+02:00`. Milliseconds are written (`.250`) only when not zero, so the
 * string always denotes exactly the instant `d`.
 */
export function formatPragueDateTime(d: Date): string {
  assertValid(d);
  const w = wallClock(d);
  const ms = millisecondsOf(d);
  const offset = pragueOffsetMinutes(d);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:` +
    `${pad(w.second)}${ms === 0 ? "" : `.${pad(ms, 3)}`}${sign}${pad(Math.floor(abs / 60))}:` +
    pad(abs % 60);
}

/** True when `d` is exactly 00:00:00.000 local time in Europe/Prague (a "date-only" instant). */
export function isPragueMidnight(d: Date): boolean {
  assertValid(d);
  const w = wallClock(d);
  return w.hour === 0 && w.minute === 0 && w.second === 0 && millisecondsOf(d) === 0;
}

/**
 * The instant of 00:00 Europe/Prague time on the calendar date `YYYY-MM-DD` — the inverse of
 * {@link formatPragueDate} for date-only values (midnight never falls in a DST gap in Prague).
 */
export function pragueStartOfDay(isoDate: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${isoDate}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utcMidnight = Date.UTC(year, month - 1, day);
  const check = new Date(utcMidnight);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: ${isoDate}`);
  }
  // Two passes: the offset at the guess can differ from the offset at the answer only near a
  // transition, and one correction settles it.
  let t = utcMidnight - pragueOffsetMinutes(new Date(utcMidnight)) * 60_000;
  t = utcMidnight - pragueOffsetMinutes(new Date(t)) * 60_000;
  return new Date(t);
}

/**
 * `YYYY-MM-DDTHH:MM[:SS]` meant as Europe/Prague wall-clock time (a `datetime-local` value) →
 * the instant. Null for malformed or impossible values, including the hour skipped when the
 * clocks go forward; in the repeated hour in October the first (summer-time) instant is taken.
 */
export function parsePragueLocalDateTime(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0));
  if (year < 2000 || year > 2200 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  // Summer offset first, so the earlier of two repeated instants wins; then winter.
  for (const offset of [120, 60]) {
    const instant = new Date(wall - offset * 60_000);
    if (pragueOffsetMinutes(instant) === offset) return instant;
  }
  return null;
}

/** The instant as a `datetime-local` value in Europe/Prague, to the minute ("2026-11-21T14:30"). */
export function toPragueLocalInput(d: Date): string {
  assertValid(d);
  const w = wallClock(d);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}
