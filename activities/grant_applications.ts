/**
 * A grant application's side effects (issue 14), for the `grantApplication` workflow: the row
 * follows the formal check (the kit's review: approved → formally_ok, rejected → excluded,
 * returned → returned with its completion deadline, corrected → submitted with the corrected
 * answers and budget, a missed deadline → lapsed), the workflow reads the row after each
 * `grantApplicationChanged` signal, and the settlement reminders go out once each (the
 * `grant_reminders` row, the timeline event and the message in one transaction). Every move
 * goes only from the states it expects, so a retry or a replay changes nothing.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { CaseState } from "../domain/cases.ts";
import { eventKey } from "../domain/cases.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findCase } from "../db/repositories/cases.ts";
import {
  applicationForWorkflow,
  findApplicationByCase,
  insertReminder,
  moveAfterFormalCheck,
  updateFiledApplication,
} from "../db/repositories/grant_applications.ts";
import { budgetLinesOf } from "../domain/situations/grant_application_form.ts";
import type { SettlementReminderKind } from "../domain/grant_reminders.ts";
import { SETTLEMENT_OWED_STATES } from "../domain/grant_reminders.ts";
import { czechDate } from "../domain/grants.ts";
import { pragueStartOfDay } from "../domain/time.ts";
import { recordCaseStepIn } from "../app/case_steps.ts";
import { log } from "../lib/log.ts";

export interface GrantReviewStep {
  tenantId: string;
  caseId: string;
  /** The case's state after the kit's step. */
  state: CaseState;
  round: number;
  /** Epoch ms of a returned round's completion deadline. */
  correctionDueAt: number | null;
  /** The applicant took the application back (a close without it is a lapse). */
  withdrawn?: true;
}

export interface GrantApplicationReading {
  state: string;
  settlementDueAt: number | null;
  settlementsFiled: number;
  remindersSent: string[];
}

const REMINDER_EVENT = {
  settlement_before: "settlementBefore",
  settlement_due: "settlementDue",
  settlement_overdue: "settlementOverdue",
} as const;

export function createGrantApplicationActivities(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  return {
    async followGrantReview(input: GrantReviewStep): Promise<{ state: string | null }> {
      return await db.transaction().execute(async (trx) => {
        const a = await findApplicationByCase(trx, input.tenantId, input.caseId, { lock: true });
        if (!a) return { state: null };
        let moved = false;
        let to: string = a.state;
        if (input.state === "returned") {
          to = "returned";
          moved = await moveAfterFormalCheck(trx, input.tenantId, a.id, ["submitted"], to, {
            completionDeadline: input.correctionDueAt ? new Date(input.correctionDueAt) : null,
          });
        } else if (input.state === "filed") {
          to = "submitted";
          moved = await moveAfterFormalCheck(trx, input.tenantId, a.id, ["returned"], to, {
            completionDeadline: null,
          });
          if (moved) {
            // The correction's answers and budget replace the filed ones.
            const c = await findCase(trx, input.tenantId, input.caseId);
            const values = (c?.values ?? {}) as Record<string, unknown>;
            const cats = await trx.selectFrom("grant_cost_categories").select(["id", "code"])
              .where("tenant_id", "=", input.tenantId)
              .where("programme_id", "=", a.programme_id).execute();
            const byCode = new Map(cats.map((k) => [k.code, k.id]));
            const lines = budgetLinesOf(values).filter((l) => byCode.has(l.category)).map((l) => ({
              categoryId: byCode.get(l.category)!,
              description: l.description,
              amount: l.amount,
              grant: l.grant,
            }));
            if (lines.length) {
              await updateFiledApplication(trx, input.tenantId, a.id, {
                purpose: String(values.purpose ?? a.purpose),
                projectFrom: String(values.projectFrom ?? a.project_from),
                projectTo: String(values.projectTo ?? a.project_to),
                justification: String(values.justification ?? a.justification),
                values,
                totalBudget: lines.reduce((s, l) => s + l.amount, 0),
                asked: lines.reduce((s, l) => s + l.grant, 0),
                lines,
              });
            }
          }
        } else if (input.state === "approved") {
          to = "formally_ok";
          moved = await moveAfterFormalCheck(trx, input.tenantId, a.id, ["submitted"], to);
        } else if (input.state === "rejected") {
          to = "excluded";
          moved = await moveAfterFormalCheck(trx, input.tenantId, a.id, ["submitted"], to);
        } else if (input.state === "closed" && input.withdrawn) {
          to = "withdrawn";
          moved = await moveAfterFormalCheck(
            trx,
            input.tenantId,
            a.id,
            ["submitted", "returned"],
            to,
            { completionDeadline: null },
          );
        } else if (input.state === "closed") {
          to = "lapsed";
          moved = await moveAfterFormalCheck(trx, input.tenantId, a.id, ["returned"], to);
        }
        if (moved) {
          await appendAudit(trx, {
            tenantId: input.tenantId,
            actorType: "system",
            actorId: null,
            action: `grant_application.${to}`,
            subjectType: "grant_application",
            subjectId: a.id,
            details: { round: input.round },
          });
        }
        log.info("grant application follows its review", {
          tenantId: input.tenantId,
          caseId: input.caseId,
          state: to,
          moved,
        });
        return { state: moved ? to : a.state };
      });
    },

    async readGrantApplication(
      input: { tenantId: string; caseId: string },
    ): Promise<GrantApplicationReading | null> {
      const a = await applicationForWorkflow(db, input.tenantId, input.caseId);
      if (!a) return null;
      return {
        state: a.state,
        settlementDueAt: a.settlement_due ? pragueStartOfDay(a.settlement_due).getTime() : null,
        settlementsFiled: a.settlementsFiled,
        remindersSent: a.remindersSent,
      };
    },

    /**
     * One settlement reminder, once: the reminder's row, the timeline event and the message
     * commit together; a second call (a retry, a replay) finds the row and sends nothing. The
     * row is checked again here (a report filed meanwhile stops it).
     */
    async sendGrantReminder(input: {
      tenantId: string;
      caseId: string;
      kind: SettlementReminderKind;
      origin: string;
    }): Promise<"sent" | "already-sent" | "not-owed"> {
      return await db.transaction().execute(async (trx) => {
        const a = await findApplicationByCase(trx, input.tenantId, input.caseId, { lock: true });
        if (!a || !a.settlement_due) return "not-owed";
        if (!(SETTLEMENT_OWED_STATES as readonly string[]).includes(a.state)) return "not-owed";
        const filed = await trx.selectFrom("grant_settlements").select("id")
          .where("tenant_id", "=", input.tenantId).where("application_id", "=", a.id)
          .executeTakeFirst();
        if (filed) return "not-owed";
        if (!(await insertReminder(trx, input.tenantId, a.id, input.kind))) return "already-sent";
        const kind = REMINDER_EVENT[input.kind];
        await recordCaseStepIn(trx, {
          tenantId: input.tenantId,
          caseId: input.caseId,
          key: eventKey(input.caseId, kind, a.settlement_due),
          kind,
          actorType: "system",
          actorId: "grant-application-workflow",
          text: czechDate(a.settlement_due),
          notify: true,
          origin: input.origin,
          link: `/ucet/dotace/${a.id}`,
          params: { due: czechDate(a.settlement_due) },
        });
        log.info("grant settlement reminder", {
          tenantId: input.tenantId,
          caseId: input.caseId,
          kind: input.kind,
        });
        return "sent";
      });
    },
  };
}

export type GrantApplicationActivities = ReturnType<typeof createGrantApplicationActivities>;
