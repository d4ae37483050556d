/**
 * Accessibility barrier reports (Act 99/2019 Sb.). The form's one-time key makes a double
 * submit store one row: the unique (tenant_id, idempotency_key) constraint decides.
 */
import type { Kysely, Transaction } from "kysely";
import type { AccessibilityReportRow, Database } from "../schema.ts";

export interface NewReport {
  idempotencyKey: string;
  pageUrl: string | null;
  description: string;
  contactEmail: string | null;
}

/** Stores a report once per idempotency key; a repeat returns the first row's id. */
export async function insertReport(
  db: Kysely<Database> | Transaction<Database>,
  tenantId: string,
  report: NewReport,
): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insertInto("accessibility_reports")
    .values({
      tenant_id: tenantId,
      idempotency_key: report.idempotencyKey,
      page_url: report.pageUrl,
      description: report.description,
      contact_email: report.contactEmail,
    })
    .onConflict((oc) => oc.columns(["tenant_id", "idempotency_key"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db
    .selectFrom("accessibility_reports")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("idempotency_key", "=", report.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/** One report of this tenant, or undefined (another tenant's id finds nothing). */
export async function findReport(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<AccessibilityReportRow | undefined> {
  return await db
    .selectFrom("accessibility_reports")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function markReportNotified(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<void> {
  await db.updateTable("accessibility_reports").set({ notified_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", id).execute();
}
