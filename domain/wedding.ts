/**
 * A wedding date (issue 15): the couple asks for a ceremony slot — a date on one of the town's
 * ceremony days and a start time — in the town hall's ceremony room or at another place for the
 * fee of the town's rates; the registry office (matrika) confirms it and lists the documents to
 * bring; reminders go out a month and a week before; the date passes and the case closes.
 *
 * One registrar officiates at a time, so a town's slot is its start instant, whatever the place:
 * the database's unique index on the bookings not released keeps two couples off one slot.
 */
import { DAY_MS } from "./cases.ts";
import { formatPragueDate, parsePragueLocalDateTime, pragueOffsetMinutes } from "./time.ts";

export const WEDDING_SLUG = "svatba";
export const WEDDING_AGENDA = "matrika";

/** The town hall's ceremony room (no fee) and another place (the town's fee). */
export const CEREMONY_PLACES = ["obradni-sin", "jine-misto"] as const;
export type CeremonyPlace = (typeof CEREMONY_PLACES)[number];
export const TOWN_HALL = "obradni-sin" satisfies CeremonyPlace;

/** Start times of ceremonies (Europe/Prague), every half hour. */
export const CEREMONY_TIMES = [
  "10:00",
  "10:30",
  "11:00",
  "11:30",
  "12:00",
  "12:30",
  "13:00",
  "13:30",
] as const;

/** The town's ceremony days (ISO weekday: 5 Friday, 6 Saturday). */
export const CEREMONY_WEEKDAYS = [5, 6] as const;

/** How far ahead a date may be asked for (a year and a bit), and at least how soon. */
export const BOOK_AHEAD_MAX_DAYS = 400;
export const BOOK_AHEAD_MIN_DAYS = 14;

/** A ceremony lasts half an hour: the case closes once it has passed. */
export const CEREMONY_MINUTES = 30;

/** ISO weekday (1 Monday … 7 Sunday) of an ISO date. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function isCeremonyDay(date: string): boolean {
  return (CEREMONY_WEEKDAYS as readonly number[]).includes(isoWeekday(date));
}

/** ISO date `days` after `iso`. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The slot's instant: the date and time in Europe/Prague. */
export function slotInstant(date: string, time: string): Date | null {
  if (!(CEREMONY_TIMES as readonly string[]).includes(time)) return null;
  return parsePragueLocalDateTime(`${date}T${time}`);
}

export type SlotCheck =
  | null
  | {
    code: "notCeremonyDay" | "tooSoon" | "tooFar" | "invalidChoice";
    params?: Record<string, string>;
  };

/** Is the date a slot may be asked for (a ceremony day, between the limits from today)? */
export function checkCeremonyDate(date: string, time: string, today: string): SlotCheck {
  if (!slotInstant(date, time)) return { code: "invalidChoice" };
  if (!isCeremonyDay(date)) return { code: "notCeremonyDay" };
  if (date < addDays(today, BOOK_AHEAD_MIN_DAYS)) {
    return { code: "tooSoon", params: { days: String(BOOK_AHEAD_MIN_DAYS) } };
  }
  if (date > addDays(today, BOOK_AHEAD_MAX_DAYS)) return { code: "tooFar" };
  return null;
}

/**
 * Free slots to offer instead of a taken one: from the asked date on, ceremony days only, the
 * taken instants skipped, at most `limit`.
 */
export function freeSlots(
  from: string,
  taken: ReadonlySet<number>,
  limit = 5,
  maxDays = 60,
): Date[] {
  const out: Date[] = [];
  for (let i = 0; i < maxDays && out.length < limit; i++) {
    const date = addDays(from, i);
    if (!isCeremonyDay(date)) continue;
    for (const time of CEREMONY_TIMES) {
      const at = slotInstant(date, time);
      if (at && !taken.has(at.getTime())) out.push(at);
      if (out.length >= limit) break;
    }
  }
  return out;
}

/** A slot as Czech text: "sobota 15. 5. 2027 v 10:30". */
export function czechSlot(at: Date): string {
  const offset = pragueOffsetMinutes(at);
  const local = new Date(at.getTime() + offset * 60_000);
  const days = ["neděle", "pondělí", "úterý", "středa", "čtvrtek", "pátek", "sobota"];
  const hh = String(local.getUTCHours()).padStart(2, "0");
  const mm = String(local.getUTCMinutes()).padStart(2, "0");
  const [y, m, d] = formatPragueDate(at).split("-").map(Number);
  return `${days[local.getUTCDay()]} ${d}. ${m}. ${y} v ${hh}:${mm}`;
}

export type WeddingReminderKind = "weddingReminderMonth" | "weddingReminderWeek";

/** The reminders before a ceremony: a month (30 days) and a week before, in this order. */
export const WEDDING_REMINDERS: readonly { kind: WeddingReminderKind; days: number }[] = [
  { kind: "weddingReminderMonth", days: 30 },
  { kind: "weddingReminderWeek", days: 7 },
];

/**
 * The next step of a confirmed wedding at `now` (workflow-safe: no Intl, no I/O): a reminder
 * not yet sent whose time has not passed by more than its own lead (one past its time when the
 * case was confirmed late is skipped), else the ceremony's end.
 */
export function nextWeddingStep(
  ceremonyAtMs: number,
  sent: ReadonlySet<string>,
  confirmedAtMs: number,
  dayMs: number = DAY_MS,
): { kind: WeddingReminderKind | "weddingHeld"; at: number } {
  for (const r of WEDDING_REMINDERS) {
    if (sent.has(r.kind)) continue;
    const at = ceremonyAtMs - r.days * dayMs;
    // A case confirmed after the reminder's time gets no late one.
    if (at < confirmedAtMs) continue;
    return { kind: r.kind, at };
  }
  // The ceremony's half hour, on the same (possibly shortened) day.
  return {
    kind: "weddingHeld",
    at: ceremonyAtMs + Math.round(CEREMONY_MINUTES * 60_000 * dayMs / DAY_MS),
  };
}
