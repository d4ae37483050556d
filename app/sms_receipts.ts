/**
 * A delivery receipt from the SMS gateway (`POST /api/v1/sms/dorucenky`, signed: see
 * lib/sms_gateway.ts): the message it names (an outbox message `m-<uuid>` or a broadcast
 * recipient `b-<n>`, domain/messaging.ts) becomes delivered or failed, in this town only and
 * only forward — a message delivered stays delivered, a failed one is not revived, and a
 * receipt for an id this town never sent is ignored (the gateway is told 200 all the same, so
 * it stops repeating it).
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { parseGatewayMessageId } from "../domain/messaging.ts";
import type { DeliveryReceipt } from "../lib/sms_gateway.ts";

export type ReceiptOutcome = "recorded" | "unchanged" | "unknown";

export async function recordDeliveryReceipt(
  db: Kysely<Database>,
  tenantId: string,
  receipt: DeliveryReceipt,
): Promise<ReceiptOutcome> {
  const ref = parseGatewayMessageId(receipt.id);
  if (!ref) return "unknown";
  const delivered = receipt.status === "delivered";
  const error = delivered ? null : receipt.error ?? "SMS gateway: not delivered";
  if (ref.table === "outbox_messages") {
    const res = await db.updateTable("outbox_messages").set({
      status: receipt.status,
      ...(delivered ? { delivered_at: receipt.at } : { failed_at: receipt.at, error }),
    }).where("tenant_id", "=", tenantId).where("id", "=", ref.id).where("channel", "=", "sms")
      .where("status", "in", ["queued", "sent"]).executeTakeFirst();
    if (res.numUpdatedRows > 0n) return "recorded";
    const known = await db.selectFrom("outbox_messages").select("id")
      .where("tenant_id", "=", tenantId).where("id", "=", ref.id).executeTakeFirst();
    return known ? "unchanged" : "unknown";
  }
  const res = await db.updateTable("broadcast_recipients").set({
    status: receipt.status,
    updated_at: new Date(),
    ...(delivered ? { delivered_at: receipt.at } : { failed_at: receipt.at, error }),
  }).where("tenant_id", "=", tenantId).where("id", "=", ref.id).where("channel", "=", "sms")
    .where("status", "in", ["queued", "sending", "sent"]).executeTakeFirst();
  if (res.numUpdatedRows > 0n) return "recorded";
  const known = await db.selectFrom("broadcast_recipients").select("id")
    .where("tenant_id", "=", tenantId).where("id", "=", ref.id).executeTakeFirst();
  return known ? "unchanged" : "unknown";
}
