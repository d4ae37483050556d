/** Outgoing e-mail over SMTP (nodemailer): the town's relay in production, MailDev locally. */
import nodemailer from "nodemailer";
import { config } from "../config.ts";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  replyTo?: string | null;
  /** A stable Message-ID, so a resent message is recognisably the same one. */
  messageId: string;
  /**
   * Extra headers (validated names, values without line breaks), e.g. `List-Unsubscribe` and
   * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058) on a broadcast.
   */
  headers?: Record<string, string>;
  /**
   * An iTIP invitation (RFC 6047): sent as the `text/calendar; method=…` alternative and as an
   * `invite.ics` attachment, as calendar clients expect it. The METHOD is read from the text.
   */
  calendarIcs?: string | null;
}

/** `REQUEST` or `CANCEL` from an iTIP text's METHOD line (PUBLISH when it has none). */
export function icsMethod(ics: string): string {
  return /^METHOD:([A-Z-]+)\r?$/m.exec(ics)?.[1] ?? "PUBLISH";
}

/**
 * The reason when the SMTP server refused a message for good (a 5xx reply, e.g. 550 at RCPT TO
 * for an unknown recipient): `"SMTP 550 5.1.1"`, the codes only (the reply text may quote the
 * address). Null for anything retrying may cure (4xx, a lost connection, a timeout). An
 * asynchronous bounce (a DSN e-mail arriving later) needs the town's MTA and is not read here.
 */
export function permanentSmtpRejection(err: unknown): string | null {
  const e = err as { responseCode?: unknown; response?: unknown } | null;
  const code = typeof e?.responseCode === "number" ? e.responseCode : null;
  if (code === null || code < 500 || code > 599) return null;
  const enhanced = typeof e?.response === "string"
    ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(e.response)?.[1]
    : undefined;
  return enhanced ? `SMTP ${code} ${enhanced}` : `SMTP ${code}`;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl = config().smtpUrl, from = config().mailFrom): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        replyTo: mail.replyTo ?? undefined,
        messageId: mail.messageId,
        headers: mail.headers,
        icalEvent: mail.calendarIcs
          ? {
            method: icsMethod(mail.calendarIcs),
            filename: "invite.ics",
            content: mail.calendarIcs,
          }
          : undefined,
      });
    },
    close: () => transport.close(),
  };
}
