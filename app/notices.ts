/**
 * What a clerk does with the official notice board. Each action is one transaction: the notice
 * rows, the audit entry and the command to the notice's workflow are committed together (the
 * transactional outbox), so a notice is never stored without its workflow, nor a workflow told
 * about a notice that was not stored. The worker's relay executes the command.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { createNotice, findNotice } from "../db/repositories/notices.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import {
  deleteNoticeDraft,
  findNoticeByKey,
  findNoticeDraft,
  insertNoticeDraft,
  listNoticeDraftDocuments,
  readNoticeDraftDocuments,
} from "../db/repositories/notice_drafts.ts";
import { enqueueCommand, latestCommandFor } from "../db/repositories/commands.ts";
import { tenantSlugOf } from "../db/repositories/tenants.ts";
import { isTakenDown, type NoticeDraft } from "../domain/notice.ts";
import { startNotice, withdrawNotice as withdrawCommand } from "../domain/workflows.ts";
import { checkText, type FieldError } from "../domain/validation.ts";
import { auditReason } from "../domain/history.ts";
import type { OutcomeWaiter } from "../lib/outcomes.ts";

export interface NoticeDeps {
  db: Kysely<Database>;
  /** Tests run a worker of their own on their own queue. */
  taskQueue?: string;
}

export interface ClerkActor {
  tenantId: string;
  clerkId: string;
  requestId?: string | null;
}

/**
 * Posts a notice once per idempotency key (a double click or a retried request files one notice
 * and starts one workflow); its workflow publishes it at vyvěšení and takes it down on time.
 */
export async function postNotice(
  deps: NoticeDeps,
  actor: ClerkActor,
  input: { idempotencyKey: string; draft: NoticeDraft },
): Promise<{ id: string; created: boolean }> {
  return await deps.db.transaction().execute((trx) =>
    fileNotice(trx, deps, actor, input.idempotencyKey, input.draft)
  );
}

/** The notice, its audit entry and its workflow's start command, in the caller's transaction. */
async function fileNotice(
  trx: Transaction<Database>,
  deps: NoticeDeps,
  actor: ClerkActor,
  idempotencyKey: string,
  draft: NoticeDraft,
): Promise<{ id: string; created: boolean }> {
  const tenantSlug = await tenantSlugOf(trx, actor.tenantId);
  const notice = await createNotice(
    trx,
    actor.tenantId,
    idempotencyKey,
    draft,
    actor.clerkId,
    tenantSlug,
  );
  if (notice.created) {
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "notice.created",
      subjectType: "notice",
      subjectId: notice.id,
      requestId: actor.requestId,
      details: { documents: draft.documents.length },
    });
    await enqueueCommand(
      trx,
      startNotice({
        tenantId: actor.tenantId,
        tenantSlug,
        noticeId: notice.id,
        workflowId: notice.workflowId,
        title: draft.title,
        referenceNumber: draft.referenceNumber,
        postedFrom: draft.postedFrom,
        relevantUntil: draft.relevantUntil,
      }, deps.taskQueue),
    );
  }
  return { id: notice.id, created: notice.created };
}

// --- the confirmation step before publishing (issue 10) ---------------------------------------

/**
 * Keeps what the clerk filled in as a draft of their own, so the confirmation page can preview
 * the public page and carry only the draft's id: nothing is published, audited or started.
 * `postedFrom` null means "as soon as it is confirmed". `replaces`: the clerk's earlier draft of
 * the same notice (back from the confirmation page); its documents are kept when no new files
 * were chosen.
 */
export async function saveNoticeDraft(
  deps: NoticeDeps & { now: Date },
  actor: ClerkActor,
  input: {
    idempotencyKey: string;
    draft: NoticeDraft;
    postedImmediately: boolean;
    replaces?: string | null;
  },
): Promise<{ id: string }> {
  const { draft } = input;
  const id = await deps.db.transaction().execute((trx) =>
    insertNoticeDraft(trx, actor.tenantId, actor.clerkId, {
      idempotencyKey: input.idempotencyKey,
      title: draft.title,
      description: draft.description,
      referenceNumber: draft.referenceNumber,
      agenda: draft.agenda,
      postedFrom: input.postedImmediately ? null : draft.postedFrom,
      relevantUntil: draft.relevantUntil,
      documents: draft.documents,
    }, { replaces: input.replaces, now: deps.now })
  );
  return { id };
}

/** The clerk's own draft and its documents (without their content), or undefined. */
export async function openNoticeDraft(db: Kysely<Database>, actor: ClerkActor, id: string) {
  const draft = await findNoticeDraft(db, actor.tenantId, actor.clerkId, id);
  if (!draft) return undefined;
  const documents = await listNoticeDraftDocuments(db, actor.tenantId, draft.id);
  return { draft, documents };
}

export type PublishDraftResult =
  | { ok: true; id: string }
  | { ok: false; code: "notFound" }
  | { ok: false; code: "invalid"; errors: FieldError[] };

/**
 * The confirmed publication: files the notice from the clerk's draft (its workflow publishes it
 * at vyvěšení, as for any notice) and deletes the draft, in one transaction. A second click
 * finds the notice already filed under the draft's idempotency key.
 */
export async function publishNoticeDraft(
  deps: NoticeDeps & { now: Date },
  actor: ClerkActor,
  input: { draftId: string; idempotencyKey: string },
): Promise<PublishDraftResult> {
  return await deps.db.transaction().execute(async (trx): Promise<PublishDraftResult> => {
    const draft = await findNoticeDraft(trx, actor.tenantId, actor.clerkId, input.draftId, {
      lock: true,
    });
    if (!draft) {
      const filed = input.idempotencyKey
        ? await findNoticeByKey(trx, actor.tenantId, input.idempotencyKey)
        : undefined;
      return filed ? { ok: true, id: filed.id } : { ok: false, code: "notFound" };
    }
    const postedFrom = draft.posted_from ?? deps.now;
    // Time went by on the confirmation page: the end may have passed meanwhile.
    if (
      draft.relevant_until && draft.relevant_until <= new Date(Math.max(+postedFrom, +deps.now))
    ) {
      return {
        ok: false,
        code: "invalid",
        errors: [{ field: "relevantUntil", code: "dateInPast" }],
      };
    }
    const documents = await readNoticeDraftDocuments(trx, actor.tenantId, draft.id);
    const notice = await fileNotice(trx, deps, actor, draft.idempotency_key, {
      title: draft.title,
      description: draft.description,
      referenceNumber: draft.reference_number,
      agenda: draft.agenda,
      postedFrom,
      relevantUntil: draft.relevant_until,
      documents,
    });
    await deleteNoticeDraft(trx, actor.tenantId, draft.id);
    return { ok: true, id: notice.id };
  });
}

export type WithdrawResult =
  | { ok: true; status: "withdrawn" }
  /** Queued; the workflow has not answered within the wait. The page shows "being processed". */
  | { ok: true; status: "processing" }
  | { ok: false; code: "invalid"; errors: FieldError[] }
  | { ok: false; code: "notFound" | "alreadyTakenDown" | "failed" };

export const WITHDRAW_REASON_MAX = 500;

/**
 * Withdraws a notice early. The reason is checked here first, so the clerk gets field errors at
 * once; the workflow's Update validator stays the last word (e.g. the notice came down by itself
 * a moment ago). The request waits a few seconds for the notice to be really down.
 */
export async function withdrawNotice(
  deps: NoticeDeps & { outcomes: OutcomeWaiter; waitMs?: number },
  actor: ClerkActor,
  input: { noticeId: string; reason: string },
): Promise<WithdrawResult> {
  const errors: FieldError[] = [];
  checkText(errors, "reason", input.reason, { required: true, max: WITHDRAW_REASON_MAX });
  if (errors.length) return { ok: false, code: "invalid", errors };

  type Queued = { commandId: string } | { code: "notFound" | "alreadyTakenDown" };
  const queued = await deps.db.transaction().execute(async (trx): Promise<Queued> => {
    const notice = await findNotice(trx, actor.tenantId, input.noticeId, { lock: true });
    if (!notice) return { code: "notFound" };
    if (isTakenDown(notice.status)) return { code: "alreadyTakenDown" };
    const subject = { type: "notice", id: notice.id };
    const pending = await latestCommandFor(trx, actor.tenantId, subject, "update");
    // A withdrawal already on its way is this one too (a double click, a second clerk).
    if (pending?.status === "pending") return { commandId: pending.id };
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "notice.withdraw_requested",
      subjectType: "notice",
      subjectId: notice.id,
      requestId: actor.requestId,
      details: { reason: auditReason(input.reason) },
    });
    const command = withdrawCommand(
      { tenantId: actor.tenantId, noticeId: notice.id, workflowId: notice.workflow_id },
      { reason: input.reason, clerkId: actor.clerkId, requestId: actor.requestId ?? undefined },
    );
    // A failed withdrawal (see the workflow) may be asked for again: one key per request.
    const { id } = await enqueueCommand(trx, {
      ...command,
      key: `${command.key}:${crypto.randomUUID()}`,
    });
    return { commandId: id };
  });
  if ("code" in queued) return { ok: false, code: queued.code };

  const outcome = await deps.outcomes.wait(actor.tenantId, queued.commandId, deps.waitMs ?? 5000);
  if (outcome.status === "pending") return { ok: true, status: "processing" };
  if (outcome.status === "done") return { ok: true, status: "withdrawn" };
  return { ok: false, code: withdrawalProblem(outcome.code) };
}

/** What a refused withdrawal means for the clerk. */
export function withdrawalProblem(code: string): "alreadyTakenDown" | "failed" {
  return code === "AlreadyTakenDown" || code === "WorkflowNotFound" ? "alreadyTakenDown" : "failed";
}

/** The notice's latest withdrawal request as its page shows it: on its way, or refused. */
export async function withdrawalState(
  db: Kysely<Database>,
  tenantId: string,
  noticeId: string,
): Promise<{ state: "processing" | "failed" | null; attempts: number }> {
  const latest = await latestCommandFor(db, tenantId, { type: "notice", id: noticeId }, "update");
  if (!latest || latest.status === "done") return { state: null, attempts: 0 };
  if (latest.status === "pending") return { state: "processing", attempts: latest.attempts };
  const code = (latest.outcome as { code?: string } | null)?.code ?? "";
  return { state: withdrawalProblem(code) === "failed" ? "failed" : null, attempts: 0 };
}
