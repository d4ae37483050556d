/**
 * The kit's fee of a case, for a situation's workflow: issue it (the obligation once per case,
 * its event and message — activities/cases.ts `issueCaseFee`) and wait until the ledger says it
 * is paid. Payments are booked by the bank statements' import, the card gateway or a clerk's
 * assignment, each in its own transaction, which also signals `caseFeePaid` to the workflows of
 * situations that wait (db/repositories/case_fees.ts); the workflow reads the ledger when woken
 * and every `pollMs` besides (a durable timer, so a lost signal only delays) until paid or
 * `untilMs`.
 */

export const caseFeePaidSignal = defineSignal<[{ paymentId: string }]>(CASE_FEE_SIGNALS.paid);
import { condition, defineSignal, setHandler } from "@temporalio/workflow";
import { CASE_FEE_SIGNALS } from "../domain/workflows.ts";
import type { CaseFeeInput } from "../activities/cases.ts";
import { caseActivities } from "./case_review.ts";

export const DEFAULT_FEE_POLL_MS = 60 * 60_000;

/** Issues the case's fee (once) and returns whether it is already paid. */
export async function issueCaseFee(input: CaseFeeInput): Promise<boolean> {
  return (await caseActivities.issueCaseFee(input)).paid;
}

/** Waits until the case's fee is paid (true) or `untilMs` passes (false). */
export async function waitForCaseFeePaid(
  ref: { tenantId: string; caseId: string },
  options: { pollMs?: number; untilMs: number },
): Promise<boolean> {
  const pollMs = Math.max(1_000, options.pollMs ?? DEFAULT_FEE_POLL_MS);
  let wakes = 0;
  setHandler(caseFeePaidSignal, () => {
    wakes++;
  });
  for (;;) {
    const seen = wakes;
    const state = await caseActivities.caseFeeState(ref);
    if (!state || state.paid) return true;
    const left = options.untilMs - Date.now();
    if (left <= 0) return false;
    await condition(() => wakes !== seen, Math.min(pollMs, left));
  }
}
