/**
 * Autosave of a form's draft (POST only, answered 204): the island posts the form's fields every
 * few seconds; the form page resumes the draft on any device. Signed-in persons only, CSRF
 * checked by the platform, rate-limited per person.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { enforce } from "../../../lib/http/ratelimit.ts";
import { RATE_LIMITS, rateLimiter } from "../../../lib/http/ratelimit_backend.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { saveDraft } from "../../../app/drafts.ts";
import { defaultCaseForms } from "../../../app/case_forms.ts";
import { parseSubmission } from "../../../domain/forms/mod.ts";

const perPerson = rateLimiter("draft-autosave", RATE_LIMITS.formPost);

export const handler = define.handlers({
  async POST(ctx) {
    if (!ctx.state.person) throw new HttpError(401);
    const actor = personActor(ctx.state);
    await enforce(perPerson, `${actor.tenantId}:${actor.personId}`, ctx);
    const form = defaultCaseForms(ctx.params.slug);
    if (!form) throw new HttpError(404);
    const data = await ctx.formData();
    let values: Record<string, unknown>;
    let step = 0;
    if (form.definition) {
      const parsed = parseSubmission(form.definition, data);
      if (!parsed.ok) throw new HttpError(413);
      values = parsed.values;
      step = parsed.step ?? 0;
    } else {
      values = {};
      for (const [k, v] of data) if (typeof v === "string" && !k.startsWith("_")) values[k] = v;
    }
    const saved = await saveDraft({ db: getDb(), now: () => new Date() }, actor, {
      slug: ctx.params.slug,
      values,
      step,
    });
    if (!saved.ok) throw new HttpError(saved.code === "tooLarge" ? 413 : 404);
    return new Response(null, { status: 204 });
  },
});
