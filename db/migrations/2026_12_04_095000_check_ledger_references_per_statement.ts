// Frozen: never import app code here.
//
// The ledger's references checked once per statement instead of once per row (issue 9: reconcile
// 100 000 statement lines in at most three times a plain bulk insert of them).
//
// Reconciling a statement turns each paying line into a payment and an allocation. PostgreSQL
// checks a foreign key with one query per inserted row: five references per paying line
// (payment → obligation, person, statement line; allocation → payment, obligation) and one per
// stored line (line → statement) cost 2.7 s of the 7.4 s a 100 000-line statement took, more than
// everything else the import does. The same rules now run as statement-level triggers over
// transition tables: one anti-join per reference for the whole statement, whatever its size.
//
// What a foreign key guarantees still holds:
// - an inserted or updated row naming a missing row is refused with SQLSTATE 23503
//   (foreign_key_violation), the error class the activities already treat as permanent;
// - obligations, payments, payment allocations, statement lines and bank statements are
//   append-only (an obligation is written off and a booked payment reversed, never deleted — what
//   accounting requires anyway): deleting or truncating them is refused, so a reference to them
//   cannot dangle and needs no lock;
// - a referenced person is locked FOR KEY SHARE until the inserting transaction ends (in bulk,
//   one statement), as the per-row check does, so a concurrent delete waits, and is then refused
//   by the delete-side trigger below once the reference is committed;
// - the primary keys of the referenced tables cannot change.
// deno-lint-ignore-file no-explicit-any
import { type Kysely, sql } from "kysely";

/**
 * The references checked per statement: [table, column, target table, how]. "stays": the target
 * is append-only here (never deleted), an anti-join suffices. "lock": the target may be deleted
 * one day (a person, a clerk), so its rows are locked FOR KEY SHARE in bulk as the per-row check
 * would, and its delete-side trigger refuses a delete while a reference is committed.
 */
const REFERENCES: [string, string, string, "stays" | "lock"][] = [
  ["payments", "obligation_id", "obligations", "stays"],
  ["payments", "payment_order_id", "payment_orders", "stays"],
  ["payments", "statement_line_id", "statement_lines", "stays"],
  ["payments", "card_payment_id", "card_payments", "stays"],
  ["payments", "payer_person_id", "persons", "lock"],
  ["payments", "assigned_by", "clerks", "lock"],
  ["payments", "refunded_by", "clerks", "lock"],
  ["payment_allocations", "payment_id", "payments", "stays"],
  ["payment_allocations", "obligation_id", "obligations", "stays"],
  ["statement_lines", "statement_id", "bank_statements", "stays"],
  ["statement_lines", "dismissed_by", "clerks", "lock"],
];

/** The foreign keys the checks replace: [table, constraint, definition (for down)]. */
const DROPPED_KEYS: [string, string, string][] = [
  ["payments", "payments_obligation_id_fkey", "(obligation_id) references obligations(id)"],
  [
    "payments",
    "payments_payment_order_id_fkey",
    "(payment_order_id) references payment_orders(id)",
  ],
  [
    "payments",
    "payments_statement_line_id_fkey",
    "(statement_line_id) references statement_lines(id)",
  ],
  ["payments", "payments_card_payment_id_fkey", "(card_payment_id) references card_payments(id)"],
  ["payments", "payments_payer_person_id_fkey", "(payer_person_id) references persons(id)"],
  ["payments", "payments_assigned_by_fkey", "(assigned_by) references clerks(id)"],
  ["payments", "payments_refunded_by_fkey", "(refunded_by) references clerks(id)"],
  [
    "payment_allocations",
    "payment_allocations_payment_id_fkey",
    "(payment_id) references payments(id)",
  ],
  [
    "payment_allocations",
    "payment_allocations_obligation_id_fkey",
    "(obligation_id) references obligations(id)",
  ],
  [
    "statement_lines",
    "statement_lines_statement_fkey",
    "(tenant_id, statement_id) references bank_statements(tenant_id, id)",
  ],
  ["statement_lines", "statement_lines_dismissed_by_fkey", "(dismissed_by) references clerks(id)"],
];

const APPEND_ONLY = [
  "obligations",
  "payment_orders",
  "card_payments",
  "payments",
  "payment_allocations",
  "statement_lines",
  "bank_statements",
];

/** The trigger function body of a table: every reference of it, over `new_rows`. */
function checksOf(table: string): string {
  return REFERENCES.filter(([t]) => t === table).map(([, column, target, how]) => {
    if (how === "lock") {
      return `perform ledger_require_locked('${table}', '${target}',
        array(select distinct ${column} from new_rows where ${column} is not null));`;
    }
    // A statement line's statement is of the same town (the key the foreign key had).
    const town = table === "statement_lines" ? " and t.tenant_id = n.tenant_id" : "";
    // A count, not `exists`: for `exists` the planner picks the plan that finds a first row
    // fastest (a nested loop of index probes, 0.25 s for 91 000 rows), but when nothing is
    // missing every row is read anyway, and for many rows a hash anti-join is five times faster.
    return `if (select count(*) from new_rows n where n.${column} is not null
        and not exists (select 1 from ${target} t where t.id = n.${column}${town})) > 0 then
        raise foreign_key_violation using message = 'insert or update on table "${table}" ' ||
          'names a row of "${target}" that does not exist (${column})';
      end if;`;
  }).join("\n      ");
}

/** What a delete of a lockable target must find unreferenced: [target, SQL over old_rows o]. */
const REFERENCED: [string, string][] = [
  ["persons", "exists (select 1 from payments p where p.payer_person_id = o.id)"],
  [
    "clerks",
    `exists (select 1 from payments p where p.assigned_by = o.id or p.refunded_by = o.id)
      or exists (select 1 from statement_lines l where l.dismissed_by = o.id)`,
  ],
];

const TABLES = ["payments", "payment_allocations", "statement_lines"];

export async function up(db: Kysely<any>): Promise<void> {
  // Locks the named rows FOR KEY SHARE in one statement; refuses when one of them is missing.
  await sql`create function ledger_require_locked(source text, target text, ids uuid[])
    returns void language plpgsql as $$
    declare found bigint;
    begin
      if cardinality(ids) = 0 then return; end if;
      execute format('select count(*) from (select 1 from %I t where t.id = any($1)
        for key share of t) x', target) into found using ids;
      if found < cardinality(ids) then
        raise foreign_key_violation using message = format(
          'insert or update on table "%s" names a row of "%s" that does not exist', source, target);
      end if;
    end $$`.execute(db);

  for (const table of TABLES) {
    await sql`create function ${sql.raw(`${table}_check_references`)}() returns trigger
      language plpgsql as $$ begin
      ${sql.raw(checksOf(table))}
      return null;
    end $$`.execute(db);
    for (const event of ["insert", "update"]) {
      await sql`create trigger ${sql.raw(`${table}_references_${event}`)}
        after ${sql.raw(event)} on ${sql.table(table)}
        referencing new table as new_rows
        for each statement execute function ${sql.raw(`${table}_check_references`)}()`
        .execute(db);
    }
  }
  for (const [table, name] of DROPPED_KEYS) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.raw(name)}`.execute(db);
  }

  await sql`create function ledger_append_only() returns trigger language plpgsql as $$
    begin
      raise restrict_violation using message = format(
        '%s is append-only: a booked record is reversed, never deleted', tg_table_name);
    end $$`.execute(db);
  for (const table of APPEND_ONLY) {
    await sql`create trigger ${sql.raw(`${table}_append_only`)}
      before delete or truncate on ${sql.table(table)}
      for each statement execute function ledger_append_only()`.execute(db);
  }

  // The referenced side: a person or clerk still named by the ledger stays.
  for (const [target, referenced] of REFERENCED) {
    await sql`create function ${sql.raw(`${target}_keep_referenced`)}() returns trigger
      language plpgsql as $$ begin
      if exists (select 1 from old_rows o where ${sql.raw(referenced)}) then
        raise foreign_key_violation using message =
          '${sql.raw(target)}: a row named by the ledger cannot be deleted';
      end if;
      return null;
    end $$`.execute(db);
    await sql`create trigger ${sql.raw(`${target}_keep_referenced`)}
      after delete on ${sql.table(target)} referencing old table as old_rows
      for each statement execute function ${sql.raw(`${target}_keep_referenced`)}()`.execute(db);
  }
  await sql`create function ledger_keep_key() returns trigger language plpgsql as $$
    begin
      if new.id is distinct from old.id then
        raise foreign_key_violation using message =
          format('the id of a row of %s named by the ledger cannot change', tg_table_name);
      end if;
      return new;
    end $$`.execute(db);
  for (const table of ["obligations", "persons", "clerks", "payment_orders", "card_payments"]) {
    await sql`create trigger ${sql.raw(`${table}_keep_key`)}
      before update of id on ${sql.table(table)}
      for each row execute function ledger_keep_key()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["obligations", "persons", "clerks", "payment_orders", "card_payments"]) {
    await sql`drop trigger ${sql.raw(`${table}_keep_key`)} on ${sql.table(table)}`.execute(db);
  }
  for (const [target] of REFERENCED) {
    await sql`drop trigger ${sql.raw(`${target}_keep_referenced`)} on ${sql.table(target)}`
      .execute(db);
    await sql`drop function ${sql.raw(`${target}_keep_referenced`)}()`.execute(db);
  }
  await sql`drop function ledger_keep_key()`.execute(db);
  for (const table of APPEND_ONLY) {
    await sql`drop trigger ${sql.raw(`${table}_append_only`)} on ${sql.table(table)}`
      .execute(db);
  }
  await sql`drop function ledger_append_only()`.execute(db);
  for (const [table, name, definition] of DROPPED_KEYS) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.raw(name)}
      foreign key ${sql.raw(definition)}`.execute(db);
  }
  for (const table of TABLES) {
    for (const event of ["insert", "update"]) {
      await sql`drop trigger ${sql.raw(`${table}_references_${event}`)} on ${sql.table(table)}`
        .execute(db);
    }
    await sql`drop function ${sql.raw(`${table}_check_references`)}()`.execute(db);
  }
  await sql`drop function ledger_require_locked(text, text, uuid[])`.execute(db);
}
