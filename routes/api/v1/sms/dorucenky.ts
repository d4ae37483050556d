/**
 * `POST /api/v1/sms/dorucenky`: the SMS gateway's delivery receipts (lib/sms_gateway.ts), JSON
 * `{ id, status: "delivered" | "failed", error?, at }`. No session and no CSRF token (exempt in
 * lib/http/csrf.ts for exactly this path): the gateway's HMAC signature over the timestamp and
 * the body, with SMS_GATEWAY_SECRET, is the authentication. A missing, bad or stale signature
 * is a 401 and a log line naming no one; a signed receipt for an id the town never sent is a
 * 200 and ignored (app/sms_receipts.ts); a signed body that is not a receipt is a 400.
 */
import { define } from "../../../../lib/http/define.ts";
import { getDb } from "../../../../lib/db.ts";
import { config } from "../../../../lib/config.ts";
import { log } from "../../../../lib/log.ts";
import { checkGatewaySignature, parseDeliveryReceipt } from "../../../../lib/sms_gateway.ts";
import { recordDeliveryReceipt } from "../../../../app/sms_receipts.ts";
import { problem } from "../me/_middleware.ts";

/** A receipt is a few hundred bytes; anything much larger is not one. */
const MAX_BODY = 8 * 1024;

function ok(outcome: string): Response {
  return new Response(JSON.stringify({ ok: true, outcome }), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export const handler = define.handlers({
  async POST(ctx) {
    const length = Number(ctx.req.headers.get("content-length") ?? 0);
    if (length > MAX_BODY) return problem(413, "smsReceipt");
    const body = await ctx.req.text();
    if (body.length > MAX_BODY) return problem(413, "smsReceipt");
    const check = checkGatewaySignature(config().smsGatewaySecret, ctx.req.headers, body);
    if (check !== "ok") {
      log.warn("sms receipt refused", { tenant: ctx.state.tenant.slug, reason: check });
      return problem(401, "smsSignature");
    }
    const receipt = parseDeliveryReceipt(body);
    if (!receipt) return problem(400, "smsReceipt");
    const outcome = await recordDeliveryReceipt(getDb(), ctx.state.tenant.id, receipt);
    return ok(outcome);
  },
});
