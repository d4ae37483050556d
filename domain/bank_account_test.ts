import { assert, assertEquals } from "../tests/assert.ts";
import {
  ACCOUNT_ERROR_MESSAGES,
  czechAccountToIban,
  formatCzechAccount,
  formatIban,
  ibanToCzechAccount,
  normalizeAccount,
  parseCzechAccount,
  parseIban,
  sameAccount,
} from "./bank_account.ts";

// The examples the Czech National Bank publishes for its IBAN calculator.
const CNB_EXAMPLES: [string, string][] = [
  ["19-2000145399/0800", "CZ6508000000192000145399"],
  ["353497163/0800", "CZ0908000000000353497163"],
  ["7894/0800", "CZ3208000000000000007894"],
];

Deno.test("[bank account] a Czech number converts to the IBAN the ČNB publishes and back", () => {
  for (const [czech, iban] of CNB_EXAMPLES) {
    const parsed = parseCzechAccount(czech);
    assert(parsed.ok, czech);
    assertEquals(czechAccountToIban(parsed.value), iban);
    const back = ibanToCzechAccount(iban);
    assert(back.ok, iban);
    assertEquals(formatCzechAccount(back.value), czech);
  }
});

Deno.test("[bank account] leading zeros, spaces and the printed IBAN all normalize to one form", () => {
  const writings = [
    "19-2000145399/0800",
    "000019-2000145399/0800",
    " 19 - 2000145399 / 0800 ",
    "CZ65 0800 0000 1920 0014 5399",
    "cz6508000000192000145399",
  ];
  for (const w of writings) {
    assertEquals(normalizeAccount(w), { ok: true, value: "CZ6508000000192000145399" }, w);
  }
  assertEquals(formatIban("CZ6508000000192000145399"), "CZ65 0800 0000 1920 0014 5399");
});

Deno.test("[bank account] a mistyped digit fails the mod-11 check of its part", () => {
  assertEquals(parseCzechAccount("19-2000145398/0800"), { ok: false, code: "NumberChecksum" });
  assertEquals(parseCzechAccount("18-2000145399/0800"), { ok: false, code: "PrefixChecksum" });
  assertEquals(parseCzechAccount("10/0100"), { ok: false, code: "NumberTooShort" });
  assertEquals(parseCzechAccount("19-2000145399"), { ok: false, code: "MissingBankCode" });
  assertEquals(parseCzechAccount("19-2000145399/800"), { ok: false, code: "InvalidFormat" });
  assertEquals(parseCzechAccount("  "), { ok: false, code: "Empty" });
});

Deno.test("[bank account] an IBAN is refused for bad check digits, length or Czech parts", () => {
  assertEquals(parseIban("CZ6608000000192000145399"), { ok: false, code: "IbanChecksum" });
  assertEquals(parseIban("CZ650800000019200014539"), { ok: false, code: "IbanLength" });
  // Right mod 97, but the account number inside fails mod 11.
  const forged = czechAccountToIban({ prefix: "", number: "2000145398", bankCode: "0800" });
  assertEquals(parseIban(forged), { ok: false, code: "NumberChecksum" });
  // A foreign IBAN is checked by mod 97 alone.
  assertEquals(parseIban("SK31 1200 0000 1987 4263 7541"), {
    ok: true,
    value: "SK3112000000198742637541",
  });
  assertEquals(ibanToCzechAccount("SK3112000000198742637541"), {
    ok: false,
    code: "InvalidFormat",
  });
});

Deno.test("[bank account] every error code has a Czech message", () => {
  for (const message of Object.values(ACCOUNT_ERROR_MESSAGES)) assert(message.endsWith("."));
});

Deno.test("[bank account] a GPC account without its bank code matches the IBAN of its number", () => {
  assert(sameAccount("19-2000145399", "CZ6508000000192000145399"));
  assert(sameAccount("CZ65 0800 0000 1920 0014 5399", "19-2000145399/0800"));
  assert(!sameAccount("19-2000145399/0100", "19-2000145399/0800"));
  assert(!sameAccount("2000145399", "CZ6508000000192000145399"));
  assert(sameAccount("000019-2000145399", "19-2000145399"));
});
