import { assertEquals, assertThrows } from "../../tests/assert.ts";
import { parseGpc } from "./gpc.ts";
import { encodeWindows1250, type GpcLineInput, writeGpc } from "./gpc_writer.ts";

const FIXTURE = new URL("../../tests/fixtures/statements/vypis_2026-03-31.gpc", import.meta.url);

Deno.test("[statements/gpc_writer] the windows-1250 table is the decoder's, inverted", () => {
  // The fixture was encoded by another implementation (Python's cp1250 codec).
  const bytes = Deno.readFileSync(FIXTURE);
  assertEquals(encodeWindows1250(new TextDecoder("windows-1250").decode(bytes)), bytes);
  assertEquals(
    [...encodeWindows1250("Žluťoučká €")],
    [0x8e, 0x6c, 0x75, 0x9d, 0x6f, 0x75, 0xe8, 0x6b, 0xe1, 0x20, 0x80],
  );
  // What the code page lacks becomes "?", one per UTF-16 unit, so fixed widths hold.
  assertEquals(new TextDecoder("windows-1250").decode(encodeWindows1250("Ørsted 😀")), "?rsted ??");
});

Deno.test("[statements/gpc_writer] the town's statements written back parse to the same", () => {
  const parsed = parseGpc(Deno.readFileSync(FIXTURE), { bankCode: "0800" });
  assertEquals(parseGpc(writeGpc(parsed), { bankCode: "0800" }), parsed);
  assertEquals(parseGpc(writeGpc(parsed, { newline: "\n" }), { bankCode: "0800" }), parsed);
});

Deno.test("[statements/gpc_writer] a storno is written with code 4 or 5 and its turnover", () => {
  const bytes = writeGpc([{
    account: "CZ6008000000192847563000",
    statementNumber: "1",
    statementDate: "2026-01-02",
    openingBalanceHalere: 1_000,
    closingBalanceHalere: null,
    lines: [
      { bankRef: "1", bookingDate: "2026-01-02", amountHalere: 500 },
      { bankRef: "2", bookingDate: "2026-01-02", amountHalere: -200, storno: true },
      { bankRef: "3", bookingDate: "2026-01-02", amountHalere: 300, storno: true },
      { bankRef: "4", bookingDate: "2026-01-02", amountHalere: -100 },
    ],
  }]);
  const records = new TextDecoder("windows-1250").decode(bytes).split("\r\n");
  assertEquals(records.slice(1, 5).map((r) => r[60]), ["2", "5", "4", "1"]);
  const header = records[0];
  assertEquals(header.slice(45, 60), "00000000001000+"); // old balance
  assertEquals(header.slice(60, 75), "00000000001500+"); // new balance: 1000 + 500
  assertEquals(header.slice(75, 90), "00000000000200-"); // debits 100 − storno 300
  assertEquals(header.slice(90, 105), "000000000003000"); // credits 500 − storno 200
  const [statement] = parseGpc(bytes);
  assertEquals(statement.lines.map((l) => l.amountHalere), [500, -200, 300, -100]);
});

Deno.test("[statements/gpc_writer] what GPC cannot carry is refused, not written wrong", () => {
  const statement = (line: Partial<GpcLineInput>) => [{
    account: "19-2847563000/0800",
    statementNumber: "1",
    statementDate: "2026-01-02",
    openingBalanceHalere: 0,
    closingBalanceHalere: null,
    lines: [{ bankRef: "1", bookingDate: "2026-01-02", amountHalere: 100, ...line }],
  }];
  assertThrows(
    () => writeGpc(statement({ counterAccount: "SK3112000000198742637541" })),
    RangeError,
    "is not a Czech IBAN",
  );
  assertThrows(
    () => writeGpc(statement({ constantSymbol: "12345" })),
    RangeError,
    "is not up to 4 digits",
  );
  assertThrows(() => writeGpc(statement({ bankRef: "X".repeat(14) })), RangeError, "13 ASCII");
  assertThrows(() => writeGpc(statement({ amountHalere: 0.5 })), RangeError, "whole haléře");
  assertThrows(() => writeGpc(statement({ message: "x".repeat(141) })), RangeError, "140");
});

Deno.test("[statements/gpc_writer] 100 000 lines are written whole (the size the benchmark uses)", () => {
  const lines: GpcLineInput[] = Array.from({ length: 100_000 }, (_, i) => ({
    bankRef: String(1_000_000 + i),
    bookingDate: "2026-04-30",
    amountHalere: i % 10 === 0 ? -(i + 1) : 60_000 + i,
    counterAccount: "2301945007/0100",
    counterName: "Procházková Marie",
    variableSymbol: String(2026_000_000 + i),
    constantSymbol: "558",
    message: i % 2 === 0 ? "Poplatek ze psa 2026 – Bára a Max, Lipnice nad Hájem čp. 12" : null,
  }));
  const input = [{
    account: "19-2847563000/0800",
    statementNumber: "120",
    statementDate: "2026-04-30",
    openingBalanceHalere: 0,
    closingBalanceHalere: null,
    lines,
  }];
  const bytes = writeGpc(input);
  const [statement] = parseGpc(bytes);
  assertEquals(statement.lines.length, 100_000);
  assertEquals(statement.lines[99_999].variableSymbol, "2026099999");
});
