/**
 * Czech public holidays (státní svátky and ostatní svátky, Act 245/2000 Sb.) for a year, as
 * pure functions: the fixed dates and the two that move with Easter — Good Friday (Velký pátek,
 * a holiday since 2016) and Easter Monday (Velikonoční pondělí). Easter Sunday is computed by
 * the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
 */

/** `YYYY-MM-DD` of Easter Sunday in the Gregorian calendar. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${
    String(day).padStart(2, "0")
  }`;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The holiday's key under `holidays.<key>` in the locales. */
export type HolidayKey =
  | "newYear"
  | "goodFriday"
  | "easterMonday"
  | "labourDay"
  | "liberationDay"
  | "cyrilMethodius"
  | "janHus"
  | "statehood"
  | "independence"
  | "freedom"
  | "christmasEve"
  | "christmasDay"
  | "stStephen";

const FIXED: readonly [number, number, HolidayKey][] = [
  [1, 1, "newYear"],
  [5, 1, "labourDay"],
  [5, 8, "liberationDay"],
  [7, 5, "cyrilMethodius"],
  [7, 6, "janHus"],
  [9, 28, "statehood"],
  [10, 28, "independence"],
  [11, 17, "freedom"],
  [12, 24, "christmasEve"],
  [12, 25, "christmasDay"],
  [12, 26, "stStephen"],
];

/** Every public holiday of `year`, by date, in date order. */
export function czechHolidays(year: number): { date: string; key: HolidayKey }[] {
  const easter = easterSunday(year);
  const moving: { date: string; key: HolidayKey }[] = [
    // Good Friday has been a public holiday since 2016 (Act 359/2015 Sb.).
    ...(year >= 2016 ? [{ date: addDays(easter, -2), key: "goodFriday" as const }] : []),
    { date: addDays(easter, 1), key: "easterMonday" },
  ];
  return [...FIXED.map(([m, d, key]) => ({ date: isoDate(year, m, d), key })), ...moving]
    .sort((x, y) => x.date.localeCompare(y.date));
}

/** The holiday on `YYYY-MM-DD`, or null for an ordinary day. */
export function czechHoliday(date: string): HolidayKey | null {
  const year = Number(date.slice(0, 4));
  if (!Number.isInteger(year)) return null;
  return czechHolidays(year).find((h) => h.date === date)?.key ?? null;
}
