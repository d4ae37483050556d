/**
 * The one way a case tells its person something (filed, returned, approved, the předpis, a
 * defect report's steps, a draft about to expire): by e-mail, by SMS or both, as the person
 * chose in /ucet/nastaveni (domain/notifications.ts decides, falling back to whatever contact
 * is verified), in the language the person chose there (Czech or English): the caller gives
 * the texts as a function of the channel and the person's translator. The messages are queued
 * in the caller's transaction through `sendMessage`.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { findPerson, listContacts } from "../db/repositories/persons.ts";
import { caseRecipients, type Recipient } from "../domain/notifications.ts";
import type { MessageKind } from "../domain/messaging.ts";
import { sendMessage } from "../lib/messaging.ts";
import { translator } from "../lib/i18n.ts";
import type { Translate } from "../lib/state.ts";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Whom to tell about a case, and how: the person's choice among their verified contacts; and
 * the translator of the language they chose.
 */
export async function caseNotificationRecipients(
  db: Db,
  tenantId: string,
  personId: string,
): Promise<{ recipients: Recipient[]; t: Translate }> {
  const [person, contacts] = await Promise.all([
    findPerson(db, tenantId, personId),
    listContacts(db, tenantId, personId),
  ]);
  const verified = contacts.filter((c) => c.verified_at);
  const recipients = caseRecipients(person?.case_notifications ?? "email", {
    email: verified.find((c) => c.kind === "email")?.value ?? null,
    phone: verified.find((c) => c.kind === "phone")?.value ?? null,
  });
  return { recipients, t: translator(person?.language ?? "cs") };
}

/** The translator of the language the person chose for the town's messages; null: no person. */
export async function personTranslator(
  db: Db,
  tenantId: string,
  personId: string,
): Promise<Translate | null> {
  const person = await findPerson(db, tenantId, personId);
  return person ? translator(person.language) : null;
}

/**
 * Whom to remind of a payment, and how: the person's reminder choice in /ucet/nastaveni
 * (`persons.reminder_notifications`) among their verified contacts, falling back as a case's
 * notifications do; "none" when the person asked for no payment reminders.
 */
export async function paymentReminderRecipients(
  db: Db,
  tenantId: string,
  personId: string,
): Promise<Recipient[] | "none"> {
  const [person, contacts] = await Promise.all([
    findPerson(db, tenantId, personId),
    listContacts(db, tenantId, personId),
  ]);
  const choice = person?.reminder_notifications ?? "email";
  if (choice === "none") return "none";
  const verified = contacts.filter((c) => c.verified_at);
  return caseRecipients(choice, {
    email: verified.find((c) => c.kind === "email")?.value ?? null,
    phone: verified.find((c) => c.kind === "phone")?.value ?? null,
  });
}

/**
 * Whether the person can sign in to see their case (a password or an identity provider); one
 * who filed without an account (an anonymous defect report) cannot open /ucet/podani/<id>.
 */
export async function hasAccount(db: Db, tenantId: string, personId: string): Promise<boolean> {
  const person = await findPerson(db, tenantId, personId);
  if (!person) return false;
  if (person.password_hash) return true;
  const linked = await db.selectFrom("external_identities").select("id")
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId).executeTakeFirst();
  return linked !== undefined;
}

export interface CaseNotification {
  /** The message's idempotency key; a second channel's message adds `:sms`. */
  idempotencyKey: string;
  /**
   * The texts for a channel (an e-mail's subject and body, or an SMS: no subject), made with
   * `t`, the translator of the person's language: every text of the message goes through it.
   */
  text: (channel: "email" | "sms", t: Translate) => { subject: string | null; body: string };
  /** An address to use when the person has no verified contact (an e-mail typed on the form). */
  fallbackEmail?: string | null;
  /** What it is in the person's history (/ucet/zpravy); a case's step by default. */
  kind?: MessageKind;
}

/** Queues the notification by each chosen channel; returns how many messages were queued. */
export async function notifyCasePerson(
  trx: Db,
  tenantId: string,
  personId: string,
  n: CaseNotification,
): Promise<number> {
  const chosen = await caseNotificationRecipients(trx, tenantId, personId);
  let recipients = chosen.recipients;
  if (!recipients.length && n.fallbackEmail) {
    recipients = [{ channel: "email", recipient: n.fallbackEmail }];
  }
  for (const [i, r] of recipients.entries()) {
    const { subject, body } = n.text(r.channel, chosen.t);
    await sendMessage(trx, tenantId, {
      idempotencyKey: i === 0 ? n.idempotencyKey : `${n.idempotencyKey}:${r.channel}`,
      channel: r.channel,
      recipient: r.recipient,
      subject: r.channel === "email" ? subject : null,
      body,
      personId,
      kind: n.kind ?? "case",
      secret: false,
    });
  }
  return recipients.length;
}
