/**
 * By which channel(s) a person hears about their cases. The person chooses in /ucet/nastaveni
 * (e-mail, SMS or both); a channel without a verified contact is skipped, and when nothing of
 * the choice is verified the message goes by whatever is (the e-mail first). A pure rule: the
 * one helper that sends case notifications (app/case_notifications.ts) asks it.
 */

export const CASE_NOTIFICATION_CHOICES = ["email", "sms", "both"] as const;

/** By e-mail, by SMS (a verified phone needed to choose it), or both. */
export type CaseNotificationChoice = typeof CASE_NOTIFICATION_CHOICES[number];

export function isCaseNotificationChoice(v: unknown): v is CaseNotificationChoice {
  return typeof v === "string" && (CASE_NOTIFICATION_CHOICES as readonly string[]).includes(v);
}

export interface Recipient {
  channel: "email" | "sms";
  recipient: string;
}

/** The recipients for a choice, given the person's verified e-mail and phone (null if none). */
export function caseRecipients(
  choice: CaseNotificationChoice,
  verified: { email: string | null; phone: string | null },
): Recipient[] {
  const email: Recipient[] = verified.email
    ? [{ channel: "email", recipient: verified.email }]
    : [];
  const sms: Recipient[] = verified.phone ? [{ channel: "sms", recipient: verified.phone }] : [];
  const chosen = choice === "email" ? email : choice === "sms" ? sms : [...email, ...sms];
  if (chosen.length) return chosen;
  return email.length ? email : sms;
}
