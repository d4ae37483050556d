/**
 * The dog-fee registration (`dogFeeRegistration`, workflow id `case/<caseId>` like every case):
 * the kit's review (`reviewCase`: the clerk approves, returns for correction or rejects), and on
 * approval the předpis — the fee computed from the town's ordinance and issued as an obligation,
 * with the citizen's message — by one idempotent activity.
 */
import { allHandlersFinished, condition, proxyActivities } from "@temporalio/workflow";
import type { DogFeeActivities, DogFeeAssessed } from "../activities/dog_fee.ts";
import type { CaseReviewInput, CaseView } from "../domain/workflows.ts";
import { reviewCase } from "./case_review.ts";

const { assessDogFee } = proxyActivities<DogFeeActivities>({
  startToCloseTimeout: "30 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "1 minute",
    nonRetryableErrorTypes: ["CaseNotFound", "InvalidInput", "NoOrdinance"],
  },
});

export interface DogFeeResult extends CaseView {
  /** The předpis, when the case was approved. */
  assessed: Omit<DogFeeAssessed, "issued"> | null;
}

export async function dogFeeRegistration(input: CaseReviewInput): Promise<DogFeeResult> {
  const view = await reviewCase(input);
  let assessed: DogFeeResult["assessed"] = null;
  if (view.state === "approved") {
    const r = await assessDogFee({
      tenantId: input.tenantId,
      caseId: input.caseId,
      origin: input.origin,
    });
    assessed = {
      amountHalere: r.amountHalere,
      variableSymbol: r.variableSymbol,
      dueDate: r.dueDate,
    };
  }
  await condition(allHandlersFinished);
  return { ...view, assessed };
}
