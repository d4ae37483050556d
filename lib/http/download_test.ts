import { assertEquals, assertMatch } from "../../tests/assert.ts";
import { contentDisposition } from "./download.ts";
import { isSafeHeaderValue } from "../web/input.ts";
import { CONTROL_CHARACTERS, hex } from "../web/testdata/characters.ts";

Deno.test("[download] Content-Disposition is a safe header value for any uploaded name", () => {
  const odd = [...CONTROL_CHARACTERS, "\u202e", "\ud800", "\udc00", '"', "\\", "'", "*", "č"];
  for (const ch of odd) {
    const value = contentDisposition(`plná${ch}moc.pdf`);
    assertEquals(isSafeHeaderValue(value), true, hex(ch));
    assertMatch(value, /^attachment; filename="[ -~]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
  }
  assertEquals(
    contentDisposition("plná moc.pdf"),
    `attachment; filename="plna moc.pdf"; filename*=UTF-8''pln%C3%A1%20moc.pdf`,
  );
  assertEquals(
    contentDisposition("\u010d\u0159"),
    `attachment; filename="cr"; filename*=UTF-8''%C4%8D%C5%99`,
  );
  assertEquals(
    contentDisposition("\u202e"),
    `attachment; filename="dokument"; filename*=UTF-8''%E2%80%AE`,
  );
});
