import { assert, assertEquals } from "../tests/assert.ts";
import {
  imageFormat,
  readGpsLocation,
  stripImageMetadata,
  stripJpegMetadata,
  stripPngMetadata,
} from "./images.ts";
import { exifTiff, jpegWithGps } from "../tests/support/exif.ts";

const enc = new TextEncoder();
const bytesOf = (...parts: (number[] | Uint8Array | string)[]) => {
  const arrays = parts.map((p) => typeof p === "string" ? enc.encode(p) : Uint8Array.from(p));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
};
const contains = (haystack: Uint8Array, needle: string) =>
  new TextDecoder("latin1").decode(haystack).includes(needle);

// ---- JPEG: a baseline 8×8 greyscale image, segment by segment ----

function segment(marker: number, payload: Uint8Array | number[] | string): Uint8Array {
  const body = bytesOf(payload as never);
  return bytesOf([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff], body);
}

/** An EXIF APP1 with a GPS IFD pointing at 50°5′N 14°25′E, as a phone writes it. */
const EXIF = segment(
  0xe1,
  bytesOf(
    "Exif\0\0",
    "MM\0*\0\0\0\x08",
    [0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0x1a],
    "GPSLatitude 50/1 5/1 N GPSLongitude 14/1 25/1 E",
  ),
);
const XMP = segment(
  0xe1,
  "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>50,5N</exif:GPSLatitude></x:xmpmeta>",
);
const IPTC = segment(0xed, "Photoshop 3.0\x008BIM\x04\x04 Byline: Jan Novák");
const COMMENT = segment(0xfe, "Pořízeno v ulici Polní 12");
const MPF = segment(0xe2, "MPF\0 second image with its own Exif");
const JFIF = segment(0xe0, bytesOf("JFIF\0", [1, 1, 0, 0, 1, 0, 1, 0, 0]));
const ICC = segment(0xe2, bytesOf("ICC_PROFILE\0", [1, 1], "fake-profile"));
const DQT = segment(0xdb, bytesOf([0], new Array(64).fill(1)));
const SOF0 = segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
const DHT_DC = segment(0xc4, bytesOf([0x00], [0, 1, ...new Array(14).fill(0)], [0]));
const DHT_AC = segment(0xc4, bytesOf([0x10], [0, 1, ...new Array(14).fill(0)], [0]));
const SOS = segment(0xda, [1, 1, 0, 0, 63, 0]);
/** Scan data with a stuffed 0xFF00 and a restart marker, which are data, not segments. */
const SCAN = [0x00, 0xff, 0x00, 0x3f, 0xff, 0xd0, 0x12];
const EOI = [0xff, 0xd9];

const SOI = [0xff, 0xd8];
const cleanJpeg = bytesOf(SOI, JFIF, ICC, DQT, SOF0, DHT_DC, DHT_AC, SOS, SCAN, EOI);
const photo = bytesOf(
  SOI,
  JFIF,
  EXIF,
  XMP,
  ICC,
  IPTC,
  COMMENT,
  MPF,
  DQT,
  SOF0,
  DHT_DC,
  DHT_AC,
  SOS,
  SCAN,
  EOI,
);

Deno.test("[images] a JPEG loses EXIF with GPS, XMP, IPTC, comments and MPF, keeps the image", () => {
  assert(contains(photo, "GPSLatitude"));
  const result = stripJpegMetadata(photo);
  assert(result.ok);
  assertEquals(result.removed, ["APP1 EXIF", "APP1 XMP", "APP13 IPTC", "COM", "APP2"]);
  assertEquals(result.bytes, cleanJpeg);
  for (const leak of ["GPS", "Exif", "xmpmeta", "Novák", "Polní", "MPF"]) {
    assert(!contains(result.bytes, leak), leak);
  }
});

Deno.test("[images] a JPEG without metadata comes back byte for byte", () => {
  const result = stripImageMetadata(cleanJpeg);
  assert(result.ok);
  assertEquals(result.removed, []);
  assertEquals(result.bytes, cleanJpeg);
});

Deno.test("[images] fill bytes before a marker and a trailer after EOI are handled", () => {
  const padded = bytesOf(SOI, [0xff], EXIF, DQT, SOS, SCAN, EOI, "trailing GPS data");
  const result = stripJpegMetadata(padded);
  assert(result.ok);
  assertEquals(result.removed, ["APP1 EXIF", "trailer"]);
  assertEquals(result.bytes, bytesOf(SOI, DQT, SOS, SCAN, EOI));
});

Deno.test("[images] a truncated or corrupt JPEG is refused, not passed through", () => {
  assertEquals(stripJpegMetadata(photo.subarray(0, 30)), { ok: false, code: "Malformed" });
  const badLength = bytesOf(SOI, [0xff, 0xe1, 0xff, 0xff], "Exif");
  assertEquals(stripJpegMetadata(badLength), { ok: false, code: "Malformed" });
  const garbage = bytesOf(SOI, JFIF, [0x00, 0x01]);
  assertEquals(stripJpegMetadata(garbage), { ok: false, code: "Malformed" });
  const noEnd = bytesOf(SOI, JFIF, DQT, SOS, SCAN);
  assertEquals(stripJpegMetadata(noEnd), { ok: false, code: "Malformed" });
});

// ---- PNG: a real 1×1 image with a correct CRC and a deflated IDAT ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array | number[] | string): Uint8Array {
  const body = bytesOf(type, data as never);
  const out = new Uint8Array(body.length + 8);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length - 4);
  out.set(body, 4);
  view.setUint32(out.length - 4, crc32(body));
  return out;
}
async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(
    new CompressionStream("deflate"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
const IEND = chunk("IEND", []);

Deno.test("[images] a PNG loses tEXt, zTXt, iTXt, eXIf and tIME, keeps its pixels", async () => {
  const IDAT = chunk("IDAT", await deflate(Uint8Array.from([0, 255, 0, 0])));
  const gAMA = chunk("gAMA", [0, 0, 0xb1, 0x8f]);
  const png = bytesOf(
    SIGNATURE,
    IHDR,
    gAMA,
    chunk("tEXt", "Author\0Jan Novák"),
    chunk("zTXt", bytesOf("Comment\0", [0], await deflate(enc.encode("Polní 12")))),
    chunk("iTXt", "XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude>50,5N</exif:GPSLatitude>"),
    chunk("eXIf", bytesOf("MM\0*", "GPSLatitude")),
    chunk("tIME", [0x07, 0xea, 11, 30, 9, 0, 0]),
    IDAT,
    IEND,
  );
  const result = stripPngMetadata(png);
  assert(result.ok);
  assertEquals(result.removed, ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]);
  assertEquals(result.bytes, bytesOf(SIGNATURE, IHDR, gAMA, IDAT, IEND));
  assert(!contains(result.bytes, "GPS") && !contains(result.bytes, "Author"));
});

Deno.test("[images] a PNG without IEND or with a chunk running past the end is refused", () => {
  assertEquals(stripPngMetadata(bytesOf(SIGNATURE, IHDR)), { ok: false, code: "Malformed" });
  const long = chunk("tEXt", "a\0b");
  long[3] = 200;
  assertEquals(stripPngMetadata(bytesOf(SIGNATURE, IHDR, long, IEND)), {
    ok: false,
    code: "Malformed",
  });
});

Deno.test("[images] the format is told by content, and anything else is refused", () => {
  assertEquals(imageFormat(photo), "jpeg");
  assertEquals(imageFormat(bytesOf(SIGNATURE, IHDR, IEND)), "png");
  assertEquals(imageFormat(enc.encode("GIF89a")), null);
  assertEquals(stripImageMetadata(enc.encode("%PDF-1.4")), {
    ok: false,
    code: "UnsupportedFormat",
  });
  assertEquals(stripImageMetadata(new Uint8Array()), { ok: false, code: "UnsupportedFormat" });
});

// ---- GPS position from EXIF ----

Deno.test("[images] the GPS position of a phone's JPEG is read in both byte orders", () => {
  for (const little of [false, true]) {
    const at = readGpsLocation(jpegWithGps(50.0875, 14.4213, little));
    assert(at, `byte order ${little ? "II" : "MM"}`);
    assert(Math.abs(at.latitude - 50.0875) < 1e-6);
    assert(Math.abs(at.longitude - 14.4213) < 1e-6);
  }
  const south = readGpsLocation(jpegWithGps(-33.8568, -70.6483));
  assert(south && south.latitude < -33.85 && south.longitude < -70.64);
});

Deno.test("[images] the GPS position of a PNG's eXIf chunk is read, and stripping removes it", () => {
  const png = bytesOf(SIGNATURE, IHDR, chunk("eXIf", exifTiff(49.5, 16.25)), IEND);
  const at = readGpsLocation(png);
  assert(at && Math.abs(at.latitude - 49.5) < 1e-6 && Math.abs(at.longitude - 16.25) < 1e-6);
  const stripped = stripImageMetadata(png);
  assert(stripped.ok);
  assertEquals(readGpsLocation(stripped.bytes), null);
});

Deno.test("[images] a stripped JPEG has no position and no camera serial left", () => {
  const jpeg = jpegWithGps(50.0875, 14.4213);
  assert(contains(jpeg, "SERIAL-4711"));
  const stripped = stripImageMetadata(jpeg);
  assert(stripped.ok);
  assertEquals(readGpsLocation(stripped.bytes), null);
  assert(!contains(stripped.bytes, "SERIAL-4711"));
});

Deno.test("[images] no EXIF, an EXIF without GPS or a truncated one gives no position", () => {
  assertEquals(readGpsLocation(cleanJpeg), null);
  assertEquals(readGpsLocation(photo), null, "a GPS IFD of text, not rationals");
  const jpeg = jpegWithGps(50, 14);
  for (const cut of [30, 60, 100, 140]) {
    const truncated = bytesOf(jpeg.subarray(0, cut));
    assertEquals(readGpsLocation(truncated), null, `cut at ${cut}`);
  }
  assertEquals(readGpsLocation(new TextEncoder().encode("GIF89a")), null);
});
