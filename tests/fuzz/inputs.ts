/**
 * The malformed requests the fuzz suite sends to one route and method: every control character
 * in every field and query parameter, odd but valid text, invalid UTF-8, huge and many fields,
 * duplicates, wrong content types, truncated multipart, odd path parameters.
 */
import { CONTROL_CHARACTERS } from "../../lib/web/testdata/characters.ts";

export interface FuzzRequest {
  /** What kind of malformation, for the report. */
  kind: string;
  method: string;
  /** Path and query, already encoded. */
  target: string;
  headers?: Record<string, string>;
  body?: BodyInit;
}

/** Text that passes the edge's checks but is odd for a handler. */
export const ODD_TEXT: readonly string[] = [
  "",
  " ",
  "\t\r\n",
  "x".repeat(20_000),
  "Nova\u0301k \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148",
  "\u202eexe.pdf",
  "<script>alert(1)</script>&amp;",
  "' OR '1'='1'; --",
  "../../../../etc/passwd",
  "//evil.example/%2e%2e",
  "-1",
  "99999999999999999999999999",
  "2026-02-30",
  "\ud83d\udc36\u200d\ud83e\uddba",
  "\u2028\u2029",
  "00000000-0000-0000-0000-000000000000",
];

/** Values of a path parameter. */
export const ODD_PARAMS: readonly string[] = [
  "%00",
  "a%0Bb",
  "%FF%FE",
  "%E2%80%AE",
  "x".repeat(300),
  "%C4%8D".repeat(100),
  "..%2F..%2Fetc",
  "-1",
  "1e309",
  "00000000-0000-0000-0000-00000000000g",
];

/** Bytes that are not UTF-8, percent-encoded and raw. */
const BAD_UTF8_ENCODED = ["%FF", "%C0%AF", "%ED%A0%80", "%E2%82"];

function form(fields: Iterable<string>, value: (field: string) => string): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of fields) params.append(field, value(field));
  return params;
}

/** Appends `query` to `path`, which has none. */
const withQuery = (path: string, query: string) => query ? `${path}?${query}` : path;

/**
 * The requests for `method` on `path` with `fields` (the page's and generic names). `csrf` is
 * added to every body as `_csrf`, so that handlers are reached and not just the CSRF check.
 */
export function fuzzRequests(
  method: string,
  path: string,
  fields: readonly string[],
  csrf: string,
  multipart: boolean,
  /** Also the large bodies (near and over the body limit): once per route, not per identity. */
  heavy = false,
): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const hasBody = method !== "GET";
  const send = (kind: string, params: URLSearchParams, query = "") => {
    if (hasBody) {
      params.set("_csrf", csrf);
      out.push({
        kind,
        method,
        target: withQuery(path, query),
        body: params.toString(),
        headers: urlencoded,
      });
    } else out.push({ kind, method, target: withQuery(path, params.toString() || query) });
  };
  const urlencoded = { "Content-Type": "application/x-www-form-urlencoded" };

  // Every control character in every field (and in a query parameter of a POST).
  for (const ch of CONTROL_CHARACTERS) {
    const text = `a${ch}b`;
    send(
      `control U+${ch.charCodeAt(0).toString(16)}`,
      form(fields, () => text),
      `q=${encodeURIComponent(text)}`,
    );
  }
  // Odd text that passes the edge, so the handler meets it (in a URL, not too long for one).
  for (const text of ODD_TEXT) {
    send("odd text", form(fields, () => hasBody ? text : text.slice(0, 300)));
  }
  // Each field alone holding NUL (the others empty): names a field that a handler trips on.
  for (const field of fields) send(`NUL in ${field}`, form([field], () => "\0"));

  // Invalid UTF-8, percent-encoded, in every field; raw bytes in the body.
  for (const bad of BAD_UTF8_ENCODED) {
    const encoded = [...fields].map((f) => `${encodeURIComponent(f)}=x${bad}`).join("&");
    if (hasBody) {
      out.push({
        kind: "invalid UTF-8",
        method,
        target: path,
        headers: urlencoded,
        body: `_csrf=${encodeURIComponent(csrf)}&${encoded}`,
      });
    } else out.push({ kind: "invalid UTF-8", method, target: withQuery(path, encoded) });
  }
  // Many fields, duplicate fields, a huge query.
  send("many fields", form(Array.from({ length: 3000 }, (_, i) => `f${i}`), () => "x"));
  const duplicates = new URLSearchParams();
  for (const field of fields) for (const v of ["", "a", "\0"]) duplicates.append(field, v);
  send("duplicate fields", duplicates);
  out.push({ kind: "huge query", method, target: withQuery(path, `q=${"x".repeat(7000)}`) });
  if (!hasBody) return out;

  const token = encodeURIComponent(csrf);
  // Duplicate CSRF fields, a huge field and a body over every limit.
  out.push({
    kind: "duplicate _csrf",
    method,
    target: path,
    headers: urlencoded,
    body: `_csrf=forged&_csrf=${token}&${fields[0] ?? "x"}=a`,
  });
  if (heavy) {
    out.push({
      kind: "huge field",
      method,
      target: path,
      headers: urlencoded,
      body: `_csrf=${token}&${fields[0] ?? "x"}=${"x".repeat(900_000)}`,
    });
  }
  if (heavy) {
    out.push({
      kind: "body over the limit",
      method,
      target: path,
      headers: urlencoded,
      body: `_csrf=${token}&x=${"x".repeat(1100 * 1024)}`, // over the default 1 MB
    });
  }
  // Raw bytes that are not UTF-8, and an unfinished percent escape.
  out.push({
    kind: "raw invalid UTF-8",
    method,
    target: path,
    headers: urlencoded,
    body: new Uint8Array([...new TextEncoder().encode(`_csrf=${token}&q=`), 0xff, 0xfe, 0xc0]),
  });
  out.push({
    kind: "bad escape",
    method,
    target: path,
    headers: urlencoded,
    body: `_csrf=${token}&q=%E`,
  });
  // Wrong content types, and none.
  const plain = form(fields, () => "a");
  plain.set("_csrf", csrf);
  for (
    const type of [
      "text/plain",
      "application/json",
      "multipart/form-data",
      "multipart/form-data; boundary=",
      "application/x-www-form-urlencoded; charset=iso-8859-2",
      "application/xml",
    ]
  ) {
    out.push({
      kind: `content type ${type}`,
      method,
      target: path,
      headers: { "Content-Type": type, "X-CSRF-Token": csrf },
      body: type === "application/json"
        ? JSON.stringify(Object.fromEntries(plain))
        : plain.toString(),
    });
  }
  out.push({ kind: "no body", method, target: path, headers: { "X-CSRF-Token": csrf } });
  // Multipart: control characters and bidi overrides in file names, a truncated body.
  const boundary = "----fuzz" + crypto.randomUUID().replaceAll("-", "");
  const part = (name: string, value: string, fileName?: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${
      fileName === undefined ? "" : `; filename="${fileName}"`
    }\r\n${fileName === undefined ? "" : "Content-Type: application/pdf\r\n"}\r\n${value}\r\n`;
  const multipartType = { "Content-Type": `multipart/form-data; boundary=${boundary}` };
  const fileFields = multipart ? [...fields] : [fields[0] ?? "document"];
  for (
    const fileName of [
      "a\x01b.pdf",
      "plna\u202efdp.exe",
      "\x00.pdf",
      "x".repeat(600) + ".pdf",
      "..\\..\\a.pdf",
    ]
  ) {
    out.push({
      kind: "multipart file name",
      method,
      target: path,
      headers: multipartType,
      body: part("_csrf", csrf) + fileFields.map((f) => part(f, "%PDF-1.4", fileName)).join("") +
        `--${boundary}--\r\n`,
    });
  }
  const full = part("_csrf", csrf) + fields.map((f) => part(f, "a\x0bb")).join("") +
    `--${boundary}--\r\n`;
  out.push({
    kind: "multipart with controls",
    method,
    target: path,
    headers: multipartType,
    body: full,
  });
  for (const cut of [0.3, 0.7, 0.99]) {
    out.push({
      kind: "truncated multipart",
      method,
      target: path,
      headers: multipartType,
      body: full.slice(0, Math.floor(full.length * cut)),
    });
  }
  return out;
}
