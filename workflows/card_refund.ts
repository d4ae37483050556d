/**
 * A clerk's whole refund of a card payment (`cardRefund`, workflow id
 * `card-refund/<cardPaymentId>`, so a double click starts it once):
 *
 * 1. the gateway returns the money (activities/card_refunds.ts: payment/status first, then
 *    payment/reverse while it waits for settlement, payment/refund once settled); a status that
 *    cannot be returned fails non-retryably and is recorded for the clerk (audited);
 * 2. in one transaction: captured/settled → refunded, the ledger's reversal (the obligations are
 *    owed again), the audit entry and the payer's message.
 */
import { ActivityFailure, ApplicationFailure, log, proxyActivities } from "@temporalio/workflow";
import type { CardRefundActivities } from "../activities/card_refunds.ts";
import type { CardRefundInput } from "../domain/workflows.ts";

const NON_RETRYABLE = ["CardPaymentNotFound", "CardPaymentsOff", "NotRefundable", "GatewayRefused"];

const steps = proxyActivities<CardRefundActivities>({
  startToCloseTimeout: "30 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "1 minute",
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
});

/** The gateway: asked until it answers (a refusal or an unreturnable status ends it). */
const gateway = proxyActivities<CardRefundActivities>({
  startToCloseTimeout: "1 minute",
  retry: {
    initialInterval: "2 seconds",
    backoffCoefficient: 2,
    maximumInterval: "5 minutes",
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
});

export interface CardRefundResult {
  refunded: boolean;
  failure: string | null;
}

export async function cardRefund(input: CardRefundInput): Promise<CardRefundResult> {
  const ref = { tenantId: input.tenantId, cardPaymentId: input.cardPaymentId };
  let operation: string;
  try {
    operation = (await gateway.refundCardAtGateway(ref)).operation;
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause instanceof ApplicationFailure ? err.cause.message : err.message;
    log.warn("card refund refused", { ...ref, cause });
    await steps.failCardRefund({ ...ref, reason: cause.slice(0, 300) });
    return { refunded: false, failure: cause };
  }
  const r = await steps.recordCardRefund({
    ...ref,
    clerkId: input.clerkId,
    reason: input.reason,
    origin: input.origin,
    operation,
  });
  return { refunded: r.refunded, failure: null };
}
