/**
 * "Messages from the office" (/ucet/zpravy): everything the portal sent the signed-in person by
 * e-mail or SMS — case steps, payment reminders and receipts, account messages, broadcasts —
 * searchable (diacritics and case ignored) and filterable by channel and kind, 50 a page. Only
 * the person's own messages, in their town; the content of a code or a confirmation link is
 * never kept, so never shown.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  HISTORY_KINDS,
  type HistoryEntry,
  type HistoryKind,
  listPersonMessages,
} from "../db/repositories/message_history.ts";
import type { Channel } from "../domain/messaging.ts";
import type { PersonActor } from "./deps.ts";

export { HISTORY_KINDS };
export type { HistoryEntry, HistoryKind };

export interface MessageHistoryQuery {
  q: string;
  channel?: Channel;
  kind?: HistoryKind;
  page: number;
  pageSize: number;
}

export async function personMessageHistory(
  deps: { db: Kysely<Database> },
  actor: Pick<PersonActor, "tenantId" | "personId">,
  query: MessageHistoryQuery,
): Promise<{ entries: HistoryEntry[]; total: number }> {
  const { rows, total } = await listPersonMessages(deps.db, actor.tenantId, actor.personId, {
    search: query.q,
    channel: query.channel,
    kind: query.kind,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { entries: rows, total };
}
