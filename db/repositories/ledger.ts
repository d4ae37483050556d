/**
 * The ledger: obligations with their derived state, payment orders, payments and their
 * allocation. Every read takes the tenant and the persons the reader may see; an id from another
 * town or of another person finds nothing (no IDOR).
 *
 * The state of an obligation is never stored: `obligation_balances` sums its allocations.
 * Booking a payment is one rule for every source (a statement line, a captured card payment, a
 * clerk's assignment): `allocateNewPayments` splits each payment that has no allocation yet over
 * its target — an obligation takes the whole amount (more than owed makes it overpaid, which is
 * the person's credit); a payment order fills its items in order, and what is left over goes to
 * the last item (overpaid). It is set-based, so the reconciliation of a whole statement and the
 * booking of one card payment run the same SQL.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type {
  Database,
  ObligationKind,
  ObligationRow,
  ObligationState,
  PaymentTable,
} from "../schema.ts";
import type { Selectable } from "kysely";
import { wakeCaseFeeWorkflows } from "./case_fees.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface LedgerObligation extends Omit<ObligationRow, "amount_halere"> {
  amount_halere: number;
  paid_halere: number;
  state: ObligationState;
  /** What is still to pay (0 when paid, overpaid or written off). */
  outstanding_halere: number;
}

function toLedger(
  row: Omit<ObligationRow, "amount_halere"> & {
    amount_halere: string | number;
    paid_halere: string | number;
    state: ObligationState;
  },
): LedgerObligation {
  const amount = Number(row.amount_halere);
  const paid = Number(row.paid_halere);
  return {
    ...row,
    amount_halere: amount,
    paid_halere: paid,
    outstanding_halere: row.state === "written_off" ? 0 : Math.max(0, amount - paid),
  };
}

/**
 * Obligations with their balance, by the rule of the `obligation_balances` view but summed
 * laterally on the obligations read: joining the view to `obligations` made PostgreSQL join the
 * table to itself, hashing every obligation of the database (a sequential scan of 100 000 rows
 * for a person's 200: ~5 ms of PostgreSQL per /ucet). `ledger_test.ts` checks that both give the
 * same paid amount and state for every obligation.
 */
function obligationsWithBalance(db: Db, tenantId: string) {
  return db.selectFrom("obligations as o")
    .leftJoinLateral(
      (eb) =>
        eb.selectFrom("payment_allocations as pa")
          .select(sql<string>`sum(pa.amount_halere)`.as("paid"))
          .whereRef("pa.obligation_id", "=", "o.id")
          .as("a"),
      (join) => join.onTrue(),
    )
    .selectAll("o")
    .select([
      sql<string>`coalesce(a.paid, 0)::bigint`.as("paid_halere"),
      sql<ObligationState>`case
        when o.written_off_at is not null then 'written_off'
        when coalesce(a.paid, 0) = 0 then 'unpaid'
        when a.paid < o.amount_halere then 'partly_paid'
        when a.paid = o.amount_halere then 'paid'
        else 'overpaid'
      end`.as("state"),
    ])
    .where("o.tenant_id", "=", tenantId);
}

/** Every obligation of these persons (the reader and those they may act for), due date order. */
export async function listObligations(
  db: Db,
  tenantId: string,
  personIds: readonly string[],
): Promise<LedgerObligation[]> {
  if (personIds.length === 0) return [];
  const rows = await obligationsWithBalance(db, tenantId)
    .where("o.person_id", "in", [...personIds])
    .orderBy("o.due_date").orderBy("o.created_at").orderBy("o.id").execute();
  return rows.map(toLedger);
}

/** The persons' obligations still to pay (unpaid or partly paid), the earliest due first. */
export async function listUnpaidObligations(
  db: Db,
  tenantId: string,
  personIds: readonly string[],
): Promise<LedgerObligation[]> {
  if (personIds.length === 0) return [];
  const rows = await obligationsWithBalance(db, tenantId)
    .where("o.person_id", "in", [...personIds])
    // The states unpaid and partly_paid, by the rule above.
    .where(sql<boolean>`o.written_off_at is null
      and (coalesce(a.paid, 0) = 0 or a.paid < o.amount_halere)`).orderBy("o.due_date").orderBy(
      "o.created_at",
    ).orderBy("o.id").execute();
  return rows.map(toLedger);
}

/** One obligation, if it belongs to one of these persons in this town. */
export async function findObligation(
  db: Db,
  tenantId: string,
  personIds: readonly string[],
  id: string,
): Promise<LedgerObligation | undefined> {
  if (personIds.length === 0 || !isUuid(id)) return undefined;
  const row = await obligationsWithBalance(db, tenantId)
    .where("o.person_id", "in", [...personIds]).where("o.id", "=", id).executeTakeFirst();
  return row && toLedger(row);
}

/** Obligations by id for these persons (all must be found, else the missing ones are absent). */
export async function findObligations(
  db: Db,
  tenantId: string,
  personIds: readonly string[],
  ids: readonly string[],
): Promise<LedgerObligation[]> {
  const valid = ids.filter(isUuid);
  if (personIds.length === 0 || valid.length === 0) return [];
  const rows = await obligationsWithBalance(db, tenantId)
    .where("o.person_id", "in", [...personIds]).where("o.id", "in", valid)
    .orderBy("o.due_date").orderBy("o.id").execute();
  return rows.map(toLedger);
}

/** The case's obligation (the dog fee's předpis), with its state. */
export async function findCaseObligation(
  db: Db,
  tenantId: string,
  caseId: string,
): Promise<LedgerObligation | undefined> {
  const row = await obligationsWithBalance(db, tenantId).where("o.case_id", "=", caseId)
    .executeTakeFirst();
  return row && toLedger(row);
}

/** A person's credit: what they paid over what they owed, on obligations not written off. */
export async function creditOf(db: Db, tenantId: string, personId: string): Promise<number> {
  const row = await db.selectFrom("obligation_balances")
    .select(sql<string>`coalesce(sum(paid_halere - amount_halere), 0)`.as("credit"))
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("state", "=", "overpaid").executeTakeFirstOrThrow();
  return Number(row.credit);
}

export interface NewLedgerObligation {
  personId: string;
  caseId?: string | null;
  sourceKey?: string | null;
  kind: ObligationKind;
  agenda: string;
  year: number;
  title?: string | null;
  amountHalere: number;
  dueDate: string;
  variableSymbol: string;
  specificSymbol?: string | null;
  constantSymbol?: string | null;
  account: string;
  lines?: unknown;
  billing?: {
    from: string;
    to: string;
    meterNumber: string;
    meterStart: number;
    meterEnd: number;
  } | null;
}

/**
 * Issues an obligation once (per case, or per source key); returns its id, or null when it
 * existed already.
 */
export async function insertLedgerObligation(
  db: Db,
  tenantId: string,
  o: NewLedgerObligation,
): Promise<string | null> {
  const row = await db.insertInto("obligations").values({
    tenant_id: tenantId,
    person_id: o.personId,
    case_id: o.caseId ?? null,
    source_key: o.sourceKey ?? null,
    kind: o.kind,
    agenda: o.agenda,
    year: o.year,
    title: o.title ?? null,
    amount_halere: o.amountHalere,
    due_date: o.dueDate,
    variable_symbol: o.variableSymbol,
    specific_symbol: o.specificSymbol ?? null,
    constant_symbol: o.constantSymbol ?? null,
    account: o.account,
    lines: JSON.stringify(o.lines ?? []),
    billing_from: o.billing?.from ?? null,
    billing_to: o.billing?.to ?? null,
    meter_number: o.billing?.meterNumber ?? null,
    meter_start: o.billing?.meterStart ?? null,
    meter_end: o.billing?.meterEnd ?? null,
  }).onConflict((oc) => oc.doNothing()).returning("id").executeTakeFirst();
  return row?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Payment orders

export interface PaymentOrder {
  id: string;
  tenant_id: string;
  payer_person_id: string;
  request_hash: string;
  variable_symbol: string;
  amount_halere: number;
  account: string;
  due_date: string;
  created_at: Date;
  items: { obligation_id: string; amount_halere: number; position: number }[];
}

/**
 * Creates a payment order for these obligations under a new variable symbol (`9YYNNNNNNN`: the
 * year's gap-free counter), or returns the one this payer created with the same key.
 */
export async function createPaymentOrder(
  trx: Transaction<Database>,
  tenantId: string,
  input: {
    payerPersonId: string;
    idempotencyKey: string;
    /** What was asked, hashed (the caller compares it with an existing order's: 409 on a mismatch). */
    requestHash: string;
    account: string;
    dueDate: string;
    items: { obligationId: string; amountHalere: number }[];
    year: number;
  },
): Promise<PaymentOrder> {
  const existing = await findPaymentOrderByKey(
    trx,
    tenantId,
    input.payerPersonId,
    input.idempotencyKey,
  );
  if (existing) return existing;
  const counter = await trx.insertInto("reference_counters")
    .values({ tenant_id: tenantId, year: input.year, prefix: "PLATEBNI-PRIKAZ", last: 1 })
    .onConflict((oc) =>
      oc.columns(["tenant_id", "year", "prefix"]).doUpdateSet({
        last: sql<number>`reference_counters.last + 1`,
      })
    ).returning("last").executeTakeFirstOrThrow();
  const vs = `9${String(input.year % 100).padStart(2, "0")}${
    String(counter.last).padStart(7, "0")
  }`;
  const total = input.items.reduce((s, i) => s + i.amountHalere, 0);
  const order = await trx.insertInto("payment_orders").values({
    tenant_id: tenantId,
    payer_person_id: input.payerPersonId,
    idempotency_key: input.idempotencyKey,
    request_hash: input.requestHash,
    variable_symbol: vs,
    amount_halere: total,
    account: input.account,
    due_date: input.dueDate,
  }).returning("id").executeTakeFirstOrThrow();
  await trx.insertInto("payment_order_items").values(input.items.map((i, position) => ({
    payment_order_id: order.id,
    obligation_id: i.obligationId,
    position,
    amount_halere: i.amountHalere,
  }))).execute();
  return (await findPaymentOrder(trx, tenantId, [input.payerPersonId], order.id))!;
}

export async function findPaymentOrderByKey(
  db: Db,
  tenantId: string,
  payerPersonId: string,
  key: string,
): Promise<PaymentOrder | undefined> {
  const row = await db.selectFrom("payment_orders").select("id")
    .where("tenant_id", "=", tenantId).where("payer_person_id", "=", payerPersonId)
    .where("idempotency_key", "=", key).executeTakeFirst();
  return row && findPaymentOrder(db, tenantId, [payerPersonId], row.id);
}

/** A payment order of one of these payers. */
export async function findPaymentOrder(
  db: Db,
  tenantId: string,
  payerIds: readonly string[],
  id: string,
): Promise<PaymentOrder | undefined> {
  if (payerIds.length === 0 || !isUuid(id)) return undefined;
  const order = await db.selectFrom("payment_orders").selectAll()
    .where("tenant_id", "=", tenantId).where("payer_person_id", "in", [...payerIds])
    .where("id", "=", id).executeTakeFirst();
  if (!order) return undefined;
  const items = await db.selectFrom("payment_order_items")
    .select(["obligation_id", "amount_halere", "position"])
    .where("payment_order_id", "=", id).orderBy("position").execute();
  return {
    id: order.id,
    tenant_id: order.tenant_id,
    payer_person_id: order.payer_person_id,
    request_hash: order.request_hash,
    variable_symbol: order.variable_symbol,
    amount_halere: Number(order.amount_halere),
    account: order.account,
    due_date: order.due_date,
    created_at: order.created_at,
    items: items.map((i) => ({ ...i, amount_halere: Number(i.amount_halere) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Payments

export type PaymentRow = Omit<Selectable<PaymentTable>, "amount_halere"> & {
  amount_halere: number;
};

/**
 * Splits every payment of the town that has no allocation yet (optionally only these) over its
 * target. Returns how many allocation rows it wrote. Run in the transaction that inserted the
 * payments, so a payment never exists without its allocation.
 */
export async function allocateNewPayments(
  trx: Transaction<Database>,
  tenantId: string,
  paymentIds?: readonly string[],
): Promise<number> {
  const only = paymentIds && paymentIds.length > 0
    ? sql`and p.id = any(${sql.val([...paymentIds])}::uuid[])`
    : sql``;
  const r = await sql`
    with fresh as (
      select p.* from payments p
      where p.tenant_id = ${tenantId} ${only}
        and not exists (select 1 from payment_allocations a where a.payment_id = p.id)
      -- Materialised before the insert below writes allocations: never re-read while growing.
      order by p.id
    ),
    to_obligation as (
      select f.id as payment_id, f.obligation_id, f.amount_halere as amount
      from fresh f where f.obligation_id is not null
    ),
    order_items as (
      select f.id as payment_id, f.amount_halere as paid, i.obligation_id, i.amount_halere,
        coalesce(sum(i.amount_halere) over w_before, 0) as before,
        sum(i.amount_halere) over w_all as total,
        row_number() over w_desc = 1 as is_last
      from fresh f
      join payment_order_items i on i.payment_order_id = f.payment_order_id
      window
        w_before as (partition by f.id order by i.position
          rows between unbounded preceding and 1 preceding),
        w_all as (partition by f.id),
        w_desc as (partition by f.id order by i.position desc)
    ),
    to_items as (
      select payment_id, obligation_id,
        greatest(0, least(amount_halere, paid - before))
          + case when is_last then greatest(0, paid - total) else 0 end as amount
      from order_items
    )
    insert into payment_allocations (tenant_id, payment_id, obligation_id, amount_halere, kind)
    select ${tenantId}, payment_id, obligation_id, amount, 'payment'
    from (select * from to_obligation union all select * from to_items) s
    where amount <> 0
  `.execute(trx);
  return Number(r.numAffectedRows ?? 0n);
}

export interface NewPayment {
  kind: "bank" | "card" | "cash";
  amountHalere: number;
  receivedOn: string;
  variableSymbol?: string | null;
  payerPersonId?: string | null;
  payerName?: string | null;
  obligationId?: string | null;
  paymentOrderId?: string | null;
  statementLineId?: string | null;
  cardPaymentId?: string | null;
  assignedBy?: string | null;
  sourceKey?: string | null;
}

/**
 * Books one payment and allocates it, once: a second call for the same statement line, card
 * payment or source key books nothing and returns null.
 */
export async function bookPayment(
  trx: Transaction<Database>,
  tenantId: string,
  p: NewPayment,
): Promise<string | null> {
  const row = await trx.insertInto("payments").values({
    tenant_id: tenantId,
    kind: p.kind,
    amount_halere: p.amountHalere,
    received_on: p.receivedOn,
    variable_symbol: p.variableSymbol ?? null,
    payer_person_id: p.payerPersonId ?? null,
    payer_name: p.payerName ?? null,
    obligation_id: p.obligationId ?? null,
    payment_order_id: p.paymentOrderId ?? null,
    statement_line_id: p.statementLineId ?? null,
    card_payment_id: p.cardPaymentId ?? null,
    assigned_by: p.assignedBy ?? null,
    source_key: p.sourceKey ?? null,
  }).onConflict((oc) => oc.doNothing()).returning("id").executeTakeFirst();
  if (!row) return null;
  await allocateNewPayments(trx, tenantId, [row.id]);
  await wakeCaseFeeWorkflows(trx, tenantId);
  return row.id;
}

export interface PaymentWithAllocations extends PaymentRow {
  allocations: { obligation_id: string; amount_halere: number; kind: string }[];
}

/**
 * Payments that touched these persons' obligations (or that they paid), newest first, each with
 * its allocations to those persons' obligations.
 */
export async function listPayments(
  db: Db,
  tenantId: string,
  personIds: readonly string[],
  opts: { limit?: number; paymentId?: string } = {},
): Promise<PaymentWithAllocations[]> {
  if (personIds.length === 0) return [];
  if (opts.paymentId !== undefined && !isUuid(opts.paymentId)) return [];
  let q = db.selectFrom("payments as p").selectAll("p")
    .where("p.tenant_id", "=", tenantId)
    .where((eb) =>
      eb.or([
        eb("p.payer_person_id", "in", [...personIds]),
        eb.exists(
          eb.selectFrom("payment_allocations as a")
            .innerJoin("obligations as o", "o.id", "a.obligation_id")
            .select(sql`1`.as("one"))
            .whereRef("a.payment_id", "=", "p.id")
            .where("o.person_id", "in", [...personIds]),
        ),
      ])
    )
    .orderBy("p.received_on", "desc").orderBy("p.booked_at", "desc");
  if (opts.paymentId) q = q.where("p.id", "=", opts.paymentId);
  const payments = await q.limit(opts.limit ?? 500).execute();
  if (payments.length === 0) return [];
  const allocations = await db.selectFrom("payment_allocations as a")
    .innerJoin("obligations as o", "o.id", "a.obligation_id")
    .select(["a.payment_id", "a.obligation_id", "a.amount_halere", "a.kind"])
    .where("a.tenant_id", "=", tenantId)
    .where("a.payment_id", "in", payments.map((p) => p.id))
    .where("o.person_id", "in", [...personIds])
    .orderBy("a.id").execute();
  return payments.map((p) => ({
    ...p,
    amount_halere: Number(p.amount_halere),
    allocations: allocations.filter((a) => a.payment_id === p.id).map((a) => ({
      obligation_id: a.obligation_id,
      amount_halere: Number(a.amount_halere),
      kind: a.kind,
    })),
  }));
}

/**
 * Moves a person's credit (the overpaid part of their obligations) to another of their
 * obligations, up to what it still owes; returns the amount moved. Each move is a
 * `credit_out`/`credit_in` pair of the overpaying payment, so every sum stays derived.
 */
export async function applyCredit(
  trx: Transaction<Database>,
  tenantId: string,
  personId: string,
  targetObligationId: string,
  actorId: string | null,
): Promise<number> {
  // Serialise credit moves of one person: lock their obligations.
  await trx.selectFrom("obligations").select("id").where("tenant_id", "=", tenantId)
    .where("person_id", "=", personId).forUpdate().execute();
  const target = await findObligation(trx, tenantId, [personId], targetObligationId);
  if (!target || target.outstanding_halere <= 0) return 0;
  let need = target.outstanding_halere;
  const sources = await obligationsWithBalance(trx, tenantId)
    .where("o.person_id", "=", personId)
    // The state overpaid, by the rule of obligationsWithBalance.
    .where(sql<boolean>`o.written_off_at is null and a.paid > o.amount_halere`)
    .orderBy("o.due_date").execute();
  let moved = 0;
  for (const s of sources.map(toLedger)) {
    if (need <= 0) break;
    const excess = s.paid_halere - s.amount_halere;
    const amount = Math.min(excess, need);
    // The payment whose allocation made it overpaid: the latest one with a positive allocation.
    const pay = await trx.selectFrom("payment_allocations").select("payment_id")
      .where("obligation_id", "=", s.id).where("amount_halere", ">", sql<string>`0`)
      .orderBy("id", "desc").executeTakeFirstOrThrow();
    await trx.insertInto("payment_allocations").values([
      {
        tenant_id: tenantId,
        payment_id: pay.payment_id,
        obligation_id: s.id,
        amount_halere: -amount,
        kind: "credit_out",
        created_by: actorId,
      },
      {
        tenant_id: tenantId,
        payment_id: pay.payment_id,
        obligation_id: target.id,
        amount_halere: amount,
        kind: "credit_in",
        created_by: actorId,
      },
    ]).execute();
    need -= amount;
    moved += amount;
  }
  return moved;
}

/**
 * Refunds a payment whole (a card payment returned through the gateway), once: marks it refunded
 * (when, why, by which clerk) and reverses what it still pays — per obligation, the net of its
 * allocations as one `refund` row of the opposite sign — so each obligation's derived state goes
 * back (unpaid or partly paid). The payment itself stays, for the record. Returns false (and
 * writes nothing) when the payment is not the town's or is already refunded. Partial refunds are
 * not supported.
 */
export async function refundPayment(
  trx: Transaction<Database>,
  tenantId: string,
  paymentId: string,
  clerkId: string | null,
  reason: string,
): Promise<boolean> {
  if (!isUuid(paymentId)) return false;
  const marked = await trx.updateTable("payments")
    .set({ refunded_at: new Date(), refund_reason: reason.slice(0, 500), refunded_by: clerkId })
    .where("tenant_id", "=", tenantId).where("id", "=", paymentId)
    .where("refunded_at", "is", null).returning("id").executeTakeFirst();
  if (!marked) return false;
  await sql`
    insert into payment_allocations
      (tenant_id, payment_id, obligation_id, amount_halere, kind, created_by)
    select ${tenantId}, payment_id, obligation_id, -sum(amount_halere), 'refund', ${clerkId}::uuid
    from payment_allocations
    where tenant_id = ${tenantId} and payment_id = ${paymentId}
    group by payment_id, obligation_id
    having sum(amount_halere) <> 0
  `.execute(trx);
  return true;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
