/**
 * The card refund's side effects (workflows/card_refund.ts). Whole refunds only. Each is
 * idempotent:
 *
 * - `refundCardAtGateway` asks payment/status first: 7 (waiting for settlement) → payment/reverse,
 *   8 (settled) → payment/refund of the whole amount, 5/9/10 (already reversed or refunded: a
 *   retry after a lost answer) → nothing to call; anything else fails non-retryably
 *   (`NotRefundable`), and the workflow records why for the clerk;
 * - `recordCardRefund` moves captured/settled → refunded (`transitionCardPayment`'s
 *   compare-and-set), reverses the payment in the ledger (`refundPayment`, once), writes the audit
 *   entry and queues the payer's message (unique key) in ONE transaction; an attempt already
 *   refunded writes nothing.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  findCardPayment,
  recordGatewayStatus,
  transitionCardPayment,
} from "../db/repositories/card_payments.ts";
import { refundPayment } from "../db/repositories/ledger.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import { formatCzk } from "../domain/money.ts";
import { notifyCasePerson } from "../app/case_notifications.ts";
import { type CsobClient, csobClient, type CsobPaymentResponse } from "../lib/payments/csob.ts";
import { config } from "../lib/config.ts";
import { log } from "../lib/log.ts";

export interface CardRefundRef {
  tenantId: string;
  cardPaymentId: string;
}

const SYSTEM = { actorType: "system" as const, actorId: "card-refund-workflow" };
/** Gateway statuses after which the money is on its way back (reversed, refund processing, refunded). */
const DONE = [5, 9, 10];

export function createCardRefundActivities(deps: { db: Kysely<Database>; csob?: CsobClient }) {
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

  async function load(ref: CardRefundRef) {
    const cp = await findCardPayment(db, ref.tenantId, ref.cardPaymentId);
    if (!cp) {
      throw ApplicationFailure.nonRetryable(
        `card payment ${ref.cardPaymentId} not found`,
        "CardPaymentNotFound",
      );
    }
    return cp;
  }

  async function record(ref: CardRefundRef, res: CsobPaymentResponse, fallback: number | null) {
    await recordGatewayStatus(db, ref.tenantId, ref.cardPaymentId, {
      paymentStatus: res.resultCode === 0 ? res.paymentStatus ?? null : fallback,
      resultCode: res.resultCode,
    });
  }

  /** Returns the money at the gateway (reverse or refund, by its status), once. */
  async function refundCardAtGateway(
    ref: CardRefundRef,
  ): Promise<{ operation: "reverse" | "refund" | "none"; paymentStatus: number | null }> {
    const cp = await load(ref);
    if (cp.state === "refunded") return { operation: "none", paymentStatus: cp.gateway_status };
    if (cp.state !== "captured" && cp.state !== "settled") {
      throw ApplicationFailure.nonRetryable(
        `the card payment is ${cp.state}: only a captured or settled payment is refunded`,
        "NotRefundable",
      );
    }
    if (!cp.pay_id) throw ApplicationFailure.nonRetryable("no payId", "NotRefundable");
    const payId = cp.pay_id;
    const c = gateway();
    const status = await c.status(payId);
    await record(ref, status, cp.gateway_status);
    if (status.resultCode !== 0 || status.paymentStatus == null) {
      // Retried: the gateway did not answer what the payment is.
      throw new Error(`payment/status: resultCode ${status.resultCode} ${status.resultMessage}`);
    }
    const now = status.paymentStatus;
    if (DONE.includes(now)) return { operation: "none", paymentStatus: now };
    let operation: "reverse" | "refund";
    let res: CsobPaymentResponse;
    if (now === 7) {
      operation = "reverse";
      res = await c.reverse(payId);
    } else if (now === 8) {
      operation = "refund";
      res = await c.refund(payId);
    } else {
      throw ApplicationFailure.nonRetryable(
        `paymentStatus ${now}: the gateway cannot return this payment`,
        "NotRefundable",
      );
    }
    await record(ref, res, now);
    if (res.resultCode !== 0 || !DONE.includes(res.paymentStatus ?? -1)) {
      throw ApplicationFailure.nonRetryable(
        `payment/${operation} refused: resultCode ${res.resultCode} ${res.resultMessage}` +
          ` (paymentStatus ${res.paymentStatus ?? "?"})`,
        "GatewayRefused",
      );
    }
    log.info("card payment returned at the gateway", {
      tenantId: ref.tenantId,
      cardPaymentId: ref.cardPaymentId,
      operation,
      paymentStatus: res.paymentStatus,
    });
    return { operation, paymentStatus: res.paymentStatus ?? null };
  }

  /**
   * The ledger's side, one transaction, once: captured/settled → refunded, the payment reversed,
   * the audit entry, the payer's message.
   */
  async function recordCardRefund(
    input: CardRefundRef & {
      clerkId: string;
      reason: string;
      origin: string;
      operation: string;
    },
  ): Promise<{ refunded: boolean }> {
    return await db.transaction().execute(async (trx) => {
      const cp = await findCardPayment(trx, input.tenantId, input.cardPaymentId, { lock: true });
      if (!cp) {
        throw ApplicationFailure.nonRetryable("card payment not found", "CardPaymentNotFound");
      }
      if (cp.state === "refunded") return { refunded: false };
      if (cp.state !== "captured" && cp.state !== "settled") {
        throw ApplicationFailure.nonRetryable(`card payment is ${cp.state}`, "NotRefundable");
      }
      await transitionCardPayment(
        trx,
        input.tenantId,
        cp.id,
        cp.state,
        "refunded",
        `payment/${input.operation}: ${input.reason}`,
      );
      const payment = await trx.selectFrom("payments").select(["id", "variable_symbol"])
        .where("tenant_id", "=", input.tenantId).where("card_payment_id", "=", cp.id)
        .executeTakeFirst();
      const reversed = payment
        ? await refundPayment(trx, input.tenantId, payment.id, input.clerkId, input.reason)
        : false;
      await appendAudit(trx, {
        tenantId: input.tenantId,
        ...SYSTEM,
        action: "payment.card_refunded",
        subjectType: "card_payment",
        subjectId: cp.id,
        details: {
          paymentId: payment?.id ?? null,
          amountHalere: cp.amount_halere,
          operation: input.operation,
          reversed,
          clerkId: input.clerkId,
        },
      });
      const tenant = await findTenantById(trx, input.tenantId);
      const params = {
        town: tenant?.name ?? "",
        amount: formatCzk(cp.amount_halere),
        vs: payment?.variable_symbol ?? "",
        link: `${input.origin}/ucet/platby`,
      };
      await notifyCasePerson(trx, input.tenantId, cp.person_id, {
        idempotencyKey: `card-refund/${cp.id}`,
        kind: "payment",
        text: (channel, t) => ({
          subject: t("cardRefund.mail.subject", params),
          body: t(channel === "email" ? "cardRefund.mail.body" : "cardRefund.sms", params),
        }),
      });
      return { refunded: true };
    });
  }

  /** The gateway could not return the payment: recorded (audited) for the clerk's page. */
  async function failCardRefund(ref: CardRefundRef & { reason: string }): Promise<void> {
    await appendAudit(db, {
      tenantId: ref.tenantId,
      ...SYSTEM,
      action: "card_payment.refund_failed",
      subjectType: "card_payment",
      subjectId: ref.cardPaymentId,
      details: { reason: ref.reason.slice(0, 500) },
    });
    log.warn("card refund failed", { ...ref });
  }

  return { refundCardAtGateway, recordCardRefund, failCardRefund };
}

export type CardRefundActivities = ReturnType<typeof createCardRefundActivities>;
