/**
 * What a file is, judged by its bytes (magic numbers), never by its name or the browser's
 * `Content-Type`: a `.exe` renamed `.pdf` is an executable, and is refused.
 */

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);

/**
 * The media type of a file by its first bytes: PDF, PNG, JPEG, GIF, WebP, HEIC, or plain text
 * (valid UTF-8 without NUL or other control characters except tab and line breaks); else null.
 */
export function sniffMediaType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && [0x37, 0x39].includes(bytes[4])) {
    return bytes[5] === 0x61 ? "image/gif" : null; // GIF87a / GIF89a
  }
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return "image/webp";
  // ISO base media file: [size]ftyp<brand>; HEIF/HEIC brands.
  if (bytes.length >= 12 && ascii(bytes, 4, 4) === "ftyp" && HEIC_BRANDS.has(ascii(bytes, 8, 4))) {
    return "image/heic";
  }
  if (bytes.length > 0 && isPlainText(bytes.subarray(0, 8192), bytes.length > 8192)) {
    return "text/plain";
  }
  return null;
}

function isPlainText(head: Uint8Array, truncated: boolean): boolean {
  for (const b of head) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
    if (b === 0x7f) return false;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: truncated });
    return true;
  } catch {
    return false;
  }
}

/** Hex SHA-256 of the bytes (Web Crypto: Deno, Node and the browser alike). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
