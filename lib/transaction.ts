/** Runs `fn` in the given transaction, or in a new one when given the database itself. */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

export function inTransaction<T>(
  db: Kysely<Database> | Transaction<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return db.transaction().execute(fn);
}
