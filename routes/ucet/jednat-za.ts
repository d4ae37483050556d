/**
 * Switches whom the signed-in person acts for in this session: themselves ("self"), or the
 * party of one of their granted, unexpired representations. Audited with both persons.
 */
import { define } from "../../lib/define.ts";
import { getDb } from "../../lib/db.ts";
import { safeNext } from "../../lib/auth.ts";
import { auditActor } from "../../lib/identity/actor.ts";
import { appendAudit } from "../../db/repositories/audit.ts";
import { setActingFor } from "../../db/repositories/sessions.ts";
import { findActiveRepresentation } from "../../db/repositories/representations.ts";
import { onBehalfOfRef } from "../../domain/representation.ts";
import { formatPragueDate } from "../../domain/time.ts";
import { cleanText } from "../../domain/validation.ts";

export const handler = define.handlers({
  async POST(ctx) {
    const { tenant, person, requestId } = ctx.state;
    const form = await ctx.formData();
    const choice = cleanText(form.get("representation"));
    const next = safeNext(cleanText(form.get("next")), "/ucet");
    const db = getDb();
    const actor = auditActor(ctx.state);
    const from = person!.actingFor?.representationId ?? null;

    if (choice === "self") {
      await setActingFor(db, tenant.id, person!.sessionId, null);
      await appendAudit(db, {
        ...actor,
        tenantId: tenant.id,
        onBehalfOf: null,
        action: "representation.switched",
        subjectType: from ? "representation" : null,
        subjectId: from,
        requestId,
        details: { from, to: null },
      });
      return ctx.redirect(next);
    }

    const representation = await findActiveRepresentation(
      db,
      tenant.id,
      choice,
      person!.personId,
      formatPragueDate(new Date()),
    );
    if (!representation) {
      // Not granted, expired, withdrawn, or not this person's: nothing changes.
      return ctx.redirect("/ucet/zastoupeni?prepnuti=nelze#jednat-za");
    }
    await setActingFor(db, tenant.id, person!.sessionId, representation.id);
    await appendAudit(db, {
      ...actor,
      tenantId: tenant.id,
      onBehalfOf: onBehalfOfRef(representation),
      action: "representation.switched",
      subjectType: "representation",
      subjectId: representation.id,
      requestId,
      details: { from, to: representation.id },
    });
    return ctx.redirect(next);
  },
});
