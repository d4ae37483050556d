import { assert, assertEquals, assertThrows } from "../tests/assert.ts";
import {
  buildSpayd,
  crc32Hex,
  isValidIban,
  parseSpayd,
  SpaydError,
  type SpaydErrorCode,
  type SpaydPayment,
} from "./spayd.ts";

/** The account of the spec's own example (Wikipedia / qr-platba.cz). */
const IBAN = "CZ5855000000001265098001";
const base: SpaydPayment = { iban: IBAN, amountHalere: 48050 };

function throwsCode(payment: SpaydPayment, code: SpaydErrorCode): SpaydError {
  const error = assertThrows(() => buildSpayd(payment), SpaydError) as SpaydError;
  assertEquals(error.code, code);
  return error;
}

/** Czech letters with a wedge or ring: none of them is in ISO-8859-1. */
const CZECH = "ěščřžýáíéůúťďň";

Deno.test("[spayd] a předpis becomes the keys in their fixed order", () => {
  const s = buildSpayd({
    ...base,
    dueDate: "2026-12-31",
    message: "Poplatek za psa 2026",
    variableSymbol: "1234567890",
    specificSymbol: "2026",
    constantSymbol: "1148",
    recipientName: "Obec Horni Lhota",
  });
  assertEquals(
    s,
    "SPD*1.0*ACC:CZ5855000000001265098001*AM:480.50*CC:CZK*DT:20261231*MSG:Poplatek za psa 2026" +
      "*RN:Obec Horni Lhota*X-KS:1148*X-SS:2026*X-VS:1234567890",
  );
});

Deno.test("[spayd] only the account, amount and currency are always there", () => {
  assertEquals(buildSpayd(base), `SPD*1.0*ACC:${IBAN}*AM:480.50*CC:CZK`);
  assertEquals(
    buildSpayd({ ...base, message: "  \n ", variableSymbol: "", dueDate: "", recipientName: "" }),
    `SPD*1.0*ACC:${IBAN}*AM:480.50*CC:CZK`,
  );
});

Deno.test("[spayd] the amount is written from haléře with two decimals", () => {
  const am = (amountHalere: number) => parseSpayd(buildSpayd({ ...base, amountHalere })).AM;
  assertEquals(am(50), "0.50");
  assertEquals(am(1), "0.01");
  assertEquals(am(100), "1.00");
  assertEquals(am(123456789), "1234567.89");
  assertEquals(am(999_999_999), "9999999.99");
});

Deno.test("[spayd] an amount of zero, below zero, over 9 999 999,99 Kč or in fractions of a haléř is refused", () => {
  for (const amountHalere of [0, -100, 1_000_000_000, 48050.5, Number.NaN]) {
    const error = throwsCode({ ...base, amountHalere }, "amount");
    assert(/Částka/.test(error.message), error.message);
  }
});

Deno.test("[spayd] Czech diacritics are kept, percent-encoded as UTF-8", () => {
  const message = "Poplatek za psa – Žluťoučký kůň";
  const s = buildSpayd({ ...base, message });
  assertEquals(
    parseSpayd(s).MSG,
    message,
  );
  assert(
    s.includes("MSG:Poplatek za psa %E2%80%93 %C5%BDlu%C5%A5ou%C4%8Dk%C3%BD k%C5%AF%C5%88"),
    s,
  );
  assert(/^[\x20-\x7E]*$/.test(s), "the string is printable ASCII only");
});

Deno.test("[spayd] a star inside the message is %2A, so it cannot end the value", () => {
  const s = buildSpayd({ ...base, message: "Psi * kočky ** 2026*", variableSymbol: "42" });
  assert(s.includes("MSG:Psi %2A ko%C4%8Dky %2A%2A 2026%2A*X-VS:42"), s);
  const parsed = parseSpayd(s);
  assertEquals(parsed.MSG, "Psi * kočky ** 2026*");
  assertEquals(parsed["X-VS"], "42");
});

Deno.test("[spayd] the escape character and plus are escaped too, and come back", () => {
  const message = "100% + 50 % sleva a+b %2A";
  const s = buildSpayd({ ...base, message });
  assert(s.includes("MSG:100%25 %2B 50 %25 sleva a%2Bb %252A"), s);
  assertEquals(parseSpayd(s).MSG, message);
});

Deno.test("[spayd] white space and control characters in a message become single spaces", () => {
  const s = buildSpayd({ ...base, message: "  Poplatek\r\n\tza psa\u0000 2026  " });
  assertEquals(parseSpayd(s).MSG, "Poplatek za psa 2026");
});

Deno.test("[spayd] a message of 60 characters is kept whole; 61 are cut to 60", () => {
  const sixty = "A".repeat(59) + "Z";
  assertEquals(parseSpayd(buildSpayd({ ...base, message: sixty })).MSG, sixty);
  assertEquals(parseSpayd(buildSpayd({ ...base, message: sixty + "X" })).MSG, sixty);
});

Deno.test("[spayd] the 60 characters count letters, not escapes, and an escape is never split", () => {
  const czech = CZECH.repeat(5).slice(0, 60);
  assertEquals(czech.length, 60);
  const s = buildSpayd({ ...base, message: czech + "ž" });
  const raw = /MSG:([^*]*)/.exec(s)![1];
  assert(/^(%[0-9A-F]{2})+$/.test(raw), `only whole escapes: ${raw}`);
  assertEquals(parseSpayd(s).MSG, czech);
});

Deno.test("[spayd] a cut never separates a surrogate pair", () => {
  const message = "A".repeat(59) + "🐕";
  const decoded = parseSpayd(buildSpayd({ ...base, message })).MSG;
  assertEquals(decoded, "A".repeat(59));
});

Deno.test("[spayd] the cut drops the space it would end with", () => {
  const message = "A".repeat(59) + " kůň";
  assertEquals(parseSpayd(buildSpayd({ ...base, message })).MSG, "A".repeat(59));
});

Deno.test("[spayd] a recipient name of 35 characters is kept; 36 are cut to 35", () => {
  const name = "Obec Horní Lhota u Žďáru nad Sázavou"; // 36
  assertEquals(name.length, 36);
  assertEquals(
    parseSpayd(buildSpayd({ ...base, recipientName: name.slice(0, 35) })).RN,
    name.slice(0, 35),
  );
  assertEquals(parseSpayd(buildSpayd({ ...base, recipientName: name })).RN, name.slice(0, 35));
});

Deno.test("[spayd] symbols are up to 10 digits, leading zeros kept", () => {
  const s = buildSpayd({
    ...base,
    variableSymbol: "0000012345",
    specificSymbol: "9999999999",
    constantSymbol: " 0308 ",
  });
  const parsed = parseSpayd(s);
  assertEquals(parsed["X-VS"], "0000012345");
  assertEquals(parsed["X-SS"], "9999999999");
  assertEquals(parsed["X-KS"], "0308");
});

Deno.test("[spayd] a symbol of 11 digits or with anything but digits is refused", () => {
  for (const bad of ["12345678901", "12a", "12 34", "-1", "1.5", "١٢٣"]) {
    throwsCode({ ...base, variableSymbol: bad }, "symbol");
    throwsCode({ ...base, specificSymbol: bad }, "symbol");
    throwsCode({ ...base, constantSymbol: bad }, "symbol");
  }
  const error = throwsCode({ ...base, variableSymbol: "12345678901" }, "symbol");
  assert(error.message.startsWith("Variabilní symbol"), error.message);
});

Deno.test("[spayd] the IBAN is checked mod 97 and written without spaces in upper case", () => {
  assertEquals(
    parseSpayd(buildSpayd({ ...base, iban: "cz58 5500 0000 0012 6509 8001" })).ACC,
    IBAN,
  );
  assert(isValidIban("CZ6508000000192000145399"));
  for (
    const iban of [
      "CZ5855000000001265098002", // wrong check digits
      "CZ585500000000126509800", // a Czech IBAN has 24 characters
      "CZ58550000000012650980011",
      "5855000000001265098001",
      "",
    ]
  ) {
    const error = throwsCode({ ...base, iban }, "iban");
    assert(error.message.includes("IBAN"), error.message);
  }
});

Deno.test("[spayd] ACC is IBAN+BIC, up to 46 characters", () => {
  assertEquals(
    parseSpayd(buildSpayd({ ...base, iban: "CZ6508000000192000145399", bic: "gibaczpx" })).ACC,
    "CZ6508000000192000145399+GIBACZPX",
  );
  // The longest IBAN (34) and an 11-character BIC: exactly the spec's 46.
  const longest = "ZZ86ABCD11111111111111111111111111";
  assertEquals(longest.length, 34);
  const acc = parseSpayd(buildSpayd({ ...base, iban: longest, bic: "KOMBCZPPXXX" })).ACC;
  assertEquals(acc.length, 46);
  // One more character can only be an IBAN of 35, which is no IBAN.
  throwsCode({ ...base, iban: longest + "1" }, "iban");
  throwsCode({ ...base, bic: "KOMBCZPPXXXX" }, "bic");
  throwsCode({ ...base, bic: "KOMB" }, "bic");
});

Deno.test("[spayd] the due date is written YYYYMMDD; a date that does not exist is refused", () => {
  assertEquals(parseSpayd(buildSpayd({ ...base, dueDate: "2028-02-29" })).DT, "20280229");
  for (const dueDate of ["2026-02-29", "2026-13-01", "31.12.2026", "20261231", "2026-1-5"]) {
    throwsCode({ ...base, dueDate }, "date");
  }
});

Deno.test("[spayd] only crowns", () => {
  throwsCode({ ...base, currency: "EUR" as "CZK" }, "currency");
});

Deno.test("[spayd] CRC32 matches an independent implementation's value for the same payment", () => {
  // Korma-Chameleon/spayd (Rust, crc32fast) checks this string as valid.
  assertEquals(
    buildSpayd({ iban: IBAN, amountHalere: 10000 }, { crc32: true }),
    "SPD*1.0*ACC:CZ5855000000001265098001*AM:100.00*CC:CZK*CRC32:AAD80227",
  );
  assertEquals(crc32Hex("123456789"), "CBF43926"); // the CRC-32 check value
});

Deno.test("[spayd] CRC32 covers the sorted keys with their escaped values", () => {
  const s = buildSpayd({
    ...base,
    dueDate: "2026-12-31",
    message: "Poplatek za psa – Žluťoučký kůň",
    variableSymbol: "1234567890",
    recipientName: "Obec Horní Lhota",
  }, { crc32: true });
  // The expected value is Python's zlib.crc32 of the string before "*CRC32:".
  assert(s.endsWith("*CRC32:273F32B2"), s);
  const [canonical] = s.split("*CRC32:");
  assertEquals(crc32Hex(canonical), "273F32B2");
  const keys = Object.keys(parseSpayd(canonical));
  assertEquals(keys, [...keys].sort());
});

Deno.test("[spayd] a built string parses back to the payment's values", () => {
  const payment: SpaydPayment = {
    iban: "CZ6508000000192000145399",
    bic: "GIBACZPX",
    amountHalere: 123456789,
    dueDate: "2026-03-31",
    message: "Poplatek ze psa * 2026 – 100 % (Žluťoučký kůň)",
    recipientName: "Město Žďár nad Sázavou",
    variableSymbol: "2026000123",
    specificSymbol: "7",
    constantSymbol: "1148",
  };
  assertEquals(parseSpayd(buildSpayd(payment, { crc32: true })), {
    ACC: "CZ6508000000192000145399+GIBACZPX",
    AM: "1234567.89",
    CC: "CZK",
    DT: "20260331",
    MSG: "Poplatek ze psa * 2026 – 100 % (Žluťoučký kůň)",
    RN: "Město Žďár nad Sázavou",
    "X-KS": "1148",
    "X-SS": "7",
    "X-VS": "2026000123",
    CRC32: crc32Hex(buildSpayd(payment)),
  });
});

Deno.test("[spayd] parsing accepts a trailing star and refuses what is not QR Platba", () => {
  assertEquals(parseSpayd("SPD*1.0*ACC:CZ5855000000001265098001*AM:1.00*"), {
    ACC: "CZ5855000000001265098001",
    AM: "1.00",
  });
  for (
    const bad of [
      "SPC*1.0*ACC:X",
      "SPD*ACC:X",
      "SPD*1.0*ACC",
      "SPD*1.0*ACC:X**AM:1",
      "SPD*1.0*MSG:%E2%80",
    ]
  ) {
    const error = assertThrows(() => parseSpayd(bad), SpaydError) as SpaydError;
    assertEquals(error.code, "format", bad);
  }
});
