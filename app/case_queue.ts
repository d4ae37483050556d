/**
 * The clerk's task queue as a use case: the cases of the clerk's agendas that match the
 * filter (a page, or every row for an export), the counts per state, and the audit entry of
 * the view (the queue shows filers' names).
 */
import { appendAudit } from "../db/repositories/audit.ts";
import {
  type CaseListFilter,
  type CaseListRow,
  countCaseStates,
  listAssignableClerks,
  listCases,
} from "../db/repositories/case_list.ts";
import type { Paging } from "../db/repositories/list_sql.ts";
import type { CaseState } from "../domain/cases.ts";
import { type ClerkActor, clerkAudit, type Deps } from "./deps.ts";

type QueueDeps = Pick<Deps, "db">;

export interface CaseQueue {
  rows: CaseListRow[];
  total: number;
  counts: Record<CaseState, number> | null;
  clerks: { id: string; display_name: string }[];
}

export async function openCaseQueue(
  deps: QueueDeps,
  actor: ClerkActor,
  filter: CaseListFilter,
  paging: Paging,
  opts: { export?: "csv" | "xlsx" } = {},
): Promise<CaseQueue> {
  const [list, counts, clerks] = await Promise.all([
    listCases(deps.db, actor.tenantId, filter, paging),
    opts.export ? null : countCaseStates(deps.db, actor.tenantId, filter),
    opts.export ? [] : listAssignableClerks(deps.db, actor.tenantId),
  ]);
  await appendAudit(deps.db, {
    ...clerkAudit(actor),
    action: opts.export ? "case.queue_exported" : "case.queue_viewed",
    subjectType: "case-queue",
    details: {
      count: list.rows.length,
      total: list.total,
      ...(opts.export ? { format: opts.export } : {}),
    },
  });
  return { ...list, counts, clerks };
}
