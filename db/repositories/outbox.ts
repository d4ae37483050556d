/**
 * Messages to people (e-mail, SMS): stored first, then delivered by a workflow. The idempotency
 * key makes a retried request queue one message. A secret message (a one-time code, a
 * confirmation or password link) has its body cleared once sent; every other one keeps it, for
 * the person's history at /ucet/zpravy. Delivery moves forward only: queued → sent →
 * delivered, or failed (a permanent refusal or a gateway's failed receipt).
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import type { MessageKind } from "../../domain/messaging.ts";

type MessageStatus = "queued" | "sent" | "delivered" | "failed";

export interface NewMessage {
  idempotencyKey: string;
  channel: "email" | "sms";
  recipient: string;
  subject: string | null;
  body: string;
  /** Whom it is for (their history); null for an address that is no one's account. */
  personId: string | null;
  kind: MessageKind;
  /** A code or a link that grants something: its body is never kept, nor shown. */
  secret: boolean;
  /** An iTIP invitation (text/calendar) the e-mail carries: an appointment's REQUEST or CANCEL. */
  calendarIcs?: string | null;
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
    person_id: m.personId,
    kind: m.kind,
    secret: m.secret,
    calendar_ics: m.calendarIcs ?? null,
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

/** Sent: the body is cleared when secret; a receipt that came first is not overwritten. */
export async function markMessageSent(db: Kysely<Database>, tenantId: string, id: string) {
  await db.updateTable("outbox_messages").set((eb) => ({
    sent_at: new Date(),
    body: eb.case().when("secret", "=", true).then(null).else(eb.ref("body")).end(),
    status: sql<MessageStatus>`case when status = 'queued' then 'sent' else status end`,
  })).where("tenant_id", "=", tenantId).where("id", "=", id).where("sent_at", "is", null)
    .execute();
}

/**
 * A permanent failure (the SMTP server refused the recipient, the gateway refused the message):
 * recorded with the reason (no personal data) and the body cleared when secret; a message
 * already delivered stays delivered.
 */
export async function markMessageFailed(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  error: string,
) {
  await db.updateTable("outbox_messages").set((eb) => ({
    status: "failed",
    failed_at: new Date(),
    error: error.slice(0, 500),
    body: eb.case().when("secret", "=", true).then(null).else(eb.ref("body")).end(),
  })).where("tenant_id", "=", tenantId).where("id", "=", id)
    .where("status", "in", ["queued", "sent"]).execute();
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
