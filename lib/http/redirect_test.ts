import { assertEquals } from "../../tests/assert.ts";
import { redirectTarget } from "./redirect.ts";
import { CONTROL_CHARACTERS, hex } from "../web/testdata/characters.ts";

const FALLBACK = "/ucet";

Deno.test("[redirect] paths on this site pass, normalised", () => {
  assertEquals(
    redirectTarget("/urad/osoby?q=Nov%C3%A1k#x", FALLBACK),
    "/urad/osoby?q=Nov%C3%A1k#x",
  );
  assertEquals(redirectTarget("/úřad", FALLBACK), "/%C3%BA%C5%99ad");
  assertEquals(redirectTarget("/a/b/../c", FALLBACK), "/a/c");
  assertEquals(redirectTarget("/ucet", FALLBACK, "http://dubova.localhost:8000"), "/ucet");
});

Deno.test("[redirect] every control character anywhere in the target gives the fallback", () => {
  for (const ch of [...CONTROL_CHARACTERS, " ", "\xa0", "\u200b", "\u202e", "\ufeff"]) {
    for (const value of [`/${ch}/evil.example`, `${ch}//evil.example`, `/ucet${ch}`]) {
      assertEquals(
        redirectTarget(value, FALLBACK),
        FALLBACK,
        `${hex(ch)} in ${JSON.stringify(value)}`,
      );
    }
  }
});

Deno.test("[redirect] other sites, backslashes and encoded slashes give the fallback", () => {
  for (
    const value of [
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "https://evil.example/",
      "http:/evil.example",
      "javascript:alert(1)",
      "evil.example",
      "/%2F/evil.example",
      "/%2f%2fevil.example",
      "/%5Cevil.example",
      "/%09/evil.example",
      "/%0b/evil.example",
      "/%00",
      "/%7F",
      "/a/..//evil.example",
      "/./%2e%2e//evil.example",
      "",
      "/" + "a".repeat(2001),
    ]
  ) {
    assertEquals(redirectTarget(value, FALLBACK), FALLBACK, value.slice(0, 40));
  }
  assertEquals(redirectTarget(null, FALLBACK), FALLBACK);
  assertEquals(redirectTarget(42, FALLBACK), FALLBACK);
});
