/** "Log out everywhere" (POST only): revokes every live session of this account, this one too. */
import { deleteCookie } from "hono/cookie";
import { define } from "../../lib/http/define.ts";
import { SESSION_COOKIE } from "../../lib/session.ts";
import { signedInRef } from "../../lib/http/identity/actor.ts";
import { signOutEverywhere } from "../../app/identity.ts";
import { defaultDeps } from "../../app/deps.ts";

export const handler = define.handlers({
  async POST(ctx) {
    const who = signedInRef(ctx.state);
    if (who) await signOutEverywhere(defaultDeps(), who);
    deleteCookie(ctx.hono, SESSION_COOKIE, { path: "/", secure: true });
    return ctx.redirect("/prihlaseni?odhlaseno=vsude");
  },
});
