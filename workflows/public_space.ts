/**
 * A public-space occupation permit (`publicSpaceOccupation`, issue 15; workflow id
 * `<slug>/case/<caseId>`): the kit's review — the fees clerk approves or refuses (the reason
 * sent to the applicant by the kit), seeing overlapping occupations of the place flagged on the
 * case's timeline. After the approval: the fee as an obligation in the applicant's `/ucet` (the
 * kit's fee), the permit issued once the ledger says it is paid, and the case closed when the
 * occupation ends (an unpaid one closes then without a permit).
 */
import { allHandlersFinished, condition, proxyActivities, sleep } from "@temporalio/workflow";
import type { PublicSpaceActivities } from "../activities/public_space.ts";
import { eventKey } from "../domain/cases.ts";
import type { CaseView, PublicSpaceInput } from "../domain/workflows.ts";
import { CASE_STEP_ACTIVITY_OPTIONS, caseActivities, reviewCase } from "./case_review.ts";
import { issueCaseFee, waitForCaseFeePaid } from "./case_fee.ts";

const { refuseOccupation, readOccupation, issuePermit } = proxyActivities<PublicSpaceActivities>(
  CASE_STEP_ACTIVITY_OPTIONS,
);

export async function publicSpaceOccupation(
  input: PublicSpaceInput,
): Promise<CaseView & { permit: string | null }> {
  const ref = { tenantId: input.tenantId, caseId: input.caseId };
  const view = await reviewCase(input, {
    onStep: async (s) => {
      // Refused, or withdrawn by the applicant: the place is no longer claimed.
      if (s.state === "rejected" || s.state === "closed") await refuseOccupation(ref);
    },
  });
  let permit: string | null = null;
  if (view.state === "approved") {
    await condition(allHandlersFinished);
    const o = await readOccupation(ref);
    const endsAt = input.endsAtMs ?? o.endsAtMs;
    let paid = o.feeHalere === 0;
    if (!paid) {
      paid = await issueCaseFee({
        ...ref,
        origin: input.origin,
        kind: "admin_fee",
        title: o.feeTitle,
        amountHalere: o.feeHalere,
        dueDate: o.feeDueDate,
        // Poplatek za užívání veřejného prostranství (položka 1343).
        specificSymbol: "1343",
      });
    }
    if (!paid) {
      paid = await waitForCaseFeePaid(ref, { pollMs: input.paymentPollMs, untilMs: endsAt });
    }
    if (paid) permit = await issuePermit({ ...ref, origin: input.origin });
    const left = endsAt - Date.now();
    if (left > 0) await sleep(left);
    await caseActivities.recordCaseStep({
      ...ref,
      key: eventKey(input.caseId, "occupationEnded", 1),
      kind: "occupationEnded",
      actorType: "system",
      actorId: "public-space-workflow",
      text: permit,
      state: "closed",
      origin: input.origin,
    });
  }
  await condition(allHandlersFinished);
  return { ...view, permit };
}
