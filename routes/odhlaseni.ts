/** Sign-out (POST only): revokes the server-side session at once and clears the cookie. */
import { deleteCookie } from "hono/cookie";
import { define } from "../lib/define.ts";
import { getDb } from "../lib/db.ts";
import { revokeSession } from "../db/repositories/sessions.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { SESSION_COOKIE } from "../lib/session.ts";

export const handler = define.handlers({
  async POST(ctx) {
    const { clerk, tenant } = ctx.state;
    if (clerk) {
      const db = getDb();
      await revokeSession(db, tenant.id, clerk.sessionId);
      await appendAudit(db, {
        tenantId: tenant.id,
        actorType: "clerk",
        actorId: clerk.clerkId,
        action: "auth.logout",
        requestId: ctx.state.requestId,
      });
    }
    deleteCookie(ctx.hono, SESSION_COOKIE, { path: "/", secure: true });
    return ctx.redirect("/");
  },
});
