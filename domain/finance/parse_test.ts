/**
 * The public finance parsers on the fixture files of each format (tests/fixtures/finance):
 * totals equal the files' totals to the haléř (decimal commas, spaces as thousands separators,
 * leading and trailing minus signs), windows-1250 text is read, and a malformed line refuses the
 * file with its line number.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { parseFinanceFile } from "./parse.ts";
import { parseAmount, parseDate, problemText } from "./text.ts";
import { parseFiscalPeriod } from "./fin212m.ts";
import type { FinanceData } from "./types.ts";
import type { Parsed } from "./text.ts";

const LIPNICE = "00298760";
const dir = new URL("../../tests/fixtures/finance/", import.meta.url);
const file = (name: string) => Deno.readFileSync(new URL(name, dir));

function ok(result: Parsed<FinanceData>): FinanceData {
  if (!result.ok) throw new Error(result.problems.map(problemText).join("\n"));
  return result.value;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

Deno.test("amounts: decimal comma, thousands spaces, leading and trailing minus", () => {
  assertEquals(parseAmount("1 234,50"), 123_450);
  assertEquals(parseAmount("1\u00a0234,5"), 123_450);
  assertEquals(parseAmount("-250,50"), -25_050);
  assertEquals(parseAmount("1500,00-"), -150_000);
  assertEquals(parseAmount("1.234,56"), 123_456);
  assertEquals(parseAmount("350 000"), 35_000_000);
  assertEquals(parseAmount("12.5"), 1_250);
  assertEquals(parseAmount("0,00-"), 0);
  for (const bad of ["12,345", "1,2,3", "abc", "--1", "1 2x"]) assertEquals(parseAmount(bad), null);
  assertEquals(parseDate("30. 6. 2019"), "2019-06-30");
  assertEquals(parseDate("2019-04-02"), "2019-04-02");
  assertEquals(parseDate("31.2.2019"), null);
  assertEquals(parseFiscalPeriod("2026012"), { year: 2026, period: 12 });
  assertEquals(parseFiscalPeriod("012.2026"), { year: 2026, period: 12 });
  assertEquals(parseFiscalPeriod("201913"), null);
});

Deno.test("Cityvizor CSV (UTF-8 with BOM): budget lines, invoices, totals to the haléř", () => {
  const data = ok(parseFinanceFile("cityvizor", file("cityvizor_2019.csv"), { townIco: LIPNICE }));
  assertEquals(data.year, 2019);
  assertEquals([data.rowCount, data.skipped, data.entries.length, data.lines.length], [9, 1, 5, 5]);
  // 8 850 000,00 of budget + 123 456,78 + 12 100,00 + 1 999 999,99 − 1 500,00 − 250,50.
  assertEquals(data.totalHalere, 1_098_380_627);
  assertEquals(sum(data.lines.map((l) => l.amended)), 885_000_000);
  assertEquals(sum(data.lines.map((l) => l.actual)), 213_380_627);
  assertEquals(sum(data.entries.map((e) => e.amount)), 213_380_627);
  const roof = data.lines.find((l) => l.paragraf === "3612" && l.polozka === "5171")!;
  assertEquals([roof.approved, roof.amended, roof.actual], [120_000_000, 120_000_000, 12_195_678]);
  const first = data.entries[0];
  assertEquals(first, {
    year: 2019,
    kind: "KDF",
    document: "FP-2019-001",
    bookedOn: "2019-03-15",
    paragraf: "3612",
    polozka: "5171",
    orj: "10",
    org: null,
    amount: 12_345_678,
    supplierIco: "25596641",
    supplierName: "Stavby Hájek s.r.o.",
    description: "Oprava střechy; č.p. 12",
  });
  assertEquals(data.entries[1].supplierIco, "04567890");
  assertEquals(data.entries[4].kind, "KOF");
  assertEquals(data.entries[4].amount, -25_050);
  assertEquals(data.projects.map((p) => p.code), ["107"]);
  assertEquals(data.departments.map((d) => d.code).sort(), ["10", "20"]);
});

Deno.test("Cityvizor CSV in windows-1250, lower-case headers, approved and amended columns", () => {
  const data = ok(
    parseFinanceFile("cityvizor", file("cityvizor_2018_cp1250.csv"), { townIco: LIPNICE }),
  );
  assertEquals(data.year, 2018);
  assertEquals(sum(data.lines.map((l) => l.approved)), 12_000_000);
  assertEquals(sum(data.lines.map((l) => l.amended)), 13_500_000);
  assertEquals(data.totalHalere, 16_025_040);
  assertEquals(data.entries[0].supplierName, "Zahradnictví Šťastný");
  assertEquals(data.entries[0].supplierIco, "00261238");
  assertEquals(data.entries[0].document, "DF-18-77");
  assertEquals(data.entries[1].supplierName, "Žluťoučký kůň, fyzická osoba");
  assertEquals(data.entries[1].supplierIco, null);
  // A year asked for that the file's dates are not in: each such line is named.
  const other = parseFinanceFile("cityvizor", file("cityvizor_2018_cp1250.csv"), {
    townIco: LIPNICE,
    year: 2019,
  });
  assert(!other.ok);
  assertEquals(other.problems.map((p) => p.line), [4, 5]);
  assertEquals(problemText(other.problems[0]), "Řádek 4: datum 12.8.2018 není v roce 2019.");
});

Deno.test("Cityvizor CSV: a malformed amount refuses the file with its line number", () => {
  const result = parseFinanceFile("cityvizor", file("cityvizor_malformed.csv"), {
    townIco: LIPNICE,
  });
  assert(!result.ok);
  assertEquals(result.problems, [{
    line: 4,
    message: "částka „12,345“ (CASTKA) není číslo.",
  }]);
  const noColumns = parseFinanceFile("cityvizor", new TextEncoder().encode("A;B\n1;2\n"), {
    townIco: LIPNICE,
  });
  assert(!noColumns.ok);
  assertEquals(
    problemText(noColumns.problems[0]),
    "Řádek 1: v záhlaví chybí sloupce: MODUL / DOKLAD_AGENDA, PARAGRAF, POLOZKA, CASTKA.",
  );
});

Deno.test("Cityvizor events file: project ids and names", () => {
  const data = ok(
    parseFinanceFile("cityvizor_events", file("cityvizor_events.csv"), { townIco: LIPNICE }),
  );
  assertEquals(data.projects, [
    { code: "107", name: "Chodník v Lipové ulici" },
    { code: "108", name: "Rekonstrukce hasičské zbrojnice" },
  ]);
});

Deno.test("FIN 2-12 M: trailing minus signs, totals to the haléř, one period, the town's IČO", () => {
  const data = ok(parseFinanceFile("fin212m", file("fin212m_2019_12.csv"), { townIco: LIPNICE }));
  assertEquals([data.year, data.rowCount, data.lines.length], [2019, 7, 7]);
  assertEquals(data.totalHalere, 492_343_160);
  assertEquals(sum(data.lines.map((l) => l.actual)), 492_343_160);
  assertEquals(sum(data.lines.map((l) => l.approved)), 478_500_000);
  const financing = data.lines.find((l) => l.polozka === "8115")!;
  assertEquals([financing.amended, financing.actual], [-25_000_000, -12_000_050]);

  const bad = parseFinanceFile("fin212m", file("fin212m_malformed.csv"), { townIco: LIPNICE });
  assert(!bad.ok);
  assertEquals(bad.problems.map((p) => p.line), [5]);
  const foreign = parseFinanceFile("fin212m", file("fin212m_other_town.csv"), {
    townIco: LIPNICE,
  });
  assert(!foreign.ok);
  assertEquals(foreign.problems, [{
    line: 9,
    message: "IČO „00451231“ není IČO obce (00298760).",
  }]);
  const wrongYear = parseFinanceFile("fin212m", file("fin212m_2019_12.csv"), {
    townIco: LIPNICE,
    year: 2020,
  });
  assert(!wrongYear.ok);
});

Deno.test("contracts: the town's records of an ISRS dump, the counterparty the other side", () => {
  const data = ok(parseFinanceFile("contracts", file("contracts_dump.xml"), { townIco: LIPNICE }));
  assertEquals([data.rowCount, data.skipped], [2, 2]);
  assertEquals(data.totalHalere, 492_500_050);
  assertEquals(data.contracts[0], {
    registerId: "10200001",
    subject: "Smlouva o dílo – chodník v Lipové ulici",
    concludedOn: "2019-03-15",
    number: "SOD-2019/07",
    valueWithoutVat: 396_694_215,
    valueWithVat: 480_000_000,
    counterpartyIco: "25596641",
    counterpartyName: "Stavby Hájek s.r.o.",
    url: "https://smlouvy.gov.cz/smlouva/10200001",
    attachments: [{
      name: "smlouva_o_dilo.pdf",
      url: "https://smlouvy.gov.cz/smlouva/soubor/1/smlouva_o_dilo.pdf",
    }],
  });
  assertEquals(
    [data.contracts[1].counterpartyIco, data.contracts[1].counterpartyName],
    ["70971641", "Krajská správa silnic"],
  );
  assertEquals(data.contracts[1].valueWithoutVat, 12_500_050);

  const bad = parseFinanceFile("contracts", file("contracts_malformed.xml"), { townIco: LIPNICE });
  assert(!bad.ok);
  assertEquals(bad.problems, [{ line: 39, message: "datum uzavření „2.5.2019“ není platné." }]);
  const notXml = parseFinanceFile("contracts", new TextEncoder().encode("<dump><zaznam>"), {
    townIco: LIPNICE,
  });
  assert(!notXml.ok);
});

Deno.test("orders CSV: totals, an order without a price, an invalid date refused at its line", () => {
  const data = ok(parseFinanceFile("orders", file("orders_2019.csv"), { townIco: LIPNICE }));
  assertEquals(data.rowCount, 3);
  assertEquals(data.totalHalere, 6_074_560);
  assertEquals(data.orders[2], {
    number: "OBJ-2019-003",
    orderedOn: "2019-04-01",
    subject: "Ořez lip na návsi",
    amount: null,
    supplierIco: null,
    supplierName: "Jan Zahradník",
  });
  const bad = parseFinanceFile("orders", file("orders_malformed.csv"), { townIco: LIPNICE });
  assert(!bad.ok);
  assertEquals(bad.problems, [{
    line: 5,
    message: "datum „31.2.2019“ není platné (d.m.rrrr nebo rrrr-mm-dd).",
  }]);
});
