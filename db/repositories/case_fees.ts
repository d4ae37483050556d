/**
 * The kit's fee of a case meets the ledger: once a payment is booked to the fee of a case whose
 * workflow waits for it (a zábor's permit is issued when paid), that workflow is told by a
 * signal through the outbox, in the booking's transaction — whichever way the money came (a bank
 * statement's reconciliation, a card payment, a clerk's assignment). One signal per payment
 * (the command's key); the workflow still reads the ledger itself, so a lost signal only delays.
 */
import { sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { caseFeePaid, FEE_AWAITING_SITUATIONS } from "../../domain/workflows.ts";
import { enqueueCommand } from "./commands.ts";

/** Signals the workflows of approved cases (of situations that wait) with new payments. */
export async function wakeCaseFeeWorkflows(
  trx: Transaction<Database>,
  tenantId: string,
): Promise<number> {
  // From the few approved cases that wait, to their fee's allocations through its index
  // (lateral): never a pass over all the town's allocations, which grow with every booking.
  const rows = await trx.selectFrom("cases as c")
    .innerJoinLateral(
      (eb) =>
        eb.selectFrom("obligations as o")
          .innerJoin("payment_allocations as pa", "pa.obligation_id", "o.id")
          .select(["pa.payment_id"])
          .whereRef("o.case_id", "=", "c.id")
          .where(sql<boolean>`pa.amount_halere > 0`)
          // Kept a subquery run per case (PostgreSQL would flatten it into a hash join).
          .offset(0)
          .as("a"),
      (join) => join.onTrue(),
    )
    .select(["c.id as caseId", "c.workflow_id as workflowId", "a.payment_id as paymentId"])
    .where("c.tenant_id", "=", tenantId).where("c.state", "=", "approved")
    .where("c.form_slug", "in", [...FEE_AWAITING_SITUATIONS])
    .execute();
  let queued = 0;
  for (const r of rows) {
    const cmd = caseFeePaid({ tenantId, caseId: r.caseId, workflowId: r.workflowId }, r.paymentId);
    if ((await enqueueCommand(trx, cmd)).created) queued++;
  }
  return queued;
}
