/**
 * A request for a password-reset link: the web only queued it (and answered at once, alike for
 * every identifier); here the activity looks the account up and sends the link if there is one.
 */
import { proxyActivities } from "@temporalio/workflow";
import type { PasswordActivities } from "../activities/passwords.ts";
import type { PasswordResetRequest } from "../domain/workflows.ts";

const { sendPasswordReset } = proxyActivities<PasswordActivities>({
  startToCloseTimeout: "30 seconds",
  retry: {
    initialInterval: "2 seconds",
    backoffCoefficient: 2,
    maximumInterval: "5 minutes",
    // A link is valid 10 minutes: after an hour of failures the request is moot.
    maximumAttempts: 20,
  },
});

export async function passwordResetRequest(
  request: PasswordResetRequest,
): Promise<"sent" | "already-sent" | "no-account"> {
  return await sendPasswordReset(request);
}
