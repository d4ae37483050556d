/**
 * `/ucet/rezervace/<id>`: one of the signed-in person's bookings (another's is a 404): move or
 * cancel it until 2 hours before (issue 15).
 */
import { define } from "../../../lib/http/define.ts";
import { manageGet, managePost } from "../../../lib/http/appointment_manage.ts";
import { ManagePage } from "../../../components/appointments/ManagePage.tsx";
import type { State } from "../../../lib/state.ts";
import { HttpError } from "../../../lib/web/mod.ts";

function ref(state: State, id: string) {
  if (!state.person) throw new HttpError(401);
  return { personId: state.person.personId, id };
}

export const handler = define.handlers({
  GET: (ctx) => manageGet(ctx, ref(ctx.state, ctx.params.id)),
  POST: (ctx) => managePost(ctx, ref(ctx.state, ctx.params.id)),
});

export default define.page<typeof handler>(({ data, state, url }) => (
  <ManagePage data={data} state={state} url={url} />
));
