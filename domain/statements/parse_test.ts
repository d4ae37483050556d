import { assertEquals, assertThrows } from "../../tests/assert.ts";
import { parseCamt053 } from "./camt053.ts";
import { parseGpc } from "./gpc.ts";
import { encodeWindows1250 } from "./gpc_writer.ts";
import { parseStatementFile } from "./parse.ts";
import { StatementParseError } from "./types.ts";

const FIXTURES = new URL("../../tests/fixtures/statements/", import.meta.url);
const fixture = (name: string) => Deno.readFileSync(new URL(name, FIXTURES));
const GPC = "vypis_2026-03-31.gpc";
const CAMT = "vypis_2026-04-01.xml";

Deno.test("[statements/parse] the format is told by the content, whatever the file is called", () => {
  const gpc = parseGpc(fixture(GPC), { bankCode: "0800" });
  const camt = parseCamt053(new TextDecoder().decode(fixture(CAMT)));
  for (const name of [undefined, "vypis.gpc", "vypis.xml", "download"]) {
    assertEquals(parseStatementFile(fixture(GPC), name, { bankCode: "0800" }), gpc, name);
    assertEquals(parseStatementFile(fixture(CAMT), name), camt, name);
  }
});

Deno.test("[statements/parse] a GPC file missing its header is still reported at its line", () => {
  const error = assertThrows(
    () => parseStatementFile(fixture("gpc_item_before_header.gpc"), "vypis.gpc"),
    StatementParseError,
    "Řádek 1: položka výpisu (075) před hlavičkou 074.",
  );
  assertEquals((error as StatementParseError).line, 1);
});

Deno.test("[statements/parse] an unknown or empty file is refused without a line", () => {
  const pdf = new TextEncoder().encode("%PDF-1.7\n...");
  const unknown = assertThrows(
    () => parseStatementFile(pdf, "vypis.pdf"),
    StatementParseError,
    "Neznámý formát výpisu „vypis.pdf“. Podporované jsou výpisy GPC (ABO) a CAMT.053 (XML).",
  );
  assertEquals((unknown as StatementParseError).line, 0);
  assertThrows(
    () => parseStatementFile(new TextEncoder().encode(" \r\n"), "prazdny.gpc"),
    StatementParseError,
    "Soubor výpisu je prázdný.",
  );
});

Deno.test("[statements/parse] CAMT is decoded as its prolog declares: UTF-8 with a BOM, windows-1250", () => {
  const text = new TextDecoder().decode(fixture(CAMT));
  const expected = parseCamt053(text);
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...fixture(CAMT)]);
  assertEquals(parseStatementFile(withBom), expected);
  const cp1250 = encodeWindows1250(text.replace('encoding="UTF-8"', 'encoding="windows-1250"'));
  assertEquals(parseStatementFile(cp1250), expected);
  // Without a prolog the root element tells it is XML.
  assertEquals(
    parseStatementFile(new TextEncoder().encode(text.replace(/^<\?xml[^>]*>\s*/, ""))),
    expected,
  );
  // windows-1250 bytes under a UTF-8 prolog are not silently misread.
  assertThrows(
    () => parseStatementFile(encodeWindows1250(text)),
    StatementParseError,
    "Soubor není platný text v kódování UTF-8",
  );
});

Deno.test("[statements/parse] Node reads the fixtures exactly as Deno does (windows-1250 included)", async () => {
  const script = `
    import { readFileSync } from "node:fs";
    const { parseStatementFile } = await import(${
    JSON.stringify(new URL("./parse.ts", import.meta.url).pathname)
  });
    const dir = ${JSON.stringify(FIXTURES.pathname)};
    const read = (f) => parseStatementFile(new Uint8Array(readFileSync(dir + f)), f, { bankCode: "0800" });
    process.stdout.write(JSON.stringify([read(${JSON.stringify(GPC)}), read(${
    JSON.stringify(CAMT)
  })]));`;
  const out = await new Deno.Command("node", {
    args: ["--import", "tsx", "--input-type=module", "-e", script],
    cwd: new URL("../../", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  const fromNode = JSON.parse(new TextDecoder().decode(out.stdout));
  assertEquals(fromNode, [
    parseStatementFile(fixture(GPC), GPC, { bankCode: "0800" }),
    parseStatementFile(fixture(CAMT), CAMT),
  ]);
});
