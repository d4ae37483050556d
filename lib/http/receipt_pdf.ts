/**
 * The receipt of a filing as a PDF: the town, the reference, the time of filing, what was filed
 * and each attachment's SHA-256 (the frame and fonts: lib/http/pdf.ts).
 */
import { renderPdf } from "./pdf.ts";

export interface ReceiptData {
  authority: string;
  address: string;
  title: string;
  facts: { label: string; value: string }[];
  valuesHeading: string;
  lines: { label: string; value: string; depth: number }[];
  attachmentsHeading: string;
  attachments: { name: string; sha256: string; size: string }[];
  none: string;
  footer: string;
}

export function renderReceiptPdf(r: ReceiptData): Promise<Uint8Array> {
  return renderPdf(r, (doc) => {
    doc.font("bold").fontSize(12).text(r.valuesHeading);
    doc.moveDown(0.3);
    for (const l of r.lines) {
      const indent = 72 * 0.25 * l.depth;
      if (!l.value) {
        doc.font("bold").fontSize(10).text(l.label, { indent });
        continue;
      }
      doc.font("bold").fontSize(10).text(`${l.label}: `, { indent, continued: true });
      doc.font("body").text(l.value);
    }
    doc.moveDown();
    doc.font("bold").fontSize(12).text(r.attachmentsHeading);
    doc.moveDown(0.3);
    if (r.attachments.length === 0) doc.font("body").fontSize(10).text(r.none);
    for (const a of r.attachments) {
      doc.font("body").fontSize(10).text(`${a.name} (${a.size})`);
      doc.font("body").fontSize(8).text(a.sha256);
    }
  });
}
