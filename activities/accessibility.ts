/**
 * Tells the office about a reported accessibility barrier, by e-mail to the town's address.
 * At most once in practice: a report already marked as notified is not mailed again, and the
 * Message-ID is stable, so even the rare resend after a crash is the same message.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { findReport, markReportNotified } from "../db/repositories/accessibility_reports.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import { reportReference } from "../domain/accessibility_report.ts";
import type { Mailer } from "../lib/worker/mail.ts";
import { log } from "../lib/log.ts";

export interface ReportRef {
  tenantId: string;
  reportId: string;
}

export function createAccessibilityActivities(deps: { db: Kysely<Database>; mailer: Mailer }) {
  const { db, mailer } = deps;

  async function notifyOfficeOfReport(ref: ReportRef): Promise<"sent" | "already-sent"> {
    const [report, tenant] = await Promise.all([
      findReport(db, ref.tenantId, ref.reportId),
      findTenantById(db, ref.tenantId),
    ]);
    if (!report || !tenant) {
      throw ApplicationFailure.nonRetryable(`report ${ref.reportId} not found`, "ReportNotFound");
    }
    if (report.notified_at) return "already-sent";
    const reference = reportReference(report.id);
    await mailer.send({
      to: tenant.email,
      subject: `Hlášení problému s přístupností ${reference}`,
      replyTo: report.contact_email,
      messageId: `<a11y-report-${report.id}@portal-obcana>`,
      text: [
        `Na portálu občana obce ${tenant.name} byl nahlášen problém s přístupností.`,
        "",
        `Číslo hlášení: ${reference}`,
        `Přijato: ${report.created_at.toISOString()}`,
        `Stránka: ${report.page_url ?? "neuvedena"}`,
        `Kontakt na oznamovatele: ${report.contact_email ?? "neuveden"}`,
        "",
        "Popis problému:",
        report.description,
        "",
        "Podle zákona č. 99/2019 Sb. je třeba na podnět odpovědět bez zbytečného odkladu.",
      ].join("\n"),
    });
    await markReportNotified(db, ref.tenantId, report.id);
    log.info("accessibility report sent to the office", {
      tenantId: ref.tenantId,
      reportId: report.id,
    });
    return "sent";
  }

  return { notifyOfficeOfReport };
}

export type AccessibilityActivities = ReturnType<typeof createAccessibilityActivities>;
