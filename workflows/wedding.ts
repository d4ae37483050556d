/**
 * A wedding date (`weddingCeremony`, issue 15; workflow id `<slug>/case/<caseId>` like every
 * case): the kit's review — the registry office (role `registry`, agenda `matrika`) confirms the
 * date (approve, its note listing anything beyond the usual documents), returns it or refuses
 * it (the slot released for another couple; a return unanswered past its deadline ends the case
 * and releases the slot too). After the confirmation: the couple's message with
 * the documents to bring, the fee where the place has one (the kit's fee), the reminders a month
 * and a week before on durable timers (each once: its event's key), and the case closed once
 * the ceremony has passed.
 */
import { allHandlersFinished, condition, proxyActivities, sleep } from "@temporalio/workflow";
import type { WeddingActivities } from "../activities/weddings.ts";
import { DAY_MS, eventKey } from "../domain/cases.ts";
import { nextWeddingStep } from "../domain/wedding.ts";
import type { CaseView, WeddingInput } from "../domain/workflows.ts";
import { CASE_STEP_ACTIVITY_OPTIONS, caseActivities, reviewCase } from "./case_review.ts";
import { issueCaseFee } from "./case_fee.ts";

const { releaseCeremonySlot, confirmWedding, sendWeddingReminder } = proxyActivities<
  WeddingActivities
>(CASE_STEP_ACTIVITY_OPTIONS);

export async function weddingCeremony(
  input: WeddingInput,
): Promise<CaseView & { reminders: string[]; held: boolean }> {
  const ref = { tenantId: input.tenantId, caseId: input.caseId };
  const view = await reviewCase(input, {
    // A return left unanswered past its deadline ends the case and lets the slot go.
    lapseAfterCorrectionDeadline: true,
    onStep: async (s) => {
      if (s.state === "rejected" || s.state === "closed") {
        await releaseCeremonySlot({ ...ref, origin: input.origin });
      }
    },
  });
  const reminders: string[] = [];
  let held = false;
  if (view.state === "approved") {
    await condition(allHandlersFinished);
    const w = await confirmWedding({ ...ref, origin: input.origin });
    if (w.feeHalere > 0) {
      await issueCaseFee({
        ...ref,
        origin: input.origin,
        kind: "admin_fee",
        title: w.feeTitle,
        amountHalere: w.feeHalere,
        dueDate: w.feeDueDate,
        // Správní poplatky (položka 1361).
        specificSymbol: "1361",
      });
    }
    const ceremonyAt = input.ceremonyAtMs ?? w.startsAtMs;
    const dayMs = input.dayMs ?? DAY_MS;
    const confirmedAt = Date.now();
    const sent = new Set<string>();
    for (;;) {
      const next = nextWeddingStep(ceremonyAt, sent, confirmedAt, dayMs);
      const wait = next.at - Date.now();
      if (wait > 0) await sleep(wait);
      if (next.kind === "weddingHeld") break;
      await sendWeddingReminder({ ...ref, kind: next.kind, origin: input.origin });
      sent.add(next.kind);
      reminders.push(next.kind);
    }
    await caseActivities.recordCaseStep({
      ...ref,
      key: eventKey(input.caseId, "weddingHeld", 1),
      kind: "weddingHeld",
      actorType: "system",
      actorId: "wedding-workflow",
      state: "closed",
      origin: input.origin,
    });
    held = true;
  }
  await condition(allHandlersFinished);
  return { ...view, reminders, held };
}
