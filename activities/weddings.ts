/**
 * A wedding's side effects (issue 15), for the `weddingCeremony` workflow: the slot released when
 * the case is refused (or ends unanswered), the registry office's confirmation with the documents
 * to bring, and the reminders a month and a week before — each a kit step with a unique key, so
 * a retry, a replay or a worker restart sends each once.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { eventKey } from "../domain/cases.ts";
import { addDays, czechSlot, type WeddingReminderKind } from "../domain/wedding.ts";
import { formatPragueDate } from "../domain/time.ts";
import { formatCzk } from "../domain/money.ts";
import { recordCaseStepIn } from "../app/case_steps.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { translator } from "../lib/i18n.ts";
import type { Translate } from "../lib/state.ts";
import { log } from "../lib/log.ts";

/** The fee's title in the ledger: Czech, as the town's records are. */
const cs = translator("cs");

interface Ref {
  tenantId: string;
  caseId: string;
}

export interface WeddingReading {
  startsAtMs: number;
  feeHalere: number;
  /** ISO date the fee is due: a week before the ceremony, not before today. */
  feeDueDate: string;
  feeTitle: string;
}

export function createWeddingActivities(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  async function booking(ref: Ref) {
    const b = await db.selectFrom("ceremony_bookings")
      .select(["id", "starts_at", "place_code", "other_place", "fee_halere", "released_at"])
      .where("tenant_id", "=", ref.tenantId).where("case_id", "=", ref.caseId)
      .executeTakeFirst();
    if (!b) throw ApplicationFailure.nonRetryable(`no booking of ${ref.caseId}`, "CaseNotFound");
    return b;
  }

  function placeText(b: { place_code: string; other_place: string | null }, t: Translate): string {
    return b.place_code === "obradni-sin"
      ? t("situationForms.wedding.places.obradni-sin")
      : `${t("situationForms.wedding.places.jine-misto")}: ${b.other_place ?? ""}`;
  }

  return {
    /** The refused (or lapsed) case lets its slot go: another couple may book it. Once. */
    async releaseCeremonySlot(input: Ref & { origin: string }): Promise<boolean> {
      return await db.transaction().execute(async (trx) => {
        const r = await trx.updateTable("ceremony_bookings").set({ released_at: new Date() })
          .where("tenant_id", "=", input.tenantId).where("case_id", "=", input.caseId)
          .where("released_at", "is", null).returning("starts_at").executeTakeFirst();
        if (!r) return false;
        await recordCaseStepIn(trx, {
          tenantId: input.tenantId,
          caseId: input.caseId,
          key: eventKey(input.caseId, "slotReleased", 1),
          kind: "slotReleased",
          actorType: "system",
          actorId: "wedding-workflow",
          text: czechSlot(r.starts_at),
          origin: input.origin,
        });
        log.info("ceremony slot released", { tenantId: input.tenantId, caseId: input.caseId });
        return true;
      });
    },

    /**
     * The registry office confirmed the date: the timeline event and the couple's message with
     * the slot, the place, the documents to bring and the fee (if any). Returns the booking.
     */
    async confirmWedding(input: Ref & { origin: string }): Promise<WeddingReading> {
      const b = await booking(input);
      const fee = Number(b.fee_halere);
      await db.transaction().execute(async (trx) => {
        await recordCaseStepIn(trx, {
          tenantId: input.tenantId,
          caseId: input.caseId,
          key: eventKey(input.caseId, "weddingConfirmed", 1),
          kind: "weddingConfirmed",
          actorType: "system",
          actorId: "wedding-workflow",
          text: czechSlot(b.starts_at),
          notify: true,
          origin: input.origin,
          params: (t) => ({
            slot: czechSlot(b.starts_at),
            place: placeText(b, t),
            documents: t("weddings.documents"),
            fee: fee > 0 ? t("weddings.feeNote", { amount: formatCzk(fee) }) : "",
          }),
        });
        await appendAudit(trx, {
          tenantId: input.tenantId,
          actorType: "system",
          actorId: null,
          action: "wedding.confirmed",
          subjectType: "case",
          subjectId: input.caseId,
          details: { startsAt: b.starts_at.toISOString(), place: b.place_code },
        });
      });
      const today = formatPragueDate(new Date());
      const weekBefore = addDays(formatPragueDate(b.starts_at), -7);
      return {
        startsAtMs: b.starts_at.getTime(),
        feeHalere: fee,
        feeDueDate: weekBefore > today ? weekBefore : today,
        feeTitle: cs("weddings.feeTitle", { slot: czechSlot(b.starts_at) }),
      };
    },

    /** A reminder before the ceremony, once per kind (the event's key). */
    async sendWeddingReminder(
      input: Ref & { kind: WeddingReminderKind; origin: string },
    ): Promise<"sent" | "already-sent" | "released"> {
      const b = await booking(input);
      if (b.released_at) return "released";
      const recorded = await db.transaction().execute((trx) =>
        recordCaseStepIn(trx, {
          tenantId: input.tenantId,
          caseId: input.caseId,
          key: eventKey(input.caseId, input.kind, 1),
          kind: input.kind,
          actorType: "system",
          actorId: "wedding-workflow",
          text: czechSlot(b.starts_at),
          notify: true,
          origin: input.origin,
          params: (t) => ({ slot: czechSlot(b.starts_at), place: placeText(b, t) }),
        })
      );
      log.info("wedding reminder", {
        tenantId: input.tenantId,
        caseId: input.caseId,
        kind: input.kind,
        recorded,
      });
      return recorded ? "sent" : "already-sent";
    },
  };
}

export type WeddingActivities = ReturnType<typeof createWeddingActivities>;
