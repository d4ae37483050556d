/**
 * The dog fee's own step after an approval: the předpis (payment assessment) computed from the
 * town's ordinance (`dogFeePredpis`, domain/) and issued as an obligation, with its timeline
 * event and the citizen's message, in one transaction. The obligation is unique per case and
 * the event per key, so a retry or a worker killed half-way issues one předpis and one message.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendCaseEvent, findCase } from "../db/repositories/cases.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findDogFeeOrdinance } from "../db/repositories/dog_fee_ordinances.ts";
import { findCaseObligation, insertObligation } from "../db/repositories/obligations.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import { eventKey, pragueYear } from "../domain/cases.ts";
import { dogFeePredpis } from "../domain/dog_fee_case.ts";
import { formatCzk } from "../domain/money.ts";
import { formatCzechDate } from "../domain/forms/validators.ts";
import { formatPragueDate } from "../domain/time.ts";
import { notifyCasePerson } from "../app/case_notifications.ts";
import { log } from "../lib/log.ts";

export interface DogFeeAssessInput {
  tenantId: string;
  caseId: string;
  origin: string;
}

export interface DogFeeAssessed {
  amountHalere: number;
  variableSymbol: string;
  dueDate: string;
  issued: boolean;
}

export function createDogFeeActivities(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  async function assessDogFee(input: DogFeeAssessInput): Promise<DogFeeAssessed> {
    const result = await db.transaction().execute(async (trx): Promise<DogFeeAssessed> => {
      const c = await findCase(trx, input.tenantId, input.caseId, { lock: true });
      if (!c) {
        throw ApplicationFailure.nonRetryable(`case ${input.caseId} not found`, "CaseNotFound");
      }
      const existing = await findCaseObligation(trx, input.tenantId, c.id);
      if (existing) {
        return {
          amountHalere: existing.amount_halere,
          variableSymbol: existing.variable_symbol,
          dueDate: existing.due_date,
          issued: false,
        };
      }
      const now = new Date();
      const year = pragueYear(now);
      const ordinance = await findDogFeeOrdinance(trx, input.tenantId, year);
      if (!ordinance) {
        throw ApplicationFailure.nonRetryable(`no dog-fee ordinance for ${year}`, "NoOrdinance");
      }
      const predpis = dogFeePredpis(ordinance, c.values, c.reference, year, formatPragueDate(now));
      if (!predpis.ok) {
        throw ApplicationFailure.nonRetryable(`dog fee: ${predpis.code}`, "InvalidInput");
      }
      const tenant = await findTenantById(trx, input.tenantId);
      if (!tenant) throw ApplicationFailure.nonRetryable("tenant not found", "CaseNotFound");
      const p = predpis.value;
      await insertObligation(trx, input.tenantId, {
        personId: c.person_id,
        caseId: c.id,
        kind: "dog_fee",
        agenda: c.agenda,
        year,
        amountHalere: p.assessment.total,
        dueDate: p.dueDate,
        variableSymbol: p.variableSymbol,
        specificSymbol: p.specificSymbol,
        account: tenant.iban,
        lines: p.assessment,
      });
      const key = eventKey(c.id, "assessed", 1);
      await appendCaseEvent(trx, input.tenantId, {
        caseId: c.id,
        key,
        actorType: "system",
        actorId: "dog-fee-workflow",
        kind: "assessed",
        visibleToCitizen: true,
        text: formatCzk(p.assessment.total),
      });
      await appendAudit(trx, {
        tenantId: input.tenantId,
        actorType: "system",
        actorId: "dog-fee-workflow",
        action: "obligation.issued",
        subjectType: "case",
        subjectId: c.id,
        details: { amountHalere: p.assessment.total, variableSymbol: p.variableSymbol, year },
      });
      {
        const params = {
          town: tenant.name,
          reference: c.reference,
          amount: formatCzk(p.assessment.total),
          due: formatCzechDate(p.dueDate),
          account: tenant.iban,
          vs: p.variableSymbol,
          ss: p.specificSymbol,
          year,
          link: `${input.origin}/ucet/podani/${c.id}`,
        };
        await notifyCasePerson(trx, input.tenantId, c.person_id, {
          idempotencyKey: key,
          text: (channel, t) => ({
            subject: t("dogFee.mail.assessed.subject", params),
            body: t(
              channel === "email" ? "dogFee.mail.assessed.body" : "dogFee.sms.assessed",
              params,
            ),
          }),
        });
      }
      return {
        amountHalere: p.assessment.total,
        variableSymbol: p.variableSymbol,
        dueDate: p.dueDate,
        issued: true,
      };
    });
    log.info("dog fee assessed", { tenantId: input.tenantId, caseId: input.caseId, ...result });
    return result;
  }

  return { assessDogFee };
}

export type DogFeeActivities = ReturnType<typeof createDogFeeActivities>;
