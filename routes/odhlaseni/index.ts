/** Sign-out (POST only): revokes this session's server-side row at once and clears the cookie. */
import { deleteCookie } from "hono/cookie";
import { define } from "../../lib/http/define.ts";
import { SESSION_COOKIE } from "../../lib/session.ts";
import { signedInRef } from "../../lib/http/identity/actor.ts";
import { signOut } from "../../app/identity.ts";
import { defaultDeps } from "../../app/deps.ts";

export const handler = define.handlers({
  async POST(ctx) {
    const who = signedInRef(ctx.state);
    if (who) await signOut(defaultDeps(), who);
    deleteCookie(ctx.hono, SESSION_COOKIE, { path: "/", secure: true });
    return ctx.redirect("/");
  },
});
