/**
 * The grant call's side effects (issue 14), for workflows/grants.ts: open or close a call when
 * its timer fires. Idempotent: the row moves forward only (scheduled → open → closed) and only
 * once its own date has come, so a retry, a late timer or a stale one changes nothing. Each
 * change is audited as the system's act.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { applyCallTimer, findCall } from "../db/repositories/grants.ts";
import type { GrantCallState } from "../domain/grants.ts";

export interface GrantCallTimerResult {
  /** The call's state afterwards; null when the call is gone. */
  state: GrantCallState | null;
  /** The row's dates and version now (an edit the workflow has not heard of yet shows here). */
  opensAt: string;
  closesAt: string;
  version: number;
}

export function createGrantActivities(deps: { db: Kysely<Database> }) {
  return {
    async applyGrantCallTimer(
      input: { tenantId: string; callId: string; to: "open" | "closed" },
    ): Promise<GrantCallTimerResult> {
      return await deps.db.transaction().execute(async (trx) => {
        const now = new Date();
        const r = await applyCallTimer(trx, input.tenantId, input.callId, input.to, now);
        const call = await findCall(trx, input.tenantId, input.callId);
        if (!r || !call) return { state: null, opensAt: "", closesAt: "", version: 0 };
        if (r.changed) {
          await appendAudit(trx, {
            tenantId: input.tenantId,
            actorType: "system",
            actorId: null,
            action: input.to === "open" ? "grant_call.opened" : "grant_call.closed",
            subjectType: "grant_call",
            subjectId: input.callId,
            details: {},
          });
        }
        return {
          state: r.state,
          opensAt: call.opens_at.toISOString(),
          closesAt: call.closes_at.toISOString(),
          version: call.version,
        };
      });
    },
  };
}

export type GrantActivities = ReturnType<typeof createGrantActivities>;
