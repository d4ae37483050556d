/**
 * What a clerk with the `grants` role does with programmes and calls (issue 14), and what the
 * public pages read. Each action is one transaction: the rows, the audit entry and, for a call,
 * the command that starts its workflow (`grantCall`, which opens and closes it on its dates) or
 * signals it the new dates.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { tenantSlugOf } from "../db/repositories/tenants.ts";
import {
  findCall,
  findProgramme,
  findPublicCall,
  insertCall,
  insertProgramme,
  listPublicCalls,
  programmeCosts,
  programmeCriteria,
  type ProgrammeUpdateOutcome,
  setCallWorkflowId,
  updateCall as saveCall,
  updateProgramme as saveProgramme,
} from "../db/repositories/grants.ts";
import { type CallDraft, type ProgrammeDraft, scheduledState } from "../domain/grants.ts";
import { grantCallDatesChanged, grantCallWorkflowId, startGrantCall } from "../domain/workflows.ts";

export interface GrantDeps {
  db: Kysely<Database>;
  /** Tests run a worker of their own on their own queue. */
  taskQueue?: string | null;
}

export interface ClerkActor {
  tenantId: string;
  clerkId: string;
  requestId?: string | null;
}

function programmeFacts(d: ProgrammeDraft) {
  return {
    title: d.title,
    totalHalere: d.total,
    minGrantHalere: d.minGrant,
    maxGrantHalere: d.maxGrant,
    cofinancingBp: d.cofinancingBp,
    costs: d.costs.length,
    criteria: d.criteria.map((c) => `${c.name} (${c.weight} %)`),
  };
}

export type CreateProgrammeResult = { ok: true; id: string } | { ok: false; code: "titleTaken" };

/** A new programme with its cost categories and criteria; its title is unique in the town. */
export async function createProgramme(
  deps: GrantDeps,
  actor: ClerkActor,
  draft: ProgrammeDraft,
): Promise<CreateProgrammeResult> {
  return await deps.db.transaction().execute(async (trx): Promise<CreateProgrammeResult> => {
    const row = await insertProgramme(trx, actor.tenantId, draft, actor.clerkId);
    if (!row) return { ok: false, code: "titleTaken" };
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "grant_programme.created",
      subjectType: "grant_programme",
      subjectId: row.id,
      requestId: actor.requestId,
      details: programmeFacts(draft),
    });
    return { ok: true, id: row.id };
  });
}

/** Saves an edited programme (its terms are locked once anyone applied: "inUse"). */
export async function updateProgramme(
  deps: GrantDeps,
  actor: ClerkActor,
  id: string,
  draft: ProgrammeDraft,
): Promise<ProgrammeUpdateOutcome> {
  return await deps.db.transaction().execute(async (trx) => {
    const outcome = await saveProgramme(trx, actor.tenantId, id, draft);
    if (outcome !== "updated") return outcome;
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "grant_programme.updated",
      subjectType: "grant_programme",
      subjectId: id,
      requestId: actor.requestId,
      details: programmeFacts(draft),
    });
    return outcome;
  });
}

/** A programme with its cost categories and criteria, or undefined (not this town's). */
export async function openProgramme(db: Kysely<Database>, tenantId: string, id: string) {
  const programme = await findProgramme(db, tenantId, id);
  if (!programme) return undefined;
  const [costs, criteria] = await Promise.all([
    programmeCosts(db, tenantId, id),
    programmeCriteria(db, tenantId, id),
  ]);
  return { programme, costs, criteria };
}

function callFacts(d: CallDraft) {
  return {
    title: d.title,
    opensAt: d.opensAt.toISOString(),
    closesAt: d.closesAt.toISOString(),
    decisionDeadline: d.decisionDeadline,
    settlementDeadline: d.settlementDeadline,
    projectFrom: d.projectFrom,
    projectTo: d.projectTo,
  };
}

export type CreateCallResult =
  | { ok: true; id: string; created: boolean }
  | { ok: false; code: "notFound" };

/**
 * Announces a call of a programme: scheduled (or open at once, when its window has begun), its
 * workflow started through the outbox in the same transaction. Once per form token.
 */
export async function createCall(
  deps: GrantDeps,
  actor: ClerkActor,
  input: { programmeId: string; draft: CallDraft; idempotencyKey: string; now: Date },
): Promise<CreateCallResult> {
  return await deps.db.transaction().execute(async (trx): Promise<CreateCallResult> => {
    const programme = await findProgramme(trx, actor.tenantId, input.programmeId);
    if (!programme) return { ok: false, code: "notFound" };
    const { draft } = input;
    const state = scheduledState(draft, input.now);
    const call = await insertCall(
      trx,
      actor.tenantId,
      programme.id,
      draft,
      state,
      actor.clerkId,
      input.idempotencyKey,
    );
    if (!call.created) return { ok: true, id: call.id, created: false };
    const tenantSlug = await tenantSlugOf(trx, actor.tenantId);
    const workflowId = grantCallWorkflowId(tenantSlug, call.id);
    await setCallWorkflowId(trx, actor.tenantId, call.id, workflowId);
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "grant_call.created",
      subjectType: "grant_call",
      subjectId: call.id,
      requestId: actor.requestId,
      details: { ...callFacts(draft), programmeId: programme.id, state },
    });
    await enqueueCommand(
      trx,
      startGrantCall({
        tenantId: actor.tenantId,
        tenantSlug,
        callId: call.id,
        title: draft.title,
        opensAt: draft.opensAt,
        closesAt: draft.closesAt,
        version: 1,
      }, deps.taskQueue),
    );
    return { ok: true, id: call.id, created: true };
  });
}

export type UpdateCallResult =
  | { ok: true }
  | { ok: false; code: "notFound" | "datesLocked" };

/**
 * Saves a call's edited dates and texts: only before it closes. The row changes (and its
 * version goes up) in the same transaction as the audit entry and the signal that tells the
 * workflow the new dates.
 */
export async function updateCall(
  deps: GrantDeps,
  actor: ClerkActor,
  input: { callId: string; draft: CallDraft; now: Date },
): Promise<UpdateCallResult> {
  return await deps.db.transaction().execute(async (trx): Promise<UpdateCallResult> => {
    const call = await findCall(trx, actor.tenantId, input.callId, { lock: true });
    if (!call) return { ok: false, code: "notFound" };
    if (call.state !== "scheduled" && call.state !== "open" && call.state !== "draft") {
      return { ok: false, code: "datesLocked" };
    }
    const { draft } = input;
    // An open call stays open (its opening is history); a scheduled one follows its dates.
    const state = call.state === "open" ? "open" : scheduledState(draft, input.now);
    const { version } = await saveCall(trx, actor.tenantId, call.id, draft, state);
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "grant_call.updated",
      subjectType: "grant_call",
      subjectId: call.id,
      requestId: actor.requestId,
      details: { ...callFacts(draft), version },
    });
    if (call.workflow_id) {
      await enqueueCommand(
        trx,
        grantCallDatesChanged(
          { tenantId: actor.tenantId, callId: call.id, workflowId: call.workflow_id },
          {
            opensAt: draft.opensAt.toISOString(),
            closesAt: draft.closesAt.toISOString(),
            version,
          },
        ),
      );
    }
    return { ok: true };
  });
}

/** A call with its programme (and the programme's costs and criteria), for the clerk. */
export async function openCall(db: Kysely<Database>, tenantId: string, id: string) {
  const call = await findCall(db, tenantId, id);
  if (!call) return undefined;
  const programme = await openProgramme(db, tenantId, call.programme_id);
  if (!programme) return undefined;
  return { call, ...programme };
}

/** The public list: open and upcoming calls with their programmes. */
export async function publicCalls(db: Kysely<Database>, tenantId: string) {
  return await listPublicCalls(db, tenantId);
}

/** The public call page: not a draft, of this town. */
export async function publicCall(db: Kysely<Database>, tenantId: string, id: string) {
  const call = await findPublicCall(db, tenantId, id);
  if (!call) return undefined;
  const programme = await openProgramme(db, tenantId, call.programme_id);
  if (!programme) return undefined;
  return { call, ...programme };
}
