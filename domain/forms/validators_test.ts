import { assertEquals } from "../../tests/assert.ts";
import {
  checkBirthNumber,
  checkDateRange,
  checkFormat,
  normalizeMicrochip,
  normalizePostalCode,
  parseBirthNumber,
  parseDate,
  parseNumber,
} from "./validators.ts";

const TODAY = "2026-03-01";

Deno.test("[forms] rodné číslo: checksum, date rules, month offsets and future births", () => {
  const cases: [string, string | null][] = [
    ["780123/4562", null], // man, 1978-01-23
    ["7801234562", null], // without the slash
    ["780123/4563", "invalidBirthNumber"], // wrong check digit
    ["855512/3456", null], // woman (+50), 1985-05-12
    ["102305/1238", null], // man born 2010 with the +20 offset
    ["107305/1232", null], // woman born 2010 with the +70 offset
    ["782301/2340", "invalidBirthNumber"], // +20 offset before 2004
    ["800101/0040", null], // remainder 10, check digit 0: issued until 1985
    ["990101/0010", "invalidBirthNumber"], // the same exception after 1985
    ["450101/123", null], // nine digits, born 1945
    ["550101/123", "invalidBirthNumber"], // nine digits after 1953
    ["000229/1234", null], // 29 February 2000
    ["010229/1233", "invalidBirthNumber"], // 29 February 2001 does not exist
    ["781323/4562", "invalidBirthNumber"], // month 13
    ["265501/1238", "dateInFuture"], // woman born 1 May 2026: after today
    ["265101/1231", null], // woman born 1 January 2026
    ["78012345", "invalidBirthNumber"],
    ["abcdef/ghij", "invalidBirthNumber"],
    ["", "invalidBirthNumber"],
  ];
  for (const [value, code] of cases) assertEquals(checkBirthNumber(value, TODAY), code, value);
  assertEquals(parseBirthNumber("855512/3456"), {
    digits: "8555123456",
    birthDate: "1985-05-12",
    sex: "F",
  });
  assertEquals(parseBirthNumber("107305/1232")?.birthDate, "2010-03-05");
});

Deno.test("[forms] IČO, PSČ, phone, e-mail, chip and bank account formats", () => {
  const cases: [Parameters<typeof checkFormat>[0], string, string | null][] = [
    ["ico", "25596641", "25596641"],
    ["ico", "255 96 641", "25596641"],
    ["ico", "25596642", null],
    ["ico", "1234567", null],
    ["postalCode", "11000", "110 00"],
    ["postalCode", "110 00", "110 00"],
    ["postalCode", "1100", null],
    ["postalCode", "910 01", null], // Slovak, not Czech
    ["postalCode", "11O 00", null],
    ["phone", "777 123 456", "+420777123456"],
    ["phone", "+420 608 000 111", "+420608000111"],
    ["phone", "00421 905 123 456", "+421905123456"],
    ["phone", "12345", null],
    ["email", "Jan.Novak@Example.cz", "jan.novak@example.cz"],
    ["email", "jan@", null],
    ["email", "jan novak@example.cz", null],
    ["microchip", "203 098 100 123 456", "203098100123456"],
    ["microchip", "20309810012345", null],
    ["bankAccount", "19-2000145399/0800", "19-2000145399/0800"],
    ["bankAccount", "000019 - 2000145399 / 0800", "19-2000145399/0800"],
    ["bankAccount", "cz65 0800 0000 1920 0014 5399", "CZ65 0800 0000 1920 0014 5399"],
    ["bankAccount", "123456789/0800", null], // fails the mod-11 check
    ["bankAccount", "2000145399", null], // no bank code
    ["bankAccount", "CZ65 0800 0000 1920 0014 5398", null],
    ["personName", "Jana Dvořáková-Nová", "Jana Dvořáková-Nová"],
    ["personName", "Robert'); DROP TABLE", null],
  ];
  for (const [format, value, expected] of cases) {
    const result = checkFormat(format, value, TODAY);
    assertEquals(result.ok ? result.value : null, expected, `${format} ${value}`);
  }
  assertEquals(normalizePostalCode(" 250 82 "), "250 82");
  assertEquals(normalizeMicrochip("12345678901234a"), null);
});

Deno.test("[forms] dates: ISO and Czech spellings, future and ranges", () => {
  assertEquals(parseDate("2024-02-29"), "2024-02-29");
  assertEquals(parseDate("2023-02-29"), null);
  assertEquals(parseDate("1. 5. 2024"), "2024-05-01");
  assertEquals(parseDate("01.05.2024"), "2024-05-01");
  assertEquals(parseDate("32.1.2024"), null);
  assertEquals(parseDate("včera"), null);
  assertEquals(checkDateRange("2026-03-02", { max: TODAY, today: TODAY }), {
    code: "dateInFuture",
  });
  assertEquals(checkDateRange(TODAY, { max: TODAY, today: TODAY }), null);
  assertEquals(checkDateRange("2020-01-01", { min: "2020-05-01" }), {
    code: "dateTooEarly",
    params: { min: "1. 5. 2020" },
  });
  assertEquals(checkDateRange("2021-01-01", { max: "2020-12-31", today: TODAY }), {
    code: "dateTooLate",
    params: { max: "31. 12. 2020" },
  });
});

Deno.test("[forms] numbers as people type them", () => {
  assertEquals(parseNumber("50,0875"), 50.0875);
  assertEquals(parseNumber("1 234"), 1234);
  assertEquals(parseNumber("-3.5"), -3.5);
  assertEquals(parseNumber("1e5"), null);
  assertEquals(parseNumber("12abc"), null);
  assertEquals(parseNumber("1.5", 0), null);
  assertEquals(parseNumber("Infinity"), null);
});
