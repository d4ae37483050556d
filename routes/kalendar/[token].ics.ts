/**
 * `/kalendar/<token>.ics`: a citizen's private feed of due dates for calendar apps (RFC 5545).
 * No session: the random token in the address is the credential; a malformed, unknown or
 * revoked token, or one of another town (the host decides the town), is a 404.
 */
import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { defaultDeps } from "../../app/deps.ts";
import { calendarFeed } from "../../app/calendar.ts";
import { tenantOrigin } from "../../lib/http/tenant.ts";
import { translator } from "../../lib/i18n.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant } = ctx.state;
    const origin = tenantOrigin(tenant);
    // Czech: a calendar app sends no useful language, and the text should not change with it.
    const ics = await calendarFeed(
      defaultDeps(),
      tenant,
      ctx.params.token,
      { host: new URL(origin).hostname, origin },
      translator("cs"),
    );
    if (ics === null) throw new HttpError(404);
    return new Response(ics, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Cache-Control": "private, no-store",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
});
