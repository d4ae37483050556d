/**
 * One entry point for an uploaded statement file: the format is told by the content, the file
 * name only breaks a tie. XML (a prolog or a `<Document` root) is CAMT.053, decoded as its
 * prolog declares (UTF-8 when it declares nothing); text whose first record is a GPC record type
 * (`074`, or `075`–`079` so that a file missing its header is reported at its line) is GPC.
 */
import { parseCamt053 } from "./camt053.ts";
import { type GpcOptions, parseGpc } from "./gpc.ts";
import { type ParsedStatement, StatementParseError } from "./types.ts";

export type StatementFileOptions = GpcOptions;

const SUPPORTED = "Podporované jsou výpisy GPC (ABO) a CAMT.053 (XML).";

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** The first characters of the file, ASCII only (enough to tell the format). */
function head(bytes: Uint8Array): string {
  const start = startsWithBom(bytes) ? 3 : 0;
  let s = "";
  for (let i = start; i < bytes.length && s.length < 400; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function decodeXml(bytes: Uint8Array, declared: string | null): string {
  const body = startsWithBom(bytes) ? bytes.subarray(3) : bytes;
  const label = (declared ?? "utf-8").toLowerCase();
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new StatementParseError(1, `kódování XML „${declared}“ není podporováno.`);
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new StatementParseError(
      0,
      `Soubor není platný text v kódování ${declared ?? "UTF-8"}, jak XML deklaruje.`,
    );
  }
}

/** Reads an uploaded statement file, GPC or CAMT.053; throws StatementParseError. */
export function parseStatementFile(
  bytes: Uint8Array,
  fileName?: string,
  options: StatementFileOptions = {},
): ParsedStatement[] {
  const text = head(bytes);
  if (text.trim() === "") throw new StatementParseError(0, "Soubor výpisu je prázdný.");
  const start = text.trimStart();
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName ?? "")?.[1]?.toLowerCase() ?? null;

  if (
    start.startsWith("<?xml") || start.startsWith("<Document") || /^<[\w-]+:Document/.test(start)
  ) {
    const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(start)?.[1] ?? null;
    return parseCamt053(decodeXml(bytes, declared));
  }
  if (/^07[4-9]/.test(start)) return parseGpc(bytes, options);
  if (start.startsWith("<") && extension === "xml") return parseCamt053(decodeXml(bytes, null));
  if (extension === "gpc" || extension === "abo") return parseGpc(bytes, options);
  throw new StatementParseError(
    0,
    `Neznámý formát výpisu${fileName ? ` „${fileName}“` : ""}. ${SUPPORTED}`,
  );
}
