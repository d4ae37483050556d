/**
 * QR Platba of a payment: the code a banking app scans, a caption that says so, and the same
 * string as text to copy.
 * `spayd` comes from `buildSpayd` (domain/spayd.ts); the SVG is built here by lib/qr_svg.ts from
 * that string, with the title escaped, so inserting it as markup is safe.
 */
import type { Translate } from "../../lib/state.ts";
import { qrSvg } from "../../lib/qr_svg.ts";

export interface QrPlatbaProps {
  /** The QR Platba (SPAYD) string. */
  spayd: string;
  t: Translate;
  /** Accessible name of the image, e.g. "QR Platba: poplatek ze psa 2026, 480,50 Kč". */
  label?: string;
}

export function QrPlatba({ spayd, t, label }: QrPlatbaProps) {
  const svg = qrSvg(spayd, { title: label ?? t("qr.imageLabel") });
  return (
    <figure class="qr-platba">
      <div class="qr-platba__code" dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption class="qr-platba__caption">{t("qr.caption")}</figcaption>
      <details class="qr-platba__text">
        <summary>{t("qr.showText")}</summary>
        <p>{t("qr.textHint")}</p>
        <code>{spayd}</code>
      </details>
    </figure>
  );
}
