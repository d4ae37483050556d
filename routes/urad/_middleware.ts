/**
 * The clerk workspace is for signed-in clerks of this town only; a clerk whose password the
 * administrator set changes it first (`/urad/heslo`), before any other page of the workspace.
 */
import { define } from "../../lib/http/define.ts";

const PASSWORD_PAGE = "/urad/heslo";

export const handler = define.middleware((ctx) => {
  if (!ctx.state.clerk) {
    const next = ctx.url.pathname + ctx.url.search;
    return ctx.redirect(`/prihlaseni?next=${encodeURIComponent(next)}`);
  }
  if (ctx.state.clerk.mustChangePassword && ctx.url.pathname !== PASSWORD_PAGE) {
    return ctx.redirect(PASSWORD_PAGE);
  }
  ctx.state.title ??= ctx.state.t("office.title");
  return ctx.next();
});
