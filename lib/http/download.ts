/**
 * `Content-Disposition` for a file download: always an attachment, with an ASCII fallback name
 * for old clients and the exact (Czech) name in RFC 5987 `filename*`. The name came with an
 * upload, so whatever it holds (control characters, quotes, lone surrogates) the header value is
 * made of safe characters only, and `headerValue` checks that once more.
 */
import { headerValue } from "../web/input.ts";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function contentDisposition(fileName: string): string {
  const name = fileName.replace(LONE_SURROGATE, "\ufffd");
  const ascii = name.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_").trim() ||
    "dokument";
  // RFC 5987 attr-char has no ' ( ) *, which encodeURIComponent leaves as they are.
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16)}`,
  );
  return headerValue(`attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`);
}
