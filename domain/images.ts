/**
 * Strips the metadata a photo carries about its author and place before the portal stores it:
 * EXIF (GPS position, camera serial number, time taken), XMP, IPTC and comments. Pure byte
 * surgery on JPEG segments and PNG chunks, no decoding: the pixels are copied untouched.
 *
 * JPEG: removes APP1 (EXIF, XMP), APP13 (IPTC/Photoshop), APP12 (Ducky, picture info), COM, and
 * APP2 segments other than an ICC colour profile (e.g. MPF, which embeds further images with
 * their own EXIF). Keeps APP0 (JFIF), ICC profiles, APP14 (Adobe colour transform) and every
 * segment needed to decode. Note: EXIF also holds the orientation; a photo that relied on it
 * may then show rotated.
 *
 * PNG: removes tEXt, zTXt, iTXt, eXIf and tIME chunks; keeps every other chunk as it was.
 */

export type ImageFormat = "jpeg" | "png";

export type StripResult =
  | { ok: true; format: ImageFormat; bytes: Uint8Array; removed: string[] }
  | { ok: false; code: "UnsupportedFormat" | "Malformed" };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format by content (magic bytes), never by name or declared type. */
export function imageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return "jpeg";
  }
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "png";
  return null;
}

/** A JPEG or PNG without its metadata; other formats are refused. */
export function stripImageMetadata(bytes: Uint8Array): StripResult {
  switch (imageFormat(bytes)) {
    case "jpeg":
      return stripJpegMetadata(bytes);
    case "png":
      return stripPngMetadata(bytes);
    default:
      return { ok: false, code: "UnsupportedFormat" };
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

const SOS = 0xda;
const EOI = 0xd9;
const COM = 0xfe;

/** Markers without a length field: SOI, EOI, RSTn, TEM. */
const standalone = (marker: number) =>
  marker === 0xd8 || marker === EOI || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01;

function jpegSegmentToDrop(marker: number, payload: Uint8Array): string | null {
  if (marker === COM) return "COM";
  if (marker === 0xe1) {
    return ascii(payload.subarray(0, 6)) === "Exif\0\0" ? "APP1 EXIF" : "APP1 XMP";
  }
  if (marker === 0xed) return "APP13 IPTC";
  if (marker === 0xec) return "APP12";
  if (marker === 0xe2 && ascii(payload.subarray(0, 12)) !== "ICC_PROFILE\0") return "APP2";
  return null;
}

/** A JPEG without EXIF, XMP, IPTC and comments (see the module comment). */
export function stripJpegMetadata(bytes: Uint8Array): StripResult {
  if (imageFormat(bytes) !== "jpeg") return { ok: false, code: "UnsupportedFormat" };
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  const removed: string[] = [];
  let i = 2;
  let ended = false;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) return { ok: false, code: "Malformed" };
    // Fill bytes: any number of 0xFF may precede a marker.
    let j = i + 1;
    while (j < bytes.length && bytes[j] === 0xff) j++;
    if (j >= bytes.length) return { ok: false, code: "Malformed" };
    const marker = bytes[j];
    if (marker === EOI) {
      kept.push(bytes.subarray(j - 1, j + 1));
      i = j + 1;
      ended = true;
      break;
    }
    if (standalone(marker)) {
      kept.push(bytes.subarray(j - 1, j + 1));
      i = j + 1;
      continue;
    }
    if (j + 3 > bytes.length) return { ok: false, code: "Malformed" };
    const length = (bytes[j + 1] << 8) | bytes[j + 2];
    const end = j + 1 + length;
    if (length < 2 || end > bytes.length) return { ok: false, code: "Malformed" };
    const segment = bytes.subarray(j - 1, end);
    const drop = jpegSegmentToDrop(marker, bytes.subarray(j + 3, end));
    if (drop) removed.push(drop);
    else kept.push(segment);
    i = end;
    if (marker === SOS) {
      // Entropy-coded data: runs to the next marker that is not a stuffed 0xFF00 or an RSTn.
      let k = i;
      while (k < bytes.length) {
        if (bytes[k] === 0xff && k + 1 < bytes.length) {
          const next = bytes[k + 1];
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        k++;
      }
      kept.push(bytes.subarray(i, k));
      i = k;
    }
  }
  if (!ended) return { ok: false, code: "Malformed" };
  // Anything after EOI (some cameras append a second image or a trailer) is dropped too.
  if (i < bytes.length) removed.push("trailer");
  return { ok: true, format: "jpeg", bytes: concat(kept), removed };
}

const PNG_METADATA = new Set(["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]);

/** A PNG without text chunks, EXIF and its modification time. */
export function stripPngMetadata(bytes: Uint8Array): StripResult {
  if (imageFormat(bytes) !== "png") return { ok: false, code: "UnsupportedFormat" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  const removed: string[] = [];
  let i = 8;
  let ended = false;
  while (i < bytes.length && !ended) {
    if (i + 12 > bytes.length) return { ok: false, code: "Malformed" };
    const length = view.getUint32(i);
    const type = ascii(bytes.subarray(i + 4, i + 8));
    const end = i + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) return { ok: false, code: "Malformed" };
    if (PNG_METADATA.has(type)) removed.push(type);
    else kept.push(bytes.subarray(i, end));
    ended = type === "IEND";
    i = end;
  }
  if (!ended) return { ok: false, code: "Malformed" };
  if (i < bytes.length) removed.push("trailer");
  return { ok: true, format: "png", bytes: concat(kept), removed };
}

// ---------------------------------------------------------------------------------------------
// GPS position from EXIF (for a reporter who chose to share a photo's location)

export interface GpsLocation {
  /** Degrees, north positive. */
  latitude: number;
  /** Degrees, east positive. */
  longitude: number;
}

const GPS_IFD_POINTER = 0x8825;
const TYPE_RATIONAL = 5;

/**
 * The GPS latitude and longitude a JPEG's or PNG's EXIF carries, or null when there is none or
 * the EXIF is malformed (every offset is checked against the data; nothing is trusted).
 */
export function readGpsLocation(bytes: Uint8Array): GpsLocation | null {
  const tiff = exifTiff(bytes);
  return tiff ? gpsFromTiff(tiff) : null;
}

/** The TIFF structure of the first EXIF block: the JPEG APP1 "Exif" segment or the PNG eXIf chunk. */
function exifTiff(bytes: Uint8Array): Uint8Array | null {
  const format = imageFormat(bytes);
  if (format === "jpeg") {
    let i = 2;
    while (i + 4 <= bytes.length && bytes[i] === 0xff) {
      const marker = bytes[i + 1];
      if (marker === SOS || marker === EOI) return null;
      if (standalone(marker)) {
        i += 2;
        continue;
      }
      const length = (bytes[i + 2] << 8) | bytes[i + 3];
      const end = i + 2 + length;
      if (length < 2 || end > bytes.length) return null;
      const payload = bytes.subarray(i + 4, end);
      if (marker === 0xe1 && ascii(payload.subarray(0, 6)) === "Exif\0\0") {
        return payload.subarray(6);
      }
      i = end;
    }
    return null;
  }
  if (format === "png") {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let i = 8;
    while (i + 12 <= bytes.length) {
      const length = view.getUint32(i);
      const type = ascii(bytes.subarray(i + 4, i + 8));
      const end = i + 12 + length;
      if (end > bytes.length) return null;
      if (type === "eXIf") return bytes.subarray(i + 8, i + 8 + length);
      if (type === "IEND") return null;
      i = end;
    }
  }
  return null;
}

function gpsFromTiff(tiff: Uint8Array): GpsLocation | null {
  if (tiff.length < 8) return null;
  const order = ascii(tiff.subarray(0, 2));
  if (order !== "II" && order !== "MM") return null;
  const little = order === "II";
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (o: number) => o + 2 <= tiff.length ? view.getUint16(o, little) : null;
  const u32 = (o: number) => o + 4 <= tiff.length ? view.getUint32(o, little) : null;
  if (u16(2) !== 42) return null;

  /** The entries of the IFD at `offset`: tag → (type, count, value offset or inline position). */
  const entries = (offset: number) => {
    const n = u16(offset);
    if (n === null || n > 1000) return null;
    const out = new Map<number, { type: number; count: number; at: number }>();
    for (let k = 0; k < n; k++) {
      const e = offset + 2 + k * 12;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = u32(e + 4);
      if (tag === null || type === null || count === null) return null;
      const size = count * (type === TYPE_RATIONAL ? 8 : type === 2 || type === 1 ? 1 : 4);
      const at = size <= 4 ? e + 8 : u32(e + 8);
      if (at === null) return null;
      out.set(tag, { type, count, at });
    }
    return out;
  };

  const ifd0 = u32(4);
  if (ifd0 === null) return null;
  const root = entries(ifd0);
  const pointer = root?.get(GPS_IFD_POINTER);
  if (!pointer) return null;
  const gpsOffset = u32(pointer.at);
  if (gpsOffset === null) return null;
  const gps = entries(gpsOffset);
  if (!gps) return null;

  const ref = (tag: number): string | null => {
    const e = gps.get(tag);
    return e && e.at < tiff.length ? String.fromCharCode(tiff[e.at]) : null;
  };
  const degrees = (tag: number): number | null => {
    const e = gps.get(tag);
    if (!e || e.type !== TYPE_RATIONAL || e.count !== 3) return null;
    const parts: number[] = [];
    for (let k = 0; k < 3; k++) {
      const num = u32(e.at + k * 8);
      const den = u32(e.at + k * 8 + 4);
      if (num === null || den === null || den === 0) return null;
      parts.push(num / den);
    }
    return parts[0] + parts[1] / 60 + parts[2] / 3600;
  };
  const latRef = ref(1);
  const lat = degrees(2);
  const lonRef = ref(3);
  const lon = degrees(4);
  if (lat === null || lon === null || lat > 90 || lon > 180) return null;
  if ((latRef !== "N" && latRef !== "S") || (lonRef !== "E" && lonRef !== "W")) return null;
  return {
    latitude: latRef === "S" ? -lat : lat,
    longitude: lonRef === "W" ? -lon : lon,
  };
}
