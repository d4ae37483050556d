/**
 * The receipt of a payment the town received, as a PDF: the town, the payment's number, date,
 * amount, how it was paid, its variable symbol and payer, and what it paid (the frame and fonts:
 * lib/http/pdf.ts, like the filing receipt).
 */
import { renderPdf } from "./pdf.ts";
import { contentDisposition } from "./download.ts";

export interface PaymentReceiptData {
  authority: string;
  address: string;
  title: string;
  facts: { label: string; value: string }[];
  allocationsHeading: string;
  allocations: string[];
  none: string;
  footer: string;
}

export function renderPaymentReceiptPdf(r: PaymentReceiptData): Promise<Uint8Array> {
  return renderPdf(r, (doc) => {
    doc.font("bold").fontSize(12).text(r.allocationsHeading);
    doc.moveDown(0.3);
    if (r.allocations.length === 0) doc.font("body").fontSize(10).text(r.none);
    for (const line of r.allocations) doc.font("body").fontSize(10).text(`• ${line}`);
  });
}

/** The PDF as a private download with a safe ASCII file name. */
export function pdfDownload(pdf: Uint8Array, fileName: string): Response {
  return new Response(pdf as BufferSource, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.byteLength),
      "Content-Disposition": contentDisposition(fileName.replace(/[^A-Za-z0-9.-]/g, "-")),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
