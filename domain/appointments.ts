/**
 * Appointments with the office (issue 15, part 1) as pure functions: a service's slots on a
 * day from its weekly opening hours, the day's exceptions (closed, or extra hours) and the Czech
 * public holidays; whether a requested slot may be booked (Czech error codes for a slot in the
 * past, outside the opening hours, on a holiday); the cutoff for moving or cancelling; when the
 * day-before reminder is due. Times are Europe/Prague wall-clock minutes; instants are `Date`s.
 */
import { czechHoliday } from "./czech_holidays.ts";
import { formatPragueDate, parsePragueLocalDateTime, pragueStartOfDay } from "./time.ts";

/** Weekday 1 (Monday) … 7 (Sunday). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface OpeningRange {
  /** Minutes after local midnight. */
  opens: number;
  closes: number;
}

export interface WeeklyHours extends OpeningRange {
  weekday: Weekday;
}

export interface DayException {
  /** `YYYY-MM-DD` */
  date: string;
  /** Closed all day (wins over everything else). */
  closed: boolean;
  /** Extra hours on that day (also on a holiday or a weekend). */
  opens: number | null;
  closes: number | null;
}

export interface ServiceSchedule {
  durationMinutes: number;
  hours: readonly WeeklyHours[];
  exceptions: readonly DayException[];
}

/** A hold on a slot lasts this long unless the booking is finished. */
export const HOLD_MINUTES = 10;
/** An anonymous booking waits this long for its e-mail to be confirmed. */
export const EMAIL_CONFIRM_MINUTES = 30;
/** Moving or cancelling is possible until this long before the start. */
export const CHANGE_CUTOFF_MINUTES = 120;
/** Bookings are taken this many days ahead. */
export const BOOKING_HORIZON_DAYS = 60;
/** The reminder goes this long before the start ("the day before"). */
export const REMINDER_LEAD_MS = 24 * 3600_000;

export type SlotErrorCode =
  | "appointmentSlotInvalid"
  | "appointmentSlotPast"
  | "appointmentSlotHoliday"
  | "appointmentSlotClosed"
  | "appointmentSlotTooFar"
  | "appointmentSlotFull";

/** ISO weekday of a `YYYY-MM-DD` date. */
export function weekdayOf(date: string): Weekday {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return (d === 0 ? 7 : d) as Weekday;
}

/** The next calendar date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    pragueStartOfDay(value);
    return true;
  } catch {
    return false;
  }
}

/** "08:30" from 510. */
export function minutesText(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** The opening ranges of a day: none when closed; weekly hours unless a holiday; extra hours. */
export function dayRanges(schedule: ServiceSchedule, date: string): OpeningRange[] {
  const exceptions = schedule.exceptions.filter((e) => e.date === date);
  if (exceptions.some((e) => e.closed)) return [];
  const weekday = weekdayOf(date);
  const weekly = czechHoliday(date) ? [] : schedule.hours.filter((h) => h.weekday === weekday);
  const extra = exceptions.filter((e) => e.opens !== null && e.closes !== null)
    .map((e) => ({ opens: e.opens!, closes: e.closes! }));
  return [...weekly, ...extra].map(({ opens, closes }) => ({ opens, closes }))
    .sort((a, b) => a.opens - b.opens);
}

/** The slot starts of a day (instants), in order, without duplicates. */
export function daySlots(schedule: ServiceSchedule, date: string): Date[] {
  const d = schedule.durationMinutes;
  const starts = new Set<number>();
  for (const r of dayRanges(schedule, date)) {
    for (let m = r.opens; m + d <= r.closes; m += d) {
      const at = parsePragueLocalDateTime(`${date}T${minutesText(m)}`);
      if (at) starts.add(at.getTime());
    }
  }
  return [...starts].sort((a, b) => a - b).map((t) => new Date(t));
}

/**
 * Whether `slot` (an ISO instant from a form) may be booked now: the instant, or the first
 * reason it may not. Order: malformed, past, too far ahead, a holiday (without extra hours that
 * day), outside the day's slots.
 */
export function checkSlot(
  schedule: ServiceSchedule,
  slot: string,
  now: Date,
): { ok: true; startsAt: Date; endsAt: Date } | { ok: false; code: SlotErrorCode } {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{3})?)?(Z|[+-]\d{2}:\d{2})$/.test(slot)) {
    return { ok: false, code: "appointmentSlotInvalid" };
  }
  const at = new Date(slot);
  if (Number.isNaN(at.getTime())) return { ok: false, code: "appointmentSlotInvalid" };
  if (at.getTime() <= now.getTime()) return { ok: false, code: "appointmentSlotPast" };
  if (at.getTime() > now.getTime() + (BOOKING_HORIZON_DAYS + 1) * 86_400_000) {
    return { ok: false, code: "appointmentSlotTooFar" };
  }
  const date = formatPragueDate(at);
  const slots = daySlots(schedule, date);
  if (!slots.some((s) => s.getTime() === at.getTime())) {
    return {
      ok: false,
      code: czechHoliday(date) && slots.length === 0
        ? "appointmentSlotHoliday"
        : "appointmentSlotClosed",
    };
  }
  return {
    ok: true,
    startsAt: at,
    endsAt: new Date(at.getTime() + schedule.durationMinutes * 60_000),
  };
}

/** May the citizen still move or cancel an appointment starting at `startsAt`? */
export function canChange(startsAt: Date, now: Date): boolean {
  return startsAt.getTime() - now.getTime() >= CHANGE_CUTOFF_MINUTES * 60_000;
}

/**
 * When the reminder is due: `leadMs` before the start, or null when that moment is already
 * past at booking (a booking for tomorrow morning made tonight needs no reminder).
 */
export function reminderAt(startsAt: Date, bookedAt: Date, leadMs = REMINDER_LEAD_MS): Date | null {
  const at = new Date(startsAt.getTime() - leadMs);
  return at.getTime() > bookedAt.getTime() ? at : null;
}

/** The dates to offer from `today`: the next `days` days that have a slot. */
export function openDays(
  schedule: ServiceSchedule,
  today: string,
  days = BOOKING_HORIZON_DAYS,
): string[] {
  const out: string[] = [];
  for (let i = 0; i <= days; i++) {
    const date = addDays(today, i);
    if (dayRanges(schedule, date).length > 0) out.push(date);
  }
  return out;
}

export type AppointmentStatus =
  | "held"
  | "pending_email"
  | "booked"
  | "cancelled"
  | "no_show"
  | "expired";

/** "08:30" → 510; null for anything else. */
export function parseMinutes(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h <= 24 && min <= 59 && h * 60 + min <= 1440 ? h * 60 + min : null;
}

export interface ExceptionDraft {
  serviceId: string | null;
  date: string;
  closed: boolean;
  opens: number | null;
  closes: number | null;
  note: string;
}

/** A clerk's exception: a day closed, or extra hours (from < to) on a date not in the past. */
export function validateException(
  v: { serviceId: string; date: string; kind: string; opens: string; closes: string; note: string },
  today: string,
): { ok: true; value: ExceptionDraft } | { ok: false; errors: { field: string; code: string }[] } {
  const errors: { field: string; code: string }[] = [];
  if (!isIsoDate(v.date)) errors.push({ field: "exceptionDate", code: "invalidDate" });
  else if (v.date < today) errors.push({ field: "exceptionDate", code: "dateInPast" });
  const closed = v.kind === "closed";
  if (!closed && v.kind !== "extra") errors.push({ field: "kind", code: "invalidChoice" });
  let opens: number | null = null;
  let closes: number | null = null;
  if (v.kind === "extra") {
    opens = parseMinutes(v.opens);
    closes = parseMinutes(v.closes);
    if (opens === null) errors.push({ field: "opens", code: "appointmentTimeInvalid" });
    if (closes === null) errors.push({ field: "closes", code: "appointmentTimeInvalid" });
    else if (opens !== null && closes <= opens) {
      errors.push({ field: "closes", code: "appointmentTimeOrder" });
    }
  }
  if (v.note.length > 200) errors.push({ field: "note", code: "tooLong" });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { serviceId: v.serviceId || null, date: v.date, closed, opens, closes, note: v.note },
  };
}
