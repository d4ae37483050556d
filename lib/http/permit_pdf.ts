/**
 * The public-space occupation permit as a PDF (issue 15): the town's letterhead, the permit's
 * number, the holder, the place, area, purpose and dates, the fee paid, and the conditions
 * (the frame and fonts: lib/http/pdf.ts).
 */
import { renderPdf } from "./pdf.ts";
import { contentDisposition } from "./download.ts";

export interface PermitData {
  authority: string;
  address: string;
  title: string;
  facts: { label: string; value: string }[];
  conditionsHeading: string;
  conditions: string[];
  footer: string;
  fileName: string;
}

export async function permitResponse(p: PermitData): Promise<Response> {
  const pdf = await renderPdf(p, (doc) => {
    doc.font("bold").fontSize(12).text(p.conditionsHeading);
    doc.moveDown(0.3);
    for (const c of p.conditions) doc.font("body").fontSize(10).text(`• ${c}`);
  });
  return new Response(pdf as BufferSource, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.byteLength),
      "Content-Disposition": contentDisposition(p.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
