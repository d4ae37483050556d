/**
 * Side effects of a defect report's workflow. Each step is one transaction: the timeline event
 * (unique by its key), the report's public projection, the case's state, the audit entry and
 * the reporter's e-mail; when the event is already there (a retry after a crash) nothing is
 * written or sent again.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { CaseEventActorType, Database } from "../db/schema.ts";
import { appendCaseEvent, applyCaseStep, findCase } from "../db/repositories/cases.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import {
  findDepartment,
  insertDefectReport,
  updateDefectReport,
} from "../db/repositories/defect_reports.ts";
import {
  caseStateOf,
  type DefectEventKind,
  type DefectStatus,
  publicFacts,
} from "../domain/defect_reports.ts";
import { formatPragueDate } from "../domain/time.ts";
import { isEmail } from "../domain/validation.ts";
import { hasAccount, notifyCasePerson } from "../app/case_notifications.ts";
import { log } from "../lib/log.ts";

export interface DefectStep {
  tenantId: string;
  caseId: string;
  /** The timeline event's unique key (`defectEventKey`). */
  key: string;
  kind: DefectEventKind;
  actorType: CaseEventActorType;
  actorId: string | null;
  text?: string | null;
  status: DefectStatus;
  departmentId?: string | null;
  resolutionNote?: string | null;
  round?: number;
  /** ISO instants. */
  resolvedAt?: string | null;
  reopenUntil?: string | null;
  closedAt?: string | null;
  /** For the e-mail's link. */
  origin: string;
}

/** An ISO instant as a column value: absent stays absent, null clears. */
function instant(value: string | null | undefined): Date | null | undefined {
  return value === undefined ? undefined : value === null ? null : new Date(value);
}

export function createDefectReportActivities(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  /** The report's public projection from the filed values (once per case). */
  async function openDefectReport(ref: { tenantId: string; caseId: string }): Promise<void> {
    const c = await findCase(db, ref.tenantId, ref.caseId);
    if (!c) throw ApplicationFailure.nonRetryable(`case ${ref.caseId} not found`, "CaseNotFound");
    await insertDefectReport(db, ref.tenantId, {
      caseId: c.id,
      ...publicFacts(c.values),
      filedAt: c.created_at,
    });
  }

  async function recordDefectStep(step: DefectStep): Promise<"recorded" | "already-recorded"> {
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
        visibleToCitizen: true,
        text: step.text ?? null,
      });
      if (!inserted) return false;
      const department = step.departmentId
        ? await findDepartment(trx, step.tenantId, step.departmentId)
        : undefined;
      await updateDefectReport(trx, step.tenantId, c.id, {
        status: step.status,
        departmentId: step.departmentId,
        resolutionNote: step.resolutionNote,
        round: step.round,
        resolvedAt: instant(step.resolvedAt),
        reopenUntil: instant(step.reopenUntil),
        closedAt: instant(step.closedAt),
      });
      await applyCaseStep(trx, step.tenantId, c.id, {
        state: caseStateOf(step.status),
        round: step.round,
        ...(step.actorType === "clerk" ? { lastClerkId: step.actorId } : {}),
        decisionText: step.kind === "rejected" ? step.text ?? null : undefined,
      });
      await appendAudit(trx, {
        tenantId: step.tenantId,
        actorType: step.actorType,
        actorId: step.actorId,
        action: `defect.${step.kind}`,
        subjectType: "case",
        subjectId: c.id,
        details: { round: step.round ?? c.round, status: step.status },
      });
      const tenant = await trx.selectFrom("tenants").select("name")
        .where("id", "=", step.tenantId).executeTakeFirst();
      if (tenant) {
        // A reporter without an account follows the report on its public page.
        const account = await hasAccount(trx, step.tenantId, c.person_id);
        const params = {
          town: tenant.name,
          reference: c.reference,
          text: step.text ?? "",
          department: department?.name ?? "",
          until: step.reopenUntil ? formatPragueDate(new Date(step.reopenUntil)) : "",
          link: account
            ? `${step.origin}/ucet/podani/${c.id}`
            : `${step.origin}/hlaseni-zavad/${c.id}`,
          public: `${step.origin}/hlaseni-zavad/${c.id}`,
        };
        // The reporter as they chose, else the e-mail they gave on the form.
        await notifyCasePerson(trx, step.tenantId, c.person_id, {
          idempotencyKey: step.key,
          text: (channel, t) => ({
            subject: t(`defectReports.mail.${step.kind}.subject`, params),
            // Reopening is on the reporter's case page: one without an account is not offered it.
            body: t(
              channel === "email"
                ? `defectReports.mail.${step.kind}.${
                  step.kind === "resolved" && !account ? "bodyNoAccount" : "body"
                }`
                : `defectReports.sms.${step.kind}`,
              params,
            ),
          }),
          fallbackEmail: typeof c.values.email === "string" && isEmail(c.values.email)
            ? c.values.email
            : null,
        });
      }
      return true;
    });
    log.info("defect report step", {
      tenantId: step.tenantId,
      caseId: step.caseId,
      kind: step.kind,
      recorded,
    });
    return recorded ? "recorded" : "already-recorded";
  }

  return { openDefectReport, recordDefectStep };
}

export type DefectReportActivities = ReturnType<typeof createDefectReportActivities>;
