/**
 * A reported accessibility barrier reaches the office: the e-mail is retried until the SMTP
 * relay takes it (with backoff, for days if need be), so a report is never silently dropped.
 */
import { proxyActivities } from "@temporalio/workflow";
import type { AccessibilityActivities, ReportRef } from "../activities/accessibility.ts";

const { notifyOfficeOfReport } = proxyActivities<AccessibilityActivities>({
  startToCloseTimeout: "1 minute",
  retry: {
    initialInterval: "5 seconds",
    backoffCoefficient: 2,
    maximumInterval: "30 minutes",
    nonRetryableErrorTypes: ["ReportNotFound"],
  },
});

export async function accessibilityReportNotification(
  ref: ReportRef,
): Promise<"sent" | "already-sent"> {
  return await notifyOfficeOfReport(ref);
}
