/**
 * Obligations (předpisy): issued once per case (`case_id` unique), listed for the person who
 * owes them. Every read is scoped to the town and to the person or the case.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database, ObligationKind } from "../schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface NewObligation {
  personId: string;
  caseId: string;
  kind: ObligationKind;
  /** Shown instead of the kind's name ("Poplatek za zábor – Husova, 12 m²"). */
  title?: string | null;
  agenda: string;
  year: number;
  amountHalere: number;
  dueDate: string;
  variableSymbol: string;
  specificSymbol: string | null;
  account: string;
  lines: unknown;
}

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
    title: o.title ?? null,
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

export { findCaseObligation } from "./ledger.ts";
