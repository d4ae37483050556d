/**
 * The fees clerk's lists as use cases: statements, the queue of unmatched lines (and the
 * dismissed ones), card payments; each a page or every row of the filter for an export. The
 * queue and the card payments show payers' names: their views and exports are audited.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import type { Paging } from "../db/repositories/list_sql.ts";
import {
  type CardListFilter,
  type CardListRow,
  countCardStates,
  countQueueLines,
  countStatementSources,
  type LineListFilter,
  type LineState,
  listCardPayments,
  listQueueLines,
  listStatementsFiltered,
  type StatementListFilter,
  type StatementListRow,
  type StatementSource,
} from "../db/repositories/payment_lists.ts";
import {
  type FlaggedCardPayment,
  listFlaggedCardPayments,
  type StatementLineView,
} from "../db/repositories/statements.ts";
import type { CardPaymentState } from "../db/schema.ts";
import { type ClerkActor, clerkAudit } from "./deps.ts";

interface ListDeps {
  db: Kysely<Database>;
}

type ExportOpt = { export?: "csv" | "xlsx" };

export async function listTownStatementsFiltered(
  deps: ListDeps,
  actor: ClerkActor,
  filter: StatementListFilter,
  paging: Paging,
  opts: ExportOpt = {},
): Promise<
  { rows: StatementListRow[]; total: number; counts: Record<StatementSource, number> | null }
> {
  const [list, counts] = await Promise.all([
    listStatementsFiltered(deps.db, actor.tenantId, filter, paging),
    opts.export ? null : countStatementSources(deps.db, actor.tenantId, filter),
  ]);
  return { ...list, counts };
}

export async function openLineQueue(
  deps: ListDeps,
  actor: ClerkActor,
  filter: LineListFilter,
  paging: Paging,
  opts: ExportOpt = {},
): Promise<{
  rows: StatementLineView[];
  total: number;
  counts: Record<LineState, number> | null;
  flagged: FlaggedCardPayment[];
}> {
  const [list, counts, flagged] = await Promise.all([
    listQueueLines(deps.db, actor.tenantId, filter, paging),
    opts.export ? null : countQueueLines(deps.db, actor.tenantId, filter),
    opts.export ? [] : listFlaggedCardPayments(deps.db, actor.tenantId),
  ]);
  await appendAudit(deps.db, {
    ...clerkAudit(actor),
    action: opts.export ? "payment_queue.exported" : "payment_queue.viewed",
    subjectType: "payment-queue",
    details: {
      lines: list.rows.length,
      total: list.total,
      flagged: flagged.length,
      ...(opts.export ? { format: opts.export } : {}),
    },
  });
  return { ...list, counts, flagged };
}

export async function listTownCards(
  deps: ListDeps,
  actor: ClerkActor,
  filter: CardListFilter,
  paging: Paging,
  opts: ExportOpt = {},
): Promise<
  { rows: CardListRow[]; total: number; counts: Record<CardPaymentState, number> | null }
> {
  const [list, counts] = await Promise.all([
    listCardPayments(deps.db, actor.tenantId, filter, paging),
    opts.export ? null : countCardStates(deps.db, actor.tenantId, filter),
  ]);
  if (opts.export) {
    await appendAudit(deps.db, {
      ...clerkAudit(actor),
      action: "card_payments.exported",
      subjectType: "card-payments",
      details: { rows: list.rows.length, format: opts.export },
    });
  }
  return { ...list, counts };
}
