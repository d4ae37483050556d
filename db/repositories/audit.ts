/** The append-only audit log: who did what to which object, in which town, in which request. */
import type { Kysely } from "kysely";
import type { AuditActorType, Database } from "../schema.ts";

export interface AuditEntry {
  tenantId: string;
  actorType: AuditActorType;
  actorId: string | null;
  onBehalfOf?: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  requestId?: string | null;
  /** Identifiers and outcomes only; never personal data or form contents. */
  details?: Record<string, unknown>;
}

export async function appendAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto("audit_log").values({
    tenant_id: entry.tenantId,
    actor_type: entry.actorType,
    actor_id: entry.actorId,
    on_behalf_of: entry.onBehalfOf ?? null,
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId ?? null,
    request_id: entry.requestId ?? null,
    details: JSON.stringify(entry.details ?? {}),
  }).execute();
}

export function listAudit(db: Kysely<Database>, tenantId: string, subjectId: string) {
  return db.selectFrom("audit_log")
    .select(["id", "occurred_at", "actor_type", "actor_id", "action", "details"])
    .where("tenant_id", "=", tenantId)
    .where("subject_id", "=", subjectId)
    .orderBy("id")
    .execute();
}
