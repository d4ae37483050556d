/**
 * A representation's attached document as a download: always an attachment, never rendered
 * inline by the browser, not sniffed, not cached (it is personal data).
 */
import type { RepresentationDocumentRow } from "../../../db/repositories/representations.ts";
import { contentDisposition } from "../download.ts";

export function documentResponse(doc: RepresentationDocumentRow): Response {
  return new Response(doc.document as BufferSource, {
    headers: {
      "Content-Type": doc.document_type,
      "Content-Length": String(doc.document.byteLength),
      "Content-Disposition": contentDisposition(doc.document_name),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
