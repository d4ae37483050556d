/**
 * A QR code as a small inline SVG: one `<path>` of the dark modules on a white square, a quiet
 * zone of 4 modules (ISO/IEC 18004), error correction level M — what the QR Platba
 * specification recommends for print ("úroveň kontroly chyb M", 15 % recoverable). Shared by
 * the web pages and documents (no Deno or Node APIs); the text is encoded by `uqr` (byte mode in
 * UTF-8, or alphanumeric mode when the text allows it).
 */
import { encode } from "uqr";

/** Light modules around the code, in modules. */
export const QR_QUIET_ZONE = 4;

/**
 * The modules of the QR code of `text` at level M, without the quiet zone: `true` is dark.
 * Throws a RangeError when the text does not fit a QR code.
 */
export function qrMatrix(text: string): boolean[][] {
  return encode(text, { ecc: "M", border: 0 }).data;
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]);
}

/**
 * The SVG markup of the QR code of `text`. One user unit is one module, so the drawing scales
 * to any size; `size` sets `width` and `height` in pixels (without it the SVG fills the width
 * its container gives it). With a `title` the image is `role="img"` named by its `<title>`;
 * without one it is decorative (`aria-hidden`), for a caption that says the same.
 */
export function qrSvg(text: string, opts: { size?: number; title?: string } = {}): string {
  if (opts.size !== undefined && !(Number.isFinite(opts.size) && opts.size > 0)) {
    throw new RangeError(`QR size must be a positive number, got ${opts.size}`);
  }
  const modules = qrMatrix(text);
  const side = modules.length + 2 * QR_QUIET_ZONE;
  let d = "";
  modules.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      d += `M${start + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h${x - start}v1h-${x - start}z`;
    }
  });
  const size = opts.size !== undefined ? ` width="${opts.size}" height="${opts.size}"` : "";
  const a11y = opts.title !== undefined ? ` role="img"` : ` aria-hidden="true"`;
  const title = opts.title !== undefined ? `<title>${escapeXml(opts.title)}</title>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}"${size}${a11y}` +
    ` shape-rendering="crispEdges">${title}<rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path fill="#000" d="${d}"/></svg>`;
}
