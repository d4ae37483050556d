/**
 * A defect report as it stands in the database after filing and triage (a case and its public
 * projection), without running the workflow: for tests of pages, not of the process.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { DefectStatus } from "../../domain/defect_reports.ts";

export async function insertDefectReport(
  db: Kysely<Database>,
  r: {
    tenantId: string;
    personId: string;
    category: string;
    place: string;
    status?: DefectStatus;
  },
): Promise<string> {
  const c = await db.insertInto("cases").values({
    tenant_id: r.tenantId,
    reference: `TEST-${crypto.randomUUID()}`,
    form_slug: "hlaseni-zavady",
    agenda: "zavady",
    person_id: r.personId,
    acting_for: null,
    on_behalf_of: null,
    idempotency_key: `test-${crypto.randomUUID()}`,
    values: JSON.stringify({ category: r.category }),
    assigned_clerk_id: null,
    last_clerk_id: null,
    due_at: new Date(Date.now() + 86_400_000),
    updated_at: new Date(),
    escalated_at: null,
    decision_text: null,
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("defect_reports").values({
    case_id: c.id,
    tenant_id: r.tenantId,
    ...(r.status ? { status: r.status } : {}),
    category: r.category,
    place: r.place,
    latitude: null,
    longitude: null,
    filed_at: new Date(),
    updated_at: new Date(),
  }).execute();
  return c.id;
}
