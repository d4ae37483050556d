/**
 * The life of one notice on the official notice board: wait until `vyvěšení`, publish, wait
 * until `relevantní_do` (or forever, if unspecified), take down. A clerk may withdraw it early
 * at any point; that reaches the workflow as a validated Update and is answered once the notice
 * is really down. Durable timers, not a cron scan: a worker crash only delays, never loses, a step.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from "@temporalio/workflow";
import type { NoticeActivities } from "../activities/notices.ts";
import type { NoticeStatus } from "../domain/notice.ts";
import {
  NOTICE_UPDATES,
  type NoticeLifecycleInput,
  type WithdrawRequest,
} from "../domain/workflows.ts";
import { CASE_STATUS } from "./search_attributes.ts";

export type { NoticeLifecycleInput, WithdrawRequest };

export interface NoticeView {
  status: NoticeStatus;
}

export const withdrawNotice = defineUpdate<NoticeView, [WithdrawRequest]>(NOTICE_UPDATES.withdraw);
export const noticeStatus = defineQuery<NoticeView>("noticeStatus");

const { publishNotice, takeDownNotice } = proxyActivities<NoticeActivities>({
  startToCloseTimeout: "30 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "1 minute",
    nonRetryableErrorTypes: ["NoticeNotFound", "InvalidInput"],
  },
});

function isInvalidInput(err: unknown): boolean {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure &&
    err.cause.type === "InvalidInput";
}

export async function noticeLifecycle(input: NoticeLifecycleInput): Promise<NoticeView> {
  let status = "scheduled" as NoticeStatus;
  let withdrawal: WithdrawRequest | null = null;
  const setStatus = (next: NoticeStatus) => {
    status = next;
    upsertSearchAttributes([{ key: CASE_STATUS, value: next }]);
  };

  /** Withdrawals whose take-down failed for good (input the database refused). */
  const failed = new Set<WithdrawRequest>();

  setHandler(noticeStatus, () => ({ status }));
  setHandler(
    withdrawNotice,
    async (request) => {
      withdrawal ??= request;
      await condition(() => status === "withdrawn" || status === "expired" || failed.has(request));
      if (failed.has(request)) {
        throw ApplicationFailure.nonRetryable(
          "The withdrawal could not be carried out; the notice stays posted",
          "WithdrawalFailed",
        );
      }
      return { status };
    },
    {
      validator: (request) => {
        if (status === "expired" || status === "withdrawn" || withdrawal !== null) {
          throw ApplicationFailure.nonRetryable(
            "The notice is already taken down",
            "AlreadyTakenDown",
          );
        }
        if (!request.reason.trim()) {
          throw ApplicationFailure.nonRetryable("A reason is required", "ReasonRequired");
        }
      },
    },
  );

  const withdrawn = () => withdrawal !== null;
  for (;;) {
    if (status === "scheduled") {
      const untilPublish = Date.parse(input.publishAt) - Date.now();
      if (untilPublish > 0) await condition(withdrawn, untilPublish);
      if (!withdrawn()) {
        await publishNotice({ tenantId: input.tenantId, noticeId: input.noticeId });
        setStatus("published");
      }
    }
    if (status === "published" && !withdrawn()) {
      if (input.takeDownAt === null) {
        await condition(withdrawn);
      } else {
        const untilTakeDown = Date.parse(input.takeDownAt) - Date.now();
        if (untilTakeDown > 0) await condition(withdrawn, untilTakeDown);
      }
    }

    const request = withdrawal as WithdrawRequest | null;
    const outcome: NoticeStatus = request ? "withdrawn" : "expired";
    try {
      await takeDownNotice({
        tenantId: input.tenantId,
        noticeId: input.noticeId,
        outcome,
        reason: request?.reason ?? null,
        clerkId: request?.clerkId ?? null,
        requestId: request?.requestId ?? null,
      });
    } catch (err) {
      // A withdrawal whose input can never be stored fails alone: the notice stays as it was,
      // the clerk is told, and may withdraw it again (or it comes down at its time).
      if (!request || !isInvalidInput(err)) throw err;
      failed.add(request);
      withdrawal = null;
      continue;
    }
    setStatus(outcome);
    break;
  }
  await condition(allHandlersFinished);
  return { status };
}
