/**
 * The portal's PDF documents (pdfkit): A4, set in DejaVu Sans for the Czech diacritics (Bitstream
 * Vera licence, `fonts/LICENSE-DejaVu.txt`; the fonts are read once from beside this module),
 * with the town's letterhead, a title, facts as "label: value" lines and a grey footer. Each
 * document only draws its own body (`lib/http/receipt_pdf.ts`, `lib/http/payment_receipt_pdf.ts`).
 */
import PDFDocument from "pdfkit";
import { Buffer } from "node:buffer";

let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

function loadFonts() {
  fonts ??= Promise.all([
    Deno.readFile(new URL("./fonts/DejaVuSans.ttf", import.meta.url)),
    Deno.readFile(new URL("./fonts/DejaVuSans-Bold.ttf", import.meta.url)),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
}

export interface PdfFrame {
  authority: string;
  address: string;
  title: string;
  facts: { label: string; value: string }[];
  footer: string;
}

/** The letterhead, title and facts; then `body`; then the footer. Returns the PDF's bytes. */
export async function renderPdf(
  frame: PdfFrame,
  body: (doc: PDFKit.PDFDocument) => void,
): Promise<Uint8Array> {
  const { regular, bold } = await loadFonts();
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: { Title: frame.title, Author: frame.authority, Creator: "Portál občana" },
  });
  doc.registerFont("body", Buffer.from(regular));
  doc.registerFont("bold", Buffer.from(bold));
  const chunks: Uint8Array[] = [];
  doc.on("data", (c: Uint8Array) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));

  doc.font("bold").fontSize(11).text(frame.authority);
  doc.font("body").fontSize(9).text(frame.address);
  doc.moveDown(1.5);
  doc.font("bold").fontSize(16).text(frame.title);
  doc.moveDown();
  for (const f of frame.facts) {
    doc.font("bold").fontSize(10).text(`${f.label}: `, { continued: true });
    doc.font("body").text(f.value);
  }
  doc.moveDown();
  body(doc);
  doc.moveDown(2);
  doc.font("body").fontSize(8).fillColor("#555555").text(frame.footer);
  doc.end();
  await done;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
