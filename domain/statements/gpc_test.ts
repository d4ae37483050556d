import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { parseGpc } from "./gpc.ts";
import { type ParsedLine, StatementParseError } from "./types.ts";

const FIXTURES = new URL("../../tests/fixtures/statements/", import.meta.url);
const fixture = (name: string) => Deno.readFileSync(new URL(name, FIXTURES));

const line = (l: Partial<ParsedLine> & Pick<ParsedLine, "lineNo" | "bankRef">): ParsedLine => ({
  bookingDate: "2026-03-31",
  amountHalere: 0,
  counterAccount: null,
  counterName: null,
  variableSymbol: null,
  constantSymbol: null,
  specificSymbol: null,
  message: null,
  ...l,
});

/** The town's fee account (19-2847563000/0800) and main account (27-1938475001/0800). */
const EXPECTED = [
  {
    format: "gpc" as const,
    account: "CZ6008000000192847563000",
    statementNumber: "45",
    statementDate: "2026-03-31",
    openingBalanceHalere: 8_415_000,
    closingBalanceHalere: 8_595_000,
    identity: "gpc:CZ6008000000192847563000:45:2026-03-31",
    lines: [
      line({
        lineNo: 2,
        bankRef: "1040012345601",
        amountHalere: 60_000,
        counterAccount: "2301945007/0100",
        counterName: "Horák Tomáš",
        variableSymbol: "2026000123",
        constantSymbol: "558",
        message: "Poplatek ze psa 2026 Rex",
      }),
      line({
        lineNo: 4,
        bankRef: "1040012345602",
        amountHalere: 120_000,
        counterAccount: "4455667002/2010",
        counterName: "Procházková Marie",
        variableSymbol: "2026000124",
        constantSymbol: "558",
        // 078 and 079 joined where the bank wrapped the word ("n" | "ad Hájem").
        message:
          "Poplatek ze psů za rok 2026 – Bára a Max, Procházková Marie, Lipnice nad Hájem čp. 12",
      }),
      line({
        lineNo: 7,
        bankRef: "1040012345603",
        amountHalere: 45_000,
        counterAccount: "2200117018/0300",
        counterName: "Žluťoučká s.r.o.",
        variableSymbol: "2026000125",
        constantSymbol: "558",
        specificSymbol: "27183",
      }),
      line({
        lineNo: 8,
        bankRef: "1040012345604",
        amountHalere: -30_000, // code 5: storno of a credit
        counterAccount: "7788990004/5500",
        counterName: "Dvořák Jan",
        variableSymbol: "2026000099",
        message: "STORNO – vrácení chybné platby",
      }),
      line({
        lineNo: 10,
        bankRef: "1040012345605",
        amountHalere: -15_000,
        counterName: "POPLATEK ZA VEDENÍ",
        message: "Poplatky za správu účtu 03/2026", // from the 076 record
      }),
    ],
  },
  {
    format: "gpc" as const,
    account: "CZ6108000000271938475001",
    statementNumber: "62",
    statementDate: "2026-03-31",
    openingBalanceHalere: 152_345_678,
    closingBalanceHalere: 153_636_912,
    identity: "gpc:CZ6108000000271938475001:62:2026-03-31",
    lines: [
      line({
        lineNo: 13,
        bankRef: "1040012345701",
        amountHalere: 2_500_000,
        counterAccount: "4455667002/0100",
        counterName: "Kraj Vysočina",
        variableSymbol: "5330",
        message: "Dotace na opravu hasičské zbrojnice",
      }),
      line({
        lineNo: 15,
        bankRef: "1040012345702",
        amountHalere: -1_210_000,
        counterAccount: "2200117018/0300",
        counterName: "Žluťoučká s.r.o.",
        variableSymbol: "2026041",
        constantSymbol: "308",
        message: "Faktura 2026041 oprava chodníku",
      }),
      line({
        lineNo: 17,
        bankRef: "1040012345703",
        amountHalere: -345_050,
        counterAccount: "1029384006/0300",
        counterName: "ČEZ Prodej, a.s.",
        variableSymbol: "8801234567",
      }),
      line({
        lineNo: 18,
        bankRef: "1040012345704",
        amountHalere: 345_050, // code 4: storno of a debit
        counterAccount: "1029384006/0300",
        counterName: "ČEZ Prodej, a.s.",
        variableSymbol: "8801234567",
        message: "Storno duplicitní platby",
      }),
      line({ lineNo: 20, bankRef: "1040012345705", amountHalere: 1_234, counterName: "ÚROK" }),
    ],
  },
];

Deno.test("[statements/gpc] a town's windows-1250 file with two accounts parses to exact lines", () => {
  assertEquals(parseGpc(fixture("vypis_2026-03-31.gpc"), { bankCode: "0800" }), EXPECTED);
});

Deno.test("[statements/gpc] without the bank code the account stays in the Czech form", () => {
  const [fees, main] = parseGpc(fixture("vypis_2026-03-31.gpc"));
  assertEquals(fees.account, "19-2847563000");
  assertEquals(fees.identity, "gpc:19-2847563000:45:2026-03-31");
  assertEquals(main.account, "27-1938475001");
});

Deno.test("[statements/gpc] LF line endings read the same as CRLF", () => {
  const crlf = fixture("vypis_2026-03-31.gpc");
  const lf = crlf.filter((b) => b !== 0x0d);
  assertEquals(parseGpc(lf, { bankCode: "0800" }), EXPECTED);
});

Deno.test("[statements/gpc] a malformed fixture is refused at its line, with nothing returned", () => {
  const cases: [string, number, string][] = [
    ["gpc_short_record.gpc", 7, "Řádek 7: záznam 075 má 127 znaků"],
    ["gpc_bad_amount.gpc", 4, "Řádek 4: částka (pozice 49–60) obsahuje „000000120O00“"],
    ["gpc_item_before_header.gpc", 1, "Řádek 1: položka výpisu (075) před hlavičkou 074."],
    // The last item is missing: the main account's items no longer make its balances.
    ["gpc_truncated.gpc", 12, "Řádek 12: položky výpisu č. 62 dávají dohromady 12 900,00 Kč"],
  ];
  for (const [name, lineNo, message] of cases) {
    const error = assertThrows(() => parseGpc(fixture(name)), StatementParseError, message);
    assertEquals((error as StatementParseError).line, lineNo, name);
  }
});

// Records built field by field for the cases the fixtures do not cover.
const ACCOUNT = "0000192847563000";
const header = (opening: number, closing: number, trailing = " ".repeat(14)) =>
  `074${ACCOUNT}${"OBEC LIPNICE".padEnd(20)}300326${String(opening).padStart(14, "0")}+${
    String(closing).padStart(14, "0")
  }+${"0".repeat(14)}0${"0".repeat(14)}0001310326${trailing}`;
const item = (o: {
  account?: string;
  counter?: string;
  id?: string;
  amount?: number;
  code?: string;
  ks?: string;
  valuta?: string;
  posted?: string;
  name?: string;
}) =>
  `075${o.account ?? ACCOUNT}${o.counter ?? "0".repeat(16)}${(o.id ?? "").padStart(13, "0")}${
    String(o.amount ?? 100).padStart(12, "0")
  }${o.code ?? "2"}${"0".repeat(10)}${o.ks ?? "0".repeat(10)}${"0".repeat(10)}${
    o.valuta ?? "310326"
  }${(o.name ?? "").padEnd(20)}00203${o.posted ?? "310326"}`;
/** ASCII records: UTF-8 and windows-1250 agree on them. */
const file = (...records: string[]) => new TextEncoder().encode(records.join("\r\n") + "\r\n");

Deno.test("[statements/gpc] records built field by field have the layout the parser expects", () => {
  assertEquals(header(0, 0).length, 128);
  assertEquals(item({}).length, 128);
});

Deno.test("[statements/gpc] an unknown record type or accounting code is refused", () => {
  assertThrows(
    () => parseGpc(file(header(0, 100), item({}), "077" + " ".repeat(125))),
    StatementParseError,
    "Řádek 3: neznámý typ záznamu „077“",
  );
  assertThrows(
    () => parseGpc(file(header(0, 100), item({ code: "3" }))),
    StatementParseError,
    "Řádek 2: kód účtování (pozice 61) je „3“, čekáno 1, 2, 4 nebo 5.",
  );
  assertThrows(
    () => parseGpc(file(header(0, 0), ("078" + "zpráva").padEnd(128))),
    StatementParseError,
    "Řádek 2: doplňující záznam 078 nenásleduje po položce výpisu 075.",
  );
});

Deno.test("[statements/gpc] an impossible date and an item of another account are refused", () => {
  assertThrows(
    () => parseGpc(file(header(0, 100), item({ posted: "310226" }))),
    StatementParseError,
    "Řádek 2: datum zaúčtování „310226“ není platné datum DDMMRR.",
  );
  assertThrows(
    () => parseGpc(file(header(0, 100), item({ account: "0000271938475001" }))),
    StatementParseError,
    "Řádek 2: položka patří k účtu 27-1938475001, hlavička výpisu (řádek 1) k účtu 19-2847563000.",
  );
  assertThrows(() => parseGpc(new Uint8Array()), StatementParseError, "neobsahuje žádný výpis");
  assertThrows(
    () => parseGpc(file(header(0, 0)), { bankCode: "800" }),
    StatementParseError,
    "Kód banky „800“ nemá čtyři číslice.",
  );
});

Deno.test("[statements/gpc] a header with its trailing spaces trimmed still reads", () => {
  const [statement] = parseGpc(file(header(500, 600, ""), item({ name: "Novak" })));
  assertEquals(statement.openingBalanceHalere, 500);
  assertEquals(statement.lines[0].counterName, "Novak");
});

Deno.test("[statements/gpc] the booking date is the posting date, else the valuta date", () => {
  const [statement] = parseGpc(
    file(
      header(0, 300),
      item({ id: "1", valuta: "300326", posted: "310326" }),
      item({ id: "2", valuta: "300326", posted: "000000" }),
      item({ id: "3", valuta: "000000", posted: "000000" }),
    ),
  );
  assertEquals(statement.lines.map((l) => l.bookingDate), [
    "2026-03-31",
    "2026-03-30",
    "2026-03-31", // the statement's date
  ]);
});

Deno.test("[statements/gpc] a KS field without a bank code gives the symbol and no bank", () => {
  const [statement] = parseGpc(
    file(header(0, 100), item({ counter: "0000002301945007", ks: "0000000308" })),
  );
  assertEquals(statement.lines[0].constantSymbol, "308");
  assertEquals(statement.lines[0].counterAccount, "2301945007");
});

Deno.test("[statements/gpc] lines without a transaction id get distinct, stable references", () => {
  const bytes = file(header(0, 300), item({}), item({}), item({ amount: 100, name: "Jiny" }));
  const refs = parseGpc(bytes)[0].lines.map((l) => l.bankRef);
  assertEquals(new Set(refs).size, 3);
  assert(refs[1] === `${refs[0]}-2`, refs.join());
  assertEquals(parseGpc(bytes)[0].lines.map((l) => l.bankRef), refs);
});

Deno.test("[statements/gpc] a file with a UTF-8 byte order mark is read as UTF-8", () => {
  const text = [header(0, 100), item({ name: "Žluťoučká s.r.o." })].join("\r\n");
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
  assertEquals(parseGpc(bytes)[0].lines[0].counterName, "Žluťoučká s.r.o.");
});
