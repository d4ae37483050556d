/**
 * One back-channel logout token to one client (activities/oidc_logout.ts): retried with backoff
 * for about a day while the client is down or answers 5xx; a 4xx (the client refusing the token)
 * or running out of attempts marks the delivery failed, which the town's admin sees on the
 * client's row at /urad/aplikace.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from "@temporalio/workflow";
import type { OidcLogoutActivities, OidcLogoutRef } from "../activities/oidc_logout.ts";

const { sendBackchannelLogout } = proxyActivities<OidcLogoutActivities>({
  startToCloseTimeout: "30 seconds",
  retry: {
    initialInterval: "5 seconds",
    backoffCoefficient: 2,
    maximumInterval: "1 hour",
    maximumAttempts: 30,
    nonRetryableErrorTypes: ["LogoutRefused", "DeliveryNotFound"],
  },
});

const { markBackchannelLogoutFailed } = proxyActivities<OidcLogoutActivities>({
  startToCloseTimeout: "30 seconds",
  retry: { initialInterval: "5 seconds", maximumInterval: "5 minutes" },
});

export async function oidcBackchannelLogout(
  ref: OidcLogoutRef,
): Promise<"sent" | "already-done" | "failed"> {
  try {
    return await sendBackchannelLogout(ref);
  } catch (err) {
    const cause = err instanceof ActivityFailure ? err.cause : err;
    const message = cause instanceof ApplicationFailure || cause instanceof Error
      ? cause.message
      : String(cause);
    await markBackchannelLogoutFailed({ ...ref, error: message });
    return "failed";
  }
}
