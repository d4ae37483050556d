/**
 * The grant committee (issue 14): a clerk with the `grants` role seats clerks on a call's
 * committee; a member (any clerk who sits on it, with or without the role) reads the call's
 * applications, declares a conflict of interest with one (never to score it: the database's
 * trigger refuses such a score whatever happens above it) or scores it per criterion; the
 * grants clerk or the committee's chair ranks the applications and records the committee's
 * proposals; the grants clerk records the council's decision.
 *
 * Each action is one transaction: its rows, the audit entry, and, where the application moves
 * (evaluated, proposed, granted, refused), its case step (timeline event and, for the decision,
 * the applicant's message: app/case_steps.ts) and the `grantApplicationChanged` signal. A
 * repeated request changes, files and sends nothing twice (unique keys and state guards).
 *
 * A member sees the other members' scores of an application only after they scored it
 * themselves or declared a conflict (domain/grant_committee.ts `mayReadOthersScores`). A clerk
 * who does not sit on the call finds none of its pages (not found, as if it did not exist).
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { findCall, programmeCriteria, reserveGrantedAmount } from "../db/repositories/grants.ts";
import { findProgramme } from "../db/repositories/grants.ts";
import {
  applicationAttachments,
  applicationBudget,
  applicationsToScore,
  callsOfMember,
  clerkChoices,
  committeeOf,
  conflictOf,
  conflictsOf,
  findApplication,
  findTownClerk,
  insertConflict,
  insertDecision,
  moveApplication,
  rankingRows,
  saveScores,
  scoresOf,
  seatMember,
  seatOf,
  storeRanks,
  unseatMember,
} from "../db/repositories/grant_committee.ts";
import {
  type AmountDraft,
  type CommitteeRole,
  type Criterion,
  type DecisionDraft,
  mayDecide,
  mayPropose,
  mayReadOthersScores,
  memberWeightedScore,
  rankApplications,
  SCORED_STATES,
  type ScoreDraft,
  weightedScore,
} from "../domain/grant_committee.ts";
import { eventKey } from "../domain/cases.ts";
import { grantApplicationChanged } from "../domain/workflows.ts";
import { formatCzk } from "../domain/money.ts";
import { czechDate } from "../domain/grants.ts";
import { hasRole } from "../domain/clerks.ts";
import { recordCaseStepIn } from "./case_steps.ts";
import { findCaseAttachment } from "../db/repositories/attachments.ts";

export interface CommitteeDeps {
  db: Kysely<Database>;
}

export interface CommitteeActor {
  tenantId: string;
  clerkId: string;
  roles: readonly string[];
  requestId?: string | null;
}

type Trx = Transaction<Database>;

function isGrantsClerk(actor: CommitteeActor): boolean {
  return hasRole(actor.roles, "grants");
}

async function audit(
  trx: Trx,
  actor: CommitteeActor,
  action: string,
  subject: { type: string; id: string },
  details: Record<string, unknown>,
) {
  await appendAudit(trx, {
    tenantId: actor.tenantId,
    actorType: "clerk",
    actorId: actor.clerkId,
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    requestId: actor.requestId,
    details,
  });
}

// ---------------------------------------------------------------------------------------------
// The committee (grants clerk)

/** The call's committee and the clerks who may be seated, for the grants clerk. */
export async function openCommittee(db: Kysely<Database>, tenantId: string, callId: string) {
  const call = await findCall(db, tenantId, callId);
  if (!call) return undefined;
  const [members, clerks] = await Promise.all([
    committeeOf(db, tenantId, call.id),
    clerkChoices(db, tenantId),
  ]);
  return { call, members, clerks };
}

export type SeatResult =
  | { ok: true; changed: boolean }
  | { ok: false; code: "notFound" | "unknownClerk" | "chairTaken" };

/** Seats a clerk of the town on the call's committee (one chair at most). */
export async function seatCommitteeMember(
  deps: CommitteeDeps,
  actor: CommitteeActor,
  input: { callId: string; clerkId: string; role: CommitteeRole },
): Promise<SeatResult> {
  return await deps.db.transaction().execute(async (trx): Promise<SeatResult> => {
    const call = await findCall(trx, actor.tenantId, input.callId, { lock: true });
    if (!call) return { ok: false, code: "notFound" };
    const clerk = await findTownClerk(trx, actor.tenantId, input.clerkId);
    if (!clerk) return { ok: false, code: "unknownClerk" };
    if (input.role === "chair") {
      const members = await committeeOf(trx, actor.tenantId, call.id);
      if (members.some((m) => m.role === "chair" && m.clerk_id !== clerk.id)) {
        return { ok: false, code: "chairTaken" };
      }
    }
    const seat = await seatMember(
      trx,
      actor.tenantId,
      call.id,
      clerk.id,
      input.role,
      actor.clerkId,
    );
    if (seat.changed) {
      await audit(trx, actor, "grant_committee.seated", { type: "grant_call", id: call.id }, {
        memberId: seat.id,
        clerkId: clerk.id,
        clerk: clerk.display_name,
        role: input.role,
      });
    }
    return { ok: true, changed: seat.changed };
  });
}

/** Unseats a member; their scores no longer count. Nothing when they were unseated already. */
export async function unseatCommitteeMember(
  deps: CommitteeDeps,
  actor: CommitteeActor,
  input: { callId: string; memberId: string },
): Promise<{ ok: boolean; changed: boolean }> {
  return await deps.db.transaction().execute(async (trx) => {
    const call = await findCall(trx, actor.tenantId, input.callId, { lock: true });
    if (!call) return { ok: false, changed: false };
    const gone = await unseatMember(trx, actor.tenantId, call.id, input.memberId);
    if (gone) {
      await audit(trx, actor, "grant_committee.unseated", { type: "grant_call", id: call.id }, {
        memberId: input.memberId,
        clerkId: gone.clerk_id,
      });
    }
    return { ok: true, changed: !!gone };
  });
}

// ---------------------------------------------------------------------------------------------
// A member's views

/** The calls the clerk sits on. */
export async function memberCalls(db: Kysely<Database>, tenantId: string, clerkId: string) {
  const rows = await callsOfMember(db, tenantId, clerkId);
  return rows.map((r) => ({
    ...r,
    to_score: Number(r.to_score),
    open_for_me: Number(r.open_for_me),
  }));
}

/** One call of the member's: its applications with the member's part in each; else undefined. */
export async function memberCall(
  db: Kysely<Database>,
  tenantId: string,
  clerkId: string,
  callId: string,
) {
  const seat = await seatOf(db, tenantId, callId, clerkId);
  if (!seat) return undefined;
  const call = await findCall(db, tenantId, callId);
  if (!call) return undefined;
  const applications = await applicationsToScore(db, tenantId, call.id, seat.id);
  return { call, seat, applications };
}

function criteriaOf(rows: { id: string; weight: number; max_score: number }[]): Criterion[] {
  return rows.map((c) => ({ id: c.id, weight: c.weight, maxScore: c.max_score }));
}

/**
 * The scoring page of one application: the member's seat (404 when the clerk does not sit on
 * its call), the application's content, budget and attachments, the criteria, the member's own
 * scores and conflict, and the others' scores only once the member may read them.
 */
export async function openScoring(
  db: Kysely<Database>,
  tenantId: string,
  clerkId: string,
  applicationId: string,
) {
  const application = await findApplication(db, tenantId, applicationId);
  if (!application) return undefined;
  const seat = await seatOf(db, tenantId, application.call_id, clerkId);
  if (!seat) return undefined;
  if (
    !(SCORED_STATES as readonly string[]).includes(application.state) &&
    !["proposed", "granted", "refused"].includes(application.state)
  ) return undefined;
  const [call, criteria, budget, attachments, scores, conflict, conflicts] = await Promise.all([
    findCall(db, tenantId, application.call_id),
    programmeCriteria(db, tenantId, application.programme_id),
    applicationBudget(db, tenantId, application.id),
    applicationAttachments(db, tenantId, application.case_id),
    scoresOf(db, tenantId, { callId: application.call_id, applicationId: application.id }),
    conflictOf(db, tenantId, seat.id, application.id),
    conflictsOf(db, tenantId, application.id),
  ]);
  const mine = scores.filter((s) => s.member_id === seat.id);
  const others = mayReadOthersScores({ scored: mine.length > 0, conflict: !!conflict })
    ? scores.filter((s) => s.member_id !== seat.id)
    : null;
  const crit = criteriaOf(criteria);
  return {
    call: call!,
    seat,
    application,
    criteria,
    budget,
    attachments,
    mine,
    myScore: memberWeightedScore(
      crit,
      mine.map((s) => ({ criterionId: s.criterion_id, score: s.score })),
    ),
    others,
    committeeScore: others === null ? null : weightedScore(
      crit,
      scores.map((s) => ({ memberId: s.member_id, criterionId: s.criterion_id, score: s.score })),
    ),
    conflict: conflict ?? null,
    conflicts: others === null ? [] : conflicts,
    /** The committee scores only before its proposal. */
    open: (SCORED_STATES as readonly string[]).includes(application.state),
  };
}

/**
 * A file filed with an application, for a member of its call's committee (undefined when the
 * clerk does not sit on the call or the file is not the application's): the download is
 * audited, since attachments carry personal data.
 */
export async function openCommitteeAttachment(
  deps: CommitteeDeps,
  actor: CommitteeActor,
  input: { applicationId: string; fileId: string },
) {
  const application = await findApplication(deps.db, actor.tenantId, input.applicationId);
  if (!application?.case_id) return undefined;
  const seat = await seatOf(deps.db, actor.tenantId, application.call_id, actor.clerkId);
  if (!seat) return undefined;
  const file = await findCaseAttachment(
    deps.db,
    actor.tenantId,
    application.case_id,
    input.fileId,
  );
  if (!file) return undefined;
  await appendAudit(deps.db, {
    tenantId: actor.tenantId,
    actorType: "clerk",
    actorId: actor.clerkId,
    action: "grant_application.attachment_downloaded",
    subjectType: "grant_application",
    subjectId: application.id,
    requestId: actor.requestId ?? null,
    details: { attachmentId: file.id, memberId: seat.id },
  });
  return file;
}

export type ScoringResult =
  | { ok: true; changed: boolean }
  | { ok: false; code: "notFound" | "conflict" | "closed" };

async function memberApplication(trx: Trx, actor: CommitteeActor, applicationId: string) {
  const application = await findApplication(trx, actor.tenantId, applicationId, { lock: true });
  if (!application) return undefined;
  const seat = await seatOf(trx, actor.tenantId, application.call_id, actor.clerkId);
  if (!seat) return undefined;
  return { application, seat };
}

/** Declares a conflict of interest with an application; once (a repeat changes nothing). */
export async function declareConflict(
  deps: CommitteeDeps,
  actor: CommitteeActor,
  input: { applicationId: string; statement: string },
): Promise<ScoringResult> {
  return await deps.db.transaction().execute(async (trx): Promise<ScoringResult> => {
    const found = await memberApplication(trx, actor, input.applicationId);
    if (!found) return { ok: false, code: "notFound" };
    const { application, seat } = found;
    const inserted = await insertConflict(
      trx,
      actor.tenantId,
      seat.id,
      application.id,
      input.statement,
    );
    if (inserted) {
      await audit(trx, actor, "grant_committee.conflict_declared", {
        type: "grant_application",
        id: application.id,
      }, { memberId: seat.id, reference: application.reference });
    }
    return { ok: true, changed: inserted };
  });
}

/**
 * Saves a member's scores of an application (every criterion). The first member's complete
 * scores move it from `formally_ok` to `evaluated` (a case step and the workflow's signal).
 * A conflicted member is refused ("conflict": checked here, and by the trigger underneath).
 */
export async function scoreApplication(
  deps: CommitteeDeps,
  actor: CommitteeActor,
  input: { applicationId: string; scores: readonly ScoreDraft[] },
): Promise<ScoringResult> {
  try {
    return await deps.db.transaction().execute(async (trx): Promise<ScoringResult> => {
      const found = await memberApplication(trx, actor, input.applicationId);
      if (!found) return { ok: false, code: "notFound" };
      const { application, seat } = found;
      if (await conflictOf(trx, actor.tenantId, seat.id, application.id)) {
        return { ok: false, code: "conflict" };
      }
      if (!(SCORED_STATES as readonly string[]).includes(application.state)) {
        return { ok: false, code: "closed" };
      }
      const criteria = await programmeCriteria(trx, actor.tenantId, application.programme_id);
      const known = new Set(criteria.map((c) => c.id));
      const scores = input.scores.filter((s) => known.has(s.criterionId));
      if (scores.length !== criteria.length) return { ok: false, code: "notFound" };
      const changed = await saveScores(trx, actor.tenantId, application.id, seat.id, scores);
      if (changed === 0) return { ok: true, changed: false };
      await audit(trx, actor, "grant_committee.scored", {
        type: "grant_application",
        id: application.id,
      }, {
        memberId: seat.id,
        reference: application.reference,
        weighted: memberWeightedScore(
          criteriaOf(criteria),
          scores.map((s) => ({ criterionId: s.criterionId, score: s.score })),
        ),
      });
      if (application.state === "formally_ok") {
        await moveApplication(trx, actor.tenantId, application.id, ["formally_ok"], "evaluated");
        await applicationStep(trx, actor, application, {
          kind: "grantEvaluated",
          discriminator: "1",
          signal: "evaluated",
        });
      }
      return { ok: true, changed: true };
    });
  } catch (e) {
    // The trigger: a conflict declared between our check and the insert.
    if ((e as { code?: string }).code === "23514") return { ok: false, code: "conflict" };
    throw e;
  }
}

async function applicationStep(
  trx: Trx,
  actor: CommitteeActor,
  application: {
    id: string;
    case_id: string | null;
    workflow_id: string | null;
  },
  step: {
    kind: "grantEvaluated" | "grantProposed" | "grantGranted" | "grantRefused";
    discriminator: string;
    signal: string;
    text?: string | null;
    notify?: boolean;
    origin?: string;
    params?: Record<string, string>;
  },
): Promise<void> {
  if (!application.case_id) return;
  await recordCaseStepIn(trx, {
    tenantId: actor.tenantId,
    caseId: application.case_id,
    key: eventKey(application.case_id, step.kind, step.discriminator),
    kind: step.kind,
    actorType: "clerk",
    actorId: actor.clerkId,
    text: step.text ?? null,
    lastClerkId: actor.clerkId,
    notify: step.notify ?? false,
    origin: step.origin ?? "",
    params: step.params,
  });
  await enqueueCommand(
    trx,
    grantApplicationChanged({
      tenantId: actor.tenantId,
      caseId: application.case_id,
      workflowId: application.workflow_id,
    }, step.signal),
  );
}

// ---------------------------------------------------------------------------------------------
// Ranking and the committee's proposal (grants clerk or the chair)

/** Whether the actor may rank and propose for the call: the grants role, or its chair. */
async function mayRank(db: Kysely<Database> | Trx, actor: CommitteeActor, callId: string) {
  if (isGrantsClerk(actor)) return true;
  const seat = await seatOf(db, actor.tenantId, callId, actor.clerkId);
  return seat?.role === "chair";
}

/**
 * The call's ranking: each application's committee score, rank and place against the budget
 * line; undefined when the call is not this town's or the actor may not rank it.
 */
export async function openRanking(
  db: Kysely<Database>,
  actor: CommitteeActor,
  callId: string,
) {
  const call = await findCall(db, actor.tenantId, callId);
  if (!call || !(await mayRank(db, actor, call.id))) return undefined;
  return await rankingOf(db, actor.tenantId, call);
}

async function rankingOf(
  db: Kysely<Database> | Trx,
  tenantId: string,
  call: NonNullable<Awaited<ReturnType<typeof findCall>>>,
) {
  const programme = (await findProgramme(db, tenantId, call.programme_id))!;
  const [criteria, rows, scores, members] = await Promise.all([
    programmeCriteria(db, tenantId, programme.id),
    rankingRows(db, tenantId, call.id),
    scoresOf(db, tenantId, { callId: call.id }),
    committeeOf(db, tenantId, call.id),
  ]);
  const crit = criteriaOf(criteria);
  const inputs = rows.map((r) => {
    const s = weightedScore(
      crit,
      scores.filter((x) => x.application_id === r.id).map((x) => ({
        memberId: x.member_id,
        criterionId: x.criterion_id,
        score: x.score,
      })),
    );
    return {
      ...r,
      asked: Number(r.asked_halere),
      proposed: r.proposed_halere === null ? null : Number(r.proposed_halere),
      granted: r.granted_halere === null ? null : Number(r.granted_halere),
      score: s.score,
      scoredBy: s.members,
    };
  });
  const total = Number(programme.total_halere);
  const granted = Number(programme.granted_halere);
  // What the decisions of this call took already is outside the line: it counts the rest.
  const decidedHere = inputs.filter((r) => r.state === "granted")
    .reduce((s, r) => s + (r.granted ?? 0), 0);
  const ranked = rankApplications(
    inputs.filter((r) => r.state !== "granted" && r.state !== "refused"),
    total,
    granted,
  );
  const decided = inputs.filter((r) => r.state === "granted" || r.state === "refused");
  return {
    call,
    programme,
    criteria,
    members,
    ranked,
    decided,
    total,
    granted,
    decidedHere,
    left: total - granted,
  };
}

export type Ranking = NonNullable<Awaited<ReturnType<typeof openRanking>>>;

export type ProposalResult =
  | { ok: true; changed: boolean }
  | { ok: false; code: "notFound" | "notAllowed" | "notScored" | "decided" };

/**
 * The committee's proposal for one application: an amount (≥ the programme's minimum, ≤ what
 * was asked) or a refusal with its reason. Moves it to `proposed` (it may be changed there until
 * the council decides); a repeat of the same proposal changes nothing.
 */
export async function proposeGrant(
  deps: CommitteeDeps,
  actor: CommitteeActor,
  input: { callId: string; applicationId: string; draft: AmountDraft },
): Promise<ProposalResult> {
  return await deps.db.transaction().execute(async (trx): Promise<ProposalResult> => {
    const call = await findCall(trx, actor.tenantId, input.callId);
    if (!call) return { ok: false, code: "notFound" };
    if (!(await mayRank(trx, actor, call.id))) return { ok: false, code: "notFound" };
    const application = await findApplication(trx, actor.tenantId, input.applicationId, {
      lock: true,
    });
    if (!application || application.call_id !== call.id) return { ok: false, code: "notFound" };
    if (!mayPropose(application.state)) return { ok: false, code: "decided" };
    if (application.state === "formally_ok" && input.draft.outcome === "grant") {
      return { ok: false, code: "notScored" };
    }
    const { draft } = input;
    if (
      application.state === "proposed" &&
      Number(application.proposed_halere) === draft.amount &&
      (application.proposal_reason ?? null) === draft.reason
    ) return { ok: true, changed: false };
    const before = application.updated_at.getTime();
    await moveApplication(trx, actor.tenantId, application.id, [application.state], "proposed", {
      proposed: draft.amount,
      proposalReason: draft.reason,
      proposedBy: actor.clerkId,
    });
    await audit(trx, actor, "grant_application.proposed", {
      type: "grant_application",
      id: application.id,
    }, {
      reference: application.reference,
      outcome: draft.outcome,
      proposedHalere: draft.amount,
      reason: draft.reason,
    });
    await applicationStep(trx, actor, application, {
      kind: "grantProposed",
      discriminator: String(before),
      signal: `proposed-${before}`,
      text: draft.outcome === "grant" ? formatCzk(draft.amount) : draft.reason,
    });
    // The ranks at the moment of the proposal go with the council's papers.
    const ranking = await rankingOf(trx, actor.tenantId, call);
    await storeRanks(
      trx,
      actor.tenantId,
      ranking.ranked.map((r) => ({ id: r.row.id, rank: r.rank })),
    );
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// The council's decision (grants clerk)

export type DecisionResult =
  | { ok: true; changed: boolean; outcome: "granted" | "refused" }
  | { ok: false; code: "notFound" | "notAllowed" | "notReady" | "exceedsTotal"; left?: number };

/**
 * Records the council's decision on one application: granted (the amount added to the
 * programme's running sum within its total under a row lock, `reserveGrantedAmount`) or refused
 * with its reason; the decision row (once per application), the state, the case step with the
 * applicant's message, the audit entry and the workflow's signal, in one transaction.
 */
export async function decideGrant(
  deps: CommitteeDeps,
  actor: CommitteeActor,
  input: { callId: string; applicationId: string; draft: DecisionDraft; origin: string },
): Promise<DecisionResult> {
  if (!isGrantsClerk(actor)) return { ok: false, code: "notAllowed" };
  return await deps.db.transaction().execute(async (trx): Promise<DecisionResult> => {
    const call = await findCall(trx, actor.tenantId, input.callId);
    if (!call) return { ok: false, code: "notFound" };
    const application = await findApplication(trx, actor.tenantId, input.applicationId, {
      lock: true,
    });
    if (!application || application.call_id !== call.id) return { ok: false, code: "notFound" };
    const { draft } = input;
    const outcome = draft.outcome === "grant" ? "granted" : "refused";
    if (application.state === outcome) return { ok: true, changed: false, outcome };
    if (!mayDecide(application.state)) return { ok: false, code: "notReady" };
    if (draft.outcome === "grant") {
      const reserved = await reserveGrantedAmount(
        trx,
        actor.tenantId,
        application.programme_id,
        draft.amount,
      );
      if (!reserved.ok) return { ok: false, code: "exceedsTotal", left: reserved.left };
    }
    const row = await insertDecision(trx, actor.tenantId, {
      applicationId: application.id,
      outcome,
      granted: draft.amount,
      reason: draft.reason,
      resolution: draft.resolution,
      decidedOn: draft.decidedOn,
      recordedBy: actor.clerkId,
    });
    if (!row) {
      // Decided already (another request won the row lock first): undo nothing, say so.
      throw new DecidedAlready();
    }
    await moveApplication(trx, actor.tenantId, application.id, [application.state], outcome, {
      granted: draft.outcome === "grant" ? draft.amount : undefined,
      decidedAt: new Date(),
    });
    await audit(trx, actor, `grant_application.${outcome}`, {
      type: "grant_application",
      id: application.id,
    }, {
      reference: application.reference,
      grantedHalere: draft.amount,
      askedHalere: Number(application.asked_halere),
      reason: draft.reason,
      resolution: draft.resolution,
      decidedOn: draft.decidedOn,
    });
    const params = {
      amount: formatCzk(draft.amount),
      asked: formatCzk(Number(application.asked_halere)),
      resolution: draft.resolution,
      date: czechDate(draft.decidedOn),
      call: call.title,
    };
    await applicationStep(trx, actor, application, {
      kind: outcome === "granted" ? "grantGranted" : "grantRefused",
      discriminator: "decision",
      signal: "decided",
      text: outcome === "granted" ? params.amount : draft.reason,
      notify: true,
      origin: input.origin,
      params,
    });
    return { ok: true, changed: true, outcome };
  }).catch((e) => {
    if (e instanceof DecidedAlready) {
      return {
        ok: true,
        changed: false,
        outcome: input.draft.outcome === "grant" ? "granted" : "refused",
      } as const;
    }
    throw e;
  });
}

class DecidedAlready extends Error {
  constructor() {
    super("decided already");
    this.name = "DecidedAlready";
  }
}

/** The decision page: the ranking (for the grants clerk only). */
export async function openDecisions(db: Kysely<Database>, actor: CommitteeActor, callId: string) {
  if (!isGrantsClerk(actor)) return undefined;
  const call = await findCall(db, actor.tenantId, callId);
  if (!call) return undefined;
  return await rankingOf(db, actor.tenantId, call);
}

/** One application of the call as the decision's confirmation shows it. */
export async function decisionTarget(
  db: Kysely<Database>,
  tenantId: string,
  callId: string,
  applicationId: string,
) {
  const application = await findApplication(db, tenantId, applicationId);
  if (!application || application.call_id !== callId) return undefined;
  const programme = await findProgramme(db, tenantId, application.programme_id);
  return programme ? { application, programme } : undefined;
}
