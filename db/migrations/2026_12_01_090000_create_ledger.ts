// Frozen: never import app code here.
//
// The ledger: what a person owes the town and what the town received, in haléře.
// - obligations gain the kinds of a town's ledger (waste fee, dog fee, administrative fees,
//   fines, rent, water and sewage with billing period and meter readings), a constant symbol,
//   a write-off, and a source key for imported or seeded rows; `case_id` becomes optional and
//   the stored `state` is dropped: the state is derived from the allocations
//   (`obligation_balances`), never typed in;
// - payment_symbols: one namespace of variable symbols per town, shared by obligations and
//   payment orders (triggers fill it), so a statement line's VS finds exactly one target;
// - payment_orders (+ items): several obligations paid at once under one VS;
// - payments (money received: a bank-statement line, a captured card payment, a manual
//   assignment) and payment_allocations (how a payment is split over obligations; a credit moved
//   from an overpaid obligation to another is a pair of allocations of the same payment);
// - card_payments (+ transitions): one attempt at the card gateway, idempotent per key;
// - bank_statements and statement_lines: each statement once (its identity), each line once
//   (account + the bank's reference);
// - payment_reminders: one per obligation and kind, so none is sent twice;
// - calendar_tokens: revocable private ICS feed addresses.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table obligations drop constraint obligations_state_check`.execute(db);
  await sql`alter table obligations drop column state`.execute(db);
  await sql`alter table obligations drop constraint obligations_kind_check`.execute(db);
  await sql`alter table obligations add constraint obligations_kind_check
    check (kind in ('waste_fee', 'dog_fee', 'admin_fee', 'fine', 'rent', 'water'))`.execute(db);
  await sql`alter table obligations alter column case_id drop not null`.execute(db);
  await db.schema.alterTable("obligations")
    .addColumn("title", "text")
    .addColumn("constant_symbol", "text")
    .addColumn("source_key", "text")
    .addColumn("billing_from", "date")
    .addColumn("billing_to", "date")
    .addColumn("meter_number", "text")
    .addColumn("meter_start", "numeric(12, 3)")
    .addColumn("meter_end", "numeric(12, 3)")
    .addColumn("written_off_at", "timestamptz")
    .addColumn("written_off_by", "uuid")
    .addColumn("written_off_reason", "text")
    .execute();
  await sql`alter table obligations
    add constraint obligations_source_key unique (tenant_id, source_key),
    add constraint obligations_ks_check check (constant_symbol ~ '^[0-9]{1,10}$'),
    add constraint obligations_ss_check check (specific_symbol ~ '^[0-9]{1,10}$'),
    add constraint obligations_billing_check check (billing_to >= billing_from),
    add constraint obligations_meter_check check (meter_end >= meter_start),
    add constraint obligations_write_off_check
      check ((written_off_at is null) = (written_off_reason is null))`.execute(db);
  await sql`create index obligations_due_idx on obligations (tenant_id, due_date)`.execute(db);
  await sql`drop index if exists obligations_person_idx`.execute(db); // went with `state`
  await sql`create index obligations_person_idx on obligations (tenant_id, person_id, due_date)`
    .execute(db);

  await db.schema.createTable("payment_orders")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("payer_person_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("variable_symbol", "text", (c) => c.notNull())
    .addColumn("amount_halere", "bigint", (c) => c.notNull())
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("due_date", "date", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("cancelled_at", "timestamptz")
    .addUniqueConstraint("payment_orders_key", ["tenant_id", "payer_person_id", "idempotency_key"])
    .addUniqueConstraint("payment_orders_vs_key", ["tenant_id", "variable_symbol"])
    .addCheckConstraint("payment_orders_amount_check", sql`amount_halere > 0`)
    .addCheckConstraint("payment_orders_vs_check", sql`variable_symbol ~ '^[0-9]{1,10}$'`)
    .execute();
  await db.schema.createTable("payment_order_items")
    .addColumn("payment_order_id", "uuid", (c) => c.notNull().references("payment_orders.id"))
    .addColumn("obligation_id", "uuid", (c) => c.notNull().references("obligations.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("amount_halere", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("payment_order_items_pkey", ["payment_order_id", "obligation_id"])
    .addCheckConstraint("payment_order_items_amount_check", sql`amount_halere > 0`)
    .execute();
  await sql`create index payment_order_items_obligation_idx on payment_order_items (obligation_id)`
    .execute(db);

  // One namespace of variable symbols per town. The triggers make a clash between an
  // obligation's and a payment order's symbol a unique violation of the inserting transaction.
  await db.schema.createTable("payment_symbols")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("variable_symbol", "text", (c) => c.notNull())
    .addColumn("obligation_id", "uuid", (c) => c.references("obligations.id"))
    .addColumn("payment_order_id", "uuid", (c) => c.references("payment_orders.id"))
    .addPrimaryKeyConstraint("payment_symbols_pkey", ["tenant_id", "variable_symbol"])
    .addCheckConstraint(
      "payment_symbols_target_check",
      sql`(obligation_id is null) <> (payment_order_id is null)`,
    )
    .execute();
  await sql`insert into payment_symbols (tenant_id, variable_symbol, obligation_id)
    select tenant_id, variable_symbol, id from obligations`.execute(db);
  await sql`create function payment_symbols_from_obligation() returns trigger language plpgsql as $$
    begin
      insert into payment_symbols (tenant_id, variable_symbol, obligation_id)
        values (new.tenant_id, new.variable_symbol, new.id);
      return new;
    end $$`.execute(db);
  await sql`create trigger obligations_symbol after insert on obligations
    for each row execute function payment_symbols_from_obligation()`.execute(db);
  await sql`create function payment_symbols_from_order() returns trigger language plpgsql as $$
    begin
      insert into payment_symbols (tenant_id, variable_symbol, payment_order_id)
        values (new.tenant_id, new.variable_symbol, new.id);
      return new;
    end $$`.execute(db);
  await sql`create trigger payment_orders_symbol after insert on payment_orders
    for each row execute function payment_symbols_from_order()`.execute(db);
  // A symbol, once issued, never moves: variable symbols are what people pay with.
  await sql`create function refuse_symbol_change() returns trigger language plpgsql as $$
    begin
      if new.variable_symbol <> old.variable_symbol or new.tenant_id <> old.tenant_id then
        raise exception 'variable symbols are immutable' using errcode = '23514';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger obligations_symbol_fixed before update on obligations
    for each row execute function refuse_symbol_change()`.execute(db);
  await sql`create trigger payment_orders_symbol_fixed before update on payment_orders
    for each row execute function refuse_symbol_change()`.execute(db);

  await db.schema.createTable("bank_statements")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("identity", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("statement_number", "text", (c) => c.notNull())
    .addColumn("statement_date", "date", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("file_sha256", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("imported_by", "uuid", (c) => c.references("clerks.id"))
    .addColumn("line_count", "integer", (c) => c.notNull())
    .addColumn("imported_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("bank_statements_identity_key", ["tenant_id", "identity"])
    .addUniqueConstraint("bank_statements_tenant_id_key", ["tenant_id", "id"])
    .addCheckConstraint("bank_statements_format_check", sql`format in ('gpc', 'camt053')`)
    .addCheckConstraint("bank_statements_source_check", sql`source in ('upload', 'drop')`)
    .execute();
  // The high-volume tables (a line, its payment, its allocation per line of a statement) check
  // as few foreign keys per row as integrity allows: the town of a line comes with its
  // statement (one composite key), payments and allocations carry the town of the rows they
  // point at (written by reconciliation from those rows), not a key of their own.
  await db.schema.createTable("statement_lines")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull())
    .addColumn("statement_id", "uuid", (c) => c.notNull())
    .addColumn("line_no", "integer", (c) => c.notNull())
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("bank_ref", "text", (c) => c.notNull())
    .addColumn("booking_date", "date", (c) => c.notNull())
    .addColumn("amount_halere", "bigint", (c) => c.notNull())
    .addColumn("counter_account", "text")
    .addColumn("counter_name", "text")
    .addColumn("variable_symbol", "text")
    .addColumn("constant_symbol", "text")
    .addColumn("specific_symbol", "text")
    .addColumn("message", "text")
    .addColumn("dismissed_at", "timestamptz")
    .addColumn("dismissed_by", "uuid", (c) => c.references("clerks.id"))
    .addColumn("dismiss_reason", "text")
    .addUniqueConstraint("statement_lines_ref_key", ["tenant_id", "account", "bank_ref"])
    .addForeignKeyConstraint(
      "statement_lines_statement_fkey",
      ["tenant_id", "statement_id"],
      "bank_statements",
      ["tenant_id", "id"],
    )
    .execute();
  await sql`create index statement_lines_vs_idx on statement_lines (tenant_id, variable_symbol)`
    .execute(db);
  await sql`create index statement_lines_statement_idx on statement_lines (statement_id)`
    .execute(db);

  await db.schema.createTable("card_payments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("payment_order_id", "uuid", (c) => c.notNull().references("payment_orders.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("amount_halere", "bigint", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("created"))
    .addColumn("pay_id", "text")
    .addColumn("gateway_status", "integer")
    .addColumn("result_code", "integer")
    .addColumn("auth_code", "text")
    .addColumn("settled_line_id", "uuid", (c) => c.references("statement_lines.id"))
    .addColumn("flagged_at", "timestamptz")
    .addColumn("flag_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("card_payments_key", ["tenant_id", "person_id", "idempotency_key"])
    .addUniqueConstraint("card_payments_pay_id_key", ["pay_id"])
    .addUniqueConstraint("card_payments_settled_line_key", ["settled_line_id"])
    .addCheckConstraint(
      "card_payments_state_check",
      sql`state in ('created', 'started', 'authorised', 'captured', 'settled', 'failed',
        'cancelled', 'expired', 'refunded')`,
    )
    .addCheckConstraint("card_payments_amount_check", sql`amount_halere > 0`)
    .execute();
  await db.schema.createTable("card_payment_transitions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("card_payment_id", "uuid", (c) => c.notNull().references("card_payments.id"))
    .addColumn("from_state", "text", (c) => c.notNull())
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index card_payment_transitions_payment_idx
    on card_payment_transitions (card_payment_id, id)`.execute(db);

  await db.schema.createTable("payments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("amount_halere", "bigint", (c) => c.notNull())
    .addColumn("received_on", "date", (c) => c.notNull())
    .addColumn("variable_symbol", "text")
    .addColumn("payer_person_id", "uuid", (c) => c.references("persons.id"))
    .addColumn("payer_name", "text")
    .addColumn("obligation_id", "uuid", (c) => c.references("obligations.id"))
    .addColumn("payment_order_id", "uuid", (c) => c.references("payment_orders.id"))
    .addColumn("statement_line_id", "uuid", (c) => c.references("statement_lines.id"))
    .addColumn("card_payment_id", "uuid", (c) => c.references("card_payments.id"))
    .addColumn("assigned_by", "uuid", (c) => c.references("clerks.id"))
    .addColumn("source_key", "text")
    .addColumn("booked_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // A whole refund (a card payment returned through the gateway): the payment stays, its
    // allocations are reversed by `refund` rows (db/repositories/ledger.ts refundPayment).
    .addColumn("refunded_at", "timestamptz")
    .addColumn("refund_reason", "text")
    .addColumn("refunded_by", "uuid", (c) => c.references("clerks.id"))
    .addUniqueConstraint("payments_statement_line_key", ["statement_line_id"])
    .addCheckConstraint("payments_kind_check", sql`kind in ('bank', 'card', 'cash')`)
    .addCheckConstraint("payments_amount_check", sql`amount_halere > 0`)
    .addCheckConstraint(
      "payments_target_check",
      sql`not (obligation_id is not null and payment_order_id is not null)`,
    )
    .execute();
  await sql`create index payments_payer_idx on payments (tenant_id, payer_person_id, received_on)`
    .execute(db);
  // Partial: a bank payment (most of them) has neither, and pays for no index entry.
  await sql`create unique index payments_card_payment_key on payments (card_payment_id)
    where card_payment_id is not null`.execute(db);
  await sql`create unique index payments_source_key on payments (tenant_id, source_key)
    where source_key is not null`.execute(db);
  await db.schema.createTable("payment_allocations")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("tenant_id", "uuid", (c) => c.notNull())
    .addColumn("payment_id", "uuid", (c) => c.notNull().references("payments.id"))
    .addColumn("obligation_id", "uuid", (c) => c.notNull().references("obligations.id"))
    .addColumn("amount_halere", "bigint", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().defaultTo("payment"))
    .addColumn("created_by", "uuid")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "payment_allocations_kind_check",
      sql`kind in ('payment', 'credit_out', 'credit_in', 'refund')`,
    )
    .addCheckConstraint("payment_allocations_amount_check", sql`amount_halere <> 0`)
    .execute();
  await sql`create index payment_allocations_obligation_idx
    on payment_allocations (obligation_id)`.execute(db);
  await sql`create index payment_allocations_payment_idx on payment_allocations (payment_id)`
    .execute(db);

  // The derived state: never stored, always computed from the allocations.
  await sql`create view obligation_balances as
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

  await db.schema.createTable("payment_reminders")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("obligation_id", "uuid", (c) => c.notNull().references("obligations.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("channel", "text")
    .addColumn("sent_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("payment_reminders_pkey", ["obligation_id", "kind"])
    .addCheckConstraint("payment_reminders_kind_check", sql`kind in ('before_due', 'overdue')`)
    .execute();

  await db.schema.createTable("calendar_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await sql`create index calendar_tokens_person_idx on calendar_tokens (tenant_id, person_id)`
    .execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (
    const t of [
      "calendar_tokens",
      "payment_reminders",
    ]
  ) await db.schema.dropTable(t).execute();
  await sql`drop view obligation_balances`.execute(db);
  for (
    const t of [
      "payment_allocations",
      "payments",
      "card_payment_transitions",
      "card_payments",
      "statement_lines",
      "bank_statements",
      "payment_symbols",
      "payment_order_items",
      "payment_orders",
    ]
  ) await db.schema.dropTable(t).execute();
  await sql`drop trigger obligations_symbol on obligations`.execute(db);
  await sql`drop trigger obligations_symbol_fixed on obligations`.execute(db);
  await sql`drop function payment_symbols_from_obligation, payment_symbols_from_order,
    refuse_symbol_change`.execute(db);
  await sql`alter table obligations add column state text not null default 'unpaid'`.execute(db);
}
