/**
 * Reconciliation: the town's bank-statement lines against what people owe, in set-based SQL —
 * a fixed number of statements whatever the number of lines (no per-line round trips), so a
 * statement of 100 000 lines reconciles as fast as one of ten.
 *
 * A credit line (amount > 0, not dismissed, not booked yet) is
 * (a) the settlement of a card payment when its variable symbol is a payment order's that a
 *     captured card payment of the same amount paid: the card payment gets `settled_line_id`
 *     (its workflow moves the state; nothing is booked, the money was booked at the capture);
 * (b) a payment when its variable symbol is in `payment_symbols` (an obligation's or a payment
 *     order's): one `payments` row per line (`statement_line_id` is unique, so a line is booked
 *     once however often it is reconciled), split by `allocateNewPayments` — partial payments
 *     leave the rest owed, an overpayment is the person's credit, an order fills its items;
 * (c) else unmatched: the clerk's queue (`/urad/platby`), assigned or dismissed by hand.
 * Debits are never booked. An obligation written off takes no bank payment: its line waits in
 * the queue for a clerk.
 *
 * Reconciliations (and imports, and manual assignments) of one town are serialised by a
 * transaction-scoped advisory lock, so two racing imports neither book a line twice nor deadlock.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, ObligationState } from "../schema.ts";
import { searchCondition } from "../search.ts";
import { allocateNewPayments, bookPayment, isUuid } from "./ledger.ts";
import { wakeCaseFeeWorkflows } from "./case_fees.ts";

type Trx = Transaction<Database>;
type Db = Kysely<Database> | Trx;

/**
 * Takes the town's statement lock until the transaction ends: imports, reconciliations and
 * manual assignments of one town run one at a time (other towns are not held up).
 */
export async function lockTownStatements(trx: Trx, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${"portal:statements:" + tenantId}, 0))`
    .execute(trx);
}

export interface ReconcileResult {
  /** Lines booked as payments by this run. */
  booked: number;
  /** Lines recognised as the settlement of a captured card payment by this run. */
  settledCard: number;
  /** Credit lines in scope left for the clerk (no symbol, or a symbol that matches nothing). */
  unmatched: number;
}

export interface ReconcileOptions {
  /** Only this statement's lines. */
  statementId?: string;
  /** Only these statements' lines. */
  statementIds?: readonly string[];
}

/** The lines in scope: the town's, optionally of some statements only. */
function scope(tenantId: string, opts: ReconcileOptions) {
  const ids = [
    ...(opts.statementId ? [opts.statementId] : []),
    ...(opts.statementIds ?? []),
  ];
  const statements = opts.statementId !== undefined || opts.statementIds !== undefined
    ? sql`and l.statement_id = any(${sql.val(ids)}::uuid[])`
    : sql``;
  return sql`l.tenant_id = ${tenantId} ${statements}`;
}

/** A credit line that is neither booked, dismissed nor a card settlement. */
const OPEN_CREDIT = sql`l.amount_halere > 0 and l.dismissed_at is null
  and not exists (select 1 from payments p where p.statement_line_id = l.id)
  and not exists (select 1 from card_payments c where c.settled_line_id = l.id)`;

/** From how many candidate lines on the planner's statistics are refreshed first. */
const LARGE_BATCH = 2_000;

/**
 * A statement of many thousand lines stored a moment ago leaves the planner believing there is a
 * row or two, and it would then join the lines row by row with sequential scans: minutes instead
 * of seconds. For a large batch the lines are analysed first (inside this transaction: ANALYZE
 * counts the transaction's own new rows; it samples a bounded number of rows, so it costs the
 * same for any table size). The other tables the joins read did not change in this transaction;
 * autovacuum keeps their statistics. Returns whether the batch was large.
 */
async function refreshStatisticsForLargeBatch(
  trx: Trx,
  inScope: ReturnType<typeof sql>,
): Promise<boolean> {
  const r = await sql<{ n: string }>`
    select count(*) as n from statement_lines l
    where ${inScope} and l.amount_halere > 0 and l.dismissed_at is null
  `.execute(trx);
  if (Number(r.rows[0]?.n ?? 0) < LARGE_BATCH) return false;
  await sql`analyze statement_lines`.execute(trx);
  return true;
}

/**
 * Reconciles the town's open credit lines (optionally of some statements only) in the caller's
 * transaction. Idempotent: a second run books nothing new.
 */
export async function reconcile(
  trx: Trx,
  tenantId: string,
  opts: ReconcileOptions = {},
): Promise<ReconcileResult> {
  await lockTownStatements(trx, tenantId);
  const inScope = scope(tenantId, opts);
  await refreshStatisticsForLargeBatch(trx, inScope);
  // The open credit lines before anything is booked: each is booked, settles a card payment or
  // is left for the clerk, so what is left is counted without reading the grown tables again.
  const open = await sql<{ n: string }>`
    select count(*) as n from statement_lines l where ${inScope} and ${OPEN_CREDIT}
  `.execute(trx);

  // Sorts and hashes of a large statement stay in memory.
  await sql`set local work_mem = '64MB'`.execute(trx);

  // (a) Card settlements: the n-th open line of a (symbol, amount) settles the n-th captured,
  // unsettled card payment of that order and amount, so two equal card payments of one order
  // take two lines, never the same one. Skipped when no card payment waits for its money.
  const waiting = await trx.selectFrom("card_payments").select("id")
    .where("tenant_id", "=", tenantId).where("state", "=", "captured")
    .where("settled_line_id", "is", null).limit(1).executeTakeFirst();
  const settled = waiting
    ? await sql`
    with cards as (
      select c.id, o.variable_symbol, c.amount_halere,
        row_number() over (partition by o.variable_symbol, c.amount_halere
          order by c.created_at, c.id) as n
      from card_payments c
      join payment_orders o on o.id = c.payment_order_id
      where c.tenant_id = ${tenantId} and o.tenant_id = ${tenantId}
        and c.state = 'captured' and c.settled_line_id is null
    ),
    lines as (
      select l.id, l.variable_symbol, l.amount_halere,
        row_number() over (partition by l.variable_symbol, l.amount_halere
          order by l.booking_date, l.line_no, l.id) as n
      from statement_lines l
      where ${inScope} and ${OPEN_CREDIT}
        and (l.variable_symbol, l.amount_halere) in (
          select variable_symbol, amount_halere from cards)
    )
    update card_payments c set settled_line_id = m.line_id
    from (
      select cards.id as card_id, lines.id as line_id
      from cards join lines using (variable_symbol, amount_halere, n)
    ) m
    where c.id = m.card_id and c.settled_line_id is null
  `.execute(trx)
    : { numAffectedRows: 0n };

  // (b) Payments: every open credit line whose symbol is an obligation's (not written off) or
  // a payment order's, booked once (payments.statement_line_id is unique). A payment of one
  // obligation is allocated whole in the same statement (the rule of allocateNewPayments, in
  // bulk); payments of orders are split by allocateNewPayments.
  const booked = await sql<{ booked: string; order_payments: string[] }>`
    with ins as (
      insert into payments (tenant_id, kind, amount_halere, received_on, variable_symbol,
        payer_person_id, payer_name, obligation_id, payment_order_id, statement_line_id)
      select l.tenant_id, 'bank', l.amount_halere, l.booking_date, l.variable_symbol,
        coalesce(o.person_id, po.payer_person_id), l.counter_name,
        s.obligation_id, s.payment_order_id, l.id
      from statement_lines l
      join payment_symbols s on s.tenant_id = l.tenant_id and s.variable_symbol = l.variable_symbol
      left join obligations o on o.id = s.obligation_id
      left join payment_orders po on po.id = s.payment_order_id
      where ${inScope} and ${OPEN_CREDIT}
        and (s.obligation_id is null or o.written_off_at is null)
      -- The sort reads every candidate before the first insert: the anti-joins above never scan
      -- a payments table growing under them (a nested loop would rescan it for every line).
      order by l.id
      on conflict (statement_line_id) do nothing
      returning id, tenant_id, amount_halere, obligation_id, payment_order_id
    ),
    whole as (
      insert into payment_allocations (tenant_id, payment_id, obligation_id, amount_halere, kind)
      select tenant_id, id, obligation_id, amount_halere, 'payment' from ins
      where obligation_id is not null
    )
    select count(*) as booked,
      coalesce(array_agg(id::text) filter (where payment_order_id is not null), '{}') as order_payments
    from ins
  `.execute(trx);
  const bookedCount = Number(booked.rows[0]?.booked ?? 0);
  const orderPayments = booked.rows[0]?.order_payments ?? [];
  if (orderPayments.length > 0) await allocateNewPayments(trx, tenantId, orderPayments);
  // Cases waiting for their fee (a zábor's permit) hear of the money in this transaction.
  if (bookedCount > 0) await wakeCaseFeeWorkflows(trx, tenantId);

  // (c) What is left for the clerk.
  const settledCard = Number(settled.numAffectedRows ?? 0n);
  return {
    booked: bookedCount,
    settledCard,
    unmatched: Number(open.rows[0]?.n ?? 0) - bookedCount - settledCard,
  };
}

// ---------------------------------------------------------------------------------------------
// Manual assignment (the clerk's queue)

export interface ObligationTarget {
  type: "obligation";
  id: string;
  variable_symbol: string;
  kind: string;
  title: string | null;
  year: number;
  amount_halere: number;
  paid_halere: number;
  state: ObligationState;
  due_date: string;
  person_name: string;
  username: string;
}

export interface OrderTarget {
  type: "order";
  id: string;
  variable_symbol: string;
  amount_halere: number;
  due_date: string;
  /** How many obligations the order pays. */
  items: number;
  cancelled: boolean;
  person_name: string;
  username: string;
}

export type AssignmentTarget = ObligationTarget | OrderTarget;

/**
 * What a clerk may assign a line to: the town's obligations and payment orders whose variable
 * symbol is `vs`, or whose person's name or user name matches `text` (diacritics and case
 * ignored). Obligations written off are left out.
 */
export async function searchAssignmentTargets(
  db: Db,
  tenantId: string,
  query: { vs?: string | null; text?: string | null; id?: string | null },
  limit = 30,
): Promise<AssignmentTarget[]> {
  const byText = query.text
    ? searchCondition(query.text, [
      sql.ref("p.given_name"),
      sql.ref("p.family_name"),
      sql.ref("p.username"),
    ])
    : undefined;
  const id = query.id && isUuid(query.id) ? query.id : null;
  if (!query.vs && !byText && !id) return [];
  const obligations = await db.selectFrom("obligations as o")
    .innerJoin("obligation_balances as b", "b.obligation_id", "o.id")
    .innerJoin("persons as p", "p.id", "o.person_id")
    .select([
      "o.id",
      "o.variable_symbol",
      "o.kind",
      "o.title",
      "o.year",
      "o.amount_halere",
      "o.due_date",
      "b.paid_halere",
      "b.state",
      "p.username",
    ])
    .select(sql<string>`p.given_name || ' ' || p.family_name`.as("person_name"))
    .where("o.tenant_id", "=", tenantId).where("p.tenant_id", "=", tenantId)
    .where("o.written_off_at", "is", null)
    .where((eb) =>
      eb.or([
        ...(query.vs ? [eb("o.variable_symbol", "=", query.vs)] : []),
        ...(byText ? [byText] : []),
        ...(id ? [eb("o.id", "=", id)] : []),
      ])
    )
    .orderBy(sql`b.state in ('unpaid', 'partly_paid')`, "desc")
    .orderBy("o.due_date").orderBy("o.id").limit(limit).execute();
  const orders = await db.selectFrom("payment_orders as o")
    .innerJoin("persons as p", "p.id", "o.payer_person_id")
    .select(["o.id", "o.variable_symbol", "o.amount_halere", "o.due_date", "o.cancelled_at"])
    .select("p.username")
    .select(sql<string>`p.given_name || ' ' || p.family_name`.as("person_name"))
    .select((eb) =>
      eb.selectFrom("payment_order_items as i").select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("i.payment_order_id", "=", "o.id").as("items")
    )
    .where("o.tenant_id", "=", tenantId).where("p.tenant_id", "=", tenantId)
    .where((eb) =>
      eb.or([
        ...(query.vs ? [eb("o.variable_symbol", "=", query.vs)] : []),
        ...(byText ? [byText] : []),
        ...(id ? [eb("o.id", "=", id)] : []),
      ])
    )
    .orderBy("o.created_at", "desc").limit(limit).execute();
  return [
    ...obligations.map((o): ObligationTarget => ({
      type: "obligation",
      id: o.id,
      variable_symbol: o.variable_symbol,
      kind: o.kind,
      title: o.title,
      year: o.year,
      amount_halere: Number(o.amount_halere),
      paid_halere: Number(o.paid_halere),
      state: o.state,
      due_date: o.due_date,
      person_name: o.person_name,
      username: o.username,
    })),
    ...orders.map((o): OrderTarget => ({
      type: "order",
      id: o.id,
      variable_symbol: o.variable_symbol,
      amount_halere: Number(o.amount_halere),
      due_date: o.due_date,
      items: Number(o.items ?? 0),
      cancelled: o.cancelled_at !== null,
      person_name: o.person_name,
      username: o.username,
    })),
  ];
}

/** One target of the town by its id (the confirmation step). */
export async function findAssignmentTarget(
  db: Db,
  tenantId: string,
  target: { type: "obligation" | "order"; id: string },
): Promise<AssignmentTarget | undefined> {
  if (!isUuid(target.id)) return undefined;
  const found = await searchAssignmentTargets(db, tenantId, { id: target.id }, 2);
  return found.find((t) => t.type === target.type && t.id === target.id);
}

export type AssignOutcome =
  | { status: "booked"; paymentId: string }
  /** The line was booked already (a double submit, or a reconciliation got there first). */
  | { status: "alreadyBooked" }
  /** Not an open credit line: a debit, a card settlement or dismissed. */
  | { status: "notOpen" }
  | { status: "lineNotFound" }
  | { status: "targetNotFound" };

/**
 * Books an unmatched line to an obligation or a payment order of the town, as a clerk's
 * assignment (`payments.assigned_by`), once: the line's payment is unique, so a second call
 * books nothing. Runs under the town's statement lock.
 */
export async function assignStatementLine(
  trx: Trx,
  tenantId: string,
  input: { lineId: string; target: { type: "obligation" | "order"; id: string }; clerkId: string },
): Promise<AssignOutcome> {
  if (!isUuid(input.lineId)) return { status: "lineNotFound" };
  await lockTownStatements(trx, tenantId);
  const line = await trx.selectFrom("statement_lines as l")
    .select([
      "l.id",
      "l.amount_halere",
      "l.booking_date",
      "l.variable_symbol",
      "l.counter_name",
      "l.dismissed_at",
    ])
    .select((eb) => [
      eb.exists(
        eb.selectFrom("payments as p").select("p.id").whereRef(
          "p.statement_line_id",
          "=",
          "l.id",
        ),
      ).as("booked"),
      eb.exists(
        eb.selectFrom("card_payments as c").select("c.id").whereRef(
          "c.settled_line_id",
          "=",
          "l.id",
        ),
      ).as("card"),
    ])
    .where("l.tenant_id", "=", tenantId).where("l.id", "=", input.lineId).executeTakeFirst();
  if (!line) return { status: "lineNotFound" };
  if (line.booked) return { status: "alreadyBooked" };
  const amount = Number(line.amount_halere);
  if (amount <= 0 || line.card || line.dismissed_at !== null) return { status: "notOpen" };
  const target = await findAssignmentTarget(trx, tenantId, input.target);
  if (!target) return { status: "targetNotFound" };
  const payer = target.type === "obligation"
    ? await trx.selectFrom("obligations").select("person_id as id").where("id", "=", target.id)
      .executeTakeFirstOrThrow()
    : await trx.selectFrom("payment_orders").select("payer_person_id as id")
      .where("id", "=", target.id).executeTakeFirstOrThrow();
  const paymentId = await bookPayment(trx, tenantId, {
    kind: "bank",
    amountHalere: amount,
    receivedOn: line.booking_date,
    variableSymbol: line.variable_symbol,
    payerPersonId: payer.id,
    payerName: line.counter_name,
    obligationId: target.type === "obligation" ? target.id : null,
    paymentOrderId: target.type === "order" ? target.id : null,
    statementLineId: line.id,
    assignedBy: input.clerkId,
  });
  return paymentId ? { status: "booked", paymentId } : { status: "alreadyBooked" };
}
