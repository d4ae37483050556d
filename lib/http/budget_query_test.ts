import { assertEquals } from "../../tests/assert.ts";
import {
  drillQuery,
  effectiveDimension,
  explorerHref,
  type ExplorerQuery,
  invoicesHref,
  parseExplorerQuery,
} from "./budget_query.ts";

const parse = (search: string): ExplorerQuery => {
  const parsed = parseExplorerQuery(new URL(`http://obec.test/rozpocet${search}`));
  if (!parsed.ok) throw new Error(parsed.problems.join(", "));
  return parsed.query;
};

Deno.test("[budget] an explorer URL parses and is written back the same", () => {
  for (
    const url of [
      "/rozpocet?rok=2026&strana=vydaje&paragraf=36&polozka=5",
      "/rozpocet?rok=2025&strana=prijmy&podle=polozka&polozka=11",
      "/rozpocet?strana=vydaje&podle=orj",
      "/rozpocet?rok=2024&strana=vydaje&orj=0300&org=101&ico=70000001",
    ]
  ) {
    assertEquals(explorerHref(parse(url.slice("/rozpocet".length))), url);
  }
  // Defaults: the newest year, expenditure, by paragraf; a položka names its side.
  assertEquals(parse(""), { year: null, side: "vydaje", by: "paragraf", format: "html" });
  assertEquals(parse("?polozka=8115").side, "financovani");
});

Deno.test("[budget] what was typed by hand is a problem with a Czech message key", () => {
  const problems = (search: string) => {
    const parsed = parseExplorerQuery(new URL(`http://obec.test/rozpocet${search}`));
    return parsed.ok ? [] : parsed.problems;
  };
  assertEquals(problems("?rok=26"), ["budget.errors.year"]);
  assertEquals(problems("?strana=vse&podle=x"), ["budget.errors.side", "budget.errors.dimension"]);
  assertEquals(problems("?paragraf=3a"), ["budget.errors.paragraf"]);
  assertEquals(problems("?strana=prijmy&polozka=5169"), ["budget.errors.sideMismatch"]);
  assertEquals(problems("?ico=1234567"), ["budget.errors.ico"]);
  assertEquals(problems("?format=html"), []);
  assertEquals(problems("?format=json"), ["budget.errors.format"]);
});

Deno.test("[budget] a row's link goes one level deeper, past a whole paragraf to its položky", () => {
  const top = parse("?rok=2026&strana=vydaje");
  const skupina = drillQuery(top, "paragraf", "3");
  assertEquals(explorerHref(skupina), "/rozpocet?rok=2026&strana=vydaje&paragraf=3");
  const paragraf = drillQuery(parse("?rok=2026&paragraf=361"), "paragraf", "3612");
  assertEquals(paragraf.by, "polozka");
  assertEquals(effectiveDimension(paragraf), "polozka");
  const line = drillQuery(paragraf, "polozka", "5169");
  assertEquals(effectiveDimension(line), null);
  assertEquals(invoicesHref(line, 2026), "/faktury?rok=2026&paragraf=3612&polozka=5169");
  assertEquals(invoicesHref(paragraf, 2026), null);
  // A typed podle=paragraf on a whole paragraf shows its položky.
  assertEquals(effectiveDimension(parse("?paragraf=3612")), "polozka");
  assertEquals(drillQuery(top, "orj", "0300").orj, "0300");
});
