/**
 * The card payment's side effects (workflows/card_payment.ts): the ČSOB gateway's calls
 * (payment/init, payment/status, payment/close, payment/reverse) through lib/payments/csob.ts,
 * and the database moves. Each is idempotent:
 *
 * - `initCardPayment` stores the payId and moves created → started in one transaction; a retry
 *   finds the payId and calls nothing (a crash between the gateway's answer and the commit
 *   leaves an orphan payment at the gateway, which it declines after its ttlSec);
 * - every move is `transitionCardPayment`'s compare-and-set, so a retried move moves nothing;
 * - `bookCardPayment` moves authorised → captured, books the payment (`bookPayment`: unique per
 *   card payment), writes the audit entry and queues the payer's message (unique key) in ONE
 *   transaction: a worker killed anywhere books once and tells once.
 *
 * A gateway answer whose signature does not verify is refused (`CsobSignatureError`) and logged;
 * the call is retried like a network failure, never trusted.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { CardPaymentState, Database } from "../db/schema.ts";
import {
  findCardPayment,
  flagCardPayment as flagRow,
  recordGatewayStatus,
  setGatewayPayId,
  transitionCardPayment,
} from "../db/repositories/card_payments.ts";
import { bookPayment, findPaymentOrder } from "../db/repositories/ledger.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import { isPaid } from "../domain/payments/card_states.ts";
import { formatCzk } from "../domain/money.ts";
import { formatPragueDate } from "../domain/time.ts";
import { notifyCasePerson } from "../app/case_notifications.ts";
import {
  type CsobClient,
  csobClient,
  type CsobPaymentResponse,
  CsobRequestError,
  CsobSignatureError,
} from "../lib/payments/csob.ts";
import { config } from "../lib/config.ts";
import { describeError, log } from "../lib/log.ts";

export interface CardPaymentRef {
  tenantId: string;
  cardPaymentId: string;
}

export interface GatewayAnswer {
  resultCode: number;
  paymentStatus: number | null;
}

const SYSTEM = { actorType: "system" as const, actorId: "card-payment-workflow" };
/** The cart's one item (eAPI: at most 2 items, name ≤ 20 and description ≤ 40 characters). */
const CART_NAME = "Poplatky obci";

export function createCardPaymentActivities(
  deps: { db: Kysely<Database>; csob?: CsobClient },
) {
  const { db } = deps;
  let client = deps.csob;

  function gateway(): CsobClient {
    if (client) return client;
    const cfg = config().payments.csob;
    if (!cfg) {
      throw ApplicationFailure.nonRetryable(
        "card payments are off (CSOB_URL is not set)",
        "CardPaymentsOff",
      );
    }
    return client = csobClient(cfg);
  }

  async function load(ref: CardPaymentRef) {
    const cp = await findCardPayment(db, ref.tenantId, ref.cardPaymentId);
    if (!cp) {
      throw ApplicationFailure.nonRetryable(
        `card payment ${ref.cardPaymentId} not found`,
        "CardPaymentNotFound",
      );
    }
    return cp;
  }

  /** A gateway call: a bad signature is logged and retried (never trusted), like a lost answer. */
  async function call(
    ref: CardPaymentRef,
    operation: string,
    fn: (c: CsobClient) => Promise<CsobPaymentResponse>,
  ): Promise<CsobPaymentResponse> {
    try {
      return await fn(gateway());
    } catch (err) {
      if (err instanceof CsobSignatureError) {
        log.warn("card payment: the gateway's answer was refused (bad signature)", {
          tenantId: ref.tenantId,
          cardPaymentId: ref.cardPaymentId,
          operation,
        });
      } else {
        log.warn("card payment: gateway call failed", {
          tenantId: ref.tenantId,
          cardPaymentId: ref.cardPaymentId,
          operation,
          ...describeError(err),
        });
      }
      throw err;
    }
  }

  /**
   * payment/init at the gateway, once: stores the payId and moves created → started; a refusal
   * (resultCode ≠ 0) moves created → failed.
   */
  async function initCardPayment(
    input: CardPaymentRef & { returnUrl: string; ttlSec: number; language: string },
  ): Promise<{ state: CardPaymentState; payId: string | null }> {
    const cp = await load(input);
    if (cp.pay_id || cp.state !== "created") return { state: cp.state, payId: cp.pay_id };
    const order = await findPaymentOrder(db, input.tenantId, [cp.person_id], cp.payment_order_id);
    if (!order) {
      throw ApplicationFailure.nonRetryable("payment order not found", "CardPaymentNotFound");
    }
    const count = order.items.length;
    let res: CsobPaymentResponse;
    try {
      res = await call(input, "payment/init", (c) =>
        c.init({
          orderNo: order.variable_symbol,
          totalAmount: cp.amount_halere,
          currency: "CZK",
          closePayment: true,
          returnUrl: input.returnUrl,
          returnMethod: "POST",
          cart: [{
            name: CART_NAME,
            quantity: count,
            amount: cp.amount_halere,
            description: `VS ${order.variable_symbol}, ${count} ${
              count === 1 ? "předpis" : count < 5 ? "předpisy" : "předpisů"
            }`,
          }],
          language: input.language,
          ttlSec: input.ttlSec,
        }));
    } catch (err) {
      // The gateway refused to authenticate us (keys, merchant id), or its answer did not
      // verify: a retry would start another payment there. The attempt fails; the person
      // may try again.
      if (err instanceof CsobRequestError || err instanceof CsobSignatureError) {
        throw ApplicationFailure.nonRetryable(`payment/init: ${err.message}`, "GatewayRefused");
      }
      throw err;
    }
    if (res.resultCode !== 0 || !res.payId) {
      await db.transaction().execute(async (trx) => {
        await recordGatewayStatus(trx, input.tenantId, cp.id, {
          paymentStatus: res.paymentStatus ?? null,
          resultCode: res.resultCode,
        });
        await transitionCardPayment(
          trx,
          input.tenantId,
          cp.id,
          "created",
          "failed",
          `payment/init refused: ${res.resultCode} ${res.resultMessage}`,
        );
      });
      const now = await load(input);
      return { state: now.state, payId: null };
    }
    await db.transaction().execute(async (trx) => {
      await setGatewayPayId(trx, input.tenantId, cp.id, res.payId);
      await recordGatewayStatus(trx, input.tenantId, cp.id, {
        paymentStatus: res.paymentStatus ?? null,
        resultCode: res.resultCode,
      });
      await transitionCardPayment(
        trx,
        input.tenantId,
        cp.id,
        "created",
        "started",
        "payment/init",
      );
    });
    log.info("card payment started at the gateway", {
      tenantId: input.tenantId,
      cardPaymentId: cp.id,
      payId: res.payId,
    });
    const now = await load(input);
    return { state: now.state, payId: now.pay_id };
  }

  async function answer(
    ref: CardPaymentRef,
    operation: string,
    fn: (c: CsobClient, payId: string) => Promise<CsobPaymentResponse>,
  ): Promise<GatewayAnswer> {
    const cp = await load(ref);
    if (!cp.pay_id) throw ApplicationFailure.nonRetryable("no payId yet", "InvalidInput");
    const payId = cp.pay_id;
    const res = await call(ref, operation, (c) => fn(c, payId));
    await recordGatewayStatus(db, ref.tenantId, cp.id, {
      paymentStatus: res.resultCode === 0 ? res.paymentStatus ?? null : cp.gateway_status,
      resultCode: res.resultCode,
      authCode: res.authCode ?? null,
    });
    return { resultCode: res.resultCode, paymentStatus: res.paymentStatus ?? null };
  }

  /** payment/status: what the gateway says now (the return alone is never trusted). */
  function checkCardPaymentStatus(ref: CardPaymentRef): Promise<GatewayAnswer> {
    return answer(ref, "payment/status", (c, payId) => c.status(payId));
  }

  /** payment/close: sends an authorised payment (status 4) to settlement (7). */
  function closeCardPayment(ref: CardPaymentRef): Promise<GatewayAnswer> {
    return answer(ref, "payment/close", (c, payId) => c.close(payId));
  }

  /** payment/reverse: gives up an authorisation that could not be closed. */
  function reverseCardPayment(ref: CardPaymentRef): Promise<GatewayAnswer> {
    return answer(ref, "payment/reverse", (c, payId) => c.reverse(payId));
  }

  /** One move along the graph (compare-and-set); returns where the attempt is now. */
  async function moveCardPayment(
    input: CardPaymentRef & { from: CardPaymentState; to: CardPaymentState; reason: string },
  ): Promise<{ moved: boolean; state: CardPaymentState }> {
    const moved = await transitionCardPayment(
      db,
      input.tenantId,
      input.cardPaymentId,
      input.from,
      input.to,
      input.reason,
    );
    const cp = await load(input);
    if (moved) {
      log.info("card payment moved", {
        tenantId: input.tenantId,
        cardPaymentId: input.cardPaymentId,
        from: input.from,
        to: input.to,
      });
    }
    return { moved, state: cp.state };
  }

  /**
   * Captured: authorised → captured, the payment booked and allocated to the obligations, the
   * audit entry and the payer's message — one transaction, once.
   */
  async function bookCardPayment(
    input: CardPaymentRef & { origin: string },
  ): Promise<{ booked: boolean; paymentId: string | null; state: CardPaymentState }> {
    const result = await db.transaction().execute(async (trx) => {
      const cp = await findCardPayment(trx, input.tenantId, input.cardPaymentId, { lock: true });
      if (!cp) {
        throw ApplicationFailure.nonRetryable("card payment not found", "CardPaymentNotFound");
      }
      if (cp.state === "authorised") {
        await transitionCardPayment(
          trx,
          input.tenantId,
          cp.id,
          "authorised",
          "captured",
          `paymentStatus ${cp.gateway_status ?? "?"}: booked`,
        );
      } else if (!isPaid(cp.state)) {
        throw ApplicationFailure.nonRetryable(
          `card payment is ${cp.state}, not authorised`,
          "NotCapturable",
        );
      }
      const order = await findPaymentOrder(
        trx,
        input.tenantId,
        [cp.person_id],
        cp.payment_order_id,
      );
      if (!order) {
        throw ApplicationFailure.nonRetryable("payment order not found", "CardPaymentNotFound");
      }
      const paymentId = await bookPayment(trx, input.tenantId, {
        kind: "card",
        amountHalere: cp.amount_halere,
        receivedOn: formatPragueDate(new Date()),
        variableSymbol: order.variable_symbol,
        payerPersonId: cp.person_id,
        paymentOrderId: order.id,
        cardPaymentId: cp.id,
      });
      if (paymentId === null) {
        const existing = await trx.selectFrom("payments").select("id")
          .where("tenant_id", "=", input.tenantId).where("card_payment_id", "=", cp.id)
          .executeTakeFirst();
        return { booked: false, paymentId: existing?.id ?? null, state: "captured" as const };
      }
      await appendAudit(trx, {
        tenantId: input.tenantId,
        ...SYSTEM,
        action: "payment.card_booked",
        subjectType: "card_payment",
        subjectId: cp.id,
        details: {
          paymentId,
          amountHalere: cp.amount_halere,
          variableSymbol: order.variable_symbol,
          obligations: order.items.length,
        },
      });
      const tenant = await findTenantById(trx, input.tenantId);
      const params = {
        town: tenant?.name ?? "",
        amount: formatCzk(cp.amount_halere),
        vs: order.variable_symbol,
        link: `${input.origin}/ucet/platby`,
      };
      await notifyCasePerson(trx, input.tenantId, cp.person_id, {
        idempotencyKey: `card-payment/${cp.id}:captured`,
        kind: "receipt",
        text: (channel, t) => ({
          subject: t("cardPayment.mail.paid.subject", params),
          body: t(
            channel === "email" ? "cardPayment.mail.paid.body" : "cardPayment.sms.paid",
            params,
          ),
        }),
      });
      return { booked: true, paymentId, state: "captured" as const };
    });
    log.info("card payment booked", {
      tenantId: input.tenantId,
      cardPaymentId: input.cardPaymentId,
      booked: result.booked,
      paymentId: result.paymentId,
    });
    return result;
  }

  /**
   * Whether the acquirer's credit reached the town's account: reconciliation marks the
   * statement line on the attempt (`settled_line_id`); then captured → settled.
   */
  async function checkCardPaymentSettlement(
    ref: CardPaymentRef,
  ): Promise<{ state: CardPaymentState; flagged: boolean }> {
    const cp = await load(ref);
    if (cp.state === "captured" && cp.settled_line_id) {
      await transitionCardPayment(
        db,
        ref.tenantId,
        cp.id,
        "captured",
        "settled",
        `statement line ${cp.settled_line_id}`,
      );
    }
    const now = await load(ref);
    return { state: now.state, flagged: now.flagged_at !== null };
  }

  /** Flags the attempt for a clerk (shown in /urad/platby), once, audited. */
  async function flagCardPayment(ref: CardPaymentRef & { reason: string }): Promise<boolean> {
    return await db.transaction().execute(async (trx) => {
      const flagged = await flagRow(trx, ref.tenantId, ref.cardPaymentId, ref.reason);
      if (flagged) {
        await appendAudit(trx, {
          tenantId: ref.tenantId,
          ...SYSTEM,
          action: "card_payment.flagged",
          subjectType: "card_payment",
          subjectId: ref.cardPaymentId,
          details: { reason: ref.reason },
        });
        log.warn("card payment flagged for a clerk", {
          tenantId: ref.tenantId,
          cardPaymentId: ref.cardPaymentId,
          reason: ref.reason,
        });
      }
      return flagged;
    });
  }

  return {
    initCardPayment,
    checkCardPaymentStatus,
    closeCardPayment,
    reverseCardPayment,
    moveCardPayment,
    bookCardPayment,
    checkCardPaymentSettlement,
    flagCardPayment,
  };
}

export type CardPaymentActivities = ReturnType<typeof createCardPaymentActivities>;
