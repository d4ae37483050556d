/**
 * A reported accessibility barrier (Act 99/2019 Sb., § 9): stored once per idempotency key and,
 * in the same transaction, the start of the workflow that e-mails it to the office.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { insertReport, type NewReport } from "../db/repositories/accessibility_reports.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { tenantSlugOf } from "../db/repositories/tenants.ts";
import { startAccessibilityReport } from "../domain/workflows.ts";

export async function reportBarrier(
  deps: { db: Kysely<Database> },
  tenantId: string,
  report: NewReport,
): Promise<{ id: string; created: boolean }> {
  return await deps.db.transaction().execute(async (trx) => {
    const stored = await insertReport(trx, tenantId, report);
    if (stored.created) {
      const tenantSlug = await tenantSlugOf(trx, tenantId);
      await enqueueCommand(
        trx,
        startAccessibilityReport({ tenantId, tenantSlug, reportId: stored.id }),
      );
    }
    return stored;
  });
}
