/**
 * Side effects of a case's workflow. Each step is one transaction: the timeline event (unique by
 * its key), the case's projection, the audit entry and the person's message; when the event is
 * already there (a retry after a crash) nothing is written or sent again. The draft-expiry
 * sweep warns a week ahead and deletes drafts untouched for 90 days.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { CaseEventActorType, CaseState, Database } from "../db/schema.ts";
import { appendCaseEvent, applyCaseStep, findCase } from "../db/repositories/cases.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { deleteExpiredDrafts, draftsToWarn, markDraftWarned } from "../db/repositories/drafts.ts";
import { deleteStaleAttachments } from "../db/repositories/attachments.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import {
  type CaseEventKind,
  clerkAgendas,
  DAY_MS,
  DRAFT_TTL_DAYS,
  DRAFT_WARN_DAYS,
  visibleToCitizen,
} from "../domain/cases.ts";
import { formatPragueDate } from "../domain/time.ts";
import { notifyCasePerson } from "../app/case_notifications.ts";
import { sendMessage } from "../lib/messaging.ts";
import { translator } from "../lib/i18n.ts";
import { log } from "../lib/log.ts";

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
}

export interface EscalationInput {
  tenantId: string;
  caseId: string;
  round: number;
  origin: string;
}

/** The messages' texts: Czech (the office's language; the person's choice comes later). */
const t = translator("cs");

export function createCaseActivities(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  async function recordCaseStep(step: CaseStep): Promise<"recorded" | "already-recorded"> {
    const recorded = await db.transaction().execute(async (trx) => {
      const c = await findCase(trx, step.tenantId, step.caseId, { lock: true });
      if (!c) {
        throw ApplicationFailure.nonRetryable(`case ${step.caseId} not found`, "CaseNotFound");
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
          const params = {
            town: tenant.name,
            reference: c.reference,
            text: step.text ?? "",
            link: `${step.origin}/ucet/podani/${c.id}`,
          };
          await notifyCasePerson(trx, step.tenantId, c.person_id, {
            idempotencyKey: step.key,
            text: (channel) => ({
              subject: t(`cases.mail.${step.kind}.subject`, params),
              body: t(
                channel === "email" ? `cases.mail.${step.kind}.body` : `cases.sms.${step.kind}`,
                params,
              ),
            }),
          });
        }
      }
      return true;
    });
    log.info("case step", {
      tenantId: step.tenantId,
      caseId: step.caseId,
      kind: step.kind,
      recorded,
    });
    return recorded ? "recorded" : "already-recorded";
  }

  /**
   * A case idle past its deadline: the timeline says so (internally), the queue marks it, and
   * the clerk who holds it (else every clerk of its agenda) and the agenda's lead (the town's
   * `caseKit.leads.<agenda>` e-mail, else the office's address) get a reminder. Once per round.
   */
  async function escalateCase(input: EscalationInput): Promise<"escalated" | "already-escalated"> {
    const key = `case/${input.caseId}:escalated:${input.round}`;
    const done = await db.transaction().execute(async (trx) => {
      const c = await findCase(trx, input.tenantId, input.caseId, { lock: true });
      if (!c) {
        throw ApplicationFailure.nonRetryable(`case ${input.caseId} not found`, "CaseNotFound");
      }
      const inserted = await appendCaseEvent(trx, input.tenantId, {
        caseId: c.id,
        key,
        actorType: "system",
        actorId: "case-workflow",
        kind: "escalated",
        visibleToCitizen: false,
      });
      if (!inserted) return false;
      await applyCaseStep(trx, input.tenantId, c.id, { escalatedAt: new Date() });
      await appendAudit(trx, {
        tenantId: input.tenantId,
        actorType: "system",
        actorId: "case-workflow",
        action: "case.escalated",
        subjectType: "case",
        subjectId: c.id,
        details: { round: input.round },
      });
      const tenant = await trx.selectFrom("tenants").select(["name", "email", "settings"])
        .where("id", "=", input.tenantId).executeTakeFirstOrThrow();
      const clerks = await trx.selectFrom("clerks").select(["id", "email", "roles"])
        .where("tenant_id", "=", input.tenantId).where("active", "=", true).execute();
      const holders = c.assigned_clerk_id
        ? clerks.filter((k) => k.id === c.assigned_clerk_id)
        : clerks.filter((k) => {
          const agendas = clerkAgendas(k.roles);
          return agendas !== "all" && agendas.includes(c.agenda);
        });
      const leads = (tenant.settings.caseKit as { leads?: Record<string, unknown> } | undefined)
        ?.leads;
      const lead = typeof leads?.[c.agenda] === "string" ? leads[c.agenda] as string : tenant.email;
      const params = {
        town: tenant.name,
        reference: c.reference,
        due: formatPragueDate(c.due_at),
        link: `${input.origin}/urad/ukoly/${c.id}`,
      };
      const recipients = new Map<string, string>();
      for (const k of holders) recipients.set(`clerk:${k.id}`, k.email);
      if (![...recipients.values()].includes(lead)) recipients.set("lead", lead);
      for (const [who, email] of recipients) {
        await sendMessage(trx, input.tenantId, {
          idempotencyKey: `${key}:${who}`,
          channel: "email",
          recipient: email,
          subject: t("cases.mail.escalated.subject", params),
          body: t("cases.mail.escalated.body", params),
          personId: null, // to a clerk or the agenda's lead
          kind: "case",
          secret: false,
        });
      }
      return true;
    });
    return done ? "escalated" : "already-escalated";
  }

  /**
   * Drafts expiring within a week get one e-mail (or SMS) each; drafts past their 90 days and
   * files never filed with a case are deleted. Safe to run any number of times.
   */
  async function sweepDrafts(): Promise<{ warned: number; deleted: number; files: number }> {
    const now = new Date();
    let warned = 0;
    for (
      const d of await draftsToWarn(db, now, new Date(now.getTime() + DRAFT_WARN_DAYS * DAY_MS))
    ) {
      await db.transaction().execute(async (trx) => {
        if (!(await markDraftWarned(trx, d.tenant_id, d.id, d.expires_at))) return;
        const tenant = await findTenantById(trx, d.tenant_id);
        if (!tenant) return;
        const origin = tenant.publicOrigin || `https://${tenant.hosts[0] ?? "localhost"}`;
        const params = {
          town: tenant.name,
          form: t(`cases.forms.${d.form_slug}`),
          date: formatPragueDate(d.expires_at),
          link: `${origin}/ucet/podani`,
        };
        const sent = await notifyCasePerson(trx, d.tenant_id, d.person_id, {
          idempotencyKey: `draft-expiry:${d.id}:${d.expires_at.toISOString()}`,
          text: (channel) => ({
            subject: t("cases.mail.draftExpiry.subject", params),
            body: t(
              channel === "email" ? "cases.mail.draftExpiry.body" : "cases.sms.draftExpiry",
              params,
            ),
          }),
        });
        if (sent) warned++;
      });
    }
    const deleted = await deleteExpiredDrafts(db, now);
    const files = await deleteStaleAttachments(
      db,
      new Date(now.getTime() - DRAFT_TTL_DAYS * DAY_MS),
    );
    if (warned || deleted || files) log.info("draft sweep", { warned, deleted, files });
    return { warned, deleted, files };
  }

  return { recordCaseStep, escalateCase, sweepDrafts };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
