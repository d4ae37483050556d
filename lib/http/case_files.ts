/** Responses carrying a case's files: a download, and the receipt PDF. */
import { contentDisposition } from "./download.ts";
import type { AttachmentRow, CaseRow } from "../../db/schema.ts";
import type { Tenant, Translate } from "../state.ts";
import type { FormDefinition } from "../../domain/forms/mod.ts";
import { filedLines } from "../../domain/forms/filed.ts";
import { formatPragueDateTime } from "../../domain/time.ts";
import { renderReceiptPdf } from "./receipt_pdf.ts";

export function attachmentResponse(
  file: Pick<AttachmentRow, "content" | "media_type" | "size_bytes" | "file_name" | "sha256">,
): Response {
  return new Response(file.content as BufferSource, {
    headers: {
      "Content-Type": file.media_type,
      "Content-Length": String(file.size_bytes),
      "Content-Disposition": contentDisposition(file.file_name),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "ETag": `"${file.sha256}"`,
    },
  });
}

/** The receipt of a filing: reference, time, what was filed, the files' SHA-256. */
export async function receiptResponse(
  c: CaseRow,
  files: readonly Pick<AttachmentRow, "file_name" | "sha256" | "size_bytes">[],
  ctx: { tenant: Tenant; t: Translate; definition?: FormDefinition; filer: string },
): Promise<Response> {
  const { t } = ctx;
  const formKey = `cases.forms.${c.form_slug}`;
  const pdf = await renderReceiptPdf({
    authority: ctx.tenant.officialName,
    address: ctx.tenant.address,
    title: t("cases.pdf.title"),
    facts: [
      { label: t("cases.pdf.reference"), value: c.reference },
      { label: t("cases.pdf.filedAt"), value: formatPragueDateTime(c.created_at) },
      { label: t("cases.pdf.form"), value: t(formKey) === formKey ? c.form_slug : t(formKey) },
      { label: t("cases.pdf.filer"), value: ctx.filer },
    ],
    valuesHeading: t("cases.pdf.values"),
    lines: filedLines(c.values, ctx.definition, t),
    attachmentsHeading: t("cases.pdf.attachments"),
    attachments: files.map((f) => ({
      name: f.file_name,
      sha256: f.sha256,
      size: `${f.size_bytes} B`,
    })),
    none: t("cases.pdf.none"),
    footer: t("cases.pdf.footer"),
  });
  return new Response(pdf as BufferSource, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.byteLength),
      "Content-Disposition": contentDisposition(
        `potvrzeni-${c.reference.replace(/[^A-Za-z0-9-]/g, "-")}.pdf`,
      ),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
