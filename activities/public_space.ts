/**
 * A public-space occupation's side effects (issue 15), for the `publicSpaceOccupation` workflow:
 * the refusal recorded on the occupation, its reading (fee, dates, end), and the permit issued
 * once — its number and time on the row, the timeline event and the applicant's message with
 * the link to the permit's PDF in one transaction.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { eventKey } from "../domain/cases.ts";
import { addDays } from "../domain/wedding.ts";
import { permitNumber } from "../domain/public_space.ts";
import { formatPragueDate, pragueStartOfDay } from "../domain/time.ts";
import { formatCzechDate } from "../domain/forms/validators.ts";
import { recordCaseStepIn } from "../app/case_steps.ts";
import { findCase } from "../db/repositories/cases.ts";
import { translator } from "../lib/i18n.ts";
import { log } from "../lib/log.ts";

const t = translator("cs");

interface Ref {
  tenantId: string;
  caseId: string;
}

export interface OccupationReading {
  feeHalere: number;
  feeTitle: string;
  /** ISO date: the first day of the occupation, not before today. */
  feeDueDate: string;
  /** The midnight (Europe/Prague) after the last day. */
  endsAtMs: number;
}

export function createPublicSpaceActivities(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  async function occupation(ref: Ref) {
    const o = await db.selectFrom("public_space_occupations").selectAll()
      .where("tenant_id", "=", ref.tenantId).where("case_id", "=", ref.caseId)
      .executeTakeFirst();
    if (!o) throw ApplicationFailure.nonRetryable(`no occupation of ${ref.caseId}`, "CaseNotFound");
    return o;
  }

  return {
    async refuseOccupation(input: Ref): Promise<void> {
      await db.updateTable("public_space_occupations").set({ refused_at: new Date() })
        .where("tenant_id", "=", input.tenantId).where("case_id", "=", input.caseId)
        .where("refused_at", "is", null).execute();
    },

    async readOccupation(input: Ref): Promise<OccupationReading> {
      const o = await occupation(input);
      const today = formatPragueDate(new Date());
      const from = String(o.date_from);
      return {
        feeHalere: Number(o.fee_halere),
        feeTitle: t("publicSpace.feeTitle", {
          street: o.street,
          area: Number(o.area_m2).toLocaleString("cs-CZ"),
          from: formatCzechDate(from),
          to: formatCzechDate(String(o.date_to)),
        }),
        feeDueDate: from > today ? from : today,
        endsAtMs: pragueStartOfDay(addDays(String(o.date_to), 1)).getTime(),
      };
    },

    /** The permit, once: its number, the event and the message (the PDF is rendered on request). */
    async issuePermit(input: Ref & { origin: string }): Promise<string> {
      return await db.transaction().execute(async (trx) => {
        const c = await findCase(trx, input.tenantId, input.caseId, { lock: true });
        if (!c) throw ApplicationFailure.nonRetryable(`case ${input.caseId}`, "CaseNotFound");
        const number = permitNumber(c.reference);
        const r = await trx.updateTable("public_space_occupations")
          .set({ permit_number: number, permit_issued_at: new Date() })
          .where("tenant_id", "=", input.tenantId).where("case_id", "=", input.caseId)
          .where("permit_issued_at", "is", null).executeTakeFirst();
        if ((r.numUpdatedRows ?? 0n) > 0n) {
          await recordCaseStepIn(trx, {
            tenantId: input.tenantId,
            caseId: input.caseId,
            key: eventKey(input.caseId, "permitIssued", 1),
            kind: "permitIssued",
            actorType: "system",
            actorId: "public-space-workflow",
            text: number,
            notify: true,
            origin: input.origin,
            params: {
              permit: number,
              pdf: `${input.origin}/ucet/podani/${input.caseId}/povoleni.pdf`,
            },
          });
          log.info("occupation permit issued", { tenantId: input.tenantId, caseId: c.id });
        }
        return number;
      });
    },
  };
}

export type PublicSpaceActivities = ReturnType<typeof createPublicSpaceActivities>;
