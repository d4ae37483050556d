/**
 * Side effects of a case's workflow. Each step is one transaction: the timeline event (unique by
 * its key), the case's projection, the audit entry and the person's message; when the event is
 * already there (a retry after a crash) nothing is written or sent again. The draft-expiry
 * sweep warns a week ahead and deletes drafts untouched for 90 days.
 */
import { ApplicationFailure } from "@temporalio/activity";
import type { Kysely } from "kysely";
import type { Database, ObligationKind } from "../db/schema.ts";
import { findCaseObligation, insertObligation } from "../db/repositories/obligations.ts";
import { variableSymbolOf } from "../domain/dog_fee_case.ts";
import { formatCzk } from "../domain/money.ts";
import { formatCzechDate } from "../domain/forms/validators.ts";
import { appendCaseEvent, applyCaseStep, findCase } from "../db/repositories/cases.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { deleteExpiredDrafts, draftsToWarn, markDraftWarned } from "../db/repositories/drafts.ts";
import { deleteStaleAttachments } from "../db/repositories/attachments.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import {
  clerkAgendas,
  DAY_MS,
  DRAFT_TTL_DAYS,
  DRAFT_WARN_DAYS,
  eventKey,
} from "../domain/cases.ts";
import { formatPragueDate } from "../domain/time.ts";
import { notifyCasePerson } from "../app/case_notifications.ts";
import { CaseNotFound, type CaseStep, recordCaseStepIn } from "../app/case_steps.ts";

export type { CaseStep };
import { sendMessage } from "../lib/messaging.ts";
import { translator } from "../lib/i18n.ts";
import { log } from "../lib/log.ts";

export interface EscalationInput {
  tenantId: string;
  caseId: string;
  round: number;
  origin: string;
}

/** The messages' texts: Czech (the office's language; the person's choice comes later). */
const t = translator("cs");

export function createCaseActivities(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  async function recordCaseStep(step: CaseStep): Promise<"recorded" | "already-recorded"> {
    const recorded = await db.transaction().execute((trx) => recordCaseStepIn(trx, step)).catch(
      (err) => {
        if (err instanceof CaseNotFound) {
          throw ApplicationFailure.nonRetryable(err.message, "CaseNotFound");
        }
        throw err;
      },
    );
    log.info("case step", {
      tenantId: step.tenantId,
      caseId: step.caseId,
      kind: step.kind,
      recorded,
    });
    return recorded ? "recorded" : "already-recorded";
  }

  /**
   * A case idle past its deadline: the timeline says so (internally), the queue marks it, and
   * the clerk who holds it (else every clerk of its agenda) and the agenda's lead (the town's
   * `caseKit.leads.<agenda>` e-mail, else the office's address) get a reminder. Once per round.
   */
  async function escalateCase(input: EscalationInput): Promise<"escalated" | "already-escalated"> {
    const key = `case/${input.caseId}:escalated:${input.round}`;
    const done = await db.transaction().execute(async (trx) => {
      const c = await findCase(trx, input.tenantId, input.caseId, { lock: true });
      if (!c) {
        throw ApplicationFailure.nonRetryable(`case ${input.caseId} not found`, "CaseNotFound");
      }
      const inserted = await appendCaseEvent(trx, input.tenantId, {
        caseId: c.id,
        key,
        actorType: "system",
        actorId: "case-workflow",
        kind: "escalated",
        visibleToCitizen: false,
      });
      if (!inserted) return false;
      await applyCaseStep(trx, input.tenantId, c.id, { escalatedAt: new Date() });
      await appendAudit(trx, {
        tenantId: input.tenantId,
        actorType: "system",
        actorId: "case-workflow",
        action: "case.escalated",
        subjectType: "case",
        subjectId: c.id,
        details: { round: input.round },
      });
      const tenant = await trx.selectFrom("tenants").select(["name", "email", "settings"])
        .where("id", "=", input.tenantId).executeTakeFirstOrThrow();
      const clerks = await trx.selectFrom("clerks").select(["id", "email", "roles"])
        .where("tenant_id", "=", input.tenantId).where("active", "=", true).execute();
      const holders = c.assigned_clerk_id
        ? clerks.filter((k) => k.id === c.assigned_clerk_id)
        : clerks.filter((k) => {
          const agendas = clerkAgendas(k.roles);
          return agendas !== "all" && agendas.includes(c.agenda);
        });
      const leads = (tenant.settings.caseKit as { leads?: Record<string, unknown> } | undefined)
        ?.leads;
      const lead = typeof leads?.[c.agenda] === "string" ? leads[c.agenda] as string : tenant.email;
      const params = {
        town: tenant.name,
        reference: c.reference,
        due: formatPragueDate(c.due_at),
        link: `${input.origin}/urad/ukoly/${c.id}`,
      };
      const recipients = new Map<string, string>();
      for (const k of holders) recipients.set(`clerk:${k.id}`, k.email);
      if (![...recipients.values()].includes(lead)) recipients.set("lead", lead);
      for (const [who, email] of recipients) {
        await sendMessage(trx, input.tenantId, {
          idempotencyKey: `${key}:${who}`,
          channel: "email",
          recipient: email,
          subject: t("cases.mail.escalated.subject", params),
          body: t("cases.mail.escalated.body", params),
          personId: null, // to a clerk or the agenda's lead
          kind: "case",
          secret: false,
        });
      }
      return true;
    });
    return done ? "escalated" : "already-escalated";
  }

  /**
   * Drafts expiring within a week get one e-mail (or SMS) each; drafts past their 90 days and
   * files never filed with a case are deleted. Safe to run any number of times.
   */
  async function sweepDrafts(): Promise<{ warned: number; deleted: number; files: number }> {
    const now = new Date();
    let warned = 0;
    for (
      const d of await draftsToWarn(db, now, new Date(now.getTime() + DRAFT_WARN_DAYS * DAY_MS))
    ) {
      await db.transaction().execute(async (trx) => {
        if (!(await markDraftWarned(trx, d.tenant_id, d.id, d.expires_at))) return;
        const tenant = await findTenantById(trx, d.tenant_id);
        if (!tenant) return;
        const origin = tenant.publicOrigin || `https://${tenant.hosts[0] ?? "localhost"}`;
        const params = {
          town: tenant.name,
          date: formatPragueDate(d.expires_at),
          link: `${origin}/ucet/podani`,
        };
        const sent = await notifyCasePerson(trx, d.tenant_id, d.person_id, {
          idempotencyKey: `draft-expiry:${d.id}:${d.expires_at.toISOString()}`,
          text: (channel, t) => {
            const p = { ...params, form: t(`cases.forms.${d.form_slug}`) };
            return {
              subject: t("cases.mail.draftExpiry.subject", p),
              body: t(
                channel === "email" ? "cases.mail.draftExpiry.body" : "cases.sms.draftExpiry",
                p,
              ),
            };
          },
        });
        if (sent) warned++;
      });
    }
    const deleted = await deleteExpiredDrafts(db, now);
    const files = await deleteStaleAttachments(
      db,
      new Date(now.getTime() - DRAFT_TTL_DAYS * DAY_MS),
    );
    if (warned || deleted || files) log.info("draft sweep", { warned, deleted, files });
    return { warned, deleted, files };
  }

  /**
   * The kit's fee of a case (a situation's předpis after an approval): the obligation issued
   * once per case (`case_id` unique), its timeline event `feeIssued` and the person's message
   * with amount, due date, account and variable symbol, in one transaction. A retry, a replay or
   * a worker killed half-way issues one obligation and one message.
   */
  async function issueCaseFee(input: CaseFeeInput): Promise<CaseFeeState> {
    const out = await db.transaction().execute(async (trx): Promise<CaseFeeState> => {
      const c = await findCase(trx, input.tenantId, input.caseId, { lock: true });
      if (!c) throw ApplicationFailure.nonRetryable(`case ${input.caseId}`, "CaseNotFound");
      const tenant = await findTenantById(trx, input.tenantId);
      if (!tenant) throw ApplicationFailure.nonRetryable("tenant not found", "CaseNotFound");
      const variableSymbol = variableSymbolOf(c.reference);
      const issued = await insertObligation(trx, input.tenantId, {
        personId: c.person_id,
        caseId: c.id,
        kind: input.kind,
        title: input.title,
        agenda: c.agenda,
        year: Number(input.dueDate.slice(0, 4)),
        amountHalere: input.amountHalere,
        dueDate: input.dueDate,
        variableSymbol,
        specificSymbol: input.specificSymbol,
        account: tenant.iban,
        lines: input.lines ?? {},
      });
      if (issued) {
        await recordCaseStepIn(trx, {
          tenantId: input.tenantId,
          caseId: c.id,
          key: eventKey(c.id, "feeIssued", 1),
          kind: "feeIssued",
          actorType: "system",
          actorId: "case-workflow",
          text: formatCzk(input.amountHalere),
          notify: true,
          origin: input.origin,
          params: {
            title: input.title,
            amount: formatCzk(input.amountHalere),
            due: formatCzechDate(input.dueDate),
            account: tenant.iban,
            vs: variableSymbol,
          },
        });
      }
      const o = await findCaseObligation(trx, input.tenantId, c.id);
      return { issued, paid: o ? o.outstanding_halere === 0 : false };
    });
    log.info("case fee", { tenantId: input.tenantId, caseId: input.caseId, ...out });
    return out;
  }

  /** Whether the case's fee is paid (nothing outstanding), as the ledger says now. */
  async function caseFeeState(
    input: { tenantId: string; caseId: string },
  ): Promise<CaseFeeState | null> {
    const o = await findCaseObligation(db, input.tenantId, input.caseId);
    if (!o) return null;
    return { issued: false, paid: o.outstanding_halere === 0 };
  }

  return { recordCaseStep, escalateCase, sweepDrafts, issueCaseFee, caseFeeState };
}

export interface CaseFeeInput {
  tenantId: string;
  caseId: string;
  origin: string;
  kind: ObligationKind;
  /** What the person's account shows for it. */
  title: string;
  amountHalere: number;
  /** ISO date. */
  dueDate: string;
  /** The budget item (položka) of the fee. */
  specificSymbol: string;
  lines?: unknown;
}

export interface CaseFeeState {
  /** This call issued it. */
  issued: boolean;
  paid: boolean;
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
