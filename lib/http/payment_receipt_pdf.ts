/**
 * The receipt of a payment the town received, as a PDF (pdfkit): the town, the payment's number,
 * date, amount, how it was paid, its variable symbol and payer, and what it paid. Set in DejaVu
 * Sans for the Czech diacritics, like the filing receipt (lib/http/receipt_pdf.ts).
 */
import PDFDocument from "pdfkit";
import { Buffer } from "node:buffer";
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

let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

function loadFonts() {
  fonts ??= Promise.all([
    Deno.readFile(new URL("./fonts/DejaVuSans.ttf", import.meta.url)),
    Deno.readFile(new URL("./fonts/DejaVuSans-Bold.ttf", import.meta.url)),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
}

export async function renderPaymentReceiptPdf(r: PaymentReceiptData): Promise<Uint8Array> {
  const { regular, bold } = await loadFonts();
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: { Title: r.title, Author: r.authority, Creator: "Portál občana" },
  });
  doc.registerFont("body", Buffer.from(regular));
  doc.registerFont("bold", Buffer.from(bold));
  const chunks: Uint8Array[] = [];
  doc.on("data", (c: Uint8Array) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));

  doc.font("bold").fontSize(11).text(r.authority);
  doc.font("body").fontSize(9).text(r.address);
  doc.moveDown(1.5);
  doc.font("bold").fontSize(16).text(r.title);
  doc.moveDown();
  for (const f of r.facts) {
    doc.font("bold").fontSize(10).text(`${f.label}: `, { continued: true });
    doc.font("body").text(f.value);
  }
  doc.moveDown();
  doc.font("bold").fontSize(12).text(r.allocationsHeading);
  doc.moveDown(0.3);
  if (r.allocations.length === 0) doc.font("body").fontSize(10).text(r.none);
  for (const line of r.allocations) doc.font("body").fontSize(10).text(`• ${line}`);
  doc.moveDown(2);
  doc.font("body").fontSize(8).fillColor("#555555").text(r.footer);
  doc.end();
  await done;
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
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
