/**
 * Messages from the office (issue 13): the shared vocabulary. Topics a person or an anonymous
 * subscriber can follow, the kinds of personal messages (the history at /ucet/zpravy), the
 * delivery states of a broadcast's recipients, and the gateway message ids that tie an SMS
 * delivery receipt back to its row. Pure: no I/O.
 */

/** Town news topics, in the order the pages list them. */
export const TOPICS = ["crisis", "outages", "waste", "culture", "council"] as const;
export type Topic = typeof TOPICS[number];

export function isTopic(v: unknown): v is Topic {
  return typeof v === "string" && (TOPICS as readonly string[]).includes(v);
}

export type Channel = "email" | "sms";
export const CHANNELS: readonly Channel[] = ["email", "sms"];

/** A channel choice per kind of message: e-mail, SMS, both, or none where the law allows. */
export const CHANNEL_CHOICES = ["email", "sms", "both", "none"] as const;
export type ChannelChoice = typeof CHANNEL_CHOICES[number];

/** What an outbox message is (outbox_messages.kind), for the person's history. */
export const MESSAGE_KINDS = [
  "code", // a one-time code or a confirmation link: secret, its body is never kept
  "account", // sign-in, password, contact changes, welcome
  "case", // a case's steps (filed, returned, decided, předpis)
  "reminder", // a payment reminder
  "receipt", // a payment receipt
  "payment", // other payment messages (refund, order)
  "other",
] as const;
export type MessageKind = typeof MESSAGE_KINDS[number];

export type SubscriberStatus = "pending" | "active" | "unsubscribed";

/** A broadcast recipient's delivery, in order; `cancelled` = never sent (the broadcast stopped). */
export const DELIVERY_STATES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "cancelled",
] as const;
export type DeliveryState = typeof DELIVERY_STATES[number];

export type BroadcastStatus = "scheduled" | "sending" | "sent" | "cancelled" | "failed";

/**
 * The id an SMS carries to the gateway, which the gateway's delivery receipt returns:
 * `m-<uuid>` for an outbox message, `b-<n>` for a broadcast recipient row.
 */
export type GatewayMessageRef =
  | { table: "outbox_messages"; id: string }
  | { table: "broadcast_recipients"; id: string };

export function gatewayMessageId(ref: GatewayMessageRef): string {
  return ref.table === "outbox_messages" ? `m-${ref.id}` : `b-${ref.id}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The row a gateway message id names, or null for an id this portal never sent. */
export function parseGatewayMessageId(id: string): GatewayMessageRef | null {
  if (id.startsWith("m-") && UUID.test(id.slice(2))) {
    return { table: "outbox_messages", id: id.slice(2) };
  }
  if (/^b-[1-9][0-9]{0,17}$/.test(id)) return { table: "broadcast_recipients", id: id.slice(2) };
  return null;
}

/**
 * The path of a subscription's unsubscribe page (GET: confirm; POST: withdraw). The same URL is
 * every e-mail's `List-Unsubscribe` target, answering RFC 8058's one-click POST
 * (`List-Unsubscribe=One-Click`), and the link in every SMS.
 */
export function unsubscribePath(token: string): string {
  return `/odber/odhlasit/${encodeURIComponent(token)}`;
}
