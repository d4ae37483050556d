/** A clerk downloads a file filed with a case of their agendas (audited: personal data). */
import { define } from "../../../../../lib/http/define.ts";
import { HttpError } from "../../../../../lib/web/mod.ts";
import { getDb } from "../../../../../lib/db.ts";
import { assertClerk } from "../../../../../lib/http/auth.ts";
import { findCase, isUuid } from "../../../../../db/repositories/cases.ts";
import { findCaseAttachment } from "../../../../../db/repositories/attachments.ts";
import { appendAudit } from "../../../../../db/repositories/audit.ts";
import { mayWorkAgenda } from "../../../../../domain/cases.ts";
import { attachmentResponse } from "../../../../../lib/http/case_files.ts";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state);
    const { tenant, clerk, requestId } = ctx.state;
    const db = getDb();
    const c = await findCase(db, tenant.id, ctx.params.id);
    if (!c || !mayWorkAgenda(clerk.roles, c.agenda) || !isUuid(ctx.params.fileId)) {
      throw new HttpError(404);
    }
    const file = await findCaseAttachment(db, tenant.id, c.id, ctx.params.fileId);
    if (!file) throw new HttpError(404);
    await appendAudit(db, {
      tenantId: tenant.id,
      actorType: "clerk",
      actorId: clerk.clerkId,
      action: "case.attachment_downloaded",
      subjectType: "case",
      subjectId: c.id,
      requestId,
      details: { attachmentId: file.id, personId: c.person_id },
    });
    return attachmentResponse(file);
  },
});
