/**
 * The receipt of a filing as a PDF (pdfkit): the town, the reference, the time of filing, what
 * was filed and each attachment's SHA-256. Set in DejaVu Sans (Czech diacritics; Bitstream Vera
 * licence, `fonts/LICENSE-DejaVu.txt`), read once from beside this module.
 */
import PDFDocument from "pdfkit";
import { Buffer } from "node:buffer";

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

let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

function loadFonts() {
  fonts ??= Promise.all([
    Deno.readFile(new URL("./fonts/DejaVuSans.ttf", import.meta.url)),
    Deno.readFile(new URL("./fonts/DejaVuSans-Bold.ttf", import.meta.url)),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
}

export async function renderReceiptPdf(r: ReceiptData): Promise<Uint8Array> {
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
