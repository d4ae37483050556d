/**
 * The grant contract's files (issue 14): the same content (domain/grant_awards.ts
 * `contractContent`) as a Word document (docx) and a PDF (pdfkit, DejaVu Sans for the Czech
 * letters, the portal's letterhead: lib/http/pdf.ts). The use case stores both with the pdf's
 * sha256; the applicant downloads them from "Moje dotace".
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import type { ContractContent } from "../../domain/grant_awards.ts";
import { renderPdf } from "./pdf.ts";

export interface ContractProvider {
  name: string;
  address: string;
}

export async function renderContractDocx(
  c: ContractContent,
  provider: ContractProvider,
): Promise<Uint8Array> {
  const children: Paragraph[] = [
    new Paragraph({ children: [new TextRun({ text: provider.name, bold: true })] }),
    new Paragraph({ text: provider.address }),
    new Paragraph({ text: c.title, heading: HeadingLevel.TITLE }),
    new Paragraph({ children: [new TextRun({ text: `Číslo smlouvy: ${c.number}`, bold: true })] }),
  ];
  for (const s of c.sections) {
    children.push(new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_2 }));
    for (const p of s.paragraphs) children.push(new Paragraph({ text: p }));
  }
  const doc = new Document({
    creator: "Portál občana",
    title: `${c.title} ${c.number}`,
    sections: [{ children }],
  });
  const buf = await Packer.toBuffer(doc);
  return new Uint8Array(buf);
}

export async function renderContractPdf(
  c: ContractContent,
  provider: ContractProvider,
): Promise<Uint8Array> {
  return await renderPdf({
    authority: provider.name,
    address: provider.address,
    title: c.title,
    facts: [{ label: "Číslo smlouvy", value: c.number }],
    footer: "Vytvořeno v Portálu občana. Smlouva je uzavřena potvrzením příjemce.",
  }, (doc) => {
    // The number in the document's metadata too (ASCII, so a search of the file finds it).
    doc.info.Subject = c.number;
    for (const s of c.sections) {
      doc.moveDown(0.6);
      doc.font("bold").fontSize(11).fillColor("#000000").text(s.heading);
      doc.moveDown(0.2);
      for (const p of s.paragraphs) doc.font("body").fontSize(10).text(p, { align: "left" });
    }
  });
}

/** Both files, for the use case (`prepareContract`). */
export async function renderContractFiles(
  c: ContractContent,
  provider: ContractProvider,
): Promise<{ docx: Uint8Array; pdf: Uint8Array }> {
  const [docx, pdf] = await Promise.all([
    renderContractDocx(c, provider),
    renderContractPdf(c, provider),
  ]);
  return { docx, pdf };
}

/** The contract file as an attachment named by its number (ASCII). */
export function contractDownload(
  f: { number: string; bytes: Uint8Array },
  format: "pdf" | "docx",
): Response {
  const name = `smlouva-${f.number.replace(/[^A-Za-z0-9-]+/g, "-")}.${format}`;
  return new Response(f.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": format === "pdf"
        ? "application/pdf"
        : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
