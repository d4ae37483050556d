/**
 * The contract between the web and the workflows, as plain data: workflow type names, Update and
 * signal names, workflow ids (business keys) and the commands that start or reach them. The web
 * builds commands from here and queues them in the database (the transactional outbox); the
 * worker's relay executes them. Nothing here talks to Temporal, so the web never loads a gRPC
 * client; the workflows import their names from here, so both sides agree by construction.
 */

/** Workflow types the worker hosts (the exported function names in `workflows/index.ts`). */
export const WORKFLOW_TYPES = {
  notice: "noticeLifecycle",
  accessibilityReport: "accessibilityReportNotification",
  message: "messageDelivery",
  passwordReset: "passwordResetRequest",
  caseReview: "caseReview",
  dogFee: "dogFeeRegistration",
  draftExpiry: "draftExpirySweep",
  statementDrop: "statementDropPoll",
  defectReport: "defectReport",
  cardPayment: "cardPayment",
  cardRefund: "cardRefund",
  paymentReminders: "paymentReminders",
} as const;
export type WorkflowType = typeof WORKFLOW_TYPES[keyof typeof WORKFLOW_TYPES];

/** Updates and signals, by workflow. */
export const NOTICE_UPDATES = { withdraw: "withdrawNotice" } as const;

/** Search attributes an operator filters by in the Temporal UI. */
export interface CaseSearchAttributes {
  TenantId: string;
  CaseType: string;
  CaseStatus?: string;
}

interface CommandBase {
  /** Unique per tenant: queueing the same command twice (a retried request) stores it once. */
  key: string;
  tenantId: string;
  workflowId: string;
  /** What the command is about, so a page can show that something is still being processed. */
  subject?: { type: string; id: string };
}

export interface StartCommand extends CommandBase {
  kind: "start";
  workflowType: WorkflowType;
  args: unknown[];
  searchAttributes: CaseSearchAttributes;
  /** Tests run a worker of their own; null or absent means the configured queue. */
  taskQueue?: string | null;
}

export interface MessageCommand extends CommandBase {
  kind: "signal" | "update";
  name: string;
  args: unknown[];
}

export type WorkflowCommand = StartCommand | MessageCommand;

/**
 * An Update's or signal's outcome as the relay records it: `done` with the handler's result,
 * `rejected` with the validator's error type (e.g. `AlreadyTakenDown`) or `WorkflowNotFound`.
 */
export type CommandOutcome =
  | { status: "done"; result: unknown }
  | { status: "rejected"; code: string; message: string }
  | { status: "pending" };

// ---------------------------------------------------------------------------------------------
// Notices

export interface NoticeLifecycleInput {
  tenantId: string;
  noticeId: string;
  /** ISO instant of vyvěšení. */
  publishAt: string;
  /** ISO instant of relevantní_do, or null for "until further notice". */
  takeDownAt: string | null;
}

export interface WithdrawRequest {
  reason: string;
  clerkId: string;
  requestId?: string;
}

export function noticeWorkflowId(noticeId: string): string {
  return `notice/${noticeId}`;
}

export function startNotice(
  n: { tenantId: string; noticeId: string; postedFrom: Date; relevantUntil: Date | null },
  taskQueue?: string,
): StartCommand {
  const workflowId = noticeWorkflowId(n.noticeId);
  const input: NoticeLifecycleInput = {
    tenantId: n.tenantId,
    noticeId: n.noticeId,
    publishAt: n.postedFrom.toISOString(),
    takeDownAt: n.relevantUntil?.toISOString() ?? null,
  };
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: n.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.notice,
    args: [input],
    searchAttributes: { TenantId: n.tenantId, CaseType: "notice", CaseStatus: "scheduled" },
    subject: { type: "notice", id: n.noticeId },
    taskQueue,
  };
}

/** One withdrawal per notice: a second request while the first is on its way is the same one. */
export function withdrawNotice(
  n: { tenantId: string; noticeId: string },
  request: WithdrawRequest,
): MessageCommand {
  const workflowId = noticeWorkflowId(n.noticeId);
  return {
    kind: "update",
    key: `update:${workflowId}:${NOTICE_UPDATES.withdraw}`,
    tenantId: n.tenantId,
    workflowId,
    name: NOTICE_UPDATES.withdraw,
    args: [request],
    subject: { type: "notice", id: n.noticeId },
  };
}

// ---------------------------------------------------------------------------------------------
// Accessibility reports and messages

export interface ReportRef {
  tenantId: string;
  reportId: string;
}

export function startAccessibilityReport(r: ReportRef): StartCommand {
  const workflowId = `a11y-report/${r.reportId}`;
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: r.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.accessibilityReport,
    args: [{ tenantId: r.tenantId, reportId: r.reportId }],
    searchAttributes: { TenantId: r.tenantId, CaseType: "accessibility-report", CaseStatus: "new" },
    subject: { type: "accessibility-report", id: r.reportId },
  };
}

export interface MessageRef {
  tenantId: string;
  messageId: string;
}

export function startMessageDelivery(m: MessageRef): StartCommand {
  const workflowId = `message/${m.messageId}`;
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: m.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.message,
    args: [{ tenantId: m.tenantId, messageId: m.messageId }],
    searchAttributes: { TenantId: m.tenantId, CaseType: "message" },
    subject: { type: "message", id: m.messageId },
  };
}

// ---------------------------------------------------------------------------------------------
// Password reset requests

/**
 * A request for a reset link, as typed: the web answers at once and alike for every
 * identifier; the workflow's activity looks the account up and sends the link if there is one.
 */
/**
 * A password-reset request: what was typed stays in the database (`password_reset_requests`),
 * so the workflow's input, and so Temporal's history, carries no personal data.
 */
export interface PasswordResetRequest {
  tenantId: string;
  /** The request's row (the workflow id's business key). */
  requestId: string;
}

export function startPasswordResetRequest(r: PasswordResetRequest): StartCommand {
  const workflowId = `password-reset/${r.requestId}`;
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: r.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.passwordReset,
    args: [r],
    searchAttributes: { TenantId: r.tenantId, CaseType: "password-reset" },
    subject: { type: "password-reset", id: r.requestId },
  };
}

// ---------------------------------------------------------------------------------------------
// Cases (the case kit: filing office, clerk review, citizen's corrections)

export const CASE_UPDATES = {
  decide: "decide",
  note: "note",
  resubmit: "resubmit",
} as const;

/** What a case's workflow starts with; a situation's own workflow takes the same input. */
export interface CaseReviewInput {
  tenantId: string;
  caseId: string;
  reference: string;
  slug: string;
  agenda: string;
  /** Days the office has for each round before the case escalates. */
  reviewDays: number;
  /** ISO instant the first round is due. */
  dueAt: string;
  /** The town's public origin, for links in messages (the web's configuration decides it). */
  origin: string;
}

export interface CaseDecisionRequest {
  decision: "approve" | "return" | "reject";
  /** The message of a return, the reason of a rejection, an optional note to an approval. */
  text: string;
  clerkId: string;
  /** Unique per request: the timeline event's key. */
  requestId: string;
}

export interface CaseNoteRequest {
  text: string;
  clerkId: string;
  requestId: string;
}

export interface CaseResubmitRequest {
  personId: string;
  /** The round the corrected case starts (the returned round + 1). */
  round: number;
  requestId: string;
}

/** What a case's Updates answer: the case's state afterwards. */
export interface CaseView {
  state: "filed" | "returned" | "approved" | "rejected" | "closed";
  round: number;
}

export function caseWorkflowId(caseId: string): string {
  return `case/${caseId}`;
}

/**
 * Starts a case's workflow: the kit's review (`caseReview`), or a situation's own workflow that
 * reuses its steps (`workflowType`).
 */
export function startCase(
  input: CaseReviewInput,
  options: { taskQueue?: string; workflowType?: WorkflowType } = {},
): StartCommand {
  const workflowId = caseWorkflowId(input.caseId);
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: input.tenantId,
    workflowId,
    workflowType: options.workflowType ?? WORKFLOW_TYPES.caseReview,
    args: [input],
    searchAttributes: { TenantId: input.tenantId, CaseType: input.slug, CaseStatus: "filed" },
    subject: { type: "case", id: input.caseId },
    taskQueue: options.taskQueue,
  };
}

function caseUpdate(
  ref: { tenantId: string; caseId: string },
  name: string,
  key: string,
  request: unknown,
): MessageCommand {
  const workflowId = caseWorkflowId(ref.caseId);
  return {
    kind: "update",
    key: `update:${workflowId}:${key}`,
    tenantId: ref.tenantId,
    workflowId,
    name,
    args: [request],
    subject: { type: "case", id: ref.caseId },
  };
}

/** A clerk's decision; one per request (a refused one may be asked again). */
export function caseDecision(
  ref: { tenantId: string; caseId: string },
  request: CaseDecisionRequest,
): MessageCommand {
  return caseUpdate(ref, CASE_UPDATES.decide, `decide:${request.requestId}`, request);
}

export function caseNote(
  ref: { tenantId: string; caseId: string },
  request: CaseNoteRequest,
): MessageCommand {
  return caseUpdate(ref, CASE_UPDATES.note, `note:${request.requestId}`, request);
}

/** The citizen's corrected case; one per round (a double submit is the same command). */
export function caseResubmit(
  ref: { tenantId: string; caseId: string },
  request: CaseResubmitRequest,
): MessageCommand {
  return caseUpdate(ref, CASE_UPDATES.resubmit, `resubmit:${request.round}`, request);
}

/** The Schedule that expires drafts (created by the worker on start). */
export const DRAFT_EXPIRY_SCHEDULE_ID = "draft-expiry";

/** The Schedule that imports bank statements dropped into the towns' folders (every minute). */
export const STATEMENT_DROP_SCHEDULE_ID = "statement-drop-poll";

/** The Schedule that sends payment reminders every morning (created by the worker on start). */
export const PAYMENT_REMINDERS_SCHEDULE_ID = "payment-reminders";

// ---------------------------------------------------------------------------------------------
// Defect reports (hlášení závady): triage, the department's resolution, the reporter's reopening

export const DEFECT_UPDATES = {
  triage: "triage",
  resolve: "resolve",
  reopen: "reopen",
} as const;

/** The case's input plus how long the reporter may reopen a resolved report (tests shorten it). */
export interface DefectReportInput extends CaseReviewInput {
  reopenWindowMs?: number;
}

export type DefectTriageRequest =
  | { outcome: "accept"; departmentId: string; clerkId: string; requestId: string }
  | {
    outcome: "notDefect" | "duplicate";
    reason: string;
    clerkId: string;
    requestId: string;
  };

export interface DefectResolveRequest {
  note: string;
  clerkId: string;
  requestId: string;
}

export interface DefectReopenRequest {
  reason: string;
  personId: string;
  /** The round the reopened report starts (the resolved round + 1). */
  round: number;
  requestId: string;
}

/** What the defect report's Updates answer. */
export interface DefectView {
  status: "new" | "assigned" | "resolved" | "rejected" | "closed";
  round: number;
}

export function defectTriage(
  ref: { tenantId: string; caseId: string },
  request: DefectTriageRequest,
): MessageCommand {
  return caseUpdate(ref, DEFECT_UPDATES.triage, `triage:${request.requestId}`, request);
}

export function defectResolve(
  ref: { tenantId: string; caseId: string },
  request: DefectResolveRequest,
): MessageCommand {
  return caseUpdate(ref, DEFECT_UPDATES.resolve, `resolve:${request.requestId}`, request);
}

/** One reopening per round (a double submit is the same command). */
export function defectReopen(
  ref: { tenantId: string; caseId: string },
  request: DefectReopenRequest,
): MessageCommand {
  return caseUpdate(ref, DEFECT_UPDATES.reopen, `reopen:${request.round}`, request);
}

// ---------------------------------------------------------------------------------------------
// Card payments (ČSOB payment gateway, eAPI 1.9): one workflow per attempt

export const CARD_PAYMENT_SIGNALS = { gatewayReturned: "gatewayReturned" } as const;

/** Timings a test shortens; production takes the defaults (workflows/card_payment.ts). */
export interface CardPaymentTimings {
  /** The gateway page's lifetime, payment/init's ttlSec (300–1800; default 900). */
  ttlSec?: number;
  /** How long to wait for the customer's return before asking the gateway (ttlSec + 1 min). */
  returnTimeoutMs?: number;
  /** Between two payment/status polls while the gateway still says "in progress" (1 min). */
  pollIntervalMs?: number;
  /** How many such polls before the attempt expires (5). */
  pollAttempts?: number;
  /** Between two looks whether the money reached the town's account (1 day). */
  settlementPollMs?: number;
  /** When a captured payment whose money has not arrived is flagged (5 business days). */
  settlementFlagAfterMs?: number;
  /** When the workflow stops waiting for the money (30 days; flagged by then). */
  settlementGiveUpMs?: number;
  /** Tests only: a timer between the authorisation and the booking, to kill a worker there. */
  testPauseBeforeBookingMs?: number;
}

export interface CardPaymentInput extends CardPaymentTimings {
  tenantId: string;
  cardPaymentId: string;
  /** Where the gateway sends the customer back (`<origin>/platby/navrat`, returnMethod POST). */
  returnUrl: string;
  /** The town's public origin, for the link in the payer's message. */
  origin: string;
  /** The gateway page's language. */
  language: "cs" | "en";
}

/** What the signed return said (verified by the web before it queued the signal). */
export interface CardGatewayReturn {
  paymentStatus: number;
  resultCode: number;
  dttm: string;
}

export function cardPaymentWorkflowId(cardPaymentId: string): string {
  return `card-payment/${cardPaymentId}`;
}

export function startCardPaymentWorkflow(
  input: CardPaymentInput,
  options: { taskQueue?: string } = {},
): StartCommand {
  const workflowId = cardPaymentWorkflowId(input.cardPaymentId);
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: input.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.cardPayment,
    args: [input],
    searchAttributes: { TenantId: input.tenantId, CaseType: "card_payment", CaseStatus: "created" },
    subject: { type: "card_payment", id: input.cardPaymentId },
    taskQueue: options.taskQueue,
  };
}

/**
 * The customer came back from the gateway: one signal per signed return (payId + dttm), so a
 * replayed or reloaded return queues nothing new.
 */
export function cardGatewayReturned(
  ref: { tenantId: string; cardPaymentId: string; payId: string },
  ret: CardGatewayReturn,
): MessageCommand {
  const workflowId = cardPaymentWorkflowId(ref.cardPaymentId);
  return {
    kind: "signal",
    key: `signal:${workflowId}:return:${ref.payId}:${ret.dttm}`,
    tenantId: ref.tenantId,
    workflowId,
    name: CARD_PAYMENT_SIGNALS.gatewayReturned,
    args: [ret],
    subject: { type: "card_payment", id: ref.cardPaymentId },
  };
}

// ---------------------------------------------------------------------------------------------
// Card refunds: a clerk returns a captured card payment whole (workflows/card_refund.ts)

export interface CardRefundInput {
  tenantId: string;
  cardPaymentId: string;
  /** The clerk who asked (the ledger's `refunded_by`). */
  clerkId: string;
  reason: string;
  /** The town's public origin, for the link in the payer's message. */
  origin: string;
}

export function cardRefundWorkflowId(cardPaymentId: string): string {
  return `card-refund/${cardPaymentId}`;
}

/** One refund per card payment: a double click queues (and starts) it once. */
export function startCardRefundWorkflow(
  input: CardRefundInput,
  options: { taskQueue?: string } = {},
): StartCommand {
  const workflowId = cardRefundWorkflowId(input.cardPaymentId);
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: input.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.cardRefund,
    args: [input],
    searchAttributes: { TenantId: input.tenantId, CaseType: "card_refund" },
    subject: { type: "card_refund", id: input.cardPaymentId },
    taskQueue: options.taskQueue,
  };
}
