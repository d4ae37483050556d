import { assert, assertEquals, assertMatch, assertThrows } from "../../tests/assert.ts";
import { parseAmountToHalere, parseCamt053 } from "./camt053.ts";
import { type ParsedLine, StatementParseError } from "./types.ts";

const FIXTURES = new URL("../../tests/fixtures/statements/", import.meta.url);
const fixture = (name: string) => Deno.readTextFileSync(new URL(name, FIXTURES));

const line = (l: Partial<ParsedLine> & Pick<ParsedLine, "lineNo" | "bankRef">): ParsedLine => ({
  bookingDate: "2026-04-01",
  amountHalere: 0,
  counterAccount: null,
  counterName: null,
  variableSymbol: null,
  constantSymbol: null,
  specificSymbol: null,
  message: null,
  ...l,
});

const FEES = {
  format: "camt053" as const,
  account: "CZ6008000000192847563000",
  statementNumber: "46",
  statementDate: "2026-04-01",
  openingBalanceHalere: 8_595_000,
  closingBalanceHalere: 8_835_000,
  identity: "camt053:CZ6008000000192847563000:46:2026-04-01",
  lines: [
    line({
      lineNo: 1,
      bankRef: "2026040100001",
      amountHalere: 60_000,
      counterAccount: "CZ7501000000002301945007",
      counterName: "Horák Tomáš",
      variableSymbol: "2026000126", // EndToEndId "/VS2026000126/SS/KS0558"
      constantSymbol: "558",
      message: "Poplatek ze psa 2026 Rex",
    }),
    line({
      lineNo: 2,
      bankRef: "2026040100002",
      amountHalere: 120_000,
      counterAccount: "4455667002/2010", // Othr/Id with the agent's clearing id
      counterName: "Procházková Marie",
      variableSymbol: "2026000127", // Strd/CdtrRefInf/Ref
      message: "Poplatek za psy Bára a Max",
    }),
    // One batch entry, a line per TxDtls.
    line({
      lineNo: 3,
      bankRef: "2026040100003/1",
      amountHalere: 60_000,
      counterName: "Novák Petr",
      variableSymbol: "2026000128",
      message: "/VS/2026000128",
    }),
    line({
      lineNo: 3,
      bankRef: "2026040100003/2",
      amountHalere: 30_000,
      counterName: "Svobodová Jana",
      variableSymbol: "2026000129", // EndToEndId of plain digits
    }),
    line({
      lineNo: 3,
      bankRef: "2026040100003/3",
      amountHalere: 15_000,
      counterName: "Černý Lukáš",
      variableSymbol: "2026000130",
      message: "VS: 2026000130 poplatek ze psa, 2 ks známek", // "ks" is not a KS
    }),
    line({
      lineNo: 4,
      bankRef: "FEE-20260401", // NtryRef
      amountHalere: -15_000,
      message: "Poplatek za vedení účtu", // AddtlNtryInf
    }),
    line({
      lineNo: 5,
      bankRef: "2026040100005",
      amountHalere: -30_000, // a reversal of a credit: DBIT, the payer is the counter-party
      counterAccount: "CZ7155000000007788990004",
      counterName: "Dvořák Jan",
      variableSymbol: "2026000099",
      message: "Storno příchozí platby",
    }),
    // Entry 6 is pending (Sts PDNG): not a line.
  ],
};

const MAIN = {
  format: "camt053" as const,
  account: "CZ6108000000271938475001",
  statementNumber: "63",
  statementDate: "2026-04-01",
  openingBalanceHalere: 153_636_912,
  closingBalanceHalere: 152_781_862,
  identity: "camt053:CZ6108000000271938475001:63:2026-04-01",
  lines: [
    line({
      lineNo: 1,
      bankRef: "2026040100011",
      amountHalere: -1_210_000,
      counterAccount: "CZ4403000000002200117018",
      counterName: "Žluťoučká s.r.o.",
      variableSymbol: "2026042",
      constantSymbol: "308",
      message: "Faktura 2026042 – oprava chodníku",
    }),
    line({
      lineNo: 2,
      bankRef: "2026040100012",
      amountHalere: 500_000,
      counterAccount: "CZ2901000000004455667002",
      counterName: "Kraj Vysočina",
      message: "Příspěvek na hospodaření v lesích 2026", // an RF reference is not a VS
    }),
    line({
      lineNo: 3,
      bankRef: "h99addceac5d3baac", // no AcctSvcrRef, no NtryRef: the hash of its fields
      amountHalere: 200_000,
      message: "Vklad hotovosti na pokladně",
    }),
    line({
      lineNo: 4,
      bankRef: "2026040100014",
      amountHalere: -345_050,
      counterAccount: "1029384006/0300",
      counterName: "ČEZ Prodej, a.s.",
      variableSymbol: "8801234567",
      message: "Elektřina OÚ 04/2026",
    }),
  ],
};

Deno.test("[statements/camt053] a town's two statements parse to exact lines", () => {
  assertEquals(parseCamt053(fixture("vypis_2026-04-01.xml")), [FEES, MAIN]);
});

Deno.test("[statements/camt053] namespace prefixes on every element change nothing", () => {
  const prefixed = fixture("vypis_2026-04-01.xml")
    .replace(/<(\/?)(?=[A-Za-z])/g, "<$1c:")
    .replace('xmlns="', 'xmlns:c="');
  assertMatch(prefixed, /<c:Document xmlns:c=/);
  assertEquals(parseCamt053(prefixed), [FEES, MAIN]);
});

Deno.test("[statements/camt053] broken XML and a statement without Acct are refused at their line", () => {
  const broken = assertThrows(
    () => parseCamt053(fixture("camt_broken.xml")),
    StatementParseError,
    "Řádek 161: chybné XML",
  );
  assertEquals((broken as StatementParseError).line, 161);
  const noAccount = assertThrows(
    () => parseCamt053(fixture("camt_without_acct.xml")),
    StatementParseError,
    "Řádek 317: výpisu č. 2 (Stmt) chybí Acct (účet výpisu).",
  );
  assertEquals((noAccount as StatementParseError).line, 317);
});

Deno.test("[statements/camt053] amounts become haléře digit by digit, never through floats", () => {
  const cases: [string, number | null][] = [
    ["0.29", 29], // 0.29 * 100 is 28.999999999999996 in floating point
    ["1500", 150_000],
    ["1500.5", 150_050],
    ["12.340", 1_234],
    ["12.345", null],
    ["-5.00", null],
    ["1e3", null],
    ["", null],
    ["99999999999.99", 9_999_999_999_999],
  ];
  for (const [text, halere] of cases) assertEquals(parseAmountToHalere(text), halere, text);
});

// Small documents for the cases the fixture does not cover.
const entry = (inner: string, amount = "100.00", ind = "CRDT") =>
  `<Ntry><Amt Ccy="CZK">${amount}</Amt><CdtDbtInd>${ind}</CdtDbtInd><Sts>BOOK</Sts>` +
  `<BookgDt><Dt>2026-04-01</Dt></BookgDt>${inner}</Ntry>`;
const balances = (opening: string, closing: string) =>
  [["OPBD", opening], ["CLBD", closing]].map(([type, amount]) =>
    `<Bal><Tp><CdOrPrtry><Cd>${type}</Cd></CdOrPrtry></Tp><Amt Ccy="CZK">${amount}</Amt>` +
    `<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-01</Dt></Dt></Bal>`
  ).join("");
const doc = (entries: string[], bal = "", acct = "<IBAN>CZ6008000000192847563000</IBAN>") =>
  `<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">` +
  `<BkToCstmrStmt>\n<Stmt><Id>S1</Id><CreDtTm>2026-04-01T18:00:00</CreDtTm>` +
  `<Acct><Id>${acct}</Id></Acct>${bal}\n${entries.join("\n")}\n</Stmt></BkToCstmrStmt></Document>`;
const tx = (refs: string, rest = "") =>
  `<NtryDtls><TxDtls><Refs>${refs}</Refs>${rest}</TxDtls></NtryDtls>`;

Deno.test("[statements/camt053] the common Czech writings of the symbols are all read", () => {
  const cases: [string, string, [string | null, string | null, string | null]][] = [
    ["<EndToEndId>VS123/SS456/KS0308</EndToEndId>", "", ["123", "308", "456"]],
    ["<EndToEndId>/VS/123/SS/456/KS/0308</EndToEndId>", "", ["123", "308", "456"]],
    ["<EndToEndId>VS:0000000123</EndToEndId>", "", ["123", null, null]],
    ["<EndToEndId>0000012345</EndToEndId>", "", ["12345", null, null]],
    ["<EndToEndId>0000000000</EndToEndId>", "", [null, null, null]],
    ["<EndToEndId>NOTPROVIDED</EndToEndId>", "<RmtInf><Ustrd>/VS/55/KS/0558</Ustrd></RmtInf>", [
      "55",
      "558",
      null,
    ]],
    // The structured reference wins over the EndToEndId.
    [
      "<EndToEndId>VS999</EndToEndId>",
      "<RmtInf><Strd><CdtrRefInf><Ref>VS77</Ref></CdtrRefInf></Strd></RmtInf>",
      ["77", null, null],
    ],
    // A long reference is not a symbol; a lower-case "vs" in a message neither.
    ["<EndToEndId>12345678901</EndToEndId>", "<RmtInf><Ustrd>vs 42, 3 ks</Ustrd></RmtInf>", [
      null,
      null,
      null,
    ]],
  ];
  for (const [refs, rest, expected] of cases) {
    const [statement] = parseCamt053(doc([entry(tx(refs, rest))]));
    const l = statement.lines[0];
    assertEquals([l.variableSymbol, l.constantSymbol, l.specificSymbol], expected, refs);
  }
});

Deno.test("[statements/camt053] a batch's own references are used when each has one", () => {
  const batch = entry(
    `<AcctSvcrRef>B-1</AcctSvcrRef><NtryDtls>` +
      ["T-1", "T-2"].map((ref) =>
        `<TxDtls><Refs><AcctSvcrRef>${ref}</AcctSvcrRef></Refs>` +
        `<Amt Ccy="CZK">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></TxDtls>`
      ).join("") + `</NtryDtls>`,
  );
  const [statement] = parseCamt053(doc([batch]));
  assertEquals(statement.lines.map((l) => [l.bankRef, l.amountHalere]), [["T-1", 5_000], [
    "T-2",
    5_000,
  ]]);
});

Deno.test("[statements/camt053] missing or wrong required elements are named", () => {
  const cases: [string, string][] = [
    [
      doc([entry("").replace("<CdtDbtInd>CRDT</CdtDbtInd>", "")]),
      "Řádek 4: položka 1 (Ntry): CdtDbtInd je „“",
    ],
    [doc([entry("", "100,00")]), "částka „100,00“ není kladné číslo"],
    [doc([entry("").replace('Ccy="CZK"', 'Ccy="EUR"')]), "je v měně EUR"],
    [doc([entry("").replace("<BookgDt><Dt>2026-04-01</Dt></BookgDt>", "")]), "BookgDt"],
    [doc([]).replace("<Id>S1</Id>", ""), "Řádek 3: výpisu č. 1 (Stmt) chybí Id."],
    [doc([]).replace(/<CreDtTm>[^<]*<\/CreDtTm>/, ""), "chybí CreDtTm"],
    [doc([], "", "<IBAN>CZ6608000000192000145399</IBAN>"), "IBAN účtu výpisu"],
    [doc([], "", ""), "chybí Acct/Id/IBAN nebo Acct/Id/Othr/Id"],
    [
      doc([entry(
        `<NtryDtls><TxDtls><Amt Ccy="CZK">60.00</Amt></TxDtls>` +
          `<TxDtls><Amt Ccy="CZK">30.00</Amt></TxDtls></NtryDtls>`,
      )]),
      "transakce dávky dávají dohromady 90,00 Kč, položka 100,00 Kč",
    ],
    [doc([entry("")], balances("10.00", "20.00")), "dávají dohromady 100,00 Kč, ale zůstatek"],
    ['<!DOCTYPE x [<!ENTITY a "b">]><Document/>', "nesmí obsahovat DOCTYPE"],
    ["<Document><BkToCstmrAcctRpt/></Document>", "průběžný výpis CAMT.052"],
    ["<Invoice/>", "nemá kořenový element Document"],
  ];
  for (const [xml, message] of cases) {
    assertThrows(() => parseCamt053(xml), StatementParseError, message);
  }
});

Deno.test("[statements/camt053] balances: OPBD/CLBD, and ITBD on the pages of a split statement", () => {
  const itbd = (type: string, amount: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${type}</Cd></CdOrPrtry></Tp><Amt Ccy="CZK">${amount}</Amt>` +
    `<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-01</Dt></Dt></Bal>`;
  const first = parseCamt053(doc([entry("")], itbd("OPBD", "10.00") + itbd("ITBD", "110.00")))[0];
  assertEquals([first.openingBalanceHalere, first.closingBalanceHalere], [1_000, 11_000]);
  const last = parseCamt053(doc([entry("")], itbd("ITBD", "110.00") + itbd("CLBD", "210.00")))[0];
  assertEquals([last.openingBalanceHalere, last.closingBalanceHalere], [11_000, 21_000]);
  const none = parseCamt053(doc([entry("")]))[0];
  assertEquals([none.openingBalanceHalere, none.closingBalanceHalere], [null, null]);
  assert(none.lines.length === 1);
});
