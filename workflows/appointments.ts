/**
 * One appointment's reminder (issue 15): a durable timer until the day before, then one message
 * by the person's chosen channel. A move reaches the workflow as a signal (`appointmentChanged`,
 * with the appointment's SEQUENCE) and the sleep starts over with the new time; a cancellation
 * or a no-show ends it. A worker that is down when the time comes only delays the reminder; the
 * activity sends it once (the row's `reminder_sent_at` under a row lock, and the message's
 * idempotency key), and only for the appointment's current SEQUENCE.
 */
import {
  condition,
  defineSignal,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from "@temporalio/workflow";
import type { AppointmentActivities } from "../activities/appointments.ts";
import {
  APPOINTMENT_SIGNALS,
  type AppointmentReminderInput,
  type AppointmentTiming,
} from "../domain/workflows.ts";
import { CASE_STATUS } from "./search_attributes.ts";

export type { AppointmentReminderInput };

export const appointmentChangedSignal = defineSignal<[AppointmentTiming]>(
  APPOINTMENT_SIGNALS.changed,
);

const { remindAppointment } = proxyActivities<AppointmentActivities>({
  startToCloseTimeout: "30 seconds",
  retry: {
    initialInterval: "1 second",
    maximumInterval: "1 minute",
    nonRetryableErrorTypes: ["InvalidInput"],
  },
});

export async function appointmentReminder(
  input: AppointmentReminderInput,
): Promise<{ state: "reminded" | "ended" | "past" }> {
  let timing: AppointmentTiming = {
    version: input.version,
    startsAt: input.startsAt,
    remindAt: input.remindAt,
    ended: input.ended,
  };
  setHandler(appointmentChangedSignal, (t) => {
    if (t.version > timing.version) timing = t;
  });
  const ref = { tenantId: input.tenantId, appointmentId: input.appointmentId };

  /** Sleeps until `at`; false when the timing changed meanwhile. */
  const sleepUntil = async (at: string): Promise<boolean> => {
    const version = timing.version;
    const wait = Date.parse(at) - Date.now();
    if (wait <= 0) return timing.version === version;
    return !(await condition(() => timing.version !== version, wait));
  };

  let reminded = false;
  for (;;) {
    if (timing.ended) {
      upsertSearchAttributes([{ key: CASE_STATUS, value: "ended" }]);
      return { state: "ended" };
    }
    if (!reminded && timing.remindAt !== null) {
      if (!(await sleepUntil(timing.remindAt))) continue;
      const r = await remindAppointment({ ...ref, version: timing.version, origin: input.origin });
      if (r.outcome === "stale") {
        // A change this workflow has not heard of yet: wait for its signal.
        await condition(() => timing.version >= r.version, "1 hour");
        continue;
      }
      if (r.outcome === "ended") {
        upsertSearchAttributes([{ key: CASE_STATUS, value: "ended" }]);
        return { state: "ended" };
      }
      reminded = true;
      upsertSearchAttributes([{ key: CASE_STATUS, value: "reminded" }]);
    }
    // Until the start: a move may still come (and needs its own reminder).
    const version = timing.version;
    if (!(await sleepUntil(timing.startsAt))) {
      if (timing.version !== version) reminded = false;
      continue;
    }
    return { state: reminded ? "reminded" : "past" };
  }
}
