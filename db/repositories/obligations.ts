/**
 * Obligations (předpisy): issued once per case (`case_id` unique), listed for the person who
 * owes them. Every read is scoped to the town and to the person or the case.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database, ObligationRow } from "../schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface NewObligation {
  personId: string;
  caseId: string;
  kind: "dog_fee";
  agenda: string;
  year: number;
  amountHalere: number;
  dueDate: string;
  variableSymbol: string;
  specificSymbol: string | null;
  account: string;
  lines: unknown;
}

export type Obligation = Omit<ObligationRow, "amount_halere"> & { amount_halere: number };

const toObligation = (row: ObligationRow): Obligation => ({
  ...row,
  amount_halere: Number(row.amount_halere),
});

/** Issues the case's obligation once; returns whether this call issued it. */
export async function insertObligation(
  db: Db,
  tenantId: string,
  o: NewObligation,
): Promise<boolean> {
  const r = await db.insertInto("obligations").values({
    tenant_id: tenantId,
    person_id: o.personId,
    case_id: o.caseId,
    kind: o.kind,
    agenda: o.agenda,
    year: o.year,
    amount_halere: o.amountHalere,
    due_date: o.dueDate,
    variable_symbol: o.variableSymbol,
    specific_symbol: o.specificSymbol,
    account: o.account,
    lines: JSON.stringify(o.lines),
  }).onConflict((oc) => oc.column("case_id").doNothing()).executeTakeFirst();
  return (r.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function findCaseObligation(
  db: Db,
  tenantId: string,
  caseId: string,
): Promise<Obligation | undefined> {
  const row = await db.selectFrom("obligations").selectAll()
    .where("tenant_id", "=", tenantId).where("case_id", "=", caseId).executeTakeFirst();
  return row && toObligation(row);
}

/** The person's unpaid obligations, the earliest due first. */
export async function listUnpaidObligations(
  db: Db,
  tenantId: string,
  personId: string,
): Promise<Obligation[]> {
  const rows = await db.selectFrom("obligations").selectAll()
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("state", "=", "unpaid").orderBy("due_date").orderBy("created_at").execute();
  return rows.map(toObligation);
}
