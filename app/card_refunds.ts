/**
 * Refunds of card payments by a clerk of the fees agenda (`/urad/platby/karty`): the town's card
 * payments, newest first; one payment with its moves; and the refund — whole refunds only. The
 * request is one transaction (the audit entry and the outbox command that starts the
 * `cardRefund` workflow, id `card-refund/<id>`): a second request finds the first command and
 * changes nothing. The workflow returns the money at the gateway and reverses the ledger.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import {
  type CardPaymentRow,
  findCardPayment,
  listCardPaymentTransitions,
} from "../db/repositories/card_payments.ts";
import { isUuid } from "../db/repositories/ledger.ts";
import { startCardRefundWorkflow } from "../domain/workflows.ts";
import { tenantSlugOf } from "../db/repositories/tenants.ts";
import { formatCzk } from "../domain/money.ts";
import { checkText, cleanText, type FieldError } from "../domain/validation.ts";
import { type ClerkActor, clerkAudit } from "./deps.ts";

export interface CardRefundDeps {
  db: Kysely<Database>;
  /** Tests run a worker of their own. */
  taskQueue?: string;
}

export const REFUND_REASON_MAX = 500;
/** Where the refund is: not asked, asked and being processed, refunded, or refused. */
export type RefundStatus =
  | { kind: "none" }
  | { kind: "processing" }
  | { kind: "refunded" }
  | { kind: "failed"; reason: string };

export interface TownCardPaymentView {
  payment: CardPaymentRow;
  payerName: string;
  variableSymbol: string;
  transitions: { from_state: string; to_state: string; reason: string; at: Date }[];
  refund: RefundStatus;
  /** Captured or settled, and no refund asked yet. */
  refundable: boolean;
}

/** One card payment of the town (another town's or an unknown id: undefined). */
export async function openTownCardPayment(
  deps: CardRefundDeps,
  actor: ClerkActor,
  id: string,
): Promise<TownCardPaymentView | undefined> {
  if (!isUuid(id)) return undefined;
  const payment = await findCardPayment(deps.db, actor.tenantId, id);
  if (!payment) return undefined;
  const [person, order, transitions, events] = await Promise.all([
    deps.db.selectFrom("persons").select(["given_name", "family_name"])
      .where("tenant_id", "=", actor.tenantId).where("id", "=", payment.person_id)
      .executeTakeFirst(),
    deps.db.selectFrom("payment_orders").select("variable_symbol")
      .where("tenant_id", "=", actor.tenantId).where("id", "=", payment.payment_order_id)
      .executeTakeFirst(),
    listCardPaymentTransitions(deps.db, actor.tenantId, id),
    deps.db.selectFrom("audit_log").select(["action", "details"])
      .where("tenant_id", "=", actor.tenantId).where("subject_type", "=", "card_payment")
      .where("subject_id", "=", id)
      .where("action", "in", ["card_payment.refund_requested", "card_payment.refund_failed"])
      .orderBy("id", "desc").limit(1).execute(),
  ]);
  // The page shows the payer's name: the look is in the audit log (their list of clerk views).
  await appendAudit(deps.db, {
    ...clerkAudit(actor),
    action: "card_payment.viewed",
    subjectType: "card_payment",
    subjectId: payment.id,
    details: { personId: payment.person_id },
  });
  let refund: RefundStatus = { kind: "none" };
  if (payment.state === "refunded") refund = { kind: "refunded" };
  else if (events[0]?.action === "card_payment.refund_failed") {
    const d = (events[0].details ?? {}) as { reason?: string };
    refund = { kind: "failed", reason: d.reason ?? "" };
  } else if (events[0]?.action === "card_payment.refund_requested") {
    refund = { kind: "processing" };
  }
  return {
    payment,
    payerName: `${person?.given_name ?? ""} ${person?.family_name ?? ""}`.trim(),
    variableSymbol: order?.variable_symbol ?? "",
    transitions,
    refund,
    refundable: (payment.state === "captured" || payment.state === "settled") &&
      refund.kind === "none",
  };
}

export type RefundRequestResult =
  | { ok: true; created: boolean }
  | { ok: false; code: "notFound" }
  | { ok: false; code: "notRefundable" }
  | { ok: false; code: "invalid"; errors: FieldError[] };

/** Checks the reason typed on the form (required, at most 500 characters). */
export function parseRefundReason(raw: string): { reason: string; errors: FieldError[] } {
  const reason = cleanText(raw);
  const errors: FieldError[] = [];
  checkText(errors, "reason", reason, { required: true, max: REFUND_REASON_MAX });
  return { reason, errors };
}

/**
 * Asks for the whole refund of a captured or settled card payment: the audit entry and the
 * workflow's start command in one transaction, once (a second request changes nothing).
 */
export async function requestCardRefund(
  deps: CardRefundDeps,
  actor: ClerkActor,
  input: { cardPaymentId: string; reason: string; origin: string },
): Promise<RefundRequestResult> {
  if (!isUuid(input.cardPaymentId)) return { ok: false, code: "notFound" };
  const { reason, errors } = parseRefundReason(input.reason);
  return await deps.db.transaction().execute(async (trx) => {
    const cp = await findCardPayment(trx, actor.tenantId, input.cardPaymentId, { lock: true });
    if (!cp) return { ok: false as const, code: "notFound" as const };
    const command = startCardRefundWorkflow({
      tenantId: actor.tenantId,
      cardPaymentId: cp.id,
      clerkId: actor.clerkId,
      reason,
      origin: input.origin,
    }, {
      tenantSlug: await tenantSlugOf(trx, actor.tenantId),
      amount: formatCzk(cp.amount_halere),
      taskQueue: deps.taskQueue,
    });
    const existing = await trx.selectFrom("workflow_commands").select("id")
      .where("tenant_id", "=", actor.tenantId).where("command_key", "=", command.key)
      .executeTakeFirst();
    if (existing) return { ok: true as const, created: false };
    if (cp.state !== "captured" && cp.state !== "settled") {
      return { ok: false as const, code: "notRefundable" as const };
    }
    if (errors.length) return { ok: false as const, code: "invalid" as const, errors };
    const { created } = await enqueueCommand(trx, command);
    if (created) {
      await appendAudit(trx, {
        ...clerkAudit(actor),
        action: "card_payment.refund_requested",
        subjectType: "card_payment",
        subjectId: cp.id,
        details: { reason, amountHalere: cp.amount_halere, state: cp.state },
      });
    }
    return { ok: true as const, created };
  });
}
