import { assertEquals, assertStringIncludes, assertThrows } from "../../tests/assert.ts";
import { normalizeAccount } from "../bank_account.ts";
import { parseCamt053 } from "./camt053.ts";
import { type CamtLineInput, type CamtStatementInput, writeCamt053 } from "./camt_writer.ts";
import type { ParsedLine } from "./types.ts";

const FIXTURE = new URL("../../tests/fixtures/statements/vypis_2026-04-01.xml", import.meta.url);

const LINES: CamtLineInput[] = [
  {
    bankRef: "2026050400001",
    bookingDate: "2026-05-04",
    amountHalere: 60_000,
    counterAccount: "CZ7501000000002301945007",
    counterName: "Horák Tomáš",
    variableSymbol: "2026000126",
    constantSymbol: "558",
    message: "Poplatek ze psa 2026 Rex",
  },
  {
    bankRef: "2026050400002",
    bookingDate: "2026-05-04",
    amountHalere: -1_210_000,
    counterAccount: "CZ4403000000002200117018",
    counterName: "Žluťoučká <s.r.o.> & spol.",
    variableSymbol: "2026042",
    specificSymbol: "27183",
    message: "Faktura 2026042 – oprava chodníku",
  },
  // A batch: two transactions, one entry.
  {
    bankRef: "T-1",
    batch: "2026050400003",
    bookingDate: "2026-05-04",
    amountHalere: 30_000,
    counterName: "Procházková Marie",
    variableSymbol: "2026000127",
  },
  {
    bankRef: "T-2",
    batch: "2026050400003",
    bookingDate: "2026-05-04",
    amountHalere: 15_000,
    counterName: "Černý Lukáš",
    variableSymbol: "2026000130",
    message: `${"Dlouhá zpráva pro příjemce ".repeat(7)}konec`,
  },
  { bankRef: "2026050400004", bookingDate: "2026-05-04", amountHalere: -15_000 },
];

const STATEMENT: CamtStatementInput = {
  account: "19-2847563000/0800",
  statementNumber: "84",
  statementDate: "2026-05-04",
  openingBalanceHalere: 8_835_000,
  closingBalanceHalere: null,
  lines: LINES,
};

Deno.test("[statements/camt_writer] written lines parse back to the same lines", () => {
  const [parsed] = parseCamt053(writeCamt053([STATEMENT]));
  const expected: ParsedLine[] = LINES.map((l, i) => ({
    lineNo: [1, 2, 3, 3, 4][i],
    bankRef: l.bankRef,
    bookingDate: l.bookingDate,
    amountHalere: l.amountHalere,
    counterAccount: l.counterAccount ?? null,
    counterName: l.counterName ?? null,
    variableSymbol: l.variableSymbol ?? null,
    constantSymbol: l.constantSymbol ?? null,
    specificSymbol: l.specificSymbol ?? null,
    message: l.message ?? null,
  }));
  assertEquals(parsed.lines, expected);
  assertEquals(parsed.account, "CZ6008000000192847563000");
  assertEquals(parsed.identity, "camt053:CZ6008000000192847563000:84:2026-05-04");
  assertEquals(
    [parsed.openingBalanceHalere, parsed.closingBalanceHalere],
    [8_835_000, 8_835_000 + 60_000 - 1_210_000 + 45_000 - 15_000],
  );
});

Deno.test("[statements/camt_writer] the town's fixture written back reads the same", () => {
  const original = parseCamt053(Deno.readTextFileSync(FIXTURE));
  const again = parseCamt053(writeCamt053(original));
  // Each line is its own entry now (no batch keys), and accounts are written as IBANs.
  const comparable = (lines: ParsedLine[]) =>
    lines.map(({ lineNo: _, counterAccount, ...rest }) => ({
      ...rest,
      counterAccount: counterAccount === null ? null : normalizeAccount(counterAccount),
    }));
  assertEquals(again.length, 2);
  for (let i = 0; i < 2; i++) {
    assertEquals(comparable(again[i].lines), comparable(original[i].lines));
    assertEquals(again[i].identity, original[i].identity);
  }
});

Deno.test("[statements/camt_writer] a batch mixing credits and debits is refused", () => {
  assertThrows(
    () =>
      writeCamt053([{
        ...STATEMENT,
        lines: [
          { bankRef: "a", batch: "B", bookingDate: "2026-05-04", amountHalere: 100 },
          { bankRef: "b", batch: "B", bookingDate: "2026-05-04", amountHalere: -50 },
        ],
      }]),
    RangeError,
    "mixes credits and debits",
  );
});

Deno.test("[statements/camt_writer] 100 000 lines are written whole (the size the benchmark uses)", () => {
  const lines: CamtLineInput[] = Array.from({ length: 100_000 }, (_, i) => ({
    bankRef: `R${i}`,
    bookingDate: "2026-04-30",
    amountHalere: 60_000 + i,
    counterAccount: "CZ7501000000002301945007",
    counterName: "Procházková Marie",
    variableSymbol: String(2026_000_000 + i),
    constantSymbol: "558",
    message: "Poplatek ze psa 2026 – Bára & Max",
  }));
  const input = [{ ...STATEMENT, lines }];
  const xml = writeCamt053(input);
  assertStringIncludes(xml, "<EndToEndId>VS2026099999/KS558</EndToEndId>");
});
