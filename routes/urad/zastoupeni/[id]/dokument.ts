/** The clerk opens the document a representative attached; every view is audited. */
import { define } from "../../../../lib/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { assertClerk } from "../../../../lib/auth.ts";
import { appendAudit } from "../../../../db/repositories/audit.ts";
import { findRepresentationDocument } from "../../../../db/repositories/representations.ts";
import { documentResponse } from "../../../../lib/identity/representation_document.ts";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "identity");
    const { tenant, clerk, requestId } = ctx.state;
    const db = getDb();
    const doc = await findRepresentationDocument(db, tenant.id, ctx.params.id);
    if (!doc) throw new HttpError(404);
    await appendAudit(db, {
      tenantId: tenant.id,
      actorType: "clerk",
      actorId: clerk.clerkId,
      action: "representation.document_viewed",
      subjectType: "representation",
      subjectId: doc.id,
      requestId,
      details: { representativeId: doc.representative_id },
    });
    return documentResponse(doc);
  },
});
