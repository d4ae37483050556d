/**
 * One grant call (issue 14): sleep until it opens, mark it open, sleep until it closes, mark it
 * closed. Durable timers: a worker that is down when a date passes only delays the step until a
 * worker runs again, and the step still happens. An edit of the dates reaches the workflow as a
 * signal (`grantCallDatesChanged`, with the row's version) and the sleep starts over with the
 * new dates; the activity also returns the row's dates, so a change the signal has not brought
 * yet is followed too. The database row is the truth: the activities move it forward only.
 */
import {
  condition,
  defineSignal,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from "@temporalio/workflow";
import type { GrantActivities } from "../activities/grants.ts";
import {
  GRANT_CALL_SIGNALS,
  type GrantCallDates,
  type GrantCallInput,
} from "../domain/workflows.ts";
import { CASE_STATUS } from "./search_attributes.ts";

export type { GrantCallInput };

export const grantCallDatesChangedSignal = defineSignal<[GrantCallDates]>(
  GRANT_CALL_SIGNALS.datesChanged,
);

const { applyGrantCallTimer } = proxyActivities<GrantActivities>({
  startToCloseTimeout: "30 seconds",
  retry: {
    initialInterval: "1 second",
    maximumInterval: "1 minute",
    nonRetryableErrorTypes: ["InvalidInput"],
  },
});

export async function grantCall(input: GrantCallInput): Promise<{ state: string }> {
  let dates: GrantCallDates = {
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    version: input.version,
  };
  const adopt = (d: GrantCallDates) => {
    if (d.version > dates.version) dates = d;
  };
  setHandler(grantCallDatesChangedSignal, adopt);
  const ref = { tenantId: input.tenantId, callId: input.callId };

  /** Sleeps until `at` of the current dates; false when the dates changed meanwhile. */
  const sleepUntil = async (at: (d: GrantCallDates) => string): Promise<boolean> => {
    const version = dates.version;
    const wait = Date.parse(at(dates)) - Date.now();
    if (wait <= 0) return true;
    return !(await condition(() => dates.version !== version, wait));
  };

  let opened = false;
  for (;;) {
    if (!opened) {
      if (!(await sleepUntil((d) => d.opensAt))) continue;
      const r = await applyGrantCallTimer({ ...ref, to: "open" });
      if (r.state === null || r.state === "draft") return { state: r.state ?? "gone" };
      adopt(r);
      if (r.state === "scheduled") continue;
      opened = true;
      if (r.state === "open") upsertSearchAttributes([{ key: CASE_STATUS, value: "open" }]);
    }
    if (!(await sleepUntil((d) => d.closesAt))) continue;
    const r = await applyGrantCallTimer({ ...ref, to: "closed" });
    if (r.state === null || r.state === "draft") return { state: r.state ?? "gone" };
    adopt(r);
    if (r.state === "scheduled") {
      opened = false;
      continue;
    }
    if (r.state === "open") continue;
    upsertSearchAttributes([{ key: CASE_STATUS, value: r.state }]);
    return { state: r.state };
  }
}
