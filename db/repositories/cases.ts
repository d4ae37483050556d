/**
 * Cases, their timeline and their reference numbers. Every function takes the tenant, and the
 * citizen's reads take the person too: a case id from another town or another person finds
 * nothing (no IDOR).
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { CaseEventActorType, CaseRow, CaseState, Database } from "../schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The next reference number of a town, year and prefix, gap-free: the counter row is locked
 * (`insert … on conflict do update` takes the row lock) until the filing transaction ends, so
 * two filings never get the same number, and a filing that rolls back gives its number back.
 */
export async function nextReferenceNumber(
  trx: Transaction<Database>,
  tenantId: string,
  year: number,
  prefix: string,
): Promise<number> {
  const row = await trx.insertInto("reference_counters")
    .values({ tenant_id: tenantId, year, prefix, last: 1 })
    .onConflict((oc) =>
      oc.columns(["tenant_id", "year", "prefix"]).doUpdateSet({
        last: sql<number>`reference_counters.last + 1`,
      })
    )
    .returning("last").executeTakeFirstOrThrow();
  return row.last;
}

export interface NewCase {
  reference: string;
  formSlug: string;
  agenda: string;
  personId: string;
  actingFor: string | null;
  onBehalfOf: string | null;
  idempotencyKey: string;
  values: Record<string, unknown>;
  dueAt: Date;
  createdAt: Date;
  /** The id its workflow is started with (domain/workflows.ts `caseWorkflowId`). */
  workflowId: string;
}

export async function insertCase(
  trx: Transaction<Database>,
  tenantId: string,
  c: NewCase & { id: string },
): Promise<void> {
  await trx.insertInto("cases").values({
    id: c.id,
    tenant_id: tenantId,
    reference: c.reference,
    form_slug: c.formSlug,
    agenda: c.agenda,
    person_id: c.personId,
    acting_for: c.actingFor,
    on_behalf_of: c.onBehalfOf,
    idempotency_key: c.idempotencyKey,
    values: JSON.stringify(c.values),
    due_at: c.dueAt,
    workflow_id: c.workflowId,
    created_at: c.createdAt,
    updated_at: c.createdAt,
  }).execute();
}

/** A case filed by this person with this idempotency key (a double submit finds the first). */
export function findCaseByKey(db: Db, tenantId: string, personId: string, key: string) {
  return db.selectFrom("cases").selectAll()
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("idempotency_key", "=", key).executeTakeFirst();
}

/** A case of the town (for clerks and activities); `lock` inside a transaction. */
export function findCase(
  db: Db,
  tenantId: string,
  caseId: string,
  opts: { lock?: boolean } = {},
): Promise<CaseRow | undefined> {
  if (!isUuid(caseId)) return Promise.resolve(undefined);
  let q = db.selectFrom("cases").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", caseId);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A case the person filed (or that was filed for them under a representation they hold). */
export function findPersonCase(
  db: Db,
  tenantId: string,
  personId: string,
  caseId: string,
  opts: { lock?: boolean } = {},
): Promise<CaseRow | undefined> {
  if (!isUuid(caseId)) return Promise.resolve(undefined);
  let q = db.selectFrom("cases").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", caseId)
    .where("person_id", "=", personId);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function listPersonCases(db: Db, tenantId: string, personId: string) {
  return db.selectFrom("cases")
    .select([
      "id",
      "reference",
      "form_slug",
      "state",
      "assigned_clerk_id",
      "created_at",
      "updated_at",
    ])
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .orderBy("created_at", "desc").limit(200).execute();
}

/** Claims a case for a clerk, or releases it (null); only the holder or a free case changes. */
export async function setAssignee(
  trx: Transaction<Database>,
  tenantId: string,
  caseId: string,
  clerkId: string | null,
  expectedHolder: string | null,
): Promise<boolean> {
  let q = trx.updateTable("cases").set({ assigned_clerk_id: clerkId, updated_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", caseId);
  q = expectedHolder === null
    ? q.where("assigned_clerk_id", "is", null)
    : q.where("assigned_clerk_id", "=", expectedHolder);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateCaseValues(
  trx: Transaction<Database>,
  tenantId: string,
  caseId: string,
  values: Record<string, unknown>,
): Promise<void> {
  await trx.updateTable("cases").set({ values: JSON.stringify(values), updated_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", caseId).execute();
}

// ---------------------------------------------------------------------------------------------
// Timeline

export interface NewCaseEvent {
  caseId: string;
  key: string;
  actorType: CaseEventActorType;
  actorId: string | null;
  kind: string;
  visibleToCitizen: boolean;
  messageKey?: string | null;
  params?: Record<string, string>;
  text?: string | null;
  occurredAt?: Date;
}

/** Records a step once per key: returns false when it was already recorded (a retry). */
export async function appendCaseEvent(
  db: Db,
  tenantId: string,
  e: NewCaseEvent,
): Promise<boolean> {
  const row = await db.insertInto("case_events").values({
    tenant_id: tenantId,
    case_id: e.caseId,
    event_key: e.key,
    actor_type: e.actorType,
    actor_id: e.actorId,
    kind: e.kind,
    visible_to_citizen: e.visibleToCitizen,
    message_key: e.messageKey ?? null,
    params: JSON.stringify(e.params ?? {}),
    text: e.text ?? null,
    ...(e.occurredAt ? { occurred_at: e.occurredAt } : {}),
  }).onConflict((oc) => oc.columns(["tenant_id", "event_key"]).doNothing())
    .returning("id").executeTakeFirst();
  return row !== undefined;
}

export function listCaseEvents(
  db: Db,
  tenantId: string,
  caseId: string,
  opts: { citizen: boolean },
) {
  let q = db.selectFrom("case_events")
    .select(["id", "occurred_at", "actor_type", "actor_id", "kind", "visible_to_citizen", "text"])
    .where("tenant_id", "=", tenantId).where("case_id", "=", caseId);
  if (opts.citizen) q = q.where("visible_to_citizen", "=", true);
  return q.orderBy("id").execute();
}

/** The case's projection after a workflow step (the activity holds the event's key). */
export async function applyCaseStep(
  trx: Transaction<Database>,
  tenantId: string,
  caseId: string,
  step: {
    state?: CaseState;
    lastClerkId?: string | null;
    assignedClerkId?: string | null;
    decisionText?: string | null;
    dueAt?: Date;
    round?: number;
    escalatedAt?: Date | null;
  },
): Promise<void> {
  await trx.updateTable("cases").set({
    updated_at: new Date(),
    ...(step.state !== undefined ? { state: step.state } : {}),
    ...(step.lastClerkId !== undefined ? { last_clerk_id: step.lastClerkId } : {}),
    ...(step.assignedClerkId !== undefined ? { assigned_clerk_id: step.assignedClerkId } : {}),
    ...(step.decisionText !== undefined ? { decision_text: step.decisionText } : {}),
    ...(step.dueAt !== undefined ? { due_at: step.dueAt } : {}),
    ...(step.round !== undefined ? { round: step.round } : {}),
    ...(step.escalatedAt !== undefined ? { escalated_at: step.escalatedAt } : {}),
  }).where("tenant_id", "=", tenantId).where("id", "=", caseId).execute();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
