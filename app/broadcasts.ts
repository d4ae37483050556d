/**
 * What a clerk with the `messages` role does with broadcasts (issue 13): compose from a template
 * (preview with the audience per channel), send now or at a time, cancel, read the delivery
 * report. Sending is one transaction: the broadcast row, its audit entry and the command that
 * starts its workflow (`broadcastMessage`), once per form token. Cancelling marks what was not
 * sent as cancelled in the same transaction as the audit entry and the signal to the workflow,
 * so nothing queued is sent after the clerk's click, whenever the workflow hears of it.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { tenantSlugOf } from "../db/repositories/tenants.ts";
import { countAudience } from "../db/repositories/subscribers.ts";
import { knownStreetIds, listStreets } from "../db/repositories/streets.ts";
import {
  deliveryCounts,
  findBroadcast,
  findTemplate,
  insertBroadcast,
  listFailures,
  listTemplates,
  markCancelled,
  setBroadcastWorkflowId,
} from "../db/repositories/broadcasts.ts";
import {
  type BroadcastDraft,
  type BroadcastFieldError,
  type BroadcastFormValues,
  validateBroadcast,
} from "../domain/broadcasts.ts";
import {
  broadcastWorkflowId,
  cancelBroadcast as cancelCommand,
  startBroadcast,
} from "../domain/workflows.ts";
import { auditReason } from "../domain/history.ts";
import { checkText, type FieldError } from "../domain/validation.ts";
import type { AudienceCounts } from "../db/repositories/subscribers.ts";

export interface BroadcastDeps {
  db: Kysely<Database>;
  /** Tests run a worker of their own on their own queue. */
  taskQueue?: string | null;
}

export interface ClerkActor {
  tenantId: string;
  clerkId: string;
  requestId?: string | null;
}

/** What the compose form offers: the town's templates and streets. */
export async function composeOptions(db: Kysely<Database>, tenantId: string) {
  const [templates, streets] = await Promise.all([
    listTemplates(db, tenantId),
    listStreets(db, tenantId),
  ]);
  return { templates, streets };
}

export async function openTemplate(db: Kysely<Database>, tenantId: string, id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return undefined;
  return await findTemplate(db, tenantId, id);
}

export type PreviewResult =
  | { ok: true; draft: BroadcastDraft; counts: AudienceCounts }
  | { ok: false; errors: BroadcastFieldError[] };

/**
 * Checks the form and counts the audience on the chosen channels: no recipient at all is an
 * error (nothing would be sent), as is every problem `validateBroadcast` finds.
 */
export async function previewBroadcast(
  deps: BroadcastDeps,
  tenantId: string,
  values: BroadcastFormValues,
  ctx: { now: Date; origin: string },
): Promise<PreviewResult> {
  const known = new Set(await knownStreetIds(deps.db, tenantId, values.streetIds));
  const checked = validateBroadcast(values, { ...ctx, knownStreetIds: known });
  if (!checked.ok) return checked;
  const draft = checked.value;
  const counts = await countAudience(deps.db, tenantId, {
    topics: draft.topics,
    streetIds: draft.streetIds,
    everyone: draft.everyone,
    channels: draft.channels,
  });
  if (counts.email + counts.sms === 0) {
    return { ok: false, errors: [{ field: "topics", code: "noRecipients" }] };
  }
  return { ok: true, draft, counts };
}

export type SendResult =
  | { ok: true; id: string; created: boolean }
  | { ok: false; errors: BroadcastFieldError[] };

/**
 * Sends (or schedules) the broadcast once per form token: checks it again as the preview did,
 * then stores it, audits it and queues its workflow's start in one transaction.
 */
export async function sendBroadcast(
  deps: BroadcastDeps,
  actor: ClerkActor,
  input: { idempotencyKey: string; values: BroadcastFormValues; now: Date; origin: string },
): Promise<SendResult> {
  // A double submit: the first one's broadcast, whatever the form says now.
  const existing = await deps.db.selectFrom("broadcasts").select("id")
    .where("tenant_id", "=", actor.tenantId)
    .where("idempotency_key", "=", input.idempotencyKey).executeTakeFirst();
  if (existing) return { ok: true, id: existing.id, created: false };
  const preview = await previewBroadcast(deps, actor.tenantId, input.values, input);
  if (!preview.ok) return preview;
  const { draft, counts } = preview;
  return await deps.db.transaction().execute(async (trx): Promise<SendResult> => {
    const tenantSlug = await tenantSlugOf(trx, actor.tenantId);
    const sendAt = draft.sendAt ?? input.now;
    const b = await insertBroadcast(trx, actor.tenantId, {
      idempotencyKey: input.idempotencyKey,
      ...draft,
      sendAt,
      createdBy: actor.clerkId,
    });
    if (!b.created) return { ok: true, id: b.id, created: false };
    const workflowId = broadcastWorkflowId(tenantSlug, b.id);
    await setBroadcastWorkflowId(trx, actor.tenantId, b.id, workflowId);
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "broadcast.created",
      subjectType: "broadcast",
      subjectId: b.id,
      requestId: actor.requestId,
      details: {
        channels: draft.channels,
        topics: draft.topics,
        streets: draft.streetIds.length,
        everyone: draft.everyone,
        crisis: draft.crisis,
        sendAt: sendAt.toISOString(),
        audienceEmail: counts.email,
        audienceSms: counts.sms,
      },
    });
    const command = startBroadcast({
      tenantId: actor.tenantId,
      tenantSlug,
      broadcastId: b.id,
      subject: draft.subject,
      sendAt,
      crisis: draft.crisis,
      channels: draft.channels,
      origin: input.origin,
    }, deps.taskQueue);
    await enqueueCommand(trx, command);
    return { ok: true, id: b.id, created: true };
  });
}

export const CANCEL_REASON_MAX = 500;

export type CancelResult =
  | { ok: true }
  | { ok: false; code: "invalid"; errors: FieldError[] }
  | { ok: false; code: "notFound" | "alreadyFinished" };

/**
 * Cancels a scheduled or sending broadcast: every recipient not yet sent is marked cancelled
 * (and is never sent: the workflow claims only queued rows of a sending broadcast), the clerk's
 * reason audited, and the workflow signalled to stop.
 */
export async function cancelBroadcast(
  deps: BroadcastDeps,
  actor: ClerkActor,
  input: { broadcastId: string; reason: string; now: Date },
): Promise<CancelResult> {
  const errors: FieldError[] = [];
  checkText(errors, "reason", input.reason, { required: true, max: CANCEL_REASON_MAX });
  if (errors.length) return { ok: false, code: "invalid", errors };
  return await deps.db.transaction().execute(async (trx): Promise<CancelResult> => {
    const b = await findBroadcast(trx, actor.tenantId, input.broadcastId, { lock: true });
    if (!b) return { ok: false, code: "notFound" };
    const done = await markCancelled(trx, actor.tenantId, b.id, {
      clerkId: actor.clerkId,
      reason: input.reason,
      now: input.now,
    });
    if (!done) return { ok: false, code: "alreadyFinished" };
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "broadcast.cancelled",
      subjectType: "broadcast",
      subjectId: b.id,
      requestId: actor.requestId,
      details: { reason: auditReason(input.reason) },
    });
    if (b.workflow_id) {
      await enqueueCommand(
        trx,
        cancelCommand(
          { tenantId: actor.tenantId, broadcastId: b.id, workflowId: b.workflow_id },
          { reason: input.reason, clerkId: actor.clerkId },
        ),
      );
    }
    return { ok: true };
  });
}

/** The delivery report: the broadcast, its counts by channel and state, and its failures. */
export async function broadcastReport(db: Kysely<Database>, tenantId: string, id: string) {
  const broadcast = await findBroadcast(db, tenantId, id);
  if (!broadcast) return undefined;
  const [counts, failures] = await Promise.all([
    deliveryCounts(db, tenantId, broadcast.id),
    listFailures(db, tenantId, broadcast.id),
  ]);
  return { broadcast, counts, failures };
}

/** The report's live part, as the JSON endpoint answers it. */
export async function broadcastProgress(db: Kysely<Database>, tenantId: string, id: string) {
  const broadcast = await findBroadcast(db, tenantId, id);
  if (!broadcast) return undefined;
  return {
    status: broadcast.status,
    total: broadcast.recipients_total,
    counts: await deliveryCounts(db, tenantId, broadcast.id),
  };
}
