/** Display formats for people: dates in Europe/Prague, sizes, in the page's language. */
import type { Locale } from "../state.ts";

const dateTimeFormats = {
  cs: new Intl.DateTimeFormat("cs-CZ", {
    timeZone: "Europe/Prague",
    day: "numeric",
    month: "numeric",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Prague",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }),
};
const dateFormats = {
  cs: new Intl.DateTimeFormat("cs-CZ", { timeZone: "Europe/Prague", dateStyle: "long" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Prague", dateStyle: "long" }),
};

/**
 * Intl formatting costs microseconds per call and a page shows the same instants again and
 * again (a notice board of 20 notices formats 40), so each language remembers the last few
 * thousand instants it formatted.
 */
function memo(format: (date: Date) => string): (date: Date) => string {
  const seen = new Map<number, string>();
  return (date) => {
    const time = date.getTime();
    let text = seen.get(time);
    if (text === undefined) {
      if (seen.size >= 5000) seen.clear();
      seen.set(time, text = format(date));
    }
    return text;
  };
}

const dateTime = {
  cs: memo((d) => dateTimeFormats.cs.format(d)),
  en: memo((d) => dateTimeFormats.en.format(d)),
};
const dateOnly = {
  cs: memo((d) => dateFormats.cs.format(d)),
  en: memo((d) => dateFormats.en.format(d)),
};

export function formatDateTime(date: Date, locale: Locale): string {
  return dateTime[locale](date);
}

export function formatDate(date: Date, locale: Locale): string {
  return dateOnly[locale](date);
}

const sizeNumbers = {
  cs: new Intl.NumberFormat("cs-CZ", { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 }),
};

export function formatBytes(bytes: number, locale: Locale): string {
  const nf = sizeNumbers[locale];
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} kB`;
  return `${nf.format(bytes / 1024 / 1024)} MB`;
}

/** Czech plural forms: 1 dokument, 2–4 dokumenty, 5+ dokumentů. */
export function czechPlural(n: number, one: string, few: string, many: string): string {
  if (n === 1) return one;
  if (n >= 2 && n <= 4) return few;
  return many;
}
