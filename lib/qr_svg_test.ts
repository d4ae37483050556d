/**
 * The QR image decoded back equals the string: the SVG is rendered to pixels (resvg), then read
 * by a QR decoder (jsQR), as a banking app's camera would read the screen.
 */
import { Resvg } from "@resvg/resvg-js";
import jsqr from "jsqr";
import { encode } from "uqr";
import { assert, assertEquals, assertMatch, assertThrows } from "../tests/assert.ts";
import { buildSpayd, parseSpayd, type SpaydPayment } from "../domain/spayd.ts";
import { QR_QUIET_ZONE, qrMatrix, qrSvg } from "./qr_svg.ts";

/** jsqr is CommonJS: Deno's default import is `module.exports`, whose `default` is the function. */
const jsQR = jsqr.default;

/**
 * The text jsQR reads from the SVG rendered `width` pixels wide; by default 4 pixels a module
 * (at a fractional scale, e.g. a version-21 code at exactly 400 px, jsQR misses some codes that
 * it reads at 300 or 500 px: a limit of the decoder, not of the image).
 */
function decode(svg: string, width?: number): string | null {
  const side = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
  const image = new Resvg(svg, { fitTo: { mode: "width", value: width ?? side * 4 } }).render();
  const pixels = new Uint8ClampedArray(image.pixels);
  return jsQR(pixels, image.width, image.height)?.data ?? null;
}

/** The error correction level in the format information of a matrix (ISO/IEC 18004 § 7.9). */
function eccLevel(modules: boolean[][]): string {
  let bits = 0;
  const at = (x: number, y: number) => (modules[y][x] ? 1 : 0);
  for (let i = 0; i <= 5; i++) bits |= at(8, i) << i;
  bits |= at(8, 7) << 6;
  bits |= at(8, 8) << 7;
  bits |= at(7, 8) << 8;
  for (let i = 9; i < 15; i++) bits |= at(14 - i, 8) << i;
  return ["M", "L", "H", "Q"][((bits ^ 0x5412) >> 13) & 3];
}

const base: SpaydPayment = {
  iban: "CZ6508000000192000145399",
  amountHalere: 48050,
  dueDate: "2026-12-31",
  variableSymbol: "2026000123",
};

const cases: { name: string; payment: SpaydPayment }[] = [
  { name: "a plain payment", payment: base },
  {
    name: "Czech diacritics",
    payment: { ...base, message: "Poplatek za psa – Žluťoučký kůň", recipientName: "Obec Lhota" },
  },
  { name: "a star in the message", payment: { ...base, message: "Psi * kočky ** 2026*" } },
  {
    name: "the longest message and name, every letter escaped",
    payment: {
      ...base,
      bic: "GIBACZPX",
      amountHalere: 999_999_999,
      message: "ěščřžýáíéůúťďň".repeat(5),
      recipientName: "Žďár".repeat(10),
      specificSymbol: "9999999999",
      constantSymbol: "0308",
    },
  },
];

for (const { name, payment } of cases) {
  Deno.test(`[qr] the QR Platba of ${name} decodes back to its string`, () => {
    const spayd = buildSpayd(payment, { crc32: true });
    const decoded = decode(qrSvg(spayd, { title: "QR Platba" }));
    assertEquals(decoded, spayd);
    assertEquals(parseSpayd(decoded!), parseSpayd(spayd));
  });
}

Deno.test("[qr] a code still decodes at 220 px, the size the page shows it", () => {
  const spayd = buildSpayd(cases[3].payment, { crc32: true });
  assertEquals(decode(qrSvg(spayd, { size: 220 }), 220), spayd);
});

Deno.test("[qr] the SVG is one path of dark modules on a white square with a 4-module quiet zone", () => {
  const text = "SPD*1.0*ACC:CZ6508000000192000145399*AM:480.50*CC:CZK";
  const svg = qrSvg(text);
  const side = qrMatrix(text).length + 2 * QR_QUIET_ZONE;
  assertMatch(svg, new RegExp(`^<svg [^>]*viewBox="0 0 ${side} ${side}"`));
  assertMatch(svg, /shape-rendering="crispEdges"/);
  assertEquals(svg.match(/<path /g)?.length, 1);
  assertEquals(svg.match(/<rect /g)?.length, 1);
  // No dark module within the quiet zone: every run starts at x, y ≥ 4.
  for (const [, x, y] of svg.matchAll(/M(\d+) (\d+)/g)) {
    assert(Number(x) >= QR_QUIET_ZONE && Number(y) >= QR_QUIET_ZONE, `M${x} ${y}`);
  }
  assert(!/width=|role=/.test(svg.slice(0, svg.indexOf(">"))), "no size, decorative");
  assertMatch(svg, /aria-hidden="true"/);
});

Deno.test("[qr] the code is at error correction level M, as the QR Platba spec recommends", () => {
  const text = buildSpayd(base);
  assertEquals(eccLevel(qrMatrix(text)), "M");
  // The reader reads the level, not a constant: uqr's other levels read back as themselves.
  for (const ecc of ["L", "Q", "H"] as const) {
    assertEquals(eccLevel(encode(text, { ecc, border: 0 }).data), ecc);
  }
});

Deno.test("[qr] the title names the image and is escaped for XML", () => {
  const svg = qrSvg("x", { title: `Platba <b>"A&B"</b> 'x'`, size: 220 });
  assertMatch(svg, /role="img"/);
  assertMatch(svg, /width="220" height="220"/);
  assertMatch(
    svg,
    /<title>Platba &lt;b&gt;&quot;A&amp;B&quot;&lt;\/b&gt; &apos;x&apos;<\/title>/,
  );
  assert(!svg.includes("<b>"));
});

Deno.test("[qr] a size that is not a positive number is refused", () => {
  assertThrows(() => qrSvg("x", { size: Number.NaN }), RangeError);
  assertThrows(() => qrSvg("x", { size: 0 }), RangeError);
});
