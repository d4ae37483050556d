/**
 * Messages to people (e-mail, SMS): stored first, then delivered by a workflow. The idempotency
 * key makes a retried request queue one message; the body is cleared once sent.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema.ts";

export interface NewMessage {
  idempotencyKey: string;
  channel: "email" | "sms";
  recipient: string;
  subject: string | null;
  body: string;
}

export async function enqueueMessage(
  db: Kysely<Database> | Transaction<Database>,
  tenantId: string,
  m: NewMessage,
): Promise<{ id: string; created: boolean }> {
  const inserted = await db.insertInto("outbox_messages").values({
    tenant_id: tenantId,
    idempotency_key: m.idempotencyKey,
    channel: m.channel,
    recipient: m.recipient,
    subject: m.subject,
    body: m.body,
  }).onConflict((oc) => oc.columns(["tenant_id", "idempotency_key"]).doNothing())
    .returning("id").executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db.selectFrom("outbox_messages").select("id")
    .where("tenant_id", "=", tenantId).where("idempotency_key", "=", m.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

export function findMessage(db: Kysely<Database>, tenantId: string, id: string) {
  return db.selectFrom("outbox_messages").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
}

export async function markMessageSent(db: Kysely<Database>, tenantId: string, id: string) {
  await db.updateTable("outbox_messages").set({ sent_at: new Date(), body: null })
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("sent_at", "is", null).execute();
}

/** Whether a message with this idempotency key was queued (an activity's retry finds it). */
export async function messageQueued(
  db: Kysely<Database> | Transaction<Database>,
  tenantId: string,
  idempotencyKey: string,
): Promise<boolean> {
  const row = await db.selectFrom("outbox_messages").select("id")
    .where("tenant_id", "=", tenantId).where("idempotency_key", "=", idempotencyKey)
    .executeTakeFirst();
  return row !== undefined;
}
