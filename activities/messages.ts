/**
 * Delivers one queued message by e-mail or SMS. A message already marked sent (or failed) is
 * not sent again; the stable message id lets the inbox or gateway drop the rare resend after a
 * crash. A permanent refusal (the SMTP server's 5xx, the SMS gateway's 4xx) is recorded on the
 * message as failed, with the reason, and ends the delivery without retrying; anything else
 * (a server down, a 429 or 5xx from the gateway) is thrown and retried.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { findMessage, markMessageFailed, markMessageSent } from "../db/repositories/outbox.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import { gatewayMessageId } from "../domain/messaging.ts";
import { type Mailer, permanentSmtpRejection } from "../lib/worker/mail.ts";
import { smsCallbackUrl, SmsRefused, type SmsSender } from "../lib/worker/sms.ts";
import { log } from "../lib/log.ts";

export interface MessageRef {
  tenantId: string;
  messageId: string;
}

export const MESSAGE_REFUSED = "MessageRefused";

export function createMessageActivities(
  deps: { db: Kysely<Database>; mailer: Mailer; sms: SmsSender },
) {
  async function deliverMessage(ref: MessageRef): Promise<"sent" | "already-sent"> {
    const message = await findMessage(deps.db, ref.tenantId, ref.messageId);
    if (!message) {
      throw ApplicationFailure.nonRetryable(
        `message ${ref.messageId} not found`,
        "MessageNotFound",
      );
    }
    if (message.sent_at || message.status === "failed" || message.body === null) {
      return "already-sent";
    }
    if (message.status === "delivered") {
      // The gateway's receipt came before a crash let us mark it sent: it went, do not resend.
      await markMessageSent(deps.db, ref.tenantId, message.id);
      return "already-sent";
    }
    let refused: string | null = null;
    try {
      if (message.channel === "email") {
        await deps.mailer.send({
          to: message.recipient,
          subject: message.subject ?? "Portál občana",
          text: message.body,
          messageId: `<message-${message.id}@portal-obcana>`,
          calendarIcs: message.calendar_ics,
        });
      } else {
        const tenant = await findTenantById(deps.db, ref.tenantId);
        await deps.sms.send(
          message.recipient,
          message.body,
          gatewayMessageId({ table: "outbox_messages", id: message.id }),
          { callbackUrl: tenant ? smsCallbackUrl(tenant) : undefined },
        );
      }
    } catch (err) {
      refused = err instanceof SmsRefused
        ? `SMS gateway ${err.status}`
        : permanentSmtpRejection(err);
      if (!refused) throw err;
    }
    if (refused) {
      await markMessageFailed(deps.db, ref.tenantId, message.id, refused);
      log.warn("message refused", { messageId: message.id, channel: message.channel, refused });
      throw ApplicationFailure.nonRetryable(
        `message ${message.id} refused: ${refused}`,
        MESSAGE_REFUSED,
      );
    }
    await markMessageSent(deps.db, ref.tenantId, message.id);
    log.info("message delivered", { messageId: message.id, channel: message.channel });
    return "sent";
  }
  return { deliverMessage };
}

export type MessageActivities = ReturnType<typeof createMessageActivities>;
