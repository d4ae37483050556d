/**
 * Card payment attempts at the gateway (`card_payments`) and their history of moves
 * (`card_payment_transitions`). One attempt per (town, payer, idempotency key): the same key
 * finds the same attempt, and its `request_hash` tells the caller whether the same thing was
 * asked (else 409).
 *
 * `transitionCardPayment` is the ONLY writer of `card_payments.state` (a test scans the sources
 * for any other): a compare-and-set along domain/payments/card_states.ts, with its transition row
 * in the same transaction. Every other function here leaves the state alone.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { CardPaymentState, CardPaymentTable, Database } from "../schema.ts";
import { canTransition } from "../../domain/payments/card_states.ts";
import { cardPaymentWorkflowId } from "../../domain/workflows.ts";
import { isUuid } from "./ledger.ts";

type Db = Kysely<Database> | Transaction<Database>;

export type CardPaymentRow = Omit<Selectable<CardPaymentTable>, "amount_halere"> & {
  amount_halere: number;
};

function toRow(r: Selectable<CardPaymentTable>): CardPaymentRow {
  return { ...r, amount_halere: Number(r.amount_halere) };
}

export interface NewCardPayment {
  personId: string;
  paymentOrderId: string;
  idempotencyKey: string;
  /** The town's slug: the attempt's workflow id carries it (`<slug>/card-payment/<id>`). */
  tenantSlug: string;
  /** SHA-256 of what was asked (domain/payments/card_states.ts `cardRequestHash`). */
  requestHash: string;
  amountHalere: number;
}

/**
 * Creates the attempt, or finds the one this payer made with the same key (`created: false`;
 * the caller compares `request_hash`).
 */
export async function createCardPayment(
  db: Db,
  tenantId: string,
  p: NewCardPayment,
): Promise<{ payment: CardPaymentRow; created: boolean }> {
  const id = crypto.randomUUID();
  const inserted = await db.insertInto("card_payments").values({
    id,
    tenant_id: tenantId,
    workflow_id: cardPaymentWorkflowId(p.tenantSlug, id),
    person_id: p.personId,
    payment_order_id: p.paymentOrderId,
    idempotency_key: p.idempotencyKey,
    request_hash: p.requestHash,
    amount_halere: p.amountHalere,
  }).onConflict((oc) => oc.columns(["tenant_id", "person_id", "idempotency_key"]).doNothing())
    .returningAll().executeTakeFirst();
  if (inserted) return { payment: toRow(inserted), created: true };
  const existing = await findCardPaymentByKey(db, tenantId, p.personId, p.idempotencyKey);
  if (!existing) throw new Error("card payment vanished between insert and select");
  return { payment: existing, created: false };
}

export async function findCardPaymentByKey(
  db: Db,
  tenantId: string,
  personId: string,
  idempotencyKey: string,
): Promise<CardPaymentRow | undefined> {
  const row = await db.selectFrom("card_payments").selectAll()
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("idempotency_key", "=", idempotencyKey).executeTakeFirst();
  return row && toRow(row);
}

/** The payer's own attempt (the person who paid, in this town); another's id finds nothing. */
export async function findCardPaymentForPerson(
  db: Db,
  tenantId: string,
  personId: string,
  id: string,
): Promise<CardPaymentRow | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom("card_payments").selectAll()
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId).where("id", "=", id)
    .executeTakeFirst();
  return row && toRow(row);
}

/** An attempt of the town (the workflow's activities), locked for update inside a transaction. */
export async function findCardPayment(
  db: Db,
  tenantId: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<CardPaymentRow | undefined> {
  if (!isUuid(id)) return undefined;
  let q = db.selectFrom("card_payments").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id);
  if (opts.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toRow(row);
}

/** The attempt the gateway knows as `payId`, in this town. */
export async function findCardPaymentByPayId(
  db: Db,
  tenantId: string,
  payId: string,
): Promise<CardPaymentRow | undefined> {
  if (payId === "" || payId.length > 64) return undefined;
  const row = await db.selectFrom("card_payments").selectAll()
    .where("tenant_id", "=", tenantId).where("pay_id", "=", payId).executeTakeFirst();
  return row && toRow(row);
}

/** Stores the gateway's payId once; false when the attempt already has one. */
export async function setGatewayPayId(
  db: Db,
  tenantId: string,
  id: string,
  payId: string,
): Promise<boolean> {
  const r = await db.updateTable("card_payments")
    .set({ pay_id: payId, updated_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("pay_id", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** What the gateway last said about the attempt (paymentStatus, resultCode, authCode). */
export async function recordGatewayStatus(
  db: Db,
  tenantId: string,
  id: string,
  s: { paymentStatus: number | null; resultCode: number; authCode?: string | null },
): Promise<void> {
  await db.updateTable("card_payments").set({
    gateway_status: s.paymentStatus,
    result_code: s.resultCode,
    ...(s.authCode ? { auth_code: s.authCode } : {}),
    updated_at: new Date(),
  }).where("tenant_id", "=", tenantId).where("id", "=", id).execute();
}

/**
 * Moves the attempt from `from` to `to` — the only way its state changes. A compare-and-set:
 * it moves only an attempt that is in `from` now, and only along a transition the state graph
 * lists; the transition row is written in the same transaction. Returns false (and writes
 * nothing) when the move is not allowed or the attempt is no longer in `from` (another worker,
 * a retried activity or a replayed return moved it already).
 */
export async function transitionCardPayment(
  db: Db,
  tenantId: string,
  id: string,
  from: CardPaymentState,
  to: CardPaymentState,
  reason: string,
): Promise<boolean> {
  if (!canTransition(from, to) || !isUuid(id)) return false;
  const move = async (trx: Transaction<Database>) => {
    const r = await trx.updateTable("card_payments")
      .set({ state: to, updated_at: new Date() })
      .where("tenant_id", "=", tenantId).where("id", "=", id).where("state", "=", from)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await trx.insertInto("card_payment_transitions").values({
      card_payment_id: id,
      from_state: from,
      to_state: to,
      reason: reason.slice(0, 500),
    }).execute();
    return true;
  };
  return db.isTransaction
    ? await move(db as Transaction<Database>)
    : await db.transaction().execute(move);
}

/** The attempt's moves in order (scoped to the town through the attempt). */
export function listCardPaymentTransitions(db: Db, tenantId: string, id: string) {
  return db.selectFrom("card_payment_transitions as t")
    .innerJoin("card_payments as p", "p.id", "t.card_payment_id")
    .select(["t.from_state", "t.to_state", "t.reason", "t.at"])
    .where("p.tenant_id", "=", tenantId).where("t.card_payment_id", "=", id)
    .orderBy("t.id").execute();
}

/** Flags the attempt for a clerk once (the money did not arrive); false when already flagged. */
export async function flagCardPayment(
  db: Db,
  tenantId: string,
  id: string,
  reason: string,
): Promise<boolean> {
  const r = await db.updateTable("card_payments")
    .set({ flagged_at: new Date(), flag_reason: reason, updated_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("flagged_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The obligations the attempt pays (through its payment order), for its page. */
export function listCardPaymentObligations(db: Db, tenantId: string, paymentOrderId: string) {
  return db.selectFrom("payment_order_items as i")
    .innerJoin("payment_orders as po", "po.id", "i.payment_order_id")
    .innerJoin("obligations as o", "o.id", "i.obligation_id")
    .select(["o.id", "o.kind", "o.year", "o.title", "o.variable_symbol", "i.amount_halere"])
    .where("po.tenant_id", "=", tenantId).where("i.payment_order_id", "=", paymentOrderId)
    .orderBy("i.position").execute();
}
