/**
 * Grant applications (issue 14): the row filed with its case, its budget, the formal check's
 * moves, the workflow's reading of the row and its reminders, and the applicant's lists.
 * Every read takes the tenant; the applicant's reads take the person (and what they may see
 * through their representations), so an id from another town or person finds nothing.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The call, its programme and cost categories, as the application's form needs them. */
export async function findCallForApplying(db: Db, tenantId: string, callId: string) {
  if (!UUID.test(callId)) return undefined;
  const call = await db.selectFrom("grant_calls as c")
    .innerJoin("grant_programmes as p", "p.id", "c.programme_id")
    .select([
      "c.id",
      "c.title",
      "c.state",
      "c.opens_at",
      "c.closes_at",
      "c.project_from",
      "c.project_to",
      "c.programme_id",
      "p.title as programme_title",
      "p.applicant_kinds",
      "p.min_grant_halere",
      "p.max_grant_halere",
      "p.cofinancing_bp",
      "p.total_halere",
      "p.one_application_per_applicant",
    ])
    .where("c.tenant_id", "=", tenantId).where("c.id", "=", callId)
    .where("c.state", "<>", "draft")
    .executeTakeFirst();
  if (!call) return undefined;
  const categories = await db.selectFrom("grant_cost_categories")
    .select(["id", "code", "name", "eligible"])
    .where("tenant_id", "=", tenantId).where("programme_id", "=", call.programme_id)
    .orderBy("position").execute();
  return { ...call, categories };
}

/** A person's granted, unexpired representation (whom they act for). */
export async function findActiveRepresentation(
  db: Db,
  tenantId: string,
  personId: string,
  representationId: string,
  today: string,
) {
  return await db.selectFrom("representations")
    .select(["id", "kind", "represented_name", "represented_ico", "represented_person_id"])
    .where("tenant_id", "=", tenantId).where("id", "=", representationId)
    .where("representative_id", "=", personId).where("status", "=", "granted")
    .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">=", today)]))
    .executeTakeFirst();
}

export interface NewGrantApplication {
  callId: string;
  programmeId: string;
  caseId: string;
  reference: string;
  personId: string;
  actingFor: string | null;
  idempotencyKey: string;
  applicantKind: string;
  applicantName: string;
  applicantIco: string | null;
  /** The applicant, when the programme takes one application each (see the migration). */
  exclusiveKey: string | null;
  purpose: string;
  projectFrom: string;
  projectTo: string;
  justification: string;
  values: Record<string, unknown>;
  totalBudget: number;
  asked: number;
  workflowId: string;
  submittedAt: Date;
  lines: { categoryId: string; description: string; amount: number; grant: number }[];
}

/**
 * The applicant's live application in the call (not withdrawn or lapsed), when the programme
 * takes one application per applicant: what `grant_applications_exclusive_idx` keeps unique.
 */
export async function findLiveApplicationOf(
  db: Db,
  tenantId: string,
  callId: string,
  exclusiveKey: string,
) {
  return await db.selectFrom("grant_applications")
    .select(["id", "reference", "case_id", "person_id", "idempotency_key"])
    .where("tenant_id", "=", tenantId).where("call_id", "=", callId)
    .where("exclusive_key", "=", exclusiveKey)
    .where("state", "not in", ["withdrawn", "lapsed"])
    .executeTakeFirst();
}

/** The row and its budget, filed (`submitted`) with the case in the filing's transaction. */
export async function insertGrantApplication(
  trx: Transaction<Database>,
  tenantId: string,
  a: NewGrantApplication,
): Promise<string> {
  const row = await trx.insertInto("grant_applications").values({
    tenant_id: tenantId,
    call_id: a.callId,
    programme_id: a.programmeId,
    case_id: a.caseId,
    reference: a.reference,
    person_id: a.personId,
    acting_for: a.actingFor,
    idempotency_key: a.idempotencyKey,
    applicant_kind: a.applicantKind,
    applicant_name: a.applicantName,
    applicant_ico: a.applicantIco,
    exclusive_key: a.exclusiveKey,
    purpose: a.purpose,
    project_from: a.projectFrom,
    project_to: a.projectTo,
    justification: a.justification,
    values: JSON.stringify(a.values),
    state: "submitted",
    total_budget_halere: BigInt(a.totalBudget),
    asked_halere: BigInt(a.asked),
    workflow_id: a.workflowId,
    submitted_at: a.submittedAt,
  } as never).returning("id").executeTakeFirstOrThrow();
  await replaceBudget(trx, tenantId, row.id, a.lines);
  return row.id;
}

async function replaceBudget(
  trx: Transaction<Database>,
  tenantId: string,
  applicationId: string,
  lines: NewGrantApplication["lines"],
): Promise<void> {
  await trx.deleteFrom("grant_budget_items").where("tenant_id", "=", tenantId)
    .where("application_id", "=", applicationId).where("kind", "=", "application").execute();
  let position = 1;
  for (const l of lines) {
    await trx.insertInto("grant_budget_items").values({
      tenant_id: tenantId,
      application_id: applicationId,
      kind: "application",
      round: 0,
      position: position++,
      cost_category_id: l.categoryId,
      description: l.description,
      amount_halere: BigInt(l.amount),
      grant_halere: BigInt(l.grant),
    } as never).execute();
  }
}

export async function findApplicationByCase(
  db: Db,
  tenantId: string,
  caseId: string,
  opts: { lock?: boolean } = {},
) {
  let q = db.selectFrom("grant_applications").selectAll()
    .where("tenant_id", "=", tenantId).where("case_id", "=", caseId);
  if (opts.lock) q = q.forUpdate();
  return await q.executeTakeFirst();
}

/** The formal check moved the application: only from its states (a replay changes nothing). */
export async function moveAfterFormalCheck(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
  from: readonly string[],
  to: string,
  patch: { completionDeadline?: Date | null } = {},
): Promise<boolean> {
  const r = await trx.updateTable("grant_applications").set({
    state: to,
    ...(patch.completionDeadline !== undefined
      ? { completion_deadline: patch.completionDeadline }
      : {}),
    ...(to === "lapsed" ? { closed_at: new Date() } : {}),
    updated_at: new Date(),
  } as never).where("tenant_id", "=", tenantId).where("id", "=", id)
    .where("state", "in", from as never).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A corrected application: its answers, amounts and budget as the correction filed them. */
export async function updateFiledApplication(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
  a: Pick<
    NewGrantApplication,
    | "purpose"
    | "projectFrom"
    | "projectTo"
    | "justification"
    | "values"
    | "totalBudget"
    | "asked"
    | "lines"
  >,
): Promise<void> {
  await trx.updateTable("grant_applications").set({
    purpose: a.purpose,
    project_from: a.projectFrom,
    project_to: a.projectTo,
    justification: a.justification,
    values: JSON.stringify(a.values),
    total_budget_halere: BigInt(a.totalBudget),
    asked_halere: BigInt(a.asked),
    updated_at: new Date(),
  } as never).where("tenant_id", "=", tenantId).where("id", "=", id).execute();
  await replaceBudget(trx, tenantId, id, a.lines);
}

/** What the workflow follows: the state, the settlement's due date and reminders sent. */
export async function applicationForWorkflow(db: Db, tenantId: string, caseId: string) {
  const a = await db.selectFrom("grant_applications")
    .select(["id", "state", "settlement_due"])
    .where("tenant_id", "=", tenantId).where("case_id", "=", caseId).executeTakeFirst();
  if (!a) return undefined;
  const [settlements, reminders] = await Promise.all([
    db.selectFrom("grant_settlements").select(sql<number>`count(*)::int`.as("n"))
      .where("tenant_id", "=", tenantId).where("application_id", "=", a.id)
      .executeTakeFirstOrThrow(),
    db.selectFrom("grant_reminders").select("kind")
      .where("tenant_id", "=", tenantId).where("application_id", "=", a.id).execute(),
  ]);
  return {
    ...a,
    settlementsFiled: settlements.n,
    remindersSent: reminders.map((r) => r.kind),
  };
}

/** Records a reminder once per application and kind; false when it was sent already. */
export async function insertReminder(
  trx: Transaction<Database>,
  tenantId: string,
  applicationId: string,
  kind: "completion_due" | "settlement_before" | "settlement_due" | "settlement_overdue",
): Promise<boolean> {
  const r = await trx.insertInto("grant_reminders").values({
    tenant_id: tenantId,
    application_id: applicationId,
    kind,
  } as never).onConflict((oc) => oc.columns(["application_id", "kind"]).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Which applications a person may see: their own, and those of the parties they act for now
 * (a granted, unexpired representation: filed under it, or an organisation's by its IČO).
 */
async function visibleScope(db: Db, tenantId: string, personId: string, today: string) {
  const reps = await db.selectFrom("representations")
    .select(["id", "represented_ico"])
    .where("tenant_id", "=", tenantId).where("representative_id", "=", personId)
    .where("status", "=", "granted")
    .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">=", today)]))
    .execute();
  return {
    repIds: reps.map((r) => r.id),
    icos: reps.map((r) => r.represented_ico).filter((i): i is string => Boolean(i)),
  };
}

const LIST_COLUMNS = [
  "a.id",
  "a.case_id",
  "a.reference",
  "a.state",
  "a.applicant_kind",
  "a.applicant_name",
  "a.applicant_ico",
  "a.purpose",
  "a.project_from",
  "a.project_to",
  "a.asked_halere",
  "a.total_budget_halere",
  "a.granted_halere",
  "a.paid_halere",
  "a.settled_halere",
  "a.returned_halere",
  "a.completion_deadline",
  "a.settlement_due",
  "a.submitted_at",
  "a.person_id",
  "c.id as call_id",
  "c.title as call_title",
] as const;

function scoped(
  db: Db,
  tenantId: string,
  personId: string,
  s: { repIds: string[]; icos: string[] },
) {
  return db.selectFrom("grant_applications as a")
    .innerJoin("grant_calls as c", "c.id", "a.call_id")
    .where("a.tenant_id", "=", tenantId)
    .where((eb) =>
      eb.or([
        eb("a.person_id", "=", personId),
        ...(s.repIds.length ? [eb("a.acting_for", "in", s.repIds)] : []),
        ...(s.icos.length
          ? [eb.and([
            eb("a.applicant_kind", "=", "organisation"),
            eb("a.applicant_ico", "in", s.icos),
          ])]
          : []),
      ])
    );
}

export async function listPersonApplications(
  db: Db,
  tenantId: string,
  personId: string,
  today: string,
) {
  const s = await visibleScope(db, tenantId, personId, today);
  return await scoped(db, tenantId, personId, s).select([...LIST_COLUMNS])
    .orderBy("a.created_at", "desc").orderBy("a.id").limit(200).execute();
}

export async function findPersonApplication(
  db: Db,
  tenantId: string,
  personId: string,
  id: string,
  today: string,
) {
  if (!UUID.test(id)) return undefined;
  const s = await visibleScope(db, tenantId, personId, today);
  const a = await scoped(db, tenantId, personId, s).select([...LIST_COLUMNS])
    .where("a.id", "=", id).executeTakeFirst();
  if (!a) return undefined;
  const budget = await db.selectFrom("grant_budget_items as b")
    .innerJoin("grant_cost_categories as k", "k.id", "b.cost_category_id")
    .select(["b.position", "b.description", "b.amount_halere", "b.grant_halere", "k.name"])
    .where("b.tenant_id", "=", tenantId).where("b.application_id", "=", a.id)
    .where("b.kind", "=", "application").orderBy("b.position").execute();
  return { ...a, budget };
}

/** The applicant's application by its case (the correction page finds the call so). */
export async function findOwnApplicationByCase(
  db: Db,
  tenantId: string,
  personId: string,
  caseId: string,
) {
  if (!UUID.test(caseId)) return undefined;
  return await db.selectFrom("grant_applications").select(["id", "call_id", "state"])
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("case_id", "=", caseId).executeTakeFirst();
}
