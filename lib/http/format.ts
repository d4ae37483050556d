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

export function formatDateTime(date: Date, locale: Locale): string {
  return dateTimeFormats[locale].format(date);
}

export function formatDate(date: Date, locale: Locale): string {
  return dateFormats[locale].format(date);
}

export function formatBytes(bytes: number, locale: Locale): string {
  const nf = new Intl.NumberFormat(locale === "cs" ? "cs-CZ" : "en-GB", {
    maximumFractionDigits: 1,
  });
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
