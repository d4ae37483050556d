/**
 * Switches whom the signed-in person acts for in this session: themselves ("self"), or the
 * party of one of their granted, unexpired representations. Audited with both persons.
 */
import { define } from "../../lib/http/define.ts";
import { safeNext } from "../../lib/http/auth.ts";
import { personActor } from "../../lib/http/identity/actor.ts";
import { switchActingFor } from "../../app/representation.ts";
import { defaultDeps } from "../../app/deps.ts";
import { cleanText } from "../../domain/validation.ts";

export const handler = define.handlers({
  async POST(ctx) {
    const form = await ctx.formData();
    const choice = cleanText(form.get("representation"));
    const next = safeNext(cleanText(form.get("next")), "/ucet");
    const outcome = await switchActingFor(defaultDeps(), personActor(ctx.state), choice);
    // Not granted, expired, withdrawn, or not this person's: nothing changes.
    if (!outcome.ok) return ctx.redirect("/ucet/zastoupeni?prepnuti=nelze#jednat-za");
    return ctx.redirect(next);
  },
});
