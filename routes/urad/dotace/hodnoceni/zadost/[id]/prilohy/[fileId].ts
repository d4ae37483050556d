/**
 * A committee member downloads a file filed with an application of a call they sit on (issue
 * 14: the member reads the attachments before scoring). 404 for anyone else; audited.
 */
import { define } from "../../../../../../../lib/http/define.ts";
import { HttpError } from "../../../../../../../lib/web/mod.ts";
import { getDb } from "../../../../../../../lib/db.ts";
import { assertClerk } from "../../../../../../../lib/http/auth.ts";
import { isUuid } from "../../../../../../../db/repositories/cases.ts";
import { openCommitteeAttachment } from "../../../../../../../app/grant_committee.ts";
import { attachmentResponse } from "../../../../../../../lib/http/case_files.ts";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state);
    const { tenant, clerk, requestId } = ctx.state;
    if (!isUuid(ctx.params.id) || !isUuid(ctx.params.fileId)) throw new HttpError(404);
    const file = await openCommitteeAttachment(
      { db: getDb() },
      { tenantId: tenant.id, clerkId: clerk.clerkId, roles: clerk.roles, requestId },
      { applicationId: ctx.params.id, fileId: ctx.params.fileId },
    );
    if (!file) throw new HttpError(404);
    return attachmentResponse(file);
  },
});
