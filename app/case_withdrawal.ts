/**
 * The citizen takes a filing back (zpětvzetí, § 45(4) of the Administrative Procedure Code)
 * while the office has not decided it: the case kit's `withdraw` Update through the outbox. The
 * workflow closes the case with a `withdrawn` timeline event and one message; a situation's own
 * rows follow (a grant application becomes `withdrawn`). One withdrawal per case: a double
 * submit is the same command.
 */
import { findPersonCase } from "../db/repositories/cases.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { mayWithdraw, WITHDRAW_REASON_MAX } from "../domain/cases.ts";
import type { CaseState } from "../domain/cases.ts";
import { caseWithdrawal, runsKitReview } from "../domain/workflows.ts";
import type { FieldError } from "../domain/validation.ts";
import type { OutcomeWaiter } from "../lib/outcomes.ts";
import type { PersonActor } from "./deps.ts";
import { type CaseForm, defaultCaseForms } from "./case_forms.ts";
import type { CaseDeps } from "./cases.ts";

/** Whether a case of this form in this state may be taken back by its filer. */
export function mayWithdrawCase(form: CaseForm | undefined, state: CaseState): boolean {
  return !!form && runsKitReview(form.workflowType) && mayWithdraw(state);
}

export type WithdrawResult =
  | { ok: true; status: "withdrawn" | "processing" }
  | { ok: false; code: "invalid"; errors: FieldError[] }
  | { ok: false; code: "notFound" | "notWithdrawable" | "failed" };

/** Checks the reason a citizen gives (optional, at most WITHDRAW_REASON_MAX characters). */
export function checkWithdrawReason(reason: string): FieldError[] {
  return reason.length > WITHDRAW_REASON_MAX
    ? [{ field: "reason", code: "tooLong", params: { max: WITHDRAW_REASON_MAX } }]
    : [];
}

export async function withdrawCase(
  deps: Pick<CaseDeps, "db" | "forms"> & { outcomes: OutcomeWaiter; waitMs?: number },
  actor: PersonActor,
  input: { caseId: string; reason: string },
): Promise<WithdrawResult> {
  const errors = checkWithdrawReason(input.reason);
  if (errors.length) return { ok: false, code: "invalid", errors };
  type Queued = { commandId: string } | { code: "notFound" | "notWithdrawable" };
  const queued = await deps.db.transaction().execute(async (trx): Promise<Queued> => {
    const c = await findPersonCase(trx, actor.tenantId, actor.personId, input.caseId, {
      lock: true,
    });
    if (!c) return { code: "notFound" };
    const form = (deps.forms ?? defaultCaseForms)(c.form_slug);
    if (!mayWithdrawCase(form, c.state as CaseState)) return { code: "notWithdrawable" };
    const { id, created } = await enqueueCommand(
      trx,
      caseWithdrawal({ tenantId: actor.tenantId, caseId: c.id, workflowId: c.workflow_id }, {
        personId: actor.personId,
        text: input.reason,
        requestId: crypto.randomUUID(),
      }),
    );
    if (created) {
      await appendAudit(trx, {
        tenantId: actor.tenantId,
        actorType: "person",
        actorId: actor.personId,
        onBehalfOf: actor.onBehalfOf,
        action: "case.withdrawal_requested",
        subjectType: "case",
        subjectId: c.id,
        requestId: actor.requestId,
        details: { reference: c.reference, round: c.round },
      });
    }
    return { commandId: id };
  });
  if ("code" in queued) return { ok: false, code: queued.code };
  const outcome = await deps.outcomes.wait(actor.tenantId, queued.commandId, deps.waitMs ?? 3000);
  if (outcome.status === "pending") return { ok: true, status: "processing" };
  if (outcome.status === "done") return { ok: true, status: "withdrawn" };
  return {
    ok: false,
    code: outcome.code === "NotWithdrawable" ? "notWithdrawable" : "failed",
  };
}
