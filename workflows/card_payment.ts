/**
 * One card payment attempt at the ČSOB gateway (`cardPayment`, workflow id
 * `card-payment/<cardPaymentId>`), along the state graph of domain/payments/card_states.ts:
 *
 * 1. payment/init (the payId is stored; created → started) — the web meanwhile waits a few
 *    seconds for the payId and sends the person to the gateway's page;
 * 2. waits for the person's return (the `gatewayReturned` signal the web queues from a verified,
 *    signed return) at most the page's lifetime plus a minute;
 * 3. asks payment/status either way — the return alone is never trusted; while the gateway
 *    still says "in progress", polls a few more times, then the attempt expires;
 * 4. authorised and sent to settlement (7) → booked in the ledger (authorised → captured, the
 *    payment and its allocation, the audit entry, the payer's message: one transaction); an
 *    authorisation left open (4) is closed first, or reversed if it cannot be; declined → failed;
 *    cancelled or reversed → cancelled;
 * 5. then waits (durable timers, daily) for reconciliation to find the acquirer's credit on the
 *    town's bank statement (captured → settled); after five business days it flags the attempt
 *    for a clerk and keeps looking for a while longer.
 *
 * Every side effect is an activity (activities/card_payments.ts); the search attribute
 * CaseStatus follows the state, so an operator finds stuck payments in the Temporal UI.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  log,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from "@temporalio/workflow";
import type { CardPaymentActivities, GatewayAnswer } from "../activities/card_payments.ts";
import {
  CARD_PAYMENT_SIGNALS,
  type CardGatewayReturn,
  type CardPaymentInput,
} from "../domain/workflows.ts";
import {
  afterBusinessDays,
  type CardPaymentState,
  gatewayEvent,
} from "../domain/payments/card_states.ts";
import { CASE_STATUS } from "./search_attributes.ts";

export const gatewayReturned = defineSignal<[CardGatewayReturn]>(
  CARD_PAYMENT_SIGNALS.gatewayReturned,
);
export const cardPaymentState = defineQuery<CardPaymentState>("cardPaymentState");

const NON_RETRYABLE = ["CardPaymentNotFound", "CardPaymentsOff", "InvalidInput", "NotCapturable"];

/** Database steps: retried until they succeed (a lost connection, a killed worker). */
const steps = proxyActivities<CardPaymentActivities>({
  startToCloseTimeout: "30 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "1 minute",
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
});

/** payment/init: a person waits at the page, so a few attempts, then the attempt fails. */
const init = proxyActivities<CardPaymentActivities>({
  startToCloseTimeout: "1 minute",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "10 seconds",
    maximumAttempts: 5,
    nonRetryableErrorTypes: [...NON_RETRYABLE, "GatewayRefused"],
  },
});

/** payment/status, close, reverse: the answer matters, so asked until the gateway gives one. */
const gateway = proxyActivities<CardPaymentActivities>({
  startToCloseTimeout: "1 minute",
  retry: {
    initialInterval: "2 seconds",
    backoffCoefficient: 2,
    maximumInterval: "5 minutes",
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
});

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface CardPaymentResult {
  state: CardPaymentState;
  booked: boolean;
  flagged: boolean;
}

export async function cardPayment(input: CardPaymentInput): Promise<CardPaymentResult> {
  const ref = { tenantId: input.tenantId, cardPaymentId: input.cardPaymentId };
  const ttlSec = input.ttlSec ?? 900;
  let state = "created" as CardPaymentState;
  let returned = false;
  let booked = false;
  let flagged = false;

  setHandler(gatewayReturned, () => {
    returned = true;
  });
  setHandler(cardPaymentState, () => state);

  const now = (s: CardPaymentState) => {
    if (s === state) return;
    state = s;
    upsertSearchAttributes([{ key: CASE_STATUS, value: s }]);
  };
  const move = async (from: CardPaymentState, to: CardPaymentState, reason: string) => {
    const r = await steps.moveCardPayment({ ...ref, from, to, reason });
    now(r.state);
  };
  const done = (): CardPaymentResult => ({ state, booked, flagged });

  // 1. payment/init.
  try {
    const r = await init.initCardPayment({
      ...ref,
      returnUrl: input.returnUrl,
      ttlSec,
      language: input.language,
    });
    now(r.state);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause instanceof ApplicationFailure ? err.cause.message : err.message;
    log.warn("card payment could not start at the gateway", { ...ref, cause });
    await move("created", "failed", `payment/init failed: ${cause}`.slice(0, 300));
    return done();
  }
  if (state !== "started") return done();

  // 2. The person's return, or the page's lifetime and a minute.
  await condition(() => returned, input.returnTimeoutMs ?? ttlSec * 1000 + MINUTE);

  // 3. What the gateway says.
  const pollAttempts = input.pollAttempts ?? 5;
  let polls = 0;
  for (;;) {
    const answer: GatewayAnswer = await gateway.checkCardPaymentStatus(ref);
    const event = answer.resultCode === 0 && answer.paymentStatus !== null
      ? gatewayEvent(answer.paymentStatus)
      : "unknown";
    if (event === "pending" || event === "unknown") {
      if (polls >= pollAttempts) {
        await move(
          "started",
          "expired",
          `no outcome after ${polls} polls (paymentStatus ${answer.paymentStatus ?? "?"}, ` +
            `resultCode ${answer.resultCode})`,
        );
        // The gateway may still complete it later: if it did, close or reverse it there.
        const last = await gateway.checkCardPaymentStatus(ref);
        if (last.paymentStatus === 4 || last.paymentStatus === 7) {
          await gateway.reverseCardPayment(ref);
        }
        return done();
      }
      polls++;
      returned = false;
      await condition(() => returned, input.pollIntervalMs ?? MINUTE);
      continue;
    }
    if (event === "authorised") {
      // Authorised but not sent to settlement (closePayment should have done it): close it.
      await move("started", "authorised", "paymentStatus 4: authorised");
      const closed = await gateway.closeCardPayment(ref);
      if (closed.resultCode !== 0 || (closed.paymentStatus !== 7 && closed.paymentStatus !== 8)) {
        await gateway.reverseCardPayment(ref);
        await move(
          "authorised",
          "cancelled",
          `payment/close refused (resultCode ${closed.resultCode}); reversed`,
        );
        return done();
      }
    } else if (event === "captured") {
      await move(
        "started",
        "authorised",
        `paymentStatus ${answer.paymentStatus}: authorised and sent to settlement`,
      );
    } else if (event === "declined") {
      await move("started", "failed", `paymentStatus ${answer.paymentStatus}: declined`);
      return done();
    } else if (event === "cancelled" || event === "reversed") {
      await move("started", "cancelled", `paymentStatus ${answer.paymentStatus}: ${event}`);
      return done();
    } else {
      // A refund of a payment never captured here: nothing to book; a clerk looks at it.
      flagged = await steps.flagCardPayment({
        ...ref,
        reason: `unexpected paymentStatus ${answer.paymentStatus} before capture`,
      });
      return done();
    }
    break;
  }

  // 4. Booked in the ledger.
  if (input.testPauseBeforeBookingMs) await sleep(input.testPauseBeforeBookingMs);
  const b = await steps.bookCardPayment({ ...ref, origin: input.origin });
  booked = b.booked;
  now(b.state);

  // 5. The money on the town's bank statement.
  const capturedAt = Date.now();
  const flagAt = input.settlementFlagAfterMs !== undefined
    ? capturedAt + input.settlementFlagAfterMs
    : afterBusinessDays(new Date(capturedAt), 5).getTime();
  const giveUpAt = capturedAt + (input.settlementGiveUpMs ?? 30 * DAY);
  const pollMs = input.settlementPollMs ?? DAY;
  for (;;) {
    const s = await steps.checkCardPaymentSettlement(ref);
    now(s.state);
    flagged = flagged || s.flagged;
    if (s.state !== "captured") break;
    const t = Date.now();
    if (!flagged && t >= flagAt) {
      await steps.flagCardPayment({
        ...ref,
        reason: "Peníze z platby kartou nedorazily na účet obce do 5 pracovních dnů.",
      });
      flagged = true;
    }
    if (t >= giveUpAt) break;
    const next = flagged ? giveUpAt : Math.min(flagAt, giveUpAt);
    await sleep(Math.max(1000, Math.min(pollMs, next - t)));
  }
  return done();
}
