/**
 * The representative withdraws a request the office has not decided yet. A granted or refused
 * one stays as it is; someone else's is not found.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { withdrawRepresentation } from "../../../../app/representation.ts";
import { defaultDeps } from "../../../../app/deps.ts";

export const handler = define.handlers({
  async POST(ctx) {
    const outcome = await withdrawRepresentation(
      defaultDeps(),
      personActor(ctx.state),
      ctx.params.id,
    );
    if (outcome.ok) return ctx.redirect("/ucet/zastoupeni?stazeno=1");
    if (outcome.code === "notFound") throw new HttpError(404);
    return ctx.redirect("/ucet/zastoupeni?rozhodnuto=1");
  },
});
