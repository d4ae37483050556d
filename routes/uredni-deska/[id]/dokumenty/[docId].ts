/** Download of a notice's attached document, as the office uploaded it. */
import { define } from "../../../../lib/http/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { findDocument, findNotice } from "../../../../db/repositories/notices.ts";
import { contentDisposition } from "../../../../lib/http/download.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const db = getDb();
    const tenantId = ctx.state.tenant.id;
    const notice = await findNotice(db, tenantId, ctx.params.id);
    const visible = notice && (notice.status !== "scheduled" || ctx.state.clerk !== null);
    if (!visible) throw new HttpError(404);
    const doc = await findDocument(db, tenantId, notice.id, ctx.params.docId);
    if (!doc) throw new HttpError(404);
    return new Response(doc.content as BufferSource, {
      headers: {
        "Content-Type": doc.media_type,
        "Content-Length": String(doc.size_bytes),
        "Content-Disposition": contentDisposition(doc.file_name),
        "X-Content-Type-Options": "nosniff",
        // A scheduled notice's document is seen by clerks only: not for any shared cache.
        "Cache-Control": notice.status === "scheduled"
          ? "private, no-store"
          : "public, max-age=300",
        "ETag": `"${doc.sha256}"`,
      },
    });
  },
});
