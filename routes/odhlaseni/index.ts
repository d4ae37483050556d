/** Sign-out (POST only): revokes this session's server-side row at once and clears the cookie. */
import { deleteCookie } from "hono/cookie";
import { define } from "../../lib/define.ts";
import { getDb } from "../../lib/db.ts";
import { revokeSession } from "../../db/repositories/sessions.ts";
import { appendAudit } from "../../db/repositories/audit.ts";
import { SESSION_COOKIE } from "../../lib/session.ts";

export const handler = define.handlers({
  async POST(ctx) {
    const { clerk, person, tenant, requestId } = ctx.state;
    const who = clerk
      ? { actorType: "clerk" as const, actorId: clerk.clerkId, sessionId: clerk.sessionId }
      : person
      ? { actorType: "person" as const, actorId: person.personId, sessionId: person.sessionId }
      : null;
    if (who) {
      const db = getDb();
      await revokeSession(db, tenant.id, who.sessionId);
      await appendAudit(db, {
        tenantId: tenant.id,
        actorType: who.actorType,
        actorId: who.actorId,
        action: "auth.logout",
        requestId,
      });
    }
    deleteCookie(ctx.hono, SESSION_COOKIE, { path: "/", secure: true });
    return ctx.redirect("/");
  },
});
