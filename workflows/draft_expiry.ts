/**
 * Run by the `draft-expiry` Schedule (created by the worker on start): warns owners of drafts
 * that expire within a week and deletes drafts untouched for 90 days.
 */
import { proxyActivities } from "@temporalio/workflow";
import type { CaseActivities } from "../activities/cases.ts";

const { sweepDrafts } = proxyActivities<CaseActivities>({
  startToCloseTimeout: "5 minutes",
  retry: { initialInterval: "5 seconds", maximumInterval: "5 minutes", maximumAttempts: 10 },
});

export async function draftExpirySweep(): Promise<{ warned: number; deleted: number }> {
  const { warned, deleted } = await sweepDrafts();
  return { warned, deleted };
}
