/**
 * `POST /api/v1/sms/prichozi`: an SMS a resident sent to the town's number, forwarded by the SMS
 * gateway (lib/sms_gateway.ts), JSON `{ from, text, at? }`. The keyword STOP or ODHLÁSIT
 * withdraws that number's subscription in this town (app/subscriptions.ts
 * `unsubscribeBySmsKeyword`, consent event `sms_keyword`); any other text is answered 200 and
 * ignored. No session and no CSRF token (exempt in lib/http/csrf.ts for exactly this path): the
 * gateway's HMAC signature is the authentication; a missing, bad or stale one is a 401 and a log
 * line naming no one.
 */
import { define } from "../../../../lib/http/define.ts";
import { config } from "../../../../lib/config.ts";
import { log } from "../../../../lib/log.ts";
import { checkGatewaySignature, parseInboundSms } from "../../../../lib/sms_gateway.ts";
import { unsubscribeBySmsKeyword } from "../../../../app/subscriptions.ts";
import { problem } from "../me/_middleware.ts";

const MAX_BODY = 8 * 1024;

export const handler = define.handlers({
  async POST(ctx) {
    if (Number(ctx.req.headers.get("content-length") ?? 0) > MAX_BODY) {
      return problem(413, "smsInbound");
    }
    const body = await ctx.req.text();
    if (body.length > MAX_BODY) return problem(413, "smsInbound");
    const check = checkGatewaySignature(config().smsGatewaySecret, ctx.req.headers, body);
    if (check !== "ok") {
      log.warn("inbound sms refused", { tenant: ctx.state.tenant.slug, reason: check });
      return problem(401, "smsSignature");
    }
    const sms = parseInboundSms(body);
    if (!sms) return problem(400, "smsInbound");
    const outcome = await unsubscribeBySmsKeyword(ctx.state.tenant.id, sms.from, sms.text);
    log.info("inbound sms", { tenant: ctx.state.tenant.slug, outcome });
    return new Response(JSON.stringify({ ok: true, outcome }), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    });
  },
});
