/** The clerk workspace is for signed-in clerks of this town only. */
import { define } from "../../lib/http/define.ts";

export const handler = define.middleware((ctx) => {
  if (!ctx.state.clerk) {
    const next = ctx.url.pathname + ctx.url.search;
    return ctx.redirect(`/prihlaseni?next=${encodeURIComponent(next)}`);
  }
  ctx.state.title ??= ctx.state.t("office.title");
  return ctx.next();
});
