/** Delivers one message (e-mail or SMS), retrying until the relay or gateway takes it. */
import { proxyActivities } from "@temporalio/workflow";
import type { MessageActivities, MessageRef } from "../activities/messages.ts";

const { deliverMessage } = proxyActivities<MessageActivities>({
  startToCloseTimeout: "30 seconds",
  retry: {
    initialInterval: "2 seconds",
    backoffCoefficient: 2,
    maximumInterval: "10 minutes",
    nonRetryableErrorTypes: ["MessageNotFound", "MessageRefused"],
  },
});

export async function messageDelivery(ref: MessageRef): Promise<"sent" | "already-sent"> {
  return await deliverMessage(ref);
}
