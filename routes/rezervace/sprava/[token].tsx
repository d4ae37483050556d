/**
 * `/rezervace/sprava/<token>`: a booking made without an account, by the link in its e-mail
 * (only the token's SHA-256 is stored): move or cancel it until 2 hours before (issue 15).
 */
import { define } from "../../../lib/http/define.ts";
import { manageGet, managePost } from "../../../lib/http/appointment_manage.ts";
import { ManagePage } from "../../../components/appointments/ManagePage.tsx";

export const handler = define.handlers({
  GET: (ctx) => manageGet(ctx, { token: ctx.params.token }),
  POST: (ctx) => managePost(ctx, { token: ctx.params.token }),
});

export default define.page<typeof handler>(({ data, state, url }) => (
  <ManagePage data={data} state={state} url={url} />
));
