/**
 * The representative withdraws a request the office has not decided yet. A granted or refused
 * one stays as it is; someone else's is not found.
 */
import { define } from "../../../../lib/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { auditActor } from "../../../../lib/identity/actor.ts";
import { appendAudit } from "../../../../db/repositories/audit.ts";
import {
  findForRepresentative,
  withdrawRequest,
} from "../../../../db/repositories/representations.ts";

export const handler = define.handlers({
  async POST(ctx) {
    const { tenant, person, requestId } = ctx.state;
    const db = getDb();
    const own = await findForRepresentative(db, tenant.id, ctx.params.id, person!.personId);
    if (!own) throw new HttpError(404);
    if (!(await withdrawRequest(db, tenant.id, own.id, person!.personId))) {
      return ctx.redirect("/ucet/zastoupeni?rozhodnuto=1");
    }
    await appendAudit(db, {
      ...auditActor(ctx.state),
      tenantId: tenant.id,
      action: "representation.withdrawn",
      subjectType: "representation",
      subjectId: own.id,
      requestId,
    });
    return ctx.redirect("/ucet/zastoupeni?stazeno=1");
  },
});
