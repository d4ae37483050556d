/**
 * Czech-first translations. Keys are dotted paths into `locales/<locale>.json`;
 * `{name}` placeholders are filled from params. A key missing in English falls back
 * to Czech; a key missing everywhere is returned as is, so a gap is visible, not fatal.
 */
import cs from "../locales/cs.json" with { type: "json" };
import en from "../locales/en.json" with { type: "json" };
import type { Locale, Translate } from "./state.ts";

type Messages = { [key: string]: string | Messages };

const catalogs: Record<Locale, Messages> = { cs, en };

export const LOCALES: readonly Locale[] = ["cs", "en"];
export const DEFAULT_LOCALE: Locale = "cs";

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

function interpolate(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => name in params ? String(params[name]) : whole);
}

export function translator(locale: Locale): Translate {
  return (key, params) =>
    interpolate(lookup(catalogs[locale], key) ?? lookup(catalogs.cs, key) ?? key, params);
}

export function isLocale(value: unknown): value is Locale {
  return value === "cs" || value === "en";
}

/** Every key present in one catalog, as dotted paths (used by the catalog-parity test). */
export function catalogKeys(locale: Locale): string[] {
  const keys: string[] = [];
  const walk = (node: Messages, prefix: string) => {
    for (const [k, v] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (typeof v === "string") keys.push(path);
      else walk(v, path);
    }
  };
  walk(catalogs[locale], "");
  return keys.sort();
}

const pluralRules = { cs: new Intl.PluralRules("cs"), en: new Intl.PluralRules("en") };

/** Picks `<key>.one|few|other` by the language's plural rules and fills `{n}`. */
export function plural(t: Translate, locale: Locale, key: string, n: number): string {
  const rule = pluralRules[locale].select(n);
  const form = rule === "one" || rule === "few" ? rule : "other";
  return t(`${key}.${form}`, { n });
}
