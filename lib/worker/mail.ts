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
      });
    },
    close: () => transport.close(),
  };
}
