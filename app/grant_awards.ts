/**
 * A grant after the council's decision (issue 14): the clerk prepares the contract, the
 * applicant confirms it (payouts planned, the settlement deadline set), the clerk exports due
 * payouts as a batch for the accountant and marks the batch paid, the applicant files the
 * settlement report, and the clerk accepts it (closed) or requests a return (an obligation of
 * kind `grant_return` in the applicant's account; closed once the return is paid in full —
 * the clerk closes it, the page shows whether it is paid).
 *
 * Each step that moves an application is one transaction: its rows, the timeline event and the
 * applicant's message (`recordCaseStepIn`), the audit entry and the signal
 * `grantApplicationChanged` to the application's workflow. A repeated request changes, files and
 * notifies nothing twice (state guards, unique keys, the event's key).
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import { findCaseObligation, insertLedgerObligation } from "../db/repositories/ledger.ts";
import {
  bindAttachments,
  insertAttachment,
  listCaseAttachments,
} from "../db/repositories/attachments.ts";
import {
  applicationBudget,
  applicationPayouts,
  type AwardRow,
  batchPayouts,
  confirmContractRow,
  contractFile,
  createBatch,
  decideSettlement,
  findAward,
  findBatch,
  findBatchByKey,
  findContract,
  findSettlement,
  grantedYears,
  insertContract,
  insertPayouts,
  insertSettlement,
  listBatches,
  listContractCandidates,
  listGrantedGrants,
  listPlannedPayouts,
  listSettlementsToReview,
  markBatchPaidRows,
  setApplication,
} from "../db/repositories/grant_awards.ts";
import {
  addDays,
  CONTRACT_TEMPLATE_VERSION,
  type ContractContent,
  contractContent,
  contractNumber,
  instalmentPlan,
  isLate,
  payoutVariableSymbol,
  RETURN_DUE_DAYS,
  returnVariableSymbol,
  type SettlementBudgetLine,
  type SettlementDraft,
  settlementDueOf,
  stateAfterPayout,
} from "../domain/grant_awards.ts";
import { publishedRecipient } from "../domain/grants.ts";
import { eventKey, pragueYear } from "../domain/cases.ts";
import { grantApplicationChanged } from "../domain/workflows.ts";
import { formatCzk } from "../domain/money.ts";
import { formatCzechDate } from "../domain/forms/validators.ts";
import { formatPragueDate } from "../domain/time.ts";
import { recordCaseStepIn } from "./case_steps.ts";
import type { ClerkActor, PersonActor } from "./deps.ts";

export interface AwardDeps {
  db: Kysely<Database>;
}

type Trx = Transaction<Database>;

function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
}

/** The applicant's address as filed (a legal person's seat), else the filer's own for a person. */
function addressOf(values: unknown, kind: string, personAddress: string | null): string | null {
  const v = (values ?? {}) as Record<string, unknown>;
  return str(v.address) ?? str(v.seat) ?? str(v.applicantAddress) ??
    (kind === "organisation" ? null : personAddress);
}

async function signal(trx: Trx, a: AwardRow, step: string): Promise<void> {
  if (!a.case_id) return;
  await enqueueCommand(
    trx,
    grantApplicationChanged(
      { tenantId: a.tenant_id, caseId: a.case_id, workflowId: a.workflow_id },
      step,
    ),
  );
}

function link(a: AwardRow): string {
  return `/ucet/dotace/${a.id}`;
}

// ---------------------------------------------------------------------------------------------
// Contract

export type RenderContract = (
  c: ContractContent,
  provider: { name: string; address: string },
) => Promise<{ docx: Uint8Array; pdf: Uint8Array }>;

export type PrepareContractResult =
  | { ok: true; created: boolean }
  | { ok: false; code: "notFound" | "wrongState" };

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The clerk prepares the contract of a granted application from the template (docx and pdf,
 * the pdf's sha256 stored); the applicant is told to confirm it. Once per application.
 */
export async function prepareContract(
  deps: AwardDeps & { render: RenderContract },
  actor: ClerkActor,
  input: { applicationId: string; now: Date; origin: string },
): Promise<PrepareContractResult> {
  const a = await findAward(deps.db, actor.tenantId, input.applicationId);
  if (!a || !a.case_id || !a.reference) return { ok: false, code: "notFound" };
  if (await findContract(deps.db, actor.tenantId, a.id)) return { ok: true, created: false };
  if (a.state !== "granted" || !a.granted_halere) return { ok: false, code: "wrongState" };
  const tenant = await findTenantById(deps.db, actor.tenantId);
  if (!tenant) return { ok: false, code: "notFound" };
  const person = await deps.db.selectFrom("persons").select(["birth_date", "address"])
    .where("tenant_id", "=", actor.tenantId).where("id", "=", a.person_id).executeTakeFirst();
  const granted = Number(a.granted_halere);
  const instalments = Math.max(1, Math.min(a.max_instalments, 12));
  const settlementDue = settlementDueOf(
    { settlementRule: a.settlement_rule, settlementDays: a.settlement_days },
    { settlementDeadline: a.call_settlement_deadline, projectTo: a.project_to },
  );
  const values = (a.values ?? {}) as Record<string, unknown>;
  const content = contractContent({
    number: contractNumber(a.reference),
    reference: a.reference,
    provider: {
      name: tenant.officialName,
      address: tenant.address,
      ico: tenant.ico,
      account: tenant.iban,
    },
    recipient: {
      kind: a.applicant_kind,
      name: a.applicant_name,
      ico: a.applicant_ico,
      birthDate: a.applicant_kind === "organisation" ? null : person?.birth_date ?? null,
      address: addressOf(a.values, a.applicant_kind, person?.address ?? null),
      representatives: str(values.representatives),
    },
    programme: a.programme_title,
    call: a.call_title,
    legalBasis: a.legal_basis,
    purpose: a.purpose,
    projectFrom: a.project_from,
    projectTo: a.project_to,
    granted,
    instalments,
    settlementDue,
    decidedOn: a.decided_on,
    resolution: a.resolution,
    preparedOn: formatPragueDate(input.now),
  });
  const files = await deps.render(content, {
    name: tenant.officialName,
    address: tenant.address,
  });
  const sha256 = await sha256Hex(files.pdf);
  return await deps.db.transaction().execute(async (trx): Promise<PrepareContractResult> => {
    const locked = await findAward(trx, actor.tenantId, a.id, { lock: true });
    if (!locked || locked.state !== "granted") return { ok: false, code: "wrongState" };
    const created = await insertContract(trx, actor.tenantId, {
      applicationId: a.id,
      number: content.number,
      granted,
      instalments,
      settlementDue,
      templateVersion: CONTRACT_TEMPLATE_VERSION,
      docx: files.docx,
      pdf: files.pdf,
      sha256,
    });
    if (!created) return { ok: true, created: false };
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "grant_contract.prepared",
      subjectType: "grant_application",
      subjectId: a.id,
      requestId: actor.requestId,
      details: { number: content.number, grantedHalere: granted, instalments, sha256 },
    });
    await recordCaseStepIn(trx, {
      tenantId: actor.tenantId,
      caseId: a.case_id!,
      key: eventKey(a.case_id!, "grantContractReady", 1),
      kind: "grantContractReady",
      actorType: "clerk",
      actorId: actor.clerkId,
      text: content.number,
      notify: true,
      origin: input.origin,
      link: link(a),
      params: { number: content.number, amount: formatCzk(granted) },
    });
    return { ok: true, created: true };
  });
}

export type ConfirmContractResult =
  | { ok: true; already: boolean }
  | { ok: false; code: "notFound" | "noContract" | "wrongState" };

/**
 * The applicant confirms the contract (and names the payout account): contracted, the
 * settlement deadline set on the application, the payouts planned. A second confirmation
 * changes nothing.
 */
export async function confirmContract(
  deps: AwardDeps,
  actor: PersonActor,
  input: { applicationId: string; account: string; now: Date; origin: string },
): Promise<ConfirmContractResult> {
  return await deps.db.transaction().execute(async (trx): Promise<ConfirmContractResult> => {
    const a = await findAward(trx, actor.tenantId, input.applicationId, {
      personId: actor.personId,
      lock: true,
    });
    if (!a || !a.case_id || !a.reference) return { ok: false, code: "notFound" };
    const contract = await findContract(trx, actor.tenantId, a.id);
    if (!contract) return { ok: false, code: "noContract" };
    if (contract.confirmed_at) return { ok: true, already: true };
    if (a.state !== "granted") return { ok: false, code: "wrongState" };
    if (!await confirmContractRow(trx, actor.tenantId, contract.id, actor.personId)) {
      return { ok: true, already: true };
    }
    const today = formatPragueDate(input.now);
    const plan = instalmentPlan(Number(contract.granted_halere), contract.instalments, today);
    await insertPayouts(trx, actor.tenantId, {
      applicationId: a.id,
      contractId: contract.id,
      account: input.account,
      variableSymbol: payoutVariableSymbol(a.reference),
      plan,
    });
    await setApplication(trx, actor.tenantId, a.id, {
      state: "contracted",
      settlement_due: contract.settlement_due,
    });
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "person",
      actorId: actor.personId,
      onBehalfOf: actor.onBehalfOf,
      action: "grant_contract.confirmed",
      subjectType: "grant_application",
      subjectId: a.id,
      requestId: actor.requestId,
      details: { number: contract.number, instalments: plan.length },
    });
    await recordCaseStepIn(trx, {
      tenantId: actor.tenantId,
      caseId: a.case_id,
      key: eventKey(a.case_id, "grantContracted", 1),
      kind: "grantContracted",
      actorType: "person",
      actorId: actor.personId,
      text: contract.number,
      notify: true,
      origin: input.origin,
      link: link(a),
      params: { number: contract.number, due: formatCzechDate(contract.settlement_due) },
    });
    await signal(trx, a, "contracted");
    return { ok: true, already: false };
  });
}

// ---------------------------------------------------------------------------------------------
// Payouts

export type ExportPayoutsResult =
  | { ok: true; batchId: string; created: boolean }
  | { ok: false; code: "nothingDue" };

/** Exports the planned payouts due by `until` as one batch; once per the form's token. */
export async function exportPayouts(
  deps: AwardDeps,
  actor: ClerkActor,
  input: { until: string; key: string; now: Date },
): Promise<ExportPayoutsResult> {
  return await deps.db.transaction().execute(async (trx): Promise<ExportPayoutsResult> => {
    const existing = await findBatchByKey(trx, actor.tenantId, input.key);
    if (existing) return { ok: true, batchId: existing.id, created: false };
    const batch = await createBatch(trx, actor.tenantId, {
      key: input.key,
      until: input.until,
      year: pragueYear(input.now),
      clerkId: actor.clerkId,
    });
    if (!batch) return { ok: false, code: "nothingDue" };
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "grant_payouts.exported",
      subjectType: "grant_payout_batch",
      subjectId: batch.id,
      requestId: actor.requestId,
      details: { number: batch.number, payouts: batch.payouts, totalHalere: batch.total },
    });
    return { ok: true, batchId: batch.id, created: true };
  });
}

export type MarkBatchPaidResult =
  | { ok: true; already: boolean }
  | { ok: false; code: "notFound" };

/**
 * The accountant paid the batch: each payout paid, each application's paid amount raised (and
 * `paid` once every instalment is), a timeline event and message per application.
 */
export async function markBatchPaid(
  deps: AwardDeps,
  actor: ClerkActor,
  input: { batchId: string; origin: string },
): Promise<MarkBatchPaidResult> {
  return await deps.db.transaction().execute(async (trx): Promise<MarkBatchPaidResult> => {
    const batch = await findBatch(trx, actor.tenantId, input.batchId, true);
    if (!batch) return { ok: false, code: "notFound" };
    const sums = await markBatchPaidRows(trx, actor.tenantId, batch.id, actor.clerkId);
    if (!sums) return { ok: true, already: true };
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "grant_payouts.paid",
      subjectType: "grant_payout_batch",
      subjectId: batch.id,
      requestId: actor.requestId,
      details: { number: batch.number, applications: sums.length },
    });
    for (const s of sums) {
      const a = await findAward(trx, actor.tenantId, s.applicationId, { lock: true });
      if (!a || !a.case_id) continue;
      const paid = Number(a.paid_halere) + s.amount;
      const granted = Number(a.granted_halere ?? 0);
      const moved = a.state === "contracted" ? stateAfterPayout(granted, paid) : a.state;
      await setApplication(trx, actor.tenantId, a.id, { paid_halere: paid, state: moved });
      await recordCaseStepIn(trx, {
        tenantId: actor.tenantId,
        caseId: a.case_id,
        key: eventKey(a.case_id, "grantPaid", batch.id),
        kind: "grantPaid",
        actorType: "clerk",
        actorId: actor.clerkId,
        text: formatCzk(s.amount),
        notify: true,
        origin: input.origin,
        link: link(a),
        params: { amount: formatCzk(s.amount) },
      });
      await signal(trx, a, `paid-${batch.id}`);
    }
    return { ok: true, already: false };
  });
}

/** The payouts page: what is due by `until`, and the batches. */
export async function payoutsOverview(db: Kysely<Database>, tenantId: string, until: string) {
  const [due, batches] = await Promise.all([
    listPlannedPayouts(db, tenantId, until),
    listBatches(db, tenantId),
  ]);
  return { due, batches };
}

/** One batch with its payouts (the same rows, in the same order, every time). */
export async function payoutBatch(db: Kysely<Database>, tenantId: string, id: string) {
  const batch = await findBatch(db, tenantId, id);
  if (!batch) return undefined;
  return { batch, payouts: await batchPayouts(db, tenantId, batch.id) };
}

// ---------------------------------------------------------------------------------------------
// Reading an application after the decision

async function awardDetail(db: Kysely<Database>, a: AwardRow) {
  const [contract, payouts, settlement, budget, obligation, files] = await Promise.all([
    findContract(db, a.tenant_id, a.id),
    applicationPayouts(db, a.tenant_id, a.id),
    findSettlement(db, a.tenant_id, a.id),
    applicationBudget(db, a.tenant_id, a.id),
    a.case_id ? findCaseObligation(db, a.tenant_id, a.case_id) : Promise.resolve(undefined),
    a.case_id ? listCaseAttachments(db, a.tenant_id, a.case_id) : Promise.resolve([]),
  ]);
  const settlementBudget: SettlementBudgetLine[] = budget.filter((b) => b.kind === "application")
    .map((b) => ({
      position: b.position,
      categoryId: b.cost_category_id,
      categoryName: b.category_name,
      eligible: b.eligible,
      description: b.description,
      plannedAmount: Number(b.amount_halere),
      plannedGrant: Number(b.grant_halere),
    }));
  const actual = budget.filter((b) => b.kind === "settlement");
  return {
    award: a,
    contract: contract ?? null,
    payouts,
    settlement: settlement ?? null,
    budget: settlementBudget,
    actual,
    obligation: obligation && obligation.kind === "grant_return" ? obligation : null,
    /** The settlement report's attachments. */
    files: files.filter((f) => f.field === SETTLEMENT_FIELD),
  };
}

export type AwardDetail = Awaited<ReturnType<typeof awardDetail>>;

/** The applicant's application after the decision (their own only). */
export async function applicantAward(deps: AwardDeps, actor: PersonActor, id: string) {
  const a = await findAward(deps.db, actor.tenantId, id, { personId: actor.personId });
  return a ? await awardDetail(deps.db, a) : undefined;
}

/** The clerk's view of an application after the decision. */
export async function clerkAward(deps: AwardDeps, tenantId: string, id: string) {
  const a = await findAward(deps.db, tenantId, id);
  return a ? await awardDetail(deps.db, a) : undefined;
}

/** The applicant's contract file (their own application only). */
export async function applicantContractFile(
  deps: AwardDeps,
  actor: PersonActor,
  id: string,
  format: "pdf" | "docx",
): Promise<{ number: string; bytes: Uint8Array } | undefined> {
  const a = await findAward(deps.db, actor.tenantId, id, { personId: actor.personId });
  if (!a) return undefined;
  const f = await contractFile(deps.db, actor.tenantId, a.id, format);
  const bytes = f?.[format];
  return f && bytes ? { number: f.number, bytes } : undefined;
}

export async function contractCandidates(db: Kysely<Database>, tenantId: string) {
  return await listContractCandidates(db, tenantId);
}

export async function settlementsToReview(db: Kysely<Database>, tenantId: string) {
  return await listSettlementsToReview(db, tenantId);
}

// ---------------------------------------------------------------------------------------------
// Settlement report

/** The attachments' field name on the case (the settlement report's files). */
export const SETTLEMENT_FIELD = "settlement";

export interface SettlementFile {
  fileName: string;
  mediaType: string;
  sha256: string;
  bytes: Uint8Array;
}

export type SubmitSettlementResult =
  | { ok: true; late: boolean; already: boolean }
  | { ok: false; code: "notFound" | "wrongState" };

/** The applicant files the settlement report; `late` after the deadline's day. Once. */
export async function submitSettlement(
  deps: AwardDeps,
  actor: PersonActor,
  input: {
    applicationId: string;
    draft: SettlementDraft;
    now: Date;
    origin: string;
    /** Checked by the route (`checkSettlementFiles`); stored with the case once. */
    files?: readonly SettlementFile[];
  },
): Promise<SubmitSettlementResult> {
  return await deps.db.transaction().execute(async (trx): Promise<SubmitSettlementResult> => {
    const a = await findAward(trx, actor.tenantId, input.applicationId, {
      personId: actor.personId,
      lock: true,
    });
    if (!a || !a.case_id) return { ok: false, code: "notFound" };
    const existing = await findSettlement(trx, actor.tenantId, a.id);
    if (existing) return { ok: true, late: existing.late, already: true };
    if (a.state !== "paid" && a.state !== "contracted") return { ok: false, code: "wrongState" };
    const late = isLate(formatPragueDate(input.now), a.settlement_due);
    const d = input.draft;
    const eligible = Math.min(d.eligible, Number(a.paid_halere));
    await insertSettlement(trx, actor.tenantId, {
      applicationId: a.id,
      personId: actor.personId,
      late,
      spent: d.spent,
      eligible,
      report: d.report,
      lines: d.lines,
    });
    const ids: string[] = [];
    for (const f of input.files ?? []) {
      const id = crypto.randomUUID();
      await insertAttachment(trx, actor.tenantId, {
        id,
        personId: actor.personId,
        field: SETTLEMENT_FIELD,
        fileName: f.fileName,
        mediaType: f.mediaType,
        sizeBytes: f.bytes.length,
        sha256: f.sha256,
        content: f.bytes,
      });
      ids.push(id);
    }
    await bindAttachments(trx, actor.tenantId, actor.personId, a.case_id, ids);
    await setApplication(trx, actor.tenantId, a.id, { state: "settlement_submitted" });
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "person",
      actorId: actor.personId,
      onBehalfOf: actor.onBehalfOf,
      action: "grant_settlement.submitted",
      subjectType: "grant_application",
      subjectId: a.id,
      requestId: actor.requestId,
      details: { late, spentHalere: d.spent, eligibleHalere: eligible },
    });
    await recordCaseStepIn(trx, {
      tenantId: actor.tenantId,
      caseId: a.case_id,
      key: eventKey(a.case_id, "grantSettlementFiled", 1),
      kind: late ? "grantSettlementFiledLate" : "grantSettlementFiled",
      actorType: "person",
      actorId: actor.personId,
      text: null,
      notify: true,
      origin: input.origin,
      link: link(a),
    });
    await signal(trx, a, "settlement-1");
    return { ok: true, late, already: false };
  });
}

export type DecideSettlementResult =
  | { ok: true; already: boolean }
  | { ok: false; code: "notFound" | "wrongState" | "returnTooHigh" | "returnUnpaid" };

/** The clerk accepts the settlement report: closed with the settled amount. */
export async function acceptSettlement(
  deps: AwardDeps,
  actor: ClerkActor,
  input: { applicationId: string; origin: string },
): Promise<DecideSettlementResult> {
  return await deps.db.transaction().execute(async (trx): Promise<DecideSettlementResult> => {
    const a = await findAward(trx, actor.tenantId, input.applicationId, { lock: true });
    if (!a || !a.case_id) return { ok: false, code: "notFound" };
    const s = await findSettlement(trx, actor.tenantId, a.id);
    if (!s) return { ok: false, code: "wrongState" };
    if (s.state === "accepted") return { ok: true, already: true };
    if (a.state !== "settlement_submitted" || s.state !== "submitted") {
      return { ok: false, code: "wrongState" };
    }
    await decideSettlement(trx, actor.tenantId, s.id, {
      state: "accepted",
      clerkId: actor.clerkId,
    });
    const settled = Number(a.paid_halere);
    await setApplication(trx, actor.tenantId, a.id, {
      state: "closed",
      settled_halere: settled,
      closed_at: new Date(),
    });
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "grant_settlement.accepted",
      subjectType: "grant_application",
      subjectId: a.id,
      requestId: actor.requestId,
      details: { settledHalere: settled },
    });
    await recordCaseStepIn(trx, {
      tenantId: actor.tenantId,
      caseId: a.case_id,
      key: eventKey(a.case_id, "grantSettled", 1),
      kind: "grantSettled",
      actorType: "clerk",
      actorId: actor.clerkId,
      state: "closed",
      text: formatCzk(settled),
      notify: true,
      origin: input.origin,
      link: link(a),
      params: { amount: formatCzk(settled) },
    });
    await signal(trx, a, "closed");
    return { ok: true, already: false };
  });
}

/**
 * The clerk requests a return of unused or ineligible money: one obligation (kind
 * `grant_return`, the case's, so one per application) in the applicant's account, with its
 * variable symbol and due date; return_requested.
 */
export async function requestReturn(
  deps: AwardDeps,
  actor: ClerkActor,
  input: { applicationId: string; amount: number; reason: string; now: Date; origin: string },
): Promise<DecideSettlementResult> {
  return await deps.db.transaction().execute(async (trx): Promise<DecideSettlementResult> => {
    const a = await findAward(trx, actor.tenantId, input.applicationId, { lock: true });
    if (!a || !a.case_id || !a.reference) return { ok: false, code: "notFound" };
    const s = await findSettlement(trx, actor.tenantId, a.id);
    if (!s) return { ok: false, code: "wrongState" };
    if (s.state === "return_requested") return { ok: true, already: true };
    if (a.state !== "settlement_submitted" || s.state !== "submitted") {
      return { ok: false, code: "wrongState" };
    }
    const paid = Number(a.paid_halere);
    if (input.amount <= 0 || input.amount > paid) return { ok: false, code: "returnTooHigh" };
    const tenant = await findTenantById(trx, actor.tenantId);
    if (!tenant) return { ok: false, code: "notFound" };
    const due = addDays(formatPragueDate(input.now), RETURN_DUE_DAYS);
    const vs = returnVariableSymbol(a.reference);
    const obligationId = await insertLedgerObligation(trx, actor.tenantId, {
      personId: a.person_id,
      caseId: a.case_id,
      sourceKey: `grant-return:${a.id}`,
      kind: "grant_return",
      agenda: "dotace",
      year: pragueYear(input.now),
      title: `Vrácení dotace ${a.reference}`,
      amountHalere: input.amount,
      dueDate: due,
      variableSymbol: vs,
      account: tenant.iban,
      lines: [{ reason: input.reason, reference: a.reference }],
    });
    if (!obligationId) return { ok: true, already: true };
    await decideSettlement(trx, actor.tenantId, s.id, {
      state: "return_requested",
      clerkId: actor.clerkId,
      returnHalere: input.amount,
      returnReason: input.reason,
      obligationId,
    });
    await setApplication(trx, actor.tenantId, a.id, {
      state: "return_requested",
      settled_halere: paid - input.amount,
    });
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "grant_settlement.return_requested",
      subjectType: "grant_application",
      subjectId: a.id,
      requestId: actor.requestId,
      details: { returnHalere: input.amount, variableSymbol: vs, due },
    });
    await recordCaseStepIn(trx, {
      tenantId: actor.tenantId,
      caseId: a.case_id,
      key: eventKey(a.case_id, "grantReturnRequested", 1),
      kind: "grantReturnRequested",
      actorType: "clerk",
      actorId: actor.clerkId,
      text: input.reason,
      notify: true,
      origin: input.origin,
      link: link(a),
      params: {
        amount: formatCzk(input.amount),
        due: formatCzechDate(due),
        vs,
        account: tenant.iban,
      },
    });
    await signal(trx, a, "return-requested");
    return { ok: true, already: false };
  });
}

/** The clerk closes an application whose return is paid in full ("returnUnpaid" before). */
export async function closeAfterReturn(
  deps: AwardDeps,
  actor: ClerkActor,
  input: { applicationId: string; origin: string },
): Promise<DecideSettlementResult> {
  return await deps.db.transaction().execute(async (trx): Promise<DecideSettlementResult> => {
    const a = await findAward(trx, actor.tenantId, input.applicationId, { lock: true });
    if (!a || !a.case_id) return { ok: false, code: "notFound" };
    if (a.state === "closed") return { ok: true, already: true };
    if (a.state !== "return_requested") return { ok: false, code: "wrongState" };
    const o = await findCaseObligation(trx, actor.tenantId, a.case_id);
    if (!o || o.kind !== "grant_return") return { ok: false, code: "wrongState" };
    if (o.outstanding_halere > 0) return { ok: false, code: "returnUnpaid" };
    await setApplication(trx, actor.tenantId, a.id, {
      state: "closed",
      returned_halere: o.amount_halere,
      closed_at: new Date(),
    });
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "grant_application.closed",
      subjectType: "grant_application",
      subjectId: a.id,
      requestId: actor.requestId,
      details: { returnedHalere: o.amount_halere },
    });
    await recordCaseStepIn(trx, {
      tenantId: actor.tenantId,
      caseId: a.case_id,
      key: eventKey(a.case_id, "grantSettled", 1),
      kind: "grantSettled",
      actorType: "clerk",
      actorId: actor.clerkId,
      state: "closed",
      text: formatCzk(Number(a.settled_halere ?? 0)),
      notify: true,
      origin: input.origin,
      link: link(a),
      params: { amount: formatCzk(Number(a.settled_halere ?? 0)) },
    });
    await signal(trx, a, "closed");
    return { ok: true, already: false };
  });
}

// ---------------------------------------------------------------------------------------------
// Open data

export interface GrantedGrant {
  recipient: string;
  ico: string | null;
  municipality: string | null;
  kind: string;
  programme: string;
  purpose: string;
  amountHalere: number;
  decidedOn: string;
}

/** Granted grants decided in `year`, as the law allows them published (`publishedRecipient`). */
export async function grantedGrants(
  db: Kysely<Database>,
  tenantId: string,
  year: number,
): Promise<{ years: number[]; rows: GrantedGrant[] }> {
  const [years, rows] = await Promise.all([
    grantedYears(db, tenantId),
    listGrantedGrants(db, tenantId, year),
  ]);
  return {
    years,
    rows: rows.map((r) => {
      const amount = Number(r.granted_halere);
      const p = publishedRecipient({
        kind: r.applicant_kind,
        name: r.applicant_name,
        ico: r.applicant_ico,
        address: addressOf(r.values, r.applicant_kind, r.person_address),
        grantedHalere: amount,
      });
      return {
        recipient: p.name,
        ico: p.ico,
        municipality: p.municipality,
        kind: p.kind,
        programme: r.programme_title,
        purpose: r.purpose,
        amountHalere: amount,
        decidedOn: r.decided_on,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// "Moje dotace": the applicant's links after the decision

export interface AwardLink {
  /** Message key of the link. */
  label: string;
  href: string;
}

/**
 * The applicant's actions and documents after the decision, for "Moje dotace"
 * (app/grant_applications.ts `myGrantApplication`): the contract to confirm (then its pdf and
 * docx), the settlement report to file (then what was filed). Only for the filer (`own`): the
 * contract and the report are theirs to confirm and file.
 */
export async function awardLinks(
  db: Kysely<Database>,
  tenantId: string,
  a: { id: string; state: string; own: boolean },
): Promise<{ actions: AwardLink[]; documents: AwardLink[] }> {
  const actions: AwardLink[] = [];
  const documents: AwardLink[] = [];
  if (!a.own) return { actions, documents };
  const contract = await findContract(db, tenantId, a.id);
  if (!contract) return { actions, documents };
  const base = `/ucet/dotace/${a.id}`;
  documents.push(
    { label: "grantAwards.links.contractPdf", href: `${base}/smlouva.pdf` },
    { label: "grantAwards.links.contractDocx", href: `${base}/smlouva.docx` },
  );
  if (!contract.confirmed_at) {
    if (a.state === "granted") {
      actions.push({ label: "grantAwards.links.confirm", href: `${base}/smlouva` });
    }
    return { actions, documents };
  }
  actions.push({ label: "grantAwards.links.contract", href: `${base}/smlouva` });
  const settlement = await findSettlement(db, tenantId, a.id);
  if (settlement) {
    actions.push({ label: "grantAwards.links.settlement", href: `${base}/vyuctovani` });
  } else if (a.state === "contracted" || a.state === "paid") {
    actions.push({ label: "grantAwards.links.settle", href: `${base}/vyuctovani` });
  }
  return { actions, documents };
}
