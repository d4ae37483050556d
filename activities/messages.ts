/**
 * Delivers one queued message by e-mail or SMS. A message already marked sent is not sent
 * again; the stable message id lets the inbox or gateway drop the rare resend after a crash.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { findMessage, markMessageSent } from "../db/repositories/outbox.ts";
import type { Mailer } from "../lib/worker/mail.ts";
import type { SmsSender } from "../lib/worker/sms.ts";
import { log } from "../lib/log.ts";

export interface MessageRef {
  tenantId: string;
  messageId: string;
}

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
    if (message.sent_at || message.body === null) return "already-sent";
    if (message.channel === "email") {
      await deps.mailer.send({
        to: message.recipient,
        subject: message.subject ?? "Portál občana",
        text: message.body,
        messageId: `<message-${message.id}@portal-obcana>`,
      });
    } else {
      await deps.sms.send(message.recipient, message.body, message.id);
    }
    await markMessageSent(deps.db, ref.tenantId, message.id);
    log.info("message delivered", { messageId: message.id, channel: message.channel });
    return "sent";
  }
  return { deliverMessage };
}

export type MessageActivities = ReturnType<typeof createMessageActivities>;
