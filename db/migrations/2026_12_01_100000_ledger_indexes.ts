// Frozen: never import app code here.
//
// The ledger's read path at a town's scale. `obligation_balances` summed the allocations of
// EVERY obligation (a grouped subquery, which PostgreSQL does not filter by the outer query's
// person or id) and then joined: a person's `/ucet` with 200 obligations in a database of
// 100 000 paid obligations spent ~100 ms in PostgreSQL per request on that sum alone
// (scripts/bench.ts, EXPLAIN ANALYZE: GroupAggregate over all payment_allocations). The same
// view, same columns and same rule, now sums each obligation's allocations laterally through
// `payment_allocations_obligation_idx`, so a page pays for its own rows only (~4 ms for 200);
// a scan of a whole town costs about what it did.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create or replace view obligation_balances as
    select o.id as obligation_id, o.tenant_id, o.person_id, o.amount_halere,
      coalesce(a.paid, 0)::bigint as paid_halere,
      case
        when o.written_off_at is not null then 'written_off'
        when coalesce(a.paid, 0) = 0 then 'unpaid'
        when a.paid < o.amount_halere then 'partly_paid'
        when a.paid = o.amount_halere then 'paid'
        else 'overpaid'
      end as state
    from obligations o
    left join lateral (
      select sum(pa.amount_halere) as paid
      from payment_allocations pa where pa.obligation_id = o.id
    ) a on true`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`create or replace view obligation_balances as
    select o.id as obligation_id, o.tenant_id, o.person_id, o.amount_halere,
      coalesce(a.paid, 0)::bigint as paid_halere,
      case
        when o.written_off_at is not null then 'written_off'
        when coalesce(a.paid, 0) = 0 then 'unpaid'
        when a.paid < o.amount_halere then 'partly_paid'
        when a.paid = o.amount_halere then 'paid'
        else 'overpaid'
      end as state
    from obligations o
    left join (
      select obligation_id, sum(amount_halere) as paid
      from payment_allocations group by obligation_id
    ) a on a.obligation_id = o.id`.execute(db);
}
