/**
 * The grant committee's rows (issue 14): a call's members, conflicts of interest, scores, the
 * committee's proposals and the council's decisions. Every function takes the tenant; a
 * member's reads are scoped to the calls they sit on by the use cases (app/grant_committee.ts).
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { isGrantId } from "./grants.ts";
import { RANKED_STATES, SCORED_STATES } from "../../domain/grant_committee.ts";
import type { CommitteeRole, ScoreDraft } from "../../domain/grant_committee.ts";

type Db = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------------------------------------
// Members

/** The call's sitting members with their names, the chair first. */
export async function committeeOf(db: Db, tenantId: string, callId: string) {
  return await db.selectFrom("grant_committee_members as m")
    .innerJoin("clerks as k", "k.id", "m.clerk_id")
    .select(["m.id", "m.clerk_id", "m.role", "m.added_at", "k.display_name", "k.username"])
    .where("m.tenant_id", "=", tenantId).where("m.call_id", "=", callId)
    .where("m.removed_at", "is", null)
    .orderBy(sql`m.role = 'chair'`, "desc").orderBy("k.display_name").execute();
}

/** The town's active clerks, for the "add a member" select. */
export async function clerkChoices(db: Db, tenantId: string) {
  return await db.selectFrom("clerks").select(["id", "display_name", "username"])
    .where("tenant_id", "=", tenantId).where("active", "=", true)
    .orderBy("display_name").execute();
}

export async function findTownClerk(db: Db, tenantId: string, clerkId: string) {
  if (!isGrantId(clerkId)) return undefined;
  return await db.selectFrom("clerks").select(["id", "display_name"])
    .where("tenant_id", "=", tenantId).where("id", "=", clerkId).where("active", "=", true)
    .executeTakeFirst();
}

/**
 * Seats a clerk (again) or changes their role. Returns the member's id and whether anything
 * changed (a repeated request changes nothing).
 */
export async function seatMember(
  trx: Transaction<Database>,
  tenantId: string,
  callId: string,
  clerkId: string,
  role: CommitteeRole,
  addedBy: string | null,
): Promise<{ id: string; changed: boolean }> {
  const row = await trx.insertInto("grant_committee_members").values({
    tenant_id: tenantId,
    call_id: callId,
    clerk_id: clerkId,
    role,
    added_by: addedBy,
  }).onConflict((oc) =>
    oc.columns(["call_id", "clerk_id"]).doUpdateSet({
      role,
      removed_at: null,
      added_by: addedBy,
    }).where(
      sql<boolean>`grant_committee_members.removed_at is not null or
        grant_committee_members.role <> ${role}`,
    )
  ).returning("id").executeTakeFirst();
  if (row) return { id: row.id, changed: true };
  const same = await trx.selectFrom("grant_committee_members").select("id")
    .where("tenant_id", "=", tenantId).where("call_id", "=", callId)
    .where("clerk_id", "=", clerkId).executeTakeFirstOrThrow();
  return { id: same.id, changed: false };
}

/** Unseats a member (their scores stay recorded, but no longer count). */
export async function unseatMember(
  trx: Transaction<Database>,
  tenantId: string,
  callId: string,
  memberId: string,
): Promise<{ clerk_id: string } | undefined> {
  if (!isGrantId(memberId)) return undefined;
  return await trx.updateTable("grant_committee_members").set({ removed_at: new Date() })
    .where("tenant_id", "=", tenantId).where("call_id", "=", callId)
    .where("id", "=", memberId).where("removed_at", "is", null)
    .returning("clerk_id").executeTakeFirst();
}

/** The clerk's seat on the call's committee, or undefined. */
export async function seatOf(db: Db, tenantId: string, callId: string, clerkId: string) {
  if (!isGrantId(callId)) return undefined;
  return await db.selectFrom("grant_committee_members").select(["id", "role", "call_id"])
    .where("tenant_id", "=", tenantId).where("call_id", "=", callId)
    .where("clerk_id", "=", clerkId).where("removed_at", "is", null).executeTakeFirst();
}

/** The calls a clerk sits on, with what is left for them to score. */
export async function callsOfMember(db: Db, tenantId: string, clerkId: string) {
  return await db.selectFrom("grant_committee_members as m")
    .innerJoin("grant_calls as c", "c.id", "m.call_id")
    .innerJoin("grant_programmes as p", "p.id", "c.programme_id")
    .select([
      "c.id",
      "c.title",
      "c.state",
      "c.decision_deadline",
      "p.title as programme_title",
      "m.role",
      sql<string>`(select count(*) from grant_applications a
        where a.call_id = c.id and a.state in ('formally_ok', 'evaluated'))`.as("to_score"),
      sql<string>`(select count(*) from grant_applications a
        where a.call_id = c.id and a.state in ('formally_ok', 'evaluated')
          and not exists (select 1 from grant_scores s where s.application_id = a.id
                          and s.member_id = m.id)
          and not exists (select 1 from grant_conflicts f where f.application_id = a.id
                          and f.member_id = m.id))`.as("open_for_me"),
    ])
    .where("m.tenant_id", "=", tenantId).where("m.clerk_id", "=", clerkId)
    .where("m.removed_at", "is", null)
    .orderBy("c.decision_deadline").orderBy("c.id").execute();
}

// ---------------------------------------------------------------------------------------------
// Applications as the committee reads them

/** The call's applications the committee scores, with this member's part in each. */
export async function applicationsToScore(
  db: Db,
  tenantId: string,
  callId: string,
  memberId: string,
) {
  return await db.selectFrom("grant_applications as a")
    .select([
      "a.id",
      "a.reference",
      "a.applicant_name",
      "a.purpose",
      "a.asked_halere",
      "a.state",
      sql<boolean>`exists (select 1 from grant_scores s where s.application_id = a.id
        and s.member_id = ${memberId})`.as("scored"),
      sql<boolean>`exists (select 1 from grant_conflicts f where f.application_id = a.id
        and f.member_id = ${memberId})`.as("conflict"),
    ])
    .where("a.tenant_id", "=", tenantId).where("a.call_id", "=", callId)
    .where("a.state", "in", [...SCORED_STATES])
    .orderBy("a.reference").orderBy("a.id").execute();
}

export async function findApplication(
  db: Db,
  tenantId: string,
  id: string,
  opts: { lock?: boolean } = {},
) {
  if (!isGrantId(id)) return undefined;
  let q = db.selectFrom("grant_applications").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id);
  if (opts.lock) q = q.forUpdate();
  return await q.executeTakeFirst();
}

/** The application's budget (as filed) with its categories' names. */
export async function applicationBudget(db: Db, tenantId: string, applicationId: string) {
  return await db.selectFrom("grant_budget_items as b")
    .innerJoin("grant_cost_categories as c", "c.id", "b.cost_category_id")
    .select(["b.id", "b.description", "b.amount_halere", "b.grant_halere", "c.name as category"])
    .where("b.tenant_id", "=", tenantId).where("b.application_id", "=", applicationId)
    .where("b.kind", "=", "application").orderBy("b.position").execute();
}

/** The attachments filed with the application's case (names and sizes; never the content). */
export async function applicationAttachments(db: Db, tenantId: string, caseId: string | null) {
  if (!caseId) return [];
  return await db.selectFrom("attachments")
    .select(["id", "file_name", "media_type", "size_bytes", "sha256", "field"])
    .where("tenant_id", "=", tenantId).where("case_id", "=", caseId)
    .orderBy("created_at").orderBy("id").execute();
}

/** Scores of the call's applications by sitting members (`applicationId` narrows to one). */
export async function scoresOf(
  db: Db,
  tenantId: string,
  filter: { callId: string; applicationId?: string },
) {
  let q = db.selectFrom("grant_scores as s")
    .innerJoin("grant_committee_members as m", "m.id", "s.member_id")
    .innerJoin("clerks as k", "k.id", "m.clerk_id")
    .select([
      "s.application_id",
      "s.member_id",
      "s.criterion_id",
      "s.score",
      "s.comment",
      "s.scored_at",
      "k.display_name",
    ])
    .where("s.tenant_id", "=", tenantId).where("m.call_id", "=", filter.callId)
    .where("m.removed_at", "is", null);
  if (filter.applicationId) q = q.where("s.application_id", "=", filter.applicationId);
  return await q.orderBy("k.display_name").orderBy("s.criterion_id").execute();
}

export async function conflictOf(db: Db, tenantId: string, memberId: string, appId: string) {
  return await db.selectFrom("grant_conflicts").select(["statement", "declared_at"])
    .where("tenant_id", "=", tenantId).where("member_id", "=", memberId)
    .where("application_id", "=", appId).executeTakeFirst();
}

/** The members who declared a conflict with the application, with their statements. */
export async function conflictsOf(db: Db, tenantId: string, appId: string) {
  return await db.selectFrom("grant_conflicts as f")
    .innerJoin("grant_committee_members as m", "m.id", "f.member_id")
    .innerJoin("clerks as k", "k.id", "m.clerk_id")
    .select(["f.statement", "f.declared_at", "k.display_name"])
    .where("f.tenant_id", "=", tenantId).where("f.application_id", "=", appId)
    .orderBy("f.declared_at").execute();
}

/** Records the conflict once; false when it was declared already. */
export async function insertConflict(
  trx: Transaction<Database>,
  tenantId: string,
  memberId: string,
  appId: string,
  statement: string,
): Promise<boolean> {
  const row = await trx.insertInto("grant_conflicts").values({
    tenant_id: tenantId,
    member_id: memberId,
    application_id: appId,
    statement,
  }).onConflict((oc) => oc.columns(["member_id", "application_id"]).doNothing())
    .returning("id").executeTakeFirst();
  return !!row;
}

/**
 * Saves a member's scores; a score that is the same as before is not written again. Returns how
 * many rows changed. The database refuses a conflicted member's score (SQLSTATE 23514).
 */
export async function saveScores(
  trx: Transaction<Database>,
  tenantId: string,
  appId: string,
  memberId: string,
  drafts: readonly ScoreDraft[],
): Promise<number> {
  if (drafts.length === 0) return 0;
  const rows = await trx.insertInto("grant_scores").values(drafts.map((d) => ({
    tenant_id: tenantId,
    application_id: appId,
    member_id: memberId,
    criterion_id: d.criterionId,
    score: d.score,
    comment: d.comment,
  }))).onConflict((oc) =>
    oc.columns(["application_id", "member_id", "criterion_id"]).doUpdateSet({
      score: sql`excluded.score`,
      comment: sql`excluded.comment`,
      scored_at: new Date(),
    }).where(
      sql<
        boolean
      >`grant_scores.score <> excluded.score or grant_scores.comment <> excluded.comment`,
    )
  ).returning("id").execute();
  return rows.length;
}

/** Moves the application from `from` to `to`; false when it was not in `from`. */
export async function moveApplication(
  trx: Transaction<Database>,
  tenantId: string,
  appId: string,
  from: readonly string[],
  to: "evaluated" | "proposed" | "granted" | "refused",
  extra: {
    proposed?: number;
    proposalReason?: string | null;
    proposedBy?: string;
    granted?: number;
    decidedAt?: Date;
  } = {},
): Promise<boolean> {
  const now = new Date();
  const row = await trx.updateTable("grant_applications").set({
    state: to,
    updated_at: now,
    ...(extra.proposed !== undefined
      ? {
        proposed_halere: extra.proposed,
        proposal_reason: extra.proposalReason ?? null,
        proposed_by: extra.proposedBy ?? null,
        proposed_at: now,
      }
      : {}),
    ...(extra.granted !== undefined ? { granted_halere: extra.granted } : {}),
    ...(extra.decidedAt ? { decided_at: extra.decidedAt } : {}),
  }).where("tenant_id", "=", tenantId).where("id", "=", appId)
    .where("state", "in", from as never).returning("id").executeTakeFirst();
  return !!row;
}

/** Stores the ranks the ranking page computed (for the council's papers and later slices). */
export async function storeRanks(
  trx: Transaction<Database>,
  tenantId: string,
  ranks: readonly { id: string; rank: number | null }[],
): Promise<void> {
  for (const r of ranks) {
    await trx.updateTable("grant_applications").set({ rank: r.rank })
      .where("tenant_id", "=", tenantId).where("id", "=", r.id)
      .where(sql<boolean>`rank is distinct from ${r.rank}`).execute();
  }
}

// ---------------------------------------------------------------------------------------------
// Ranking and decisions

/** The call's applications the ranking lists, with their decisions. */
export async function rankingRows(db: Db, tenantId: string, callId: string) {
  return await db.selectFrom("grant_applications as a")
    .leftJoin("grant_decisions as d", "d.application_id", "a.id")
    .select([
      "a.id",
      "a.case_id",
      "a.workflow_id",
      "a.reference",
      "a.applicant_name",
      "a.applicant_ico",
      "a.purpose",
      "a.state",
      "a.asked_halere",
      "a.total_budget_halere",
      "a.proposed_halere",
      "a.proposal_reason",
      "a.granted_halere",
      "d.outcome",
      "d.reason as decision_reason",
      "d.resolution",
      "d.decided_on",
    ])
    .where("a.tenant_id", "=", tenantId).where("a.call_id", "=", callId)
    .where("a.state", "in", [...RANKED_STATES])
    .orderBy("a.reference").orderBy("a.id").execute();
}

/** Records the council's decision once; undefined when the application has one already. */
export async function insertDecision(
  trx: Transaction<Database>,
  tenantId: string,
  d: {
    applicationId: string;
    outcome: "granted" | "refused";
    granted: number;
    reason: string | null;
    resolution: string;
    decidedOn: string;
    recordedBy: string;
  },
): Promise<{ id: string } | undefined> {
  return await trx.insertInto("grant_decisions").values({
    tenant_id: tenantId,
    application_id: d.applicationId,
    outcome: d.outcome,
    granted_halere: d.granted,
    reason: d.reason,
    resolution: d.resolution,
    decided_on: d.decidedOn,
    recorded_by: d.recordedBy,
  }).onConflict((oc) => oc.column("application_id").doNothing())
    .returning("id").executeTakeFirst();
}
