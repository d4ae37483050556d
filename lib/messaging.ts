/**
 * Sending a message to a person: the message row and the start of its delivery workflow are
 * queued together, in the caller's transaction when it passes one (so a code is sent only if
 * what it belongs to was committed), else in a transaction of their own. The worker's relay
 * starts the delivery; a retried request queues one message (idempotency key).
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { enqueueMessage, type NewMessage } from "../db/repositories/outbox.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { startMessageDelivery } from "../domain/workflows.ts";
import { tenantSlugOf } from "../db/repositories/tenants.ts";
import { inTransaction } from "./transaction.ts";

export async function sendMessage(
  db: Kysely<Database> | Transaction<Database>,
  tenantId: string,
  message: NewMessage,
): Promise<string> {
  return await inTransaction(db, async (trx) => {
    const { id } = await enqueueMessage(trx, tenantId, message);
    const tenantSlug = await tenantSlugOf(trx, tenantId);
    await enqueueCommand(
      trx,
      startMessageDelivery({ tenantId, tenantSlug, messageId: id, channel: message.channel }),
    );
    return id;
  });
}
