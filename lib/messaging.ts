/**
 * Sending a message to a person from a request: queue it in the database, then start its
 * delivery workflow. If Temporal does not answer, the worker's relay starts it shortly after.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  enqueueMessage,
  markMessageWorkflowStarted,
  type NewMessage,
} from "../db/repositories/outbox.ts";
import { getTemporalClient, startMessageWorkflow } from "./temporal.ts";
import { describeError, log } from "./log.ts";

export async function sendMessage(
  db: Kysely<Database>,
  tenantId: string,
  message: NewMessage,
): Promise<string> {
  const { id } = await enqueueMessage(db, tenantId, message);
  try {
    await startMessageWorkflow(await getTemporalClient(), { tenantId, messageId: id });
    await markMessageWorkflowStarted(db, tenantId, id);
  } catch (err) {
    log.warn("message delivery start deferred", { messageId: id, ...describeError(err) });
  }
  return id;
}
