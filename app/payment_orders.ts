/**
 * Payment orders: several obligations paid at once under one variable symbol of their own, with
 * one QR Platba code; the reconciliation splits the money back (`allocateNewPayments`).
 *
 * A payer asks with an idempotency key (a UUID rendered into the form, or the API's
 * `Idempotency-Key`): the same key with the same selection returns the order made the first
 * time; with another selection it is a conflict (the order keeps the SHA-256 of the sorted ids
 * it was asked for). An order belongs to the payer who made it, and only they see it.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  createPaymentOrder,
  findObligations,
  findPaymentOrder,
  findPaymentOrderByKey,
  isUuid,
  type LedgerObligation,
  listPayments,
  type PaymentOrder,
} from "../db/repositories/ledger.ts";
import { listPayees, type Payee } from "../db/repositories/representations.ts";
import { isUniqueViolation } from "../db/repositories/persons.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { obligationName, orderDueDate, selectionKey } from "../domain/ledger_view.ts";
import { buildSpayd, SpaydError } from "../domain/spayd.ts";
import { sha256Hex } from "../domain/files.ts";
import { formatPragueDate } from "../domain/time.ts";
import { translator } from "../lib/i18n.ts";
import { type PersonActor, personAudit } from "./deps.ts";
import { type AccountForms, accountForms } from "./ledger.ts";

export interface PaymentOrderDeps {
  db: Kysely<Database>;
  now: () => Date;
}

export type PaymentOrderOutcome =
  | { kind: "ok"; order: PaymentOrder; created: boolean }
  | { kind: "conflict" }
  | {
    kind: "invalid";
    /**
     * none: nothing selected; notFound: an id is not an obligation of the payer's payees;
     * nothingToPay: everything selected is paid; mixedAccounts: the selection is paid to
     * different accounts of the town (one QR code can pay only one); key: the idempotency key
     * is missing or not 1–200 printable ASCII characters.
     */
    code: "none" | "notFound" | "nothingToPay" | "mixedAccounts" | "key";
  };

/** At most this many obligations in one order (a form or API body with more is refused). */
export const MAX_ORDER_ITEMS = 100;

/** 1–200 printable ASCII characters: a UUID from the form, or a client's `Idempotency-Key`. */
export function isIdempotencyKey(key: string): boolean {
  return /^[\x21-\x7e]{1,200}$/.test(key);
}

/** SHA-256 (hex) of the distinct obligation ids, sorted: what an order was asked for. */
export function selectionHash(obligationIds: readonly string[]): Promise<string> {
  return sha256Hex(new TextEncoder().encode(selectionKey(obligationIds)));
}

/**
 * Creates a payment order for the obligations selected (each for what it still owes), once per
 * idempotency key; one transaction with its audit entry. The order's due date is the earliest
 * due date of its obligations, or today + 14 days if that is later.
 */
export async function createPaymentOrderFor(
  deps: PaymentOrderDeps,
  actor: PersonActor,
  req: { obligationIds: string[]; idempotencyKey: string },
): Promise<PaymentOrderOutcome> {
  if (!isIdempotencyKey(req.idempotencyKey)) return { kind: "invalid", code: "key" };
  const ids = [...new Set(req.obligationIds.map((id) => id.trim().toLowerCase()))]
    .filter((id) => id !== "");
  if (ids.length === 0) return { kind: "invalid", code: "none" };
  if (ids.length > MAX_ORDER_ITEMS || !ids.every(isUuid)) {
    return { kind: "invalid", code: "notFound" };
  }
  const hash = await selectionHash(ids);
  const day = formatPragueDate(deps.now());
  const attempt = () =>
    deps.db.transaction().execute(async (trx): Promise<PaymentOrderOutcome> => {
      // One request per (payer, key) at a time: a double click waits for the first, then finds
      // its order (else both would see none, and the second would be told it made it too).
      await sql`select pg_advisory_xact_lock(hashtextextended(${`payment-order:${actor.tenantId}:${actor.personId}:${req.idempotencyKey}`}, 0))`
        .execute(trx);
      const existing = await findPaymentOrderByKey(
        trx,
        actor.tenantId,
        actor.personId,
        req.idempotencyKey,
      );
      if (existing) {
        return existing.request_hash === hash
          ? { kind: "ok", order: existing, created: false }
          : { kind: "conflict" };
      }
      const payees = await listPayees(trx, actor.tenantId, actor.personId, day);
      const found = await findObligations(
        trx,
        actor.tenantId,
        payees.map((p) => p.personId),
        ids,
      );
      if (found.length !== ids.length) return { kind: "invalid", code: "notFound" };
      const due = found.filter((o) => o.outstanding_halere > 0);
      if (due.length === 0) return { kind: "invalid", code: "nothingToPay" };
      const accounts = new Set(due.map((o) => accountForms(o.account).iban));
      if (accounts.size !== 1) return { kind: "invalid", code: "mixedAccounts" };
      const { rows: [started] } = await sql<{ now: Date }>`select now() as now`.execute(trx);
      const order = await createPaymentOrder(trx, actor.tenantId, {
        payerPersonId: actor.personId,
        idempotencyKey: req.idempotencyKey,
        requestHash: hash,
        account: [...accounts][0],
        dueDate: orderDueDate(due.map((o) => o.due_date), day),
        items: due.map((o) => ({ obligationId: o.id, amountHalere: o.outstanding_halere })),
        year: Number(day.slice(0, 4)),
      });
      // A card attempt with this key (app/card_payments.ts) may have made the order just now:
      // then it is not this request's to announce.
      if (order.created_at.getTime() !== started.now.getTime()) {
        return order.request_hash === hash
          ? { kind: "ok", order, created: false }
          : { kind: "conflict" };
      }
      await appendAudit(trx, {
        ...personAudit(actor),
        action: "payment_order.created",
        subjectType: "payment_order",
        subjectId: order.id,
        details: {
          variableSymbol: order.variable_symbol,
          amountHalere: order.amount_halere,
          obligations: order.items.map((i) => i.obligation_id),
        },
      });
      return { kind: "ok", order, created: true };
    });
  try {
    return await attempt();
  } catch (error) {
    // A card attempt with the same key made the order at the same moment (another lock): this
    // insert hit the unique key and rolled back; asking again answers as a replay does.
    if (!isUniqueViolation(error)) throw error;
    return await attempt();
  }
}

export type OrderState = "waiting" | "partly_paid" | "paid";

export interface PaymentOrderView {
  order: PaymentOrder;
  /** What is left to pay under the order's symbol (haléře). */
  left: number;
  account: AccountForms;
  spayd: string | null;
  state: OrderState;
  /** Paid to the order's variable symbol so far (haléře). */
  received: number;
  items: {
    obligationId: string;
    amount: number;
    obligation: (LedgerObligation & { name: string; personName: string }) | null;
  }[];
  payments: { id: string; kind: string; receivedOn: string; amount: number }[];
}

const cs = translator("cs");

/**
 * The QR Platba string of a payment order: what is left of its total (all of it until money
 * arrives), its own symbol, its due date.
 */
export function orderSpayd(
  order: PaymentOrder,
  payer: string,
  day: string,
  amountHalere = order.amount_halere,
): string | null {
  try {
    return buildSpayd({
      iban: order.account,
      amountHalere,
      variableSymbol: order.variable_symbol,
      message: `${cs("payments.order.message", { vs: order.variable_symbol })} – ${payer}`,
      dueDate: order.due_date < day ? day : order.due_date,
    });
  } catch (error) {
    if (error instanceof SpaydError) return null;
    throw error;
  }
}

/**
 * A payment order of the reader (the payer who made it), with its obligations, its QR code and
 * its state: paid when the money received under its symbol covers it or every obligation in it
 * is paid. Null for anyone else's order.
 */
export async function paymentOrderView(
  deps: PaymentOrderDeps,
  actor: PersonActor,
  id: string,
): Promise<PaymentOrderView | null> {
  const order = await findPaymentOrder(deps.db, actor.tenantId, [actor.personId], id);
  if (!order) return null;
  const day = formatPragueDate(deps.now());
  const payees: Payee[] = await listPayees(deps.db, actor.tenantId, actor.personId, day);
  const ids = payees.map((p) => p.personId);
  const [obligations, payments] = await Promise.all([
    findObligations(deps.db, actor.tenantId, ids, order.items.map((i) => i.obligation_id)),
    listPayments(deps.db, actor.tenantId, ids),
  ]);
  const byId = new Map(obligations.map((o) => [o.id, o]));
  const items = order.items.map((i) => {
    const o = byId.get(i.obligation_id);
    return {
      obligationId: i.obligation_id,
      amount: i.amount_halere,
      obligation: o
        ? {
          ...o,
          name: obligationName(o, cs),
          personName: payees.find((p) => p.personId === o.person_id)?.name ?? "",
        }
        : null,
    };
  });
  const toOrder = payments.filter((p) => p.payment_order_id === order.id).map((p) => ({
    id: p.id,
    kind: p.kind,
    receivedOn: p.received_on,
    amount: p.amount_halere,
  }));
  const received = toOrder.reduce((s, p) => s + p.amount, 0);
  const allPaid = items.every((i) =>
    i.obligation !== null && i.obligation.outstanding_halere === 0
  );
  const state: OrderState = received >= order.amount_halere || allPaid
    ? "paid"
    : received > 0
    ? "partly_paid"
    : "waiting";
  const payer = payees.find((p) => p.self)?.name ?? "";
  const left = state === "paid" ? 0 : Math.max(0, order.amount_halere - received);
  return {
    order,
    left,
    account: accountForms(order.account),
    spayd: left > 0 ? orderSpayd(order, payer, day, left) : null,
    state,
    received,
    items,
    payments: toOrder,
  };
}

/**
 * What a payer's idempotency key was used for so far: a card payment attempt (`card`), a payment
 * order without one (`qr`), or nothing. The API answers 409 when a key comes back with the other
 * method (the body differs).
 */
export async function keyUsedFor(
  deps: PaymentOrderDeps,
  actor: PersonActor,
  key: string,
): Promise<"qr" | "card" | null> {
  const card = await deps.db.selectFrom("card_payments").select("id")
    .where("tenant_id", "=", actor.tenantId).where("person_id", "=", actor.personId)
    .where("idempotency_key", "=", key).executeTakeFirst();
  if (card) return "card";
  const order = await findPaymentOrderByKey(deps.db, actor.tenantId, actor.personId, key);
  return order ? "qr" : null;
}
