/**
 * The office's list of the town's persons (search, filters, a page or an export). It shows
 * personal data, so every listing and every export goes to the audit log with how many rows it
 * showed (not what was typed, which may be an e-mail or a phone number).
 */
import { appendAudit } from "../db/repositories/audit.ts";
import {
  countPersonStates,
  listTownPersons,
  type PersonListFilter,
  type PersonListRow,
  type PersonState,
} from "../db/repositories/person_list.ts";
import type { Paging } from "../db/repositories/list_sql.ts";
import { type ClerkActor, clerkAudit, type Deps } from "./deps.ts";

export async function listPersons(
  deps: Deps,
  actor: ClerkActor,
  filter: PersonListFilter,
  paging: Paging,
  opts: { export?: "csv" | "xlsx"; counts?: boolean } = {},
): Promise<{ rows: PersonListRow[]; total: number; counts: Record<PersonState, number> | null }> {
  const [list, counts] = await Promise.all([
    listTownPersons(deps.db, actor.tenantId, filter, paging),
    opts.counts ? countPersonStates(deps.db, actor.tenantId, filter) : Promise.resolve(null),
  ]);
  await appendAudit(deps.db, {
    ...clerkAudit(actor),
    action: opts.export ? "person.exported" : "person.searched",
    details: {
      results: list.rows.length,
      total: list.total,
      ...(opts.export ? { format: opts.export } : {}),
    },
  });
  return { ...list, counts };
}
