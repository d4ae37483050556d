/** The personal account is for signed-in persons of this town only. */
import { define } from "../../lib/http/define.ts";

export const handler = define.middleware((ctx) => {
  if (!ctx.state.person) {
    const next = ctx.url.pathname + ctx.url.search;
    return ctx.redirect(`/prihlaseni?next=${encodeURIComponent(next)}`);
  }
  return ctx.next();
});
