/**
 * A defect report (`defectReport`, workflow id `case/<caseId>`): filed → a clerk of the `zavady`
 * agenda triages it (Update `triage`: accept and assign it to one of the town's departments, or
 * reject it as not a defect or a duplicate, with a reason) → the department resolves it with a
 * note (Update `resolve`) → the reporter may reopen it within 30 days (Update `reopen`, with a
 * reason; it goes back to the same department) → when the window passes (a durable timer), the
 * report is closed. Every step writes a timeline event and e-mails the reporter through one
 * activity (unique key per event); internal notes reuse the kit's `note` Update.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from "@temporalio/workflow";
import type { DefectReportActivities, DefectStep } from "../activities/defect_reports.ts";
import {
  checkReopen,
  checkResolution,
  checkTriage,
  defectEventKey,
  type DefectStatus,
  isTriageOutcome,
  mayResolve,
  mayTriage,
  REOPEN_WINDOW_MS,
} from "../domain/defect_reports.ts";
import { checkNote, eventKey } from "../domain/cases.ts";
import {
  DEFECT_UPDATES,
  type DefectReopenRequest,
  type DefectReportInput,
  type DefectResolveRequest,
  type DefectTriageRequest,
  type DefectView,
} from "../domain/workflows.ts";
import { CASE_STEP_ACTIVITY_OPTIONS, caseActivities, note, runStep } from "./case_review.ts";
import { CASE_STATUS } from "./search_attributes.ts";

export const triage = defineUpdate<DefectView, [DefectTriageRequest]>(DEFECT_UPDATES.triage);
export const resolve = defineUpdate<DefectView, [DefectResolveRequest]>(DEFECT_UPDATES.resolve);
export const reopen = defineUpdate<DefectView, [DefectReopenRequest]>(DEFECT_UPDATES.reopen);
export const defectStatus = defineQuery<DefectView>("defectStatus");

const activities = proxyActivities<DefectReportActivities>(CASE_STEP_ACTIVITY_OPTIONS);

/** A step that failed for good (input the database refuses) fails its Update, not the report. */
function step(s: DefectStep): Promise<void> {
  return runStep(() => activities.recordDefectStep(s));
}

function refuse(message: string, type: string): never {
  throw ApplicationFailure.nonRetryable(message, type);
}

export async function defectReport(input: DefectReportInput): Promise<DefectView> {
  const windowMs = input.reopenWindowMs ?? REOPEN_WINDOW_MS;
  let status = "new" as DefectStatus;
  let round = 1;
  let departmentId: string | null = null;
  let reopenUntil = 0;
  /** A step in flight: a second one is refused until it settles; the timer waits for it. */
  let busy = false;
  let closing = false;
  const view = (): DefectView => ({ status, round });
  const setStatus = (next: DefectStatus) => {
    status = next;
    upsertSearchAttributes([{ key: CASE_STATUS, value: next }]);
  };
  const base = { tenantId: input.tenantId, caseId: input.caseId, origin: input.origin };
  const exclusive = async (fn: () => Promise<void>): Promise<DefectView> => {
    busy = true;
    try {
      await fn();
      return view();
    } finally {
      busy = false;
    }
  };

  setHandler(defectStatus, view);

  setHandler(
    triage,
    (req) =>
      exclusive(async () => {
        if (req.outcome === "accept") {
          await step({
            ...base,
            key: defectEventKey(input.caseId, "triaged", round),
            kind: "triaged",
            actorType: "clerk",
            actorId: req.clerkId,
            status: "assigned",
            departmentId: req.departmentId,
            round,
          });
          departmentId = req.departmentId;
          setStatus("assigned");
        } else {
          await step({
            ...base,
            key: defectEventKey(input.caseId, "rejected", round),
            kind: "rejected",
            actorType: "clerk",
            actorId: req.clerkId,
            text: req.reason,
            status: "rejected",
            closedAt: new Date().toISOString(),
            round,
          });
          setStatus("rejected");
        }
      }),
    {
      validator: (req) => {
        if (!mayTriage(status) || busy) refuse("The report awaits no triage", "NotTriageable");
        if (
          !isTriageOutcome(req.outcome) ||
          checkTriage(req.outcome, {
            departmentId: req.outcome === "accept" ? req.departmentId ?? "" : "x",
            reason: req.outcome === "accept" ? "" : req.reason ?? "",
          }).length
        ) refuse("Invalid triage", "InvalidTriage");
      },
    },
  );

  setHandler(
    resolve,
    (req) =>
      exclusive(async () => {
        const now = Date.now();
        const until = new Date(now + windowMs).toISOString();
        await step({
          ...base,
          key: defectEventKey(input.caseId, "resolved", round),
          kind: "resolved",
          actorType: "clerk",
          actorId: req.clerkId,
          text: req.note,
          status: "resolved",
          resolutionNote: req.note,
          resolvedAt: new Date(now).toISOString(),
          reopenUntil: until,
          round,
        });
        reopenUntil = now + windowMs;
        setStatus("resolved");
      }),
    {
      validator: (req) => {
        if (!mayResolve(status) || busy) refuse("The report is not assigned", "NotResolvable");
        if (checkResolution(req.note ?? "").length) refuse("Invalid resolution", "InvalidNote");
      },
    },
  );

  setHandler(
    reopen,
    (req) =>
      exclusive(async () => {
        await step({
          ...base,
          key: defectEventKey(input.caseId, "reopened", req.round),
          kind: "reopened",
          actorType: "person",
          actorId: req.personId,
          text: req.reason,
          status: "assigned",
          departmentId,
          resolvedAt: null,
          reopenUntil: null,
          round: req.round,
        });
        round = req.round;
        setStatus("assigned");
      }),
    {
      validator: (req) => {
        if (status !== "resolved" || busy || closing || Date.now() >= reopenUntil) {
          refuse("The report may not be reopened", "NotReopenable");
        }
        if (req.round !== round + 1 || checkReopen(req.reason ?? "").length) {
          refuse("Invalid reopening", "InvalidReopen");
        }
      },
    },
  );

  // The kit's internal note works here too.
  setHandler(
    note,
    async (req) => {
      await caseActivities.recordCaseStep({
        ...base,
        key: eventKey(input.caseId, "note", req.requestId),
        kind: "note",
        actorType: "clerk",
        actorId: req.clerkId,
        text: req.text,
      });
      return { state: "filed", round };
    },
    {
      validator: (req) => {
        if (checkNote(req.text ?? "").length) refuse("Invalid note", "InvalidNote");
      },
    },
  );

  await activities.openDefectReport({ tenantId: input.tenantId, caseId: input.caseId });
  setStatus("new");

  for (;;) {
    if (status === "rejected" || status === "closed") break;
    if (status === "resolved") {
      const r = round;
      const left = reopenUntil - Date.now();
      const moved = left > 0 ? await condition(() => status !== "resolved", left) : false;
      if (moved) continue;
      await condition(() => !busy);
      if (status !== "resolved" || round !== r) continue;
      closing = true;
      await step({
        ...base,
        key: defectEventKey(input.caseId, "closed", round),
        kind: "closed",
        actorType: "system",
        actorId: "defect-report-workflow",
        status: "closed",
        closedAt: new Date().toISOString(),
        round,
      });
      setStatus("closed");
      break;
    }
    const s = status;
    const r = round;
    await condition(() => status !== s || round !== r);
  }
  await condition(allHandlersFinished);
  return view();
}
