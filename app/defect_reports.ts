/**
 * Defect reports (hlášení závady): a clerk of the `zavady` agenda triages a report (accepts it
 * for a department, or rejects it as not a defect or a duplicate), the department resolves it
 * with a note, the reporter may reopen it within 30 days; and the public list of the town's
 * reports. Each action is one transaction (audit entry and the Update to the report's workflow
 * through the outbox); the request waits briefly for the workflow's answer, else the page says
 * "being processed". The public reads carry no personal data: no reporter, no description, no
 * photos, no house number, coordinates rounded to about 100 m.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database, DefectStatus } from "../db/schema.ts";
import { findCase, findPersonCase } from "../db/repositories/cases.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { enqueueCommand, latestCommandFor } from "../db/repositories/commands.ts";
import {
  findDefectReport,
  findDepartment,
  listDepartments,
  listPublicDefectReports,
} from "../db/repositories/defect_reports.ts";
import { isUuid } from "../db/repositories/cases.ts";
import { mayWorkAgenda } from "../domain/cases.ts";
import {
  checkReopen,
  checkResolution,
  checkTriage,
  DEFECT_PAGE_SIZE,
  DEFECT_STATUSES,
  mayReopen,
  mayResolve,
  mayTriage,
  type TriageOutcome,
} from "../domain/defect_reports.ts";
import { DEFECT_CATEGORIES } from "../domain/situations/defect_report_form.ts";
import { matchesSearch } from "../domain/search.ts";
import {
  type CaseWorkflowRef,
  defectReopen,
  defectResolve,
  defectTriage,
  type MessageCommand,
} from "../domain/workflows.ts";
import type { FieldError } from "../domain/validation.ts";
import type { OutcomeWaiter } from "../lib/outcomes.ts";
import type { Translate } from "../lib/state.ts";
import type { PersonActor } from "./deps.ts";
import type { CaseClerk } from "./cases.ts";

export const DEFECT_SLUG = "hlaseni-zavady";

type WaitDeps = { db: Kysely<Database>; outcomes: OutcomeWaiter; waitMs?: number };

export type DefectActionResult =
  | { ok: true; status: "done" | "processing" }
  | { ok: false; code: "invalid"; errors: FieldError[] }
  | { ok: false; code: "notFound" | "notAllowed" | "failed" };

async function settle(
  deps: WaitDeps,
  tenantId: string,
  queued: { commandId: string } | { code: "notFound" | "notAllowed" },
): Promise<DefectActionResult> {
  if ("code" in queued) return { ok: false, code: queued.code };
  const outcome = await deps.outcomes.wait(tenantId, queued.commandId, deps.waitMs ?? 5000);
  if (outcome.status === "pending") return { ok: true, status: "processing" };
  if (outcome.status === "done") return { ok: true, status: "done" };
  return {
    ok: false,
    code: /^Not|WorkflowNotFound/.test(outcome.code) ? "notAllowed" : "failed",
  };
}

/** A defect report of the clerk's town and agenda, locked; with its projection. */
async function clerkReport(
  db: Kysely<Database> | Transaction<Database>,
  actor: CaseClerk,
  caseId: string,
) {
  if (!isUuid(caseId)) return null;
  const c = await findCase(db, actor.tenantId, caseId, { lock: true });
  if (!c || c.form_slug !== DEFECT_SLUG || !mayWorkAgenda(actor.roles, c.agenda)) return null;
  const report = await findDefectReport(db, actor.tenantId, c.id);
  return report ? { c, report } : null;
}

async function queueClerkUpdate(
  deps: WaitDeps,
  actor: CaseClerk,
  caseId: string,
  allowed: (status: DefectStatus) => boolean,
  action: string,
  details: Record<string, unknown>,
  command: (ref: CaseWorkflowRef) => MessageCommand,
): Promise<DefectActionResult> {
  const queued = await deps.db.transaction().execute(async (trx) => {
    const found = await clerkReport(trx, actor, caseId);
    if (!found) return { code: "notFound" as const };
    if (!allowed(found.report.status)) return { code: "notAllowed" as const };
    const pending = await latestCommandFor(
      trx,
      actor.tenantId,
      { type: "case", id: found.c.id },
      "update",
    );
    if (pending?.status === "pending" && pending.name !== "note") {
      return { commandId: pending.id };
    }
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action,
      subjectType: "case",
      subjectId: found.c.id,
      requestId: actor.requestId,
      details,
    });
    const { id } = await enqueueCommand(
      trx,
      command({ tenantId: actor.tenantId, caseId: found.c.id, workflowId: found.c.workflow_id }),
    );
    return { commandId: id };
  });
  return await settle(deps, actor.tenantId, queued);
}

/** Triage: accept the report for one of the town's departments, or reject it with a reason. */
export async function triageDefectReport(
  deps: WaitDeps,
  actor: CaseClerk,
  input: { caseId: string; outcome: TriageOutcome; departmentId: string; reason: string },
): Promise<DefectActionResult> {
  const errors = checkTriage(input.outcome, input);
  if (input.outcome === "accept" && input.departmentId && !errors.length) {
    const known = isUuid(input.departmentId) &&
      await findDepartment(deps.db, actor.tenantId, input.departmentId);
    if (!known) errors.push({ field: "department", code: "invalidChoice" });
  }
  if (errors.length) return { ok: false, code: "invalid", errors };
  const requestId = crypto.randomUUID();
  return await queueClerkUpdate(
    deps,
    actor,
    input.caseId,
    mayTriage,
    "defect.triage_requested",
    { outcome: input.outcome },
    (ref) =>
      defectTriage(
        ref,
        input.outcome === "accept"
          ? {
            outcome: "accept",
            departmentId: input.departmentId,
            clerkId: actor.clerkId,
            requestId,
          }
          : { outcome: input.outcome, reason: input.reason, clerkId: actor.clerkId, requestId },
      ),
  );
}

/** The department's resolution, with a note the reporter reads. */
export async function resolveDefectReport(
  deps: WaitDeps,
  actor: CaseClerk,
  input: { caseId: string; note: string },
): Promise<DefectActionResult> {
  const errors = checkResolution(input.note);
  if (errors.length) return { ok: false, code: "invalid", errors };
  const requestId = crypto.randomUUID();
  return await queueClerkUpdate(
    deps,
    actor,
    input.caseId,
    mayResolve,
    "defect.resolve_requested",
    {},
    (ref) => defectResolve(ref, { note: input.note, clerkId: actor.clerkId, requestId }),
  );
}

/** The reporter reopens their resolved report within the window, with a reason. */
export async function reopenDefectReport(
  deps: WaitDeps & { now: () => Date },
  actor: PersonActor,
  input: { caseId: string; reason: string },
): Promise<DefectActionResult> {
  const errors = checkReopen(input.reason);
  if (errors.length) return { ok: false, code: "invalid", errors };
  const queued = await deps.db.transaction().execute(async (trx) => {
    if (!isUuid(input.caseId)) return { code: "notFound" as const };
    const c = await findPersonCase(trx, actor.tenantId, actor.personId, input.caseId, {
      lock: true,
    });
    if (!c || c.form_slug !== DEFECT_SLUG) return { code: "notFound" as const };
    const report = await findDefectReport(trx, actor.tenantId, c.id);
    if (!report || !mayReopen(report.status, report.reopen_until, deps.now())) {
      return { code: "notAllowed" as const };
    }
    const { id, created } = await enqueueCommand(
      trx,
      defectReopen({ tenantId: actor.tenantId, caseId: c.id, workflowId: c.workflow_id }, {
        reason: input.reason,
        personId: actor.personId,
        round: report.round + 1,
        requestId: crypto.randomUUID(),
      }),
    );
    if (created) {
      await appendAudit(trx, {
        tenantId: actor.tenantId,
        actorType: "person",
        actorId: actor.personId,
        onBehalfOf: actor.onBehalfOf,
        action: "defect.reopen_requested",
        subjectType: "case",
        subjectId: c.id,
        requestId: actor.requestId,
        details: { round: report.round + 1 },
      });
    }
    return { commandId: id };
  });
  return await settle(deps, actor.tenantId, queued);
}

/** What the clerk's case view shows of a defect report, and the town's departments. */
export async function defectReportForClerk(
  deps: { db: Kysely<Database> },
  actor: CaseClerk,
  caseId: string,
) {
  if (!isUuid(caseId)) return null;
  const c = await findCase(deps.db, actor.tenantId, caseId);
  if (!c || c.form_slug !== DEFECT_SLUG || !mayWorkAgenda(actor.roles, c.agenda)) return null;
  const [report, departments] = await Promise.all([
    findDefectReport(deps.db, actor.tenantId, c.id),
    listDepartments(deps.db, actor.tenantId),
  ]);
  return report ? { report, departments } : null;
}

/** The reporter's view of their report (status, department, reopen window); null if not theirs. */
export async function defectReportForReporter(
  deps: { db: Kysely<Database>; now: () => Date },
  actor: PersonActor,
  caseId: string,
) {
  if (!isUuid(caseId)) return null;
  const c = await findPersonCase(deps.db, actor.tenantId, actor.personId, caseId);
  if (!c || c.form_slug !== DEFECT_SLUG) return null;
  const report = await findDefectReport(deps.db, actor.tenantId, c.id);
  if (!report) return null;
  return { report, mayReopen: mayReopen(report.status, report.reopen_until, deps.now()) };
}

// ---------------------------------------------------------------------------------------------
// The public list

export interface PublicDefectReport {
  id: string;
  status: DefectStatus;
  category: string;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  department: string | null;
  filedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
}

function toPublic(r: {
  case_id: string;
  status: DefectStatus;
  category: string;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  department: string | null;
  filed_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
}): PublicDefectReport {
  return {
    id: r.case_id,
    status: r.status,
    category: r.category,
    place: r.place,
    latitude: r.latitude,
    longitude: r.longitude,
    department: r.department,
    filedAt: r.filed_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
  };
}

/**
 * The town's reports, newest first, searchable by place, department and category (the
 * category's label in the reader's language) ignoring diacritics; a page at a time.
 */
export async function listDefectReports(
  deps: { db: Kysely<Database> },
  tenantId: string,
  input: { search: string; status: string; page: number; t: Translate },
) {
  const status = (DEFECT_STATUSES as readonly string[]).includes(input.status)
    ? input.status as DefectStatus
    : undefined;
  const search = input.search.trim().slice(0, 200);
  const categories = search
    ? DEFECT_CATEGORIES.filter((c) =>
      matchesSearch(input.t(`situationForms.defectReport.categories.${c}`), search)
    )
    : [];
  const page = Number.isInteger(input.page) && input.page >= 1 && input.page <= 10_000
    ? input.page
    : 1;
  const { rows, total } = await listPublicDefectReports(deps.db, tenantId, {
    search,
    categories,
    status,
    page,
    pageSize: DEFECT_PAGE_SIZE,
  });
  return {
    reports: rows.map(toPublic),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / DEFECT_PAGE_SIZE)),
    search,
    status: status ?? "",
  };
}

/** One public report of the town; null for an unknown id or another town's report. */
export async function publicDefectReport(
  deps: { db: Kysely<Database> },
  tenantId: string,
  id: string,
): Promise<PublicDefectReport | null> {
  if (!isUuid(id)) return null;
  const r = await findDefectReport(deps.db, tenantId, id);
  return r ? toPublic(r) : null;
}
