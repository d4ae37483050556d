/** A broadcast's delivery counts as JSON, for the report's live table (private, no-store). */
import { define } from "../../../../lib/http/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { broadcastProgress } from "../../../../app/broadcasts.ts";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "messages");
    const progress = await broadcastProgress(getDb(), ctx.state.tenant.id, ctx.params.id);
    if (!progress) throw new HttpError(404);
    return Response.json(progress);
  },
});
