/**
 * The state graph of one card payment attempt at the ČSOB gateway (`card_payments.state`), as
 * ONE table: every move a payment may make, and the events that make it. Nothing else moves a
 * payment: `transitionCardPayment` (db/repositories/card_payments.ts) is the only writer of the
 * state, and it refuses a move this table does not list (a test scans the sources for others).
 *
 *   created ──initialised──> started ──authorised──> authorised ──captured──> captured ──settled──> settled
 *      │                        │                        │                        │                   │
 *   initRefused         declined│cancelled│expired    reversed                 refunded            refunded
 *      v                        v          v             v                        v                   v
 *    failed              failed  cancelled  expired   cancelled                refunded            refunded
 *
 * `captured` is the moment the ledger books the payment (the same transaction); `settled` is the
 * acquirer's credit found on the town's bank statement (reconciliation marks the statement line).
 * Pure: loaded by the workflow bundle, the worker's activities and the web alike.
 */
import type { CardPaymentState } from "../../db/schema.ts";

export type { CardPaymentState };

export const CARD_PAYMENT_STATES: readonly CardPaymentState[] = [
  "created",
  "started",
  "authorised",
  "captured",
  "settled",
  "failed",
  "cancelled",
  "expired",
  "refunded",
];

/** What moves a payment. */
export type CardPaymentEvent =
  /** payment/init answered with a payId: the customer can be sent to the gateway. */
  | "initialised"
  /** payment/init refused (resultCode ≠ 0) or never answered: nothing to pay at. */
  | "initRefused"
  /** The gateway confirmed the card (paymentStatus 4, or 7 when authorised and closed at once). */
  | "authorised"
  /** Sent to settlement (paymentStatus 7): the ledger books the payment in the same transaction. */
  | "captured"
  /** The issuer or 3-D Secure declined, or the gateway's ttlSec passed (paymentStatus 6). */
  | "declined"
  /** The customer cancelled on the gateway's page (paymentStatus 3). */
  | "cancelled"
  /** The authorisation was reversed (paymentStatus 5). */
  | "reversed"
  /** No outcome from the gateway after the wait and the polls. */
  | "expired"
  /** The acquirer's credit was found on the town's bank statement. */
  | "settled"
  /** Money returned to the card (paymentStatus 9 or 10). */
  | "refunded";

export interface CardTransition {
  from: CardPaymentState;
  to: CardPaymentState;
  on: readonly CardPaymentEvent[];
}

/** Every move a card payment may make. Nothing not listed here is allowed. */
export const CARD_TRANSITIONS: readonly CardTransition[] = [
  { from: "created", to: "started", on: ["initialised"] },
  { from: "created", to: "failed", on: ["initRefused"] },
  { from: "started", to: "authorised", on: ["authorised"] },
  { from: "started", to: "failed", on: ["declined"] },
  { from: "started", to: "cancelled", on: ["cancelled", "reversed"] },
  { from: "started", to: "expired", on: ["expired"] },
  { from: "authorised", to: "captured", on: ["captured"] },
  { from: "authorised", to: "cancelled", on: ["reversed"] },
  { from: "captured", to: "settled", on: ["settled"] },
  { from: "captured", to: "refunded", on: ["refunded"] },
  { from: "settled", to: "refunded", on: ["refunded"] },
];

/** Whether the table lists a move from `from` to `to`. */
export function canTransition(from: CardPaymentState, to: CardPaymentState): boolean {
  return CARD_TRANSITIONS.some((t) => t.from === from && t.to === to);
}

/** Where `event` takes a payment in state `from`, or null when it does not move it. */
export function nextState(
  from: CardPaymentState,
  event: CardPaymentEvent,
): CardPaymentState | null {
  return CARD_TRANSITIONS.find((t) => t.from === from && t.on.includes(event))?.to ?? null;
}

/** States nothing leaves. */
export const TERMINAL_STATES: readonly CardPaymentState[] = CARD_PAYMENT_STATES.filter((s) =>
  !CARD_TRANSITIONS.some((t) => t.from === s)
);

export function isTerminal(state: CardPaymentState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Still waiting for the gateway: the person's page says "being processed". */
export function isAwaitingGateway(state: CardPaymentState): boolean {
  return state === "created" || state === "started" || state === "authorised";
}

/** The money is the town's: booked in the ledger (captured), on the statement (settled). */
export function isPaid(state: CardPaymentState): boolean {
  return state === "captured" || state === "settled";
}

/**
 * The ČSOB paymentStatus (wiki "Životní cyklus transakce", lib/payments/csob.ts) as an event:
 * 1 created and 2 in progress are still `pending`; 3 cancelled by the customer; 4 confirmed
 * (authorised, waiting for payment/close); 5 reversed; 6 declined (also: unpaid past ttlSec);
 * 7 waiting for settlement — with closePayment=true the gateway closes the payment itself right
 * after the authorisation, and with false it is 7 only after our payment/close, so it is
 * captured either way; 8 settled by the gateway (captured from the ledger's view: our `settled`
 * is the bank statement's credit); 9 refund in progress and 10 refunded. Anything else is
 * `unknown` (logged and polled again, never guessed).
 */
export function gatewayEvent(paymentStatus: number): CardPaymentEvent | "pending" | "unknown" {
  switch (paymentStatus) {
    case 1:
    case 2:
      return "pending";
    case 3:
      return "cancelled";
    case 4:
      return "authorised";
    case 5:
      return "reversed";
    case 6:
      return "declined";
    case 7:
    case 8:
      return "captured";
    case 9:
    case 10:
      return "refunded";
    default:
      return "unknown";
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `businessDays` working days (Monday to Friday; public holidays are not counted out) after
 * `from`, at the same time of day: when a captured payment whose money has not reached the
 * town's account is flagged for a clerk.
 */
export function afterBusinessDays(from: Date, businessDays: number): Date {
  let t = from.getTime();
  let left = businessDays;
  while (left > 0) {
    t += DAY_MS;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(t);
}

/**
 * SHA-256 (hex) of what a card payment was asked for: the distinct obligation ids, lower case,
 * sorted, joined by commas — the same hash a payment order keeps for its selection, so a form's
 * one key may serve its QR order and its card payment alike.
 */
export async function cardRequestHash(obligationIds: readonly string[]): Promise<string> {
  const text = [...new Set(obligationIds.map((id) => id.toLowerCase()))].sort().join(",");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
