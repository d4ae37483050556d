/**
 * The kit's case step inside a caller's transaction: the timeline event (unique by its key), the
 * case's projection, the audit entry and the person's message (`cases.mail.<kind>` /
 * `cases.sms.<kind>`). A retry with the same key writes and sends nothing (returns false).
 *
 * The case workflow's activity calls it in a transaction of its own; a use case whose action is
 * itself a step of a case (a grant's decision, a contract confirmed, a settlement report filed)
 * calls it in the use case's transaction, so the domain rows, the event and the message commit
 * together.
 */
import type { Transaction } from "kysely";
import type { CaseEventActorType, CaseState, Database } from "../db/schema.ts";
import { appendCaseEvent, applyCaseStep, findCase } from "../db/repositories/cases.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import { type CaseEventKind, visibleToCitizen } from "../domain/cases.ts";
import type { Translate } from "../lib/state.ts";
import { notifyCasePerson } from "./case_notifications.ts";

export interface CaseStep {
  tenantId: string;
  caseId: string;
  /** The timeline event's unique key (see `eventKey` in domain/cases.ts). */
  key: string;
  kind: CaseEventKind;
  actorType: CaseEventActorType;
  actorId: string | null;
  text?: string | null;
  /** The case's projection after the step. */
  state?: CaseState;
  lastClerkId?: string | null;
  assignedClerkId?: string | null;
  decisionText?: string | null;
  /** ISO instant. */
  dueAt?: string;
  round?: number;
  clearEscalation?: boolean;
  /** Tell the citizen (by e-mail or SMS) with `cases.mail.<kind>` / `cases.sms.<kind>`. */
  notify?: boolean;
  /** For the message's link. */
  origin: string;
  /** The message's link path, when not the case's page (`/ucet/podani/<id>`). */
  link?: string;
  /**
   * More parameters for the message's text (amounts, dates), besides town, reference, text; a
   * function of the person's translator when some are words (a place, the documents to bring).
   */
  params?: Record<string, string> | ((t: Translate) => Record<string, string>);
}

/** The step names a case that does not exist (the activity fails it for good). */
export class CaseNotFound extends Error {
  constructor(caseId: string) {
    super(`case ${caseId} not found`);
    this.name = "CaseNotFound";
  }
}

/** Records `step` in `trx`; false when its key was already recorded (nothing written). */
export async function recordCaseStepIn(
  trx: Transaction<Database>,
  step: CaseStep,
): Promise<boolean> {
  const c = await findCase(trx, step.tenantId, step.caseId, { lock: true });
  if (!c) {
    throw new CaseNotFound(step.caseId);
  }
  const inserted = await appendCaseEvent(trx, step.tenantId, {
    caseId: c.id,
    key: step.key,
    actorType: step.actorType,
    actorId: step.actorId,
    kind: step.kind,
    visibleToCitizen: visibleToCitizen(step.kind),
    text: step.text ?? null,
  });
  if (!inserted) return false;
  await applyCaseStep(trx, step.tenantId, c.id, {
    state: step.state,
    lastClerkId: step.lastClerkId,
    assignedClerkId: step.assignedClerkId,
    decisionText: step.decisionText,
    dueAt: step.dueAt ? new Date(step.dueAt) : undefined,
    round: step.round,
    escalatedAt: step.clearEscalation ? null : undefined,
  });
  await appendAudit(trx, {
    tenantId: step.tenantId,
    actorType: step.actorType,
    actorId: step.actorId,
    action: `case.${step.kind}`,
    subjectType: "case",
    subjectId: c.id,
    details: { round: step.round ?? c.round },
  });
  if (step.notify) {
    const tenant = await findTenantById(trx, step.tenantId);
    if (tenant) {
      const base = {
        town: tenant.name,
        reference: c.reference,
        text: step.text ?? "",
        link: `${step.origin}${step.link ?? `/ucet/podani/${c.id}`}`,
      };
      await notifyCasePerson(trx, step.tenantId, c.person_id, {
        idempotencyKey: step.key,
        text: (channel, t) => {
          const more = typeof step.params === "function" ? step.params(t) : step.params;
          const params = { ...base, ...more };
          return {
            subject: t(`cases.mail.${step.kind}.subject`, params),
            body: t(
              channel === "email" ? `cases.mail.${step.kind}.body` : `cases.sms.${step.kind}`,
              params,
            ),
          };
        },
      });
    }
  }
  return true;
}
