/** Download of a file the person filed with their case (theirs only: another's is a 404). */
import { define } from "../../../../../lib/http/define.ts";
import { HttpError } from "../../../../../lib/web/mod.ts";
import { getDb } from "../../../../../lib/db.ts";
import { personActor } from "../../../../../lib/http/identity/actor.ts";
import { findPersonCase, isUuid } from "../../../../../db/repositories/cases.ts";
import { findCaseAttachment } from "../../../../../db/repositories/attachments.ts";
import { attachmentResponse } from "../../../../../lib/http/case_files.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const actor = personActor(ctx.state);
    const db = getDb();
    const c = await findPersonCase(db, actor.tenantId, actor.personId, ctx.params.id);
    if (!c || !isUuid(ctx.params.fileId)) throw new HttpError(404);
    const file = await findCaseAttachment(db, actor.tenantId, c.id, ctx.params.fileId);
    if (!file) throw new HttpError(404);
    return attachmentResponse(file);
  },
});
