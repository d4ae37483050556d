import { assert, assertEquals } from "../tests/assert.ts";
import {
  compareCs,
  foldText,
  matchesSearch,
  MAX_SEARCH_WORDS,
  searchTerms,
  sortCs,
  stem,
  tokenize,
} from "./search.ts";

Deno.test("[search] folding drops diacritics and case and collapses white space", () => {
  assertEquals(foldText("  Územní\tSTUDIE\n lokality  "), "uzemni studie lokality");
  assertEquals(
    foldText("Příliš žluťoučký kůň úpěl ďábelské ódy"),
    "prilis zlutoucky kun upel dabelske ody",
  );
  assertEquals(foldText("ŘÍJEN Ůvaly Ďáblice Ťuhýk Ňadro"), "rijen uvaly dablice tuhyk nadro");
  assertEquals(foldText("Łódź Ørsted"), "lodz orsted");
  // Decomposed input (NFD from a Mac keyboard) folds the same as composed.
  assertEquals(foldText("U\u030Azemni\u0301"), foldText("Ůzemní"));
});

Deno.test("[search] words are runs of letters and digits, each once", () => {
  assertEquals(tokenize("OÚ-LIP/1187/2026"), ["ou", "lip", "1187", "2026"]);
  assertEquals(tokenize("%_neexistuje_%"), ["neexistuje"]);
  assertEquals(tokenize("pes, pes a PES"), ["pes", "a"]);
  assertEquals(tokenize("  ,;  "), []);
});

Deno.test("[search] long Czech words lose their ending; short words and numbers stay whole", () => {
  assertEquals(stem("zastupitelstvo"), "zastupitelstv");
  assertEquals(stem("zastupitelstva"), "zastupitelstv");
  assertEquals(stem("studie"), "studi");
  assertEquals(stem("pes"), "pes");
  assertEquals(stem("obce"), "obce");
  assertEquals(stem("123456"), "123456");
  assertEquals(searchTerms("Územní   studie"), ["uzemn", "studi"]);
  assertEquals(searchTerms("b c d e f g h j l m n").length, MAX_SEARCH_WORDS);
  // The mobile e of "poplatek" goes, so it finds "poplatku" and "poplatky".
  assertEquals(stem("poplatek"), "poplat");
  // Prepositions are dropped, unless the query is nothing else.
  assertEquals(searchTerms("poplatek ze psa"), ["poplat", "psa"]);
  assertEquals(searchTerms("za"), ["za"]);
});

const cases: [text: string, query: string, expected: boolean][] = [
  ["Územní studie lokality Za Humny", "uzemni studie", true],
  ["Územní studie lokality Za Humny", "ÚZEMNÍ STUDIE", true],
  ["Územní studie lokality Za Humny", "studie územní", true],
  ["Územní studie lokality Za Humny", "uzem", true],
  ["Územní studie lokality Za Humny", "humna", true],
  ["Územní studie lokality Za Humny", "uzemni plan", false],
  ["Pozvánka na 9. zasedání zastupitelstva obce", "zastupitelstvo", true],
  ["Pozvánka na 9. zasedání zastupitelstva obce", "zasedani zastupitelstva", true],
  // A word must start with the term: "pes" is not found inside "opes".
  ["Poplatek ze psa", "psa", true],
  ["Přihlášení psa k místnímu poplatku", "poplatek ze psa", true],
  ["Přihlášení psa k místnímu poplatku", "prihlaseni psa", true],
  ["Sbírka konopes", "pes", false],
  ["Návrh rozpočtu, OÚ-LIP/1187/2026", "OÚ-LIP/1187", true],
  ["Uzavírka silnice III/13525", "III/13525", true],
  ["Uzavírka silnice III/13525", "%_neexistuje_%", false],
  ["cokoli", "  ", true],
];

for (const [text, query, expected] of cases) {
  Deno.test(`[search] "${query}" ${expected ? "finds" : "does not find"} "${text}"`, () => {
    assertEquals(matchesSearch(text, query), expected);
  });
}

Deno.test("[search] terms may match in different fields of one item", () => {
  assert(matchesSearch(["Poplatek ze psa", null, "Finanční odbor"], "psa financni"));
  assert(!matchesSearch(["Poplatek ze psa", undefined], "psa odpad"));
});

Deno.test("[search] Czech collation: Ú with U before Z, ch after h, numbers by value", () => {
  assert(compareCs("Územní plánování", "Zastupitelstvo") < 0);
  assertEquals(
    ["Zastupitelstvo", "Územní plánování", "Odpady", "Chodníky", "Hřbitov", "Člověk"].sort(
      compareCs,
    ),
    ["Člověk", "Hřbitov", "Chodníky", "Odpady", "Územní plánování", "Zastupitelstvo"],
  );
  assertEquals(
    sortCs([{ n: "Zasedání 10" }, { n: "Zasedání 9" }], (x) => x.n).map((x) => x.n),
    ["Zasedání 9", "Zasedání 10"],
  );
});
