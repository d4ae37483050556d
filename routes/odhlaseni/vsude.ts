/** "Log out everywhere" (POST only): revokes every live session of this account, this one too. */
import { deleteCookie } from "hono/cookie";
import { define } from "../../lib/define.ts";
import { getDb } from "../../lib/db.ts";
import { revokeAllSessions } from "../../db/repositories/sessions.ts";
import { appendAudit } from "../../db/repositories/audit.ts";
import { SESSION_COOKIE } from "../../lib/session.ts";

export const handler = define.handlers({
  async POST(ctx) {
    const { clerk, person, tenant, requestId } = ctx.state;
    if (clerk || person) {
      const db = getDb();
      const revoked = await revokeAllSessions(
        db,
        tenant.id,
        clerk ? { clerkId: clerk.clerkId } : { personId: person!.personId },
      );
      await appendAudit(db, {
        tenantId: tenant.id,
        actorType: clerk ? "clerk" : "person",
        actorId: clerk?.clerkId ?? person!.personId,
        action: "auth.logout_everywhere",
        requestId,
        details: { sessions: revoked },
      });
    }
    deleteCookie(ctx.hono, SESSION_COOKIE, { path: "/", secure: true });
    return ctx.redirect("/prihlaseni?odhlaseno=vsude");
  },
});
