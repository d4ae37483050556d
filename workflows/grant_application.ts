/**
 * A grant application (`grantApplication`, issue 14; workflow id `<slug>/case/<caseId>` like
 * every case). The kit's review is the formal check: a clerk of the `grants` role approves it
 * (formally_ok), excludes it (excluded) or returns it for completion (returned, with the
 * completion deadline); the applicant's completion puts it back (submitted); a missed deadline
 * ends it (lapsed, one notice) — the row follows each step through `followGrantReview`.
 *
 * After the formal check the database row is the truth: each later use case (committee,
 * decision, contract, payout, settlement) writes its rows and signals `grantApplicationChanged`;
 * the workflow re-reads the row and keeps the settlement report's reminders (14 days before,
 * on the day, the day after), each once, on durable timers that survive a worker restart. It
 * ends when the application is closed, refused, excluded, lapsed or withdrawn.
 */
import {
  allHandlersFinished,
  condition,
  defineSignal,
  proxyActivities,
  setHandler,
} from "@temporalio/workflow";
import type { GrantApplicationActivities } from "../activities/grant_applications.ts";
import { DAY_MS } from "../domain/cases.ts";
import { applicationEnded, nextSettlementReminder } from "../domain/grant_reminders.ts";
import {
  type CaseReviewInput,
  type CaseView,
  GRANT_APPLICATION_SIGNALS,
} from "../domain/workflows.ts";
import { reviewCase } from "./case_review.ts";

export interface GrantApplicationInput extends CaseReviewInput {
  /** A day in ms for the settlement reminders (tests pass a shorter one). */
  dayMs?: number;
  /** Tests only: the settlement's due instant instead of the row's date's midnight. */
  settlementDueAtMs?: number;
}

export const grantApplicationChangedSignal = defineSignal<[{ step: string }]>(
  GRANT_APPLICATION_SIGNALS.changed,
);

const { followGrantReview, readGrantApplication, sendGrantReminder } = proxyActivities<
  GrantApplicationActivities
>({
  startToCloseTimeout: "30 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "1 minute",
    nonRetryableErrorTypes: ["InvalidInput"],
  },
});

export async function grantApplication(
  input: GrantApplicationInput,
): Promise<CaseView & { state: string; application: string | null }> {
  let changes = 0;
  setHandler(grantApplicationChangedSignal, () => {
    changes++;
  });
  const ref = { tenantId: input.tenantId, caseId: input.caseId };
  const view = await reviewCase(input, {
    lapseAfterCorrectionDeadline: true,
    onStep: async (s) => {
      await followGrantReview({ ...ref, ...s });
    },
  });
  let application: string | null = null;
  if (view.state === "approved") {
    // Let the approval's own step settle before the row is read.
    await condition(allHandlersFinished);
    const dayMs = input.dayMs ?? DAY_MS;
    for (;;) {
      const seen = changes;
      const row = await readGrantApplication(ref);
      application = row?.state ?? null;
      if (!row || applicationEnded(row.state)) break;
      const reading = input.settlementDueAtMs !== undefined && row.settlementDueAt !== null
        ? { ...row, settlementDueAt: input.settlementDueAtMs }
        : row;
      const next = nextSettlementReminder(reading, Date.now(), dayMs);
      if (next && next.at <= Date.now()) {
        await sendGrantReminder({ ...ref, kind: next.kind, origin: input.origin });
        // The reminder is recorded: the next reading skips it.
        continue;
      }
      if (next) await condition(() => changes !== seen, next.at - Date.now());
      else await condition(() => changes !== seen);
    }
  }
  await condition(allHandlersFinished);
  return { ...view, application };
}
