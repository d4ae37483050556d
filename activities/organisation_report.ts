/**
 * The founded organisation's report after the finance clerk's approval: its figures imported as
 * budget lines of the organisation (an `organisation_report` budget import, replacing the
 * organisation's earlier report of that year), with the case's timeline event, the audit entry
 * and the accountant's message, in one transaction. The event is unique per case, so a retry or
 * a worker killed half-way imports once. A file that can never import (it parsed at filing, so
 * only a changed parser) fails non-retryably; the workflow then records it for the clerk.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendCaseEvent, findCase } from "../db/repositories/cases.ts";
import { findCaseAttachment } from "../db/repositories/attachments.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import {
  insertBudgetLines,
  insertImport,
  lockTownFinance,
} from "../db/repositories/finance_imports.ts";
import {
  deleteEarlierOrganisationLines,
  findBudgetOrganisation,
} from "../db/repositories/organisation_reports.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import { eventKey } from "../domain/cases.ts";
import { problemText } from "../domain/finance/text.ts";
import { sha256Hex } from "../domain/files.ts";
import { formatCzk } from "../domain/money.ts";
import { organisationReportValues, parseOrganisationFigures } from "../app/organisation_reports.ts";
import { notifyCasePerson } from "../app/case_notifications.ts";
import { log } from "../lib/log.ts";

export interface OrganisationReportInput {
  tenantId: string;
  caseId: string;
  origin: string;
}

export interface OrganisationReportPublished {
  importId: string | null;
  lines: number;
  /** False when an earlier attempt had imported it already. */
  imported: boolean;
}

const ACTOR = "organisation-report-workflow";

export function createOrganisationReportActivities(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  async function publishOrganisationReport(
    input: OrganisationReportInput,
  ): Promise<OrganisationReportPublished> {
    const result = await db.transaction().execute(async (trx) => {
      const c = await findCase(trx, input.tenantId, input.caseId, { lock: true });
      if (!c) {
        throw ApplicationFailure.nonRetryable(`case ${input.caseId} not found`, "CaseNotFound");
      }
      const key = eventKey(c.id, "published", 1);
      const v = organisationReportValues(c.values);
      if (!v) throw ApplicationFailure.nonRetryable("report values incomplete", "InvalidInput");
      const file = await findCaseAttachment(trx, input.tenantId, c.id, v.figuresId);
      if (!file) throw ApplicationFailure.nonRetryable("figures file missing", "InvalidInput");
      const parsed = parseOrganisationFigures(v, file.content);
      if (!parsed.ok) {
        throw ApplicationFailure.nonRetryable(
          parsed.problems.slice(0, 3).map(problemText).join(" "),
          "InvalidFigures",
        );
      }
      const organisation = await findBudgetOrganisation(trx, input.tenantId, v.organisationIco);
      if (!organisation) {
        throw ApplicationFailure.nonRetryable("organisation not found", "InvalidInput");
      }
      const data = parsed.value;
      const first = await appendCaseEvent(trx, input.tenantId, {
        caseId: c.id,
        key,
        actorType: "system",
        actorId: ACTOR,
        kind: "published",
        visibleToCitizen: true,
        text: formatCzk(data.totalHalere),
      });
      if (!first) return { importId: null, lines: data.lines.length, imported: false };
      await lockTownFinance(trx, input.tenantId);
      const replaced = await deleteEarlierOrganisationLines(
        trx,
        input.tenantId,
        v.year,
        v.organisationIco,
      );
      const importId = await insertImport(trx, input.tenantId, {
        kind: "organisation_report",
        year: v.year,
        mode: "replace",
        fileName: `${c.reference} ${file.file_name}`.slice(0, 255),
        fileSha256: await sha256Hex(file.content),
        rowCount: data.rowCount,
        totalHalere: data.totalHalere,
        importedBy: null,
        source: "upload",
      });
      await insertBudgetLines(trx, input.tenantId, importId, data.lines);
      await appendAudit(trx, {
        tenantId: input.tenantId,
        actorType: "system",
        actorId: ACTOR,
        action: "finance.imported",
        subjectType: "budget-import",
        subjectId: importId,
        details: {
          source: "organisation_report",
          caseId: c.id,
          organisationIco: v.organisationIco,
          year: v.year,
          period: v.period,
          lines: data.lines.length,
          replaced,
          totalHalere: data.totalHalere,
        },
      });
      const tenant = await findTenantById(trx, input.tenantId);
      const params = {
        town: tenant?.name ?? "",
        reference: c.reference,
        organisation: organisation.name,
        year: v.year,
        link: `${input.origin}/rozpocet?rok=${v.year}&podle=organizace`,
      };
      await notifyCasePerson(trx, input.tenantId, c.person_id, {
        idempotencyKey: key,
        text: (channel, t) => ({
          subject: t("organisationReport.mail.published.subject", params),
          body: t(
            channel === "email"
              ? "organisationReport.mail.published.body"
              : "organisationReport.sms.published",
            params,
          ),
        }),
      });
      return { importId, lines: data.lines.length, imported: true };
    });
    log.info("organisation report published", { tenantId: input.tenantId, ...result });
    return result;
  }

  /** Records, for the clerk (the case's timeline), why approved figures could not be imported. */
  async function recordOrganisationReportFailure(
    input: OrganisationReportInput & { message: string },
  ): Promise<void> {
    await appendCaseEvent(db, input.tenantId, {
      caseId: input.caseId,
      key: eventKey(input.caseId, "publishFailed", 1),
      actorType: "system",
      actorId: ACTOR,
      kind: "publishFailed",
      visibleToCitizen: false,
      text: input.message.slice(0, 2000),
    });
    log.warn("organisation report not imported", {
      tenantId: input.tenantId,
      caseId: input.caseId,
    });
  }

  return { publishOrganisationReport, recordOrganisationReportFailure };
}

export type OrganisationReportActivities = ReturnType<typeof createOrganisationReportActivities>;
