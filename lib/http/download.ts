/**
 * `Content-Disposition` for a file download: always an attachment, with an ASCII fallback name
 * for old clients and the exact (Czech) name in RFC 5987 `filename*`.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_") ||
    "dokument";
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
