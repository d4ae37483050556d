/**
 * Generated photos for tests: a tiny JPEG whose EXIF carries a GPS position (and a camera
 * serial), the way a phone writes it, in either byte order.
 */

function tiffWithGps(lat: number, lon: number, little: boolean): Uint8Array {
  const out = new Uint8Array(128 + 32);
  const v = new DataView(out.buffer);
  const u16 = (o: number, x: number) => v.setUint16(o, x, little);
  const u32 = (o: number, x: number) => v.setUint32(o, x, little);
  out.set(little ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  u16(2, 42);
  u32(4, 8);
  // IFD0: one entry, the GPS IFD pointer.
  u16(8, 1);
  u16(10, 0x8825);
  u16(12, 4);
  u32(14, 1);
  u32(18, 26);
  u32(22, 0);
  // GPS IFD at 26: four entries, then the rationals at 80 and 104.
  u16(26, 4);
  const entry = (i: number, tag: number, type: number, count: number) => {
    const e = 28 + i * 12;
    u16(e, tag);
    u16(e + 2, type);
    u32(e + 4, count);
    return e + 8;
  };
  out.set([lat < 0 ? 0x53 : 0x4e, 0], entry(0, 1, 2, 2));
  u32(entry(1, 2, 5, 3), 80);
  out.set([lon < 0 ? 0x57 : 0x45, 0], entry(2, 3, 2, 2));
  u32(entry(3, 4, 5, 3), 104);
  u32(76, 0);
  const dms = (at: number, deg: number) => {
    const a = Math.abs(deg);
    const d = Math.floor(a);
    const m = Math.floor((a - d) * 60);
    const s = Math.round(((a - d) * 60 - m) * 60 * 10000);
    const values = [d, 1, m, 1, s, 10000];
    for (const [k, x] of values.entries()) u32(at + k * 4, x);
  };
  dms(80, lat);
  dms(104, lon);
  out.set(new TextEncoder().encode("SERIAL-4711-CAMERA"), 128);
  return out;
}

function segment(marker: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 4);
  out.set([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
  out.set(body, 4);
  return out;
}

const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** The EXIF TIFF block alone (for a PNG eXIf chunk). */
export function exifTiff(lat: number, lon: number, little = false): Uint8Array {
  return tiffWithGps(lat, lon, little);
}

/** A baseline 8×8 greyscale JPEG with an EXIF APP1 that holds a GPS position. */
export function jpegWithGps(lat: number, lon: number, little = false): Uint8Array {
  const exif = join(new TextEncoder().encode("Exif\0\0"), tiffWithGps(lat, lon, little));
  const jfif = Uint8Array.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const dqt = Uint8Array.from([0, ...new Array(64).fill(1)]);
  const sof = Uint8Array.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
  const dht = (c: number) => Uint8Array.from([c, 0, 1, ...new Array(14).fill(0), 0]);
  const sos = Uint8Array.from([1, 1, 0, 0, 63, 0]);
  return join(
    Uint8Array.from([0xff, 0xd8]),
    segment(0xe0, jfif),
    segment(0xe1, exif),
    segment(0xdb, dqt),
    segment(0xc0, sof),
    segment(0xc4, dht(0x00)),
    segment(0xc4, dht(0x10)),
    segment(0xda, sos),
    Uint8Array.from([0x00, 0x3f, 0xff, 0xd9]),
  );
}
