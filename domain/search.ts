/**
 * Search that Czech people can use, one rule for every list the portal searches (guides, the
 * notice board, later the registers): diacritics and case never matter (`uzemni studie` finds
 * "Územní studie"), every word of the query must match the start of a word in the text (so
 * `zastup` finds "zastupitelstvo"), and a light Czech stemming lets `zastupitelstvo` find
 * "zastupitelstva". Sorted lists use Czech collation ("ch" after "h", "Ú" with "U").
 *
 * The database side (`db/search.ts`) folds columns with the same table of letters, so a query
 * matches the same rows in PostgreSQL as `matchesSearch` does here.
 */

/** Letters NFD does not decompose but a person types without their stroke. */
const EXTRA_FOLDS: Record<string, string> = { ł: "l", ø: "o", đ: "d", ħ: "h", ı: "i" };
const EXTRA_PATTERN = new RegExp(`[${Object.keys(EXTRA_FOLDS).join("")}]`, "g");

/**
 * Text as search compares it: NFD with the combining marks dropped, lower-case, every run of
 * white space one space, trimmed. `"  Územní\tSTUDIE "` → `"uzemni studie"`.
 */
export function foldText(text: string): string {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase()
    .replace(EXTRA_PATTERN, (c) => EXTRA_FOLDS[c]).replace(/\s+/gu, " ").trim();
}

/** The most words of a query that count; the rest are ignored (a pasted paragraph stays cheap). */
export const MAX_SEARCH_WORDS = 8;

/** Folded words of a text: runs of letters and digits, in order, each once. */
export function tokenize(text: string): string[] {
  const words = foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)];
}

/**
 * Common Czech inflectional endings, folded, longest first. Dropping one turns a word into a
 * stem that is a prefix of its other forms (`zastupitelstvo` → `zastupitelstv`, which starts
 * "zastupitelstva", "zastupitelstvu"…).
 */
const ENDINGS = [
  "ovych",
  "ovymi",
  "ovi",
  "ove",
  "ami",
  "ach",
  "ich",
  "ych",
  "emi",
  "ech",
  "imi",
  "ymi",
  "um",
  "em",
  "om",
  "ou",
  // the mobile e: poplatek → poplat (poplatku, poplatky), konec → kon (konce)
  "ek",
  "ec",
  "a",
  "e",
  "i",
  "o",
  "u",
  "y",
];
/** Shorter words are kept whole: stripping "pes" or "dani" would match far too much. */
const MIN_STEMMED_LENGTH = 5;
const MIN_STEM = 4;

/** A folded word without its Czech ending, when the word is long enough to have one safely. */
export function stem(word: string): string {
  if (word.length < MIN_STEMMED_LENGTH || /^\p{N}+$/u.test(word)) return word;
  for (const ending of ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_STEM) {
      return word.slice(0, -ending.length);
    }
  }
  return word;
}

/**
 * What a query searches for: folded, stemmed word prefixes, each of which must start a word of
 * the text. Empty when the query has no letters or digits (then everything matches).
 */
export function searchTerms(query: string): string[] {
  const words = tokenize(query);
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  return [
    ...new Set((meaningful.length > 0 ? meaningful : words).slice(0, MAX_SEARCH_WORDS).map(stem)),
  ];
}

/**
 * Prepositions and conjunctions (folded) that a person types but a title rarely repeats:
 * "poplatek ze psa" must find "Poplatek za psa" and "Přihlášení psa k poplatku". Dropped from a
 * query unless it has nothing else.
 */
const STOP_WORDS = new Set([
  "a",
  "i",
  "k",
  "ke",
  "o",
  "s",
  "se",
  "u",
  "v",
  "ve",
  "z",
  "ze",
  "na",
  "do",
  "od",
  "po",
  "pro",
  "pri",
  "za",
  "nebo",
  "ani",
  "the",
  "of",
  "and",
]);

/**
 * Whether a text (or several fields of one item) matches a query: every term starts some word
 * of the folded text, in any field and any order.
 */
export function matchesSearch(
  text: string | readonly (string | null | undefined)[],
  query: string | readonly string[],
): boolean {
  const terms = typeof query === "string" ? searchTerms(query) : query;
  if (terms.length === 0) return true;
  const words = tokenize(typeof text === "string" ? text : text.filter(Boolean).join(" "));
  return terms.every((term) => words.some((word) => word.startsWith(term)));
}

const czech = new Intl.Collator("cs", { sensitivity: "variant", numeric: true });

/** Czech order for sorted lists: `["Zastupitelstvo", "Územní plánování"].sort(compareCs)`. */
export function compareCs(a: string, b: string): number {
  return czech.compare(a, b);
}

/** A copy of `items` in Czech order of `key(item)`. */
export function sortCs<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => czech.compare(key(a), key(b)));
}
