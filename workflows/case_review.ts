/**
 * The kit's review of a filed case (`caseReview`, workflow id `case/<caseId>`): the case waits in
 * its agenda's queue; a clerk decides it by a validated Update (`decide`: approve, return with a
 * message, reject with a reason) or adds an internal `note`; a returned case waits for the
 * citizen's correction (`resubmit`), which puts it back to the same clerk; until a decision the
 * citizen may take the filing back (`withdraw`: closed, one message). A round idle past its
 * deadline escalates once (a reminder to the clerk and the agenda's lead). Every step writes a
 * timeline event through an activity (unique key per event, so one event and one message per
 * step, whatever crashes).
 *
 * A situation's own workflow reuses the review: `await reviewCase(input)` registers the same
 * handlers and returns once the case is approved or rejected; its own steps follow (the dog fee
 * computes its předpis after an approval).
 */
import {
  ActivityFailure,
  type ActivityOptions,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from "@temporalio/workflow";
import type { CaseActivities, CaseStep } from "../activities/cases.ts";
import {
  type CaseState,
  checkDecision,
  checkNote,
  correctionSchedule,
  czechDateOf,
  DAY_MS,
  eventKey,
  isDecision,
  mayDecide,
  mayResubmit,
  mayWithdraw,
  stateAfter,
} from "../domain/cases.ts";
import {
  CASE_UPDATES,
  type CaseDecisionRequest,
  type CaseNoteRequest,
  type CaseResubmitRequest,
  type CaseReviewInput,
  type CaseView,
  type CaseWithdrawRequest,
} from "../domain/workflows.ts";
import { CASE_STATUS } from "./search_attributes.ts";

export type { CaseReviewInput, CaseView };

export const decide = defineUpdate<CaseView, [CaseDecisionRequest]>(CASE_UPDATES.decide);
export const note = defineUpdate<CaseView, [CaseNoteRequest]>(CASE_UPDATES.note);
export const resubmit = defineUpdate<CaseView, [CaseResubmitRequest]>(CASE_UPDATES.resubmit);
export const withdraw = defineUpdate<CaseView, [CaseWithdrawRequest]>(CASE_UPDATES.withdraw);
export const caseStatus = defineQuery<CaseView>("caseStatus");

/** Cases started before the kit reminded people of their correction's deadline replay without. */
const CORRECTION_REMINDER_PATCH = "correction-reminder";
/** Cases started before a missed correction deadline could end a case replay without. */
const CORRECTION_LAPSE_PATCH = "correction-lapse";

/** What a situation asks of the kit's review beyond the defaults. */
export interface ReviewOptions {
  /**
   * A returned case whose correction deadline (the situation's review days after the return)
   * passes without a correction ends: closed, a `lapsed` timeline event and one message.
   */
  lapseAfterCorrectionDeadline?: boolean;
  /**
   * Runs after every step that moved the case (decided, resubmitted, lapsed, withdrawn), so a
   * situation's own rows follow the case; `correctionDueAt` is the deadline of a returned
   * round; `withdrawn` marks the close the citizen asked for (a lapse closes without it).
   */
  onStep?: (
    s: { state: CaseState; round: number; correctionDueAt: number | null; withdrawn?: true },
  ) => Promise<void>;
}

/** How every case step's activity is retried, in the kit and in a situation's own workflow. */
export const CASE_STEP_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: "30 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "1 minute",
    nonRetryableErrorTypes: ["CaseNotFound", "InvalidInput"],
  },
};

/** The case's activities, for a situation's own workflow to call the same way. */
export const caseActivities = proxyActivities<CaseActivities>(CASE_STEP_ACTIVITY_OPTIONS);

/**
 * Runs a case step's activity; one that failed for good (input the database refuses) fails the
 * Update that asked for it, not the case.
 */
export async function runStep(activity: () => Promise<unknown>): Promise<void> {
  try {
    await activity();
  } catch (err) {
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
      throw ApplicationFailure.nonRetryable(err.cause.message, "StepFailed");
    }
    throw err;
  }
}

function step(s: CaseStep): Promise<void> {
  return runStep(() => caseActivities.recordCaseStep(s));
}

/**
 * Registers the review's handlers and runs its rounds until the case is approved or rejected.
 * Returns the final view; the handlers stay registered for the caller's own steps.
 */
export async function reviewCase(
  input: CaseReviewInput,
  options: ReviewOptions = {},
): Promise<CaseView> {
  let state = "filed" as CaseState;
  let round = 1;
  let dueAt = Date.parse(input.dueAt);
  let lastClerk: string | null = null;
  let escalatedRound = 0;
  /** When the current round was returned (workflow time), and the last round reminded. */
  let returnedAt = 0;
  let remindedRound = 0;
  /** A decision or a correction in flight: a second one is refused until it settles. */
  let busy = false;
  const view = (): CaseView => ({ state, round });
  const setState = (next: CaseState) => {
    state = next;
    upsertSearchAttributes([{ key: CASE_STATUS, value: next }]);
  };
  const base = { tenantId: input.tenantId, caseId: input.caseId, origin: input.origin };

  setHandler(caseStatus, view);

  setHandler(
    decide,
    async (req) => {
      busy = true;
      try {
        const next = stateAfter(req.decision);
        const kind = next === "approved"
          ? "approved"
          : next === "returned"
          ? "returned"
          : "rejected";
        await step({
          ...base,
          key: eventKey(input.caseId, kind, round),
          kind,
          actorType: "clerk",
          actorId: req.clerkId,
          text: req.text || null,
          state: next,
          lastClerkId: req.clerkId,
          assignedClerkId: next === "returned" ? req.clerkId : undefined,
          decisionText: req.text || null,
          notify: true,
        });
        lastClerk = req.clerkId;
        if (next === "returned") returnedAt = Date.now();
        setState(next);
        if (options.onStep) {
          await options.onStep({
            state: next,
            round,
            correctionDueAt: next === "returned"
              ? correctionSchedule(returnedAt, input.reviewDays).dueAt
              : null,
          });
        }
        return view();
      } finally {
        busy = false;
      }
    },
    {
      validator: (req) => {
        if (!mayDecide(state) || busy) {
          throw ApplicationFailure.nonRetryable(
            "The case is not awaiting a decision",
            "NotDecidable",
          );
        }
        if (!isDecision(req.decision) || checkDecision(req.decision, req.text ?? "").length) {
          throw ApplicationFailure.nonRetryable("Invalid decision", "InvalidDecision");
        }
      },
    },
  );

  setHandler(
    note,
    async (req) => {
      await step({
        ...base,
        key: eventKey(input.caseId, "note", req.requestId),
        kind: "note",
        actorType: "clerk",
        actorId: req.clerkId,
        text: req.text,
      });
      return view();
    },
    {
      validator: (req) => {
        if (checkNote(req.text ?? "").length) {
          throw ApplicationFailure.nonRetryable("Invalid note", "InvalidNote");
        }
      },
    },
  );

  setHandler(
    resubmit,
    async (req) => {
      busy = true;
      try {
        const nextDue = Date.now() + input.reviewDays * DAY_MS;
        await step({
          ...base,
          key: eventKey(input.caseId, "resubmitted", req.round),
          kind: "resubmitted",
          actorType: "person",
          actorId: req.personId,
          state: "filed",
          round: req.round,
          assignedClerkId: lastClerk,
          decisionText: null,
          dueAt: new Date(nextDue).toISOString(),
          clearEscalation: true,
          notify: false,
        });
        round = req.round;
        dueAt = nextDue;
        setState("filed");
        if (options.onStep) {
          await options.onStep({ state: "filed", round, correctionDueAt: null });
        }
        return view();
      } finally {
        busy = false;
      }
    },
    {
      validator: (req) => {
        if (!mayResubmit(state) || busy || req.round !== round + 1) {
          throw ApplicationFailure.nonRetryable("The case is not returned", "NotReturned");
        }
      },
    },
  );

  setHandler(
    withdraw,
    async (req) => {
      busy = true;
      try {
        await step({
          ...base,
          key: eventKey(input.caseId, "withdrawn", 1),
          kind: "withdrawn",
          actorType: "person",
          actorId: req.personId,
          text: req.text || null,
          state: "closed",
          notify: true,
        });
        setState("closed");
        if (options.onStep) {
          await options.onStep({ state: "closed", round, correctionDueAt: null, withdrawn: true });
        }
        return view();
      } finally {
        busy = false;
      }
    },
    {
      validator: (_req) => {
        if (!mayWithdraw(state) || busy) {
          throw ApplicationFailure.nonRetryable(
            "The case is no longer awaiting a decision",
            "NotWithdrawable",
          );
        }
      },
    },
  );

  let lapseCheckedRound = 0;
  for (;;) {
    if (state === "approved" || state === "rejected" || state === "closed") break;
    const s = state;
    const r = round;
    const moved = () => state !== s || round !== r;
    if (state === "filed" && escalatedRound < round) {
      const left = dueAt - Date.now();
      const changed = left > 0 ? await condition(moved, left) : false;
      if (!changed && state === "filed" && round === r) {
        await caseActivities.escalateCase({ ...base, round: r });
        escalatedRound = r;
      }
      continue;
    }
    if (state === "returned" && remindedRound < round && patched(CORRECTION_REMINDER_PATCH)) {
      // Before the correction's deadline the person gets one reminder (the situation's review
      // days after the return; the reminder a few days ahead).
      const { dueAt: correctionDue, remindAt } = correctionSchedule(returnedAt, input.reviewDays);
      const left = remindAt - Date.now();
      const changed = left > 0 ? await condition(moved, left) : false;
      if (!changed && state === "returned" && round === r) {
        await caseActivities.recordCaseStep({
          ...base,
          key: eventKey(input.caseId, "correctionReminder", r),
          kind: "correctionReminder",
          actorType: "system",
          actorId: "case-workflow",
          text: czechDateOf(correctionDue),
          notify: true,
        });
      }
      remindedRound = r;
      continue;
    }
    if (
      state === "returned" && options.lapseAfterCorrectionDeadline &&
      lapseCheckedRound < round && patched(CORRECTION_LAPSE_PATCH)
    ) {
      // The correction's deadline passed unanswered: the case ends (a correction in flight wins).
      const { dueAt: correctionDue } = correctionSchedule(returnedAt, input.reviewDays);
      const left = correctionDue - Date.now();
      const changed = left > 0 ? await condition(moved, left) : false;
      if (!changed) await condition(() => !busy);
      if (state === "returned" && round === r) {
        await step({
          ...base,
          key: eventKey(input.caseId, "lapsed", r),
          kind: "lapsed",
          actorType: "system",
          actorId: "case-workflow",
          text: czechDateOf(correctionDue),
          state: "closed",
          notify: true,
        });
        setState("closed");
        if (options.onStep) {
          await options.onStep({ state: "closed", round: r, correctionDueAt: correctionDue });
        }
        break;
      }
      lapseCheckedRound = r;
      continue;
    }
    await condition(moved);
  }
  return view();
}

/** The kit's own case workflow: the review, nothing after it. */
export async function caseReview(input: CaseReviewInput): Promise<CaseView> {
  const result = await reviewCase(input);
  await condition(allHandlersFinished);
  return result;
}
