/**
 * A founded organisation's financial report (`organisationReport`, workflow id `case/<caseId>`
 * like every case): the kit's review (`reviewCase`: the finance clerk approves, returns with a
 * comment and a new deadline, or rejects; escalation past the deadline), and on approval one
 * idempotent activity imports the figures as the organisation's budget lines — so only approved
 * figures reach the budget explorer. Figures that can never import are recorded on the case for
 * the clerk, and the workflow ends.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
} from "@temporalio/workflow";
import type {
  OrganisationReportActivities,
  OrganisationReportPublished,
} from "../activities/organisation_report.ts";
import type { CaseReviewInput, CaseView } from "../domain/workflows.ts";
import { reviewCase } from "./case_review.ts";

const { publishOrganisationReport, recordOrganisationReportFailure } = proxyActivities<
  OrganisationReportActivities
>({
  startToCloseTimeout: "1 minute",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "1 minute",
    nonRetryableErrorTypes: ["CaseNotFound", "InvalidInput", "InvalidFigures"],
  },
});

export interface OrganisationReportResult extends CaseView {
  published: OrganisationReportPublished | null;
  /** Why approved figures were not imported. */
  failed: string | null;
}

export async function organisationReport(
  input: CaseReviewInput,
): Promise<OrganisationReportResult> {
  const view = await reviewCase(input);
  let published: OrganisationReportPublished | null = null;
  let failed: string | null = null;
  if (view.state === "approved") {
    const base = { tenantId: input.tenantId, caseId: input.caseId, origin: input.origin };
    try {
      published = await publishOrganisationReport(base);
    } catch (err) {
      if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure)) throw err;
      failed = err.cause.message;
      await recordOrganisationReportFailure({ ...base, message: failed });
    }
  }
  await condition(allHandlersFinished);
  return { ...view, published, failed };
}
