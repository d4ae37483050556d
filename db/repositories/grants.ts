/**
 * Grant programmes, their cost categories and criteria, calls (issue 14), and the one write that
 * must hold under concurrency: adding a granted amount to the programme's running sum
 * (`reserveGrantedAmount`). Every function takes the tenant.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import type { CallDraft, GrantCallState, ProgrammeDraft } from "../../domain/grants.ts";
import type { Paging } from "./list_sql.ts";

type Db = Kysely<Database> | Transaction<Database>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A well-formed id (anything else finds nothing, without asking PostgreSQL to cast it). */
export function isGrantId(id: string): boolean {
  return UUID.test(id);
}

function escapeLike(q: string): string {
  return "%" + q.replace(/[\\%_]/g, "\\$&") + "%";
}

// ---------------------------------------------------------------------------------------------
// Programmes

export async function insertProgramme(
  trx: Transaction<Database>,
  tenantId: string,
  d: ProgrammeDraft,
  clerkId: string | null,
): Promise<{ id: string } | null> {
  const row = await trx.insertInto("grant_programmes").values({
    tenant_id: tenantId,
    ...programmeColumns(d),
    created_by: clerkId,
  }).onConflict((oc) => oc.columns(["tenant_id", "title"]).doNothing())
    .returning("id").executeTakeFirst();
  if (!row) return null;
  await replaceRules(trx, tenantId, row.id, d);
  return row;
}

function programmeColumns(d: ProgrammeDraft) {
  return {
    title: d.title,
    purpose: d.purpose,
    eligible_applicants: d.eligibleApplicants,
    applicant_kinds: d.applicantKinds,
    total_halere: d.total,
    min_grant_halere: d.minGrant,
    max_grant_halere: d.maxGrant,
    cofinancing_bp: d.cofinancingBp,
    eligible_costs: d.eligibleCosts,
    ineligible_costs: d.ineligibleCosts,
    settlement_rule: d.settlementRule,
    settlement_days: d.settlementDays,
    legal_basis: d.legalBasis,
    max_instalments: d.maxInstalments,
    one_application_per_applicant: d.oneApplicationPerApplicant,
  };
}

async function replaceRules(
  trx: Transaction<Database>,
  tenantId: string,
  programmeId: string,
  d: ProgrammeDraft,
): Promise<void> {
  await trx.deleteFrom("grant_cost_categories").where("tenant_id", "=", tenantId)
    .where("programme_id", "=", programmeId).execute();
  await trx.deleteFrom("grant_criteria").where("tenant_id", "=", tenantId)
    .where("programme_id", "=", programmeId).execute();
  if (d.costs.length) {
    await trx.insertInto("grant_cost_categories").values(d.costs.map((c, i) => ({
      tenant_id: tenantId,
      programme_id: programmeId,
      position: i + 1,
      code: c.code,
      name: c.name,
      eligible: c.eligible,
    }))).execute();
  }
  if (d.criteria.length) {
    await trx.insertInto("grant_criteria").values(d.criteria.map((c, i) => ({
      tenant_id: tenantId,
      programme_id: programmeId,
      position: i + 1,
      name: c.name,
      description: c.description,
      weight: c.weight,
      max_score: c.maxScore,
    }))).execute();
  }
}

export type ProgrammeUpdateOutcome =
  | "updated"
  | "notFound"
  | "titleTaken"
  | "inUse"
  | "belowGranted";

/**
 * Saves an edited programme. Its amount rules, one application per applicant or not, cost
 * categories and criteria are the terms applicants applied under: once an application exists they stay as they are ("inUse" when the
 * edit would change them). The total never drops below what is granted already.
 */
export async function updateProgramme(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
  d: ProgrammeDraft,
): Promise<ProgrammeUpdateOutcome> {
  const current = await trx.selectFrom("grant_programmes").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id).forUpdate().executeTakeFirst();
  if (!current) return "notFound";
  if (Number(current.granted_halere) > d.total) return "belowGranted";
  const clash = await trx.selectFrom("grant_programmes").select("id")
    .where("tenant_id", "=", tenantId).where("title", "=", d.title).where("id", "<>", id)
    .executeTakeFirst();
  if (clash) return "titleTaken";
  const used = await trx.selectFrom("grant_applications").select("id")
    .where("tenant_id", "=", tenantId).where("programme_id", "=", id).limit(1).executeTakeFirst();
  if (used) {
    const [costs, criteria] = await Promise.all([
      programmeCosts(trx, tenantId, id),
      programmeCriteria(trx, tenantId, id),
    ]);
    const same = Number(current.min_grant_halere) === d.minGrant &&
      Number(current.max_grant_halere) === d.maxGrant &&
      current.cofinancing_bp === d.cofinancingBp &&
      current.one_application_per_applicant === d.oneApplicationPerApplicant &&
      JSON.stringify(costs.map((c) => [c.code, c.name, c.eligible])) ===
        JSON.stringify(d.costs.map((c) => [c.code, c.name, c.eligible])) &&
      JSON.stringify(criteria.map((c) => [c.name, c.description, c.weight, c.max_score])) ===
        JSON.stringify(d.criteria.map((c) => [c.name, c.description, c.weight, c.maxScore]));
    if (!same) return "inUse";
  }
  await trx.updateTable("grant_programmes").set({
    ...programmeColumns(d),
    version: sql`version + 1`,
    updated_at: new Date(),
  }).where("tenant_id", "=", tenantId).where("id", "=", id).execute();
  if (!used) await replaceRules(trx, tenantId, id, d);
  return "updated";
}

export async function findProgramme(db: Db, tenantId: string, id: string) {
  if (!isGrantId(id)) return undefined;
  return await db.selectFrom("grant_programmes").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
}

export async function programmeCosts(db: Db, tenantId: string, programmeId: string) {
  return await db.selectFrom("grant_cost_categories")
    .select(["id", "code", "name", "eligible", "position"])
    .where("tenant_id", "=", tenantId).where("programme_id", "=", programmeId)
    .orderBy("position").execute();
}

export async function programmeCriteria(db: Db, tenantId: string, programmeId: string) {
  return await db.selectFrom("grant_criteria")
    .select(["id", "name", "description", "weight", "max_score", "position"])
    .where("tenant_id", "=", tenantId).where("programme_id", "=", programmeId)
    .orderBy("position").execute();
}

/** The clerk's list of programmes: title search, newest first, with their calls counted. */
export async function listProgrammes(
  db: Db,
  tenantId: string,
  filter: { q?: string },
  paging: Paging,
) {
  let base = db.selectFrom("grant_programmes as p").where("p.tenant_id", "=", tenantId);
  if (filter.q) base = base.where(sql<boolean>`p.title ilike ${escapeLike(filter.q)}`);
  const { n } = await base.select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
  const rows = await base.select([
    "p.id",
    "p.title",
    "p.total_halere",
    "p.granted_halere",
    "p.min_grant_halere",
    "p.max_grant_halere",
    "p.cofinancing_bp",
    "p.updated_at",
    sql<string>`(select count(*) from grant_calls c where c.programme_id = p.id)`.as("calls"),
  ]).orderBy("p.created_at", "desc").orderBy("p.id", "desc")
    .limit(paging.limit).offset(paging.offset).execute();
  return { rows: rows.map((r) => ({ ...r, calls: Number(r.calls) })), total: Number(n) };
}

/** Programmes a new call may belong to (the select on the call form). */
export async function programmeChoices(db: Db, tenantId: string) {
  return await db.selectFrom("grant_programmes").select(["id", "title", "settlement_rule"])
    .where("tenant_id", "=", tenantId).where("archived_at", "is", null)
    .orderBy("title").execute();
}

/**
 * Adds a granted amount to the programme's running sum, only if it still fits into the total.
 * One UPDATE: PostgreSQL locks the programme's row, so concurrent decisions are applied one
 * after another, each seeing the sum the previous one left; the one that no longer fits
 * updates no row and is refused (and the table's check refuses any write that bypasses this).
 * Call inside the decision's transaction: a rollback returns the amount.
 */
export async function reserveGrantedAmount(
  trx: Transaction<Database>,
  tenantId: string,
  programmeId: string,
  amount: number,
): Promise<{ ok: true; granted: number } | { ok: false; left: number }> {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError("amount");
  const row = await trx.updateTable("grant_programmes")
    .set({ granted_halere: sql`granted_halere + ${amount}` })
    .where("tenant_id", "=", tenantId).where("id", "=", programmeId)
    .where(sql<boolean>`granted_halere + ${amount} <= total_halere`)
    .returning("granted_halere").executeTakeFirst();
  if (row) return { ok: true, granted: Number(row.granted_halere) };
  const now = await trx.selectFrom("grant_programmes")
    .select(["total_halere", "granted_halere"])
    .where("tenant_id", "=", tenantId).where("id", "=", programmeId).executeTakeFirst();
  if (!now) throw new Error("grant programme not found");
  return { ok: false, left: Number(now.total_halere) - Number(now.granted_halere) };
}

// ---------------------------------------------------------------------------------------------
// Calls

export async function insertCall(
  trx: Transaction<Database>,
  tenantId: string,
  programmeId: string,
  d: CallDraft,
  state: GrantCallState,
  clerkId: string | null,
  idempotencyKey: string,
): Promise<{ id: string; created: boolean }> {
  const row = await trx.insertInto("grant_calls").values({
    tenant_id: tenantId,
    programme_id: programmeId,
    idempotency_key: idempotencyKey,
    title: d.title,
    opens_at: d.opensAt,
    closes_at: d.closesAt,
    decision_deadline: d.decisionDeadline,
    settlement_deadline: d.settlementDeadline,
    project_from: d.projectFrom,
    project_to: d.projectTo,
    state,
    opened_at: state === "open" ? new Date() : null,
    created_by: clerkId,
  }).onConflict((oc) => oc.columns(["tenant_id", "idempotency_key"]).doNothing())
    .returning("id").executeTakeFirst();
  if (row) return { id: row.id, created: true };
  const first = await trx.selectFrom("grant_calls").select("id")
    .where("tenant_id", "=", tenantId).where("idempotency_key", "=", idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: first.id, created: false };
}

export async function setCallWorkflowId(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
  workflowId: string,
): Promise<void> {
  await trx.updateTable("grant_calls").set({ workflow_id: workflowId })
    .where("tenant_id", "=", tenantId).where("id", "=", id).execute();
}

/** Saves edited dates and texts; bumps the version the workflow's signal carries. */
export async function updateCall(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
  d: CallDraft,
  state: GrantCallState,
): Promise<{ version: number }> {
  return await trx.updateTable("grant_calls").set({
    title: d.title,
    opens_at: d.opensAt,
    closes_at: d.closesAt,
    decision_deadline: d.decisionDeadline,
    settlement_deadline: d.settlementDeadline,
    project_from: d.projectFrom,
    project_to: d.projectTo,
    state,
    version: sql`version + 1`,
    updated_at: new Date(),
  }).where("tenant_id", "=", tenantId).where("id", "=", id)
    .returning("version").executeTakeFirstOrThrow();
}

export async function findCall(
  db: Db,
  tenantId: string,
  id: string,
  opts: { lock?: boolean } = {},
) {
  if (!isGrantId(id)) return undefined;
  let q = db.selectFrom("grant_calls").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id);
  if (opts.lock) q = q.forUpdate();
  return await q.executeTakeFirst();
}

export const CALL_LIST_STATES = ["draft", "scheduled", "open", "closed", "decided"] as const;

/** The clerk's list of calls: state counts, title search, newest window first. */
export async function listCalls(
  db: Db,
  tenantId: string,
  filter: { state?: string; q?: string; programmeId?: string },
  paging: Paging,
) {
  let base = db.selectFrom("grant_calls as c")
    .innerJoin("grant_programmes as p", "p.id", "c.programme_id")
    .where("c.tenant_id", "=", tenantId);
  if (filter.programmeId) base = base.where("c.programme_id", "=", filter.programmeId);
  if (filter.q) {
    base = base.where(
      sql<boolean>`(c.title ilike ${escapeLike(filter.q)} or p.title ilike ${
        escapeLike(filter.q)
      })`,
    );
  }
  const counts = await base.select(["c.state", sql<string>`count(*)`.as("n")])
    .groupBy("c.state").execute();
  const filtered = filter.state ? base.where("c.state", "=", filter.state as never) : base;
  const rows = await filtered.select([
    "c.id",
    "c.title",
    "c.state",
    "c.opens_at",
    "c.closes_at",
    "c.decision_deadline",
    "p.id as programme_id",
    "p.title as programme_title",
  ]).orderBy("c.opens_at", "desc").orderBy("c.id", "desc")
    .limit(paging.limit).offset(paging.offset).execute();
  const byState = Object.fromEntries(counts.map((c) => [c.state, Number(c.n)]));
  const all = counts.reduce((s, c) => s + Number(c.n), 0);
  return {
    rows,
    total: filter.state ? byState[filter.state] ?? 0 : all,
    byState: byState as Record<string, number>,
    all,
  };
}

/**
 * The public list: calls open or upcoming (scheduled), with their programme, soonest closing
 * first. A call shows by its state, which its workflow keeps; its dates say how long is left.
 */
export async function listPublicCalls(db: Db, tenantId: string) {
  return await db.selectFrom("grant_calls as c")
    .innerJoin("grant_programmes as p", "p.id", "c.programme_id")
    .where("c.tenant_id", "=", tenantId).where("c.state", "in", ["scheduled", "open"])
    .select([
      "c.id",
      "c.title",
      "c.state",
      "c.opens_at",
      "c.closes_at",
      "p.id as programme_id",
      "p.title as programme_title",
      "p.purpose",
      "p.min_grant_halere",
      "p.max_grant_halere",
      "p.total_halere",
    ])
    .orderBy("c.state", "desc").orderBy("c.closes_at").orderBy("c.id").execute();
}

/** A call as the public sees it: not a draft. */
export async function findPublicCall(db: Db, tenantId: string, id: string) {
  if (!isGrantId(id)) return undefined;
  return await db.selectFrom("grant_calls").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("state", "<>", "draft")
    .executeTakeFirst();
}

/**
 * The workflow's timer fired: move the call to `to` if it is still before it and the row's
 * dates agree (an edit moved them: the signal brings the new ones). Idempotent: a retry or a
 * late timer changes nothing. Returns the state the call is in afterwards.
 */
export async function applyCallTimer(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
  to: "open" | "closed",
  now: Date,
): Promise<{ state: GrantCallState; changed: boolean } | null> {
  const call = await findCall(trx, tenantId, id, { lock: true });
  if (!call) return null;
  const due = to === "open" ? call.opens_at : call.closes_at;
  const allowed = to === "open" ? call.state === "scheduled" : (call.state === "scheduled" ||
    call.state === "open");
  if (!allowed || due.getTime() > now.getTime()) return { state: call.state, changed: false };
  await trx.updateTable("grant_calls").set(
    to === "open"
      ? { state: "open", opened_at: now, updated_at: now }
      : { state: "closed", closed_at: now, updated_at: now, opened_at: call.opened_at ?? now },
  ).where("tenant_id", "=", tenantId).where("id", "=", id).execute();
  return { state: to, changed: true };
}
