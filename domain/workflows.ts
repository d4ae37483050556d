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
  organisationReport: "organisationReport",
  draftExpiry: "draftExpirySweep",
  statementDrop: "statementDropPoll",
  defectReport: "defectReport",
  cardPayment: "cardPayment",
  cardRefund: "cardRefund",
  paymentReminders: "paymentReminders",
  broadcast: "broadcastMessage",
  grantCall: "grantCall",
  grantApplication: "grantApplication",
  appointmentReminder: "appointmentReminder",
  wedding: "weddingCeremony",
  publicSpace: "publicSpaceOccupation",
  oidcLogout: "oidcBackchannelLogout",
} as const;
export type WorkflowType = typeof WORKFLOW_TYPES[keyof typeof WORKFLOW_TYPES];

/** Updates and signals, by workflow. */
export const NOTICE_UPDATES = { withdraw: "withdrawNotice" } as const;

/** Search attributes an operator filters by in the Temporal UI. */
export interface CaseSearchAttributes {
  TenantId: string;
  /** The town's slug (`lipnice`): what an operator types in a saved view. */
  TenantSlug: string;
  CaseType: string;
  CaseStatus?: string;
}

/**
 * Workflow ids carry the town: `<tenant-slug>/<kind>/<id>` (`lipnice/notice/…`), so an operator
 * tells towns apart in the Temporal UI's list. Workflows started before ids carried the town
 * keep their old ids (`<kind>/<id>`): rows whose workflow is reached later store the id they
 * were started with (notices, cases, card payments), and `storedWorkflowId` reads it.
 */
export function tenantWorkflowId(tenantSlug: string, kind: string, id: string): string {
  return `${tenantSlug}/${kind}/${id}`;
}

/** A row's stored workflow id; a row from before ids were stored had the old-style one. */
export function storedWorkflowId(stored: string | null | undefined, kind: string, id: string) {
  return stored ?? `${kind}/${id}`;
}

/**
 * The workflow's human summary (Temporal user metadata, shown in the UI's list and on its page):
 * town, case type, reference and title, one line. Codes and the case's public facts only, never a
 * person's data (the history of a workflow is read by operators).
 */
export function workflowSummary(
  tenantSlug: string,
  caseType: string,
  reference: string | null,
  title?: string | null,
): string {
  const head = [tenantSlug, caseType, reference].filter((p) => p).join(" · ");
  const line = title ? `${head}: ${title}` : head;
  // One line, bounded: a title may be long.
  return line.replace(/\s+/g, " ").slice(0, 200);
}

/** The workflow's details (Markdown in the Temporal UI): one `key: value` line per fact. */
export function workflowDetails(facts: Record<string, string | null | undefined>): string {
  return Object.entries(facts)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${k}: ${String(v).replace(/\s+/g, " ").slice(0, 500)}`)
    .join("\n");
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
  /** What the Temporal UI shows for the workflow (its user metadata): see `workflowSummary`. */
  summary: string;
  details?: string;
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

/** A new notice's workflow id (stored with the notice: `notices.workflow_id`). */
export function noticeWorkflowId(tenantSlug: string, noticeId: string): string {
  return tenantWorkflowId(tenantSlug, "notice", noticeId);
}

export function startNotice(
  n: {
    tenantId: string;
    tenantSlug: string;
    noticeId: string;
    /** The id stored with the notice. */
    workflowId: string;
    title: string;
    referenceNumber: string | null;
    postedFrom: Date;
    relevantUntil: Date | null;
  },
  taskQueue?: string,
): StartCommand {
  const workflowId = n.workflowId;
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
    searchAttributes: {
      TenantId: n.tenantId,
      TenantSlug: n.tenantSlug,
      CaseType: "notice",
      CaseStatus: "scheduled",
    },
    summary: workflowSummary(n.tenantSlug, "notice", n.referenceNumber, n.title),
    details: workflowDetails({
      town: n.tenantSlug,
      notice: n.noticeId,
      reference: n.referenceNumber,
      title: n.title,
    }),
    subject: { type: "notice", id: n.noticeId },
    taskQueue,
  };
}

/** One withdrawal per notice: a second request while the first is on its way is the same one. */
export function withdrawNotice(
  n: { tenantId: string; noticeId: string; workflowId: string },
  request: WithdrawRequest,
): MessageCommand {
  const workflowId = n.workflowId;
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
  tenantSlug: string;
  reportId: string;
}

export function startAccessibilityReport(r: ReportRef): StartCommand {
  const workflowId = tenantWorkflowId(r.tenantSlug, "a11y-report", r.reportId);
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: r.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.accessibilityReport,
    args: [{ tenantId: r.tenantId, reportId: r.reportId }],
    searchAttributes: {
      TenantId: r.tenantId,
      TenantSlug: r.tenantSlug,
      CaseType: "accessibility-report",
      CaseStatus: "new",
    },
    summary: workflowSummary(r.tenantSlug, "accessibility-report", null),
    details: workflowDetails({ town: r.tenantSlug, report: r.reportId }),
    subject: { type: "accessibility-report", id: r.reportId },
  };
}

export interface MessageRef {
  tenantId: string;
  tenantSlug: string;
  messageId: string;
  channel: "email" | "sms";
}

export function startMessageDelivery(m: MessageRef): StartCommand {
  const workflowId = tenantWorkflowId(m.tenantSlug, "message", m.messageId);
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: m.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.message,
    args: [{ tenantId: m.tenantId, messageId: m.messageId }],
    searchAttributes: { TenantId: m.tenantId, TenantSlug: m.tenantSlug, CaseType: "message" },
    summary: workflowSummary(m.tenantSlug, "message", m.channel),
    details: workflowDetails({ town: m.tenantSlug, message: m.messageId, channel: m.channel }),
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

export function startPasswordResetRequest(
  r: PasswordResetRequest,
  tenantSlug: string,
): StartCommand {
  const workflowId = tenantWorkflowId(tenantSlug, "password-reset", r.requestId);
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: r.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.passwordReset,
    args: [r],
    searchAttributes: { TenantId: r.tenantId, TenantSlug: tenantSlug, CaseType: "password-reset" },
    summary: workflowSummary(tenantSlug, "password-reset", null),
    details: workflowDetails({ town: tenantSlug, request: r.requestId }),
    subject: { type: "password-reset", id: r.requestId },
  };
}

// ---------------------------------------------------------------------------------------------
// Cases (the case kit: filing office, clerk review, citizen's corrections)

export const CASE_UPDATES = {
  decide: "decide",
  note: "note",
  resubmit: "resubmit",
  withdraw: "withdraw",
} as const;

/**
 * The workflows that run the kit's review (`reviewCase`) and so take its Updates — a clerk's
 * decision, the citizen's correction and the citizen's withdrawal. A situation with a workflow
 * of its own kind (a defect report) is not withdrawn through the kit.
 */
export const KIT_REVIEW_WORKFLOWS: readonly WorkflowType[] = [
  WORKFLOW_TYPES.caseReview,
  WORKFLOW_TYPES.dogFee,
  WORKFLOW_TYPES.organisationReport,
  WORKFLOW_TYPES.grantApplication,
  WORKFLOW_TYPES.wedding,
  WORKFLOW_TYPES.publicSpace,
];

/** Whether a case whose workflow is this type (none: the kit's own) runs the kit's review. */
export function runsKitReview(workflowType: WorkflowType | undefined): boolean {
  return KIT_REVIEW_WORKFLOWS.includes(workflowType ?? WORKFLOW_TYPES.caseReview);
}

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

/** The citizen takes their filing back (zpětvzetí) while the office has not decided it. */
export interface CaseWithdrawRequest {
  personId: string;
  /** The citizen's reason, optional ("" when none was given). */
  text: string;
  requestId: string;
}

/** What a case's Updates answer: the case's state afterwards. */
export interface CaseView {
  state: "filed" | "returned" | "approved" | "rejected" | "closed";
  round: number;
}

/** A new case's workflow id (stored with the case: `cases.workflow_id`). */
export function caseWorkflowId(tenantSlug: string, caseId: string): string {
  return tenantWorkflowId(tenantSlug, "case", caseId);
}

/** How a case names its workflow: its stored id (null: a case from before ids were stored). */
export interface CaseWorkflowRef {
  tenantId: string;
  caseId: string;
  workflowId: string | null;
}

/**
 * Starts a case's workflow: the kit's review (`caseReview`), or a situation's own workflow that
 * reuses its steps (`workflowType`).
 */
export function startCase(
  input: CaseReviewInput,
  options: {
    /** The id stored with the case. */
    workflowId: string;
    tenantSlug: string;
    /** The situation's name, for the Temporal UI's summary. */
    title?: string;
    taskQueue?: string;
    workflowType?: WorkflowType;
  },
): StartCommand {
  const workflowId = options.workflowId;
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: input.tenantId,
    workflowId,
    workflowType: options.workflowType ?? WORKFLOW_TYPES.caseReview,
    args: [input],
    searchAttributes: {
      TenantId: input.tenantId,
      TenantSlug: options.tenantSlug,
      CaseType: input.slug,
      CaseStatus: "filed",
    },
    summary: workflowSummary(options.tenantSlug, input.slug, input.reference, options.title),
    details: workflowDetails({
      town: options.tenantSlug,
      case: input.caseId,
      reference: input.reference,
      situation: options.title ?? input.slug,
      agenda: input.agenda,
    }),
    subject: { type: "case", id: input.caseId },
    taskQueue: options.taskQueue,
  };
}

function caseUpdate(
  ref: CaseWorkflowRef,
  name: string,
  key: string,
  request: unknown,
): MessageCommand {
  const workflowId = storedWorkflowId(ref.workflowId, "case", ref.caseId);
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
  ref: CaseWorkflowRef,
  request: CaseDecisionRequest,
): MessageCommand {
  return caseUpdate(ref, CASE_UPDATES.decide, `decide:${request.requestId}`, request);
}

export function caseNote(
  ref: CaseWorkflowRef,
  request: CaseNoteRequest,
): MessageCommand {
  return caseUpdate(ref, CASE_UPDATES.note, `note:${request.requestId}`, request);
}

/** The citizen's corrected case; one per round (a double submit is the same command). */
export function caseResubmit(
  ref: CaseWorkflowRef,
  request: CaseResubmitRequest,
): MessageCommand {
  return caseUpdate(ref, CASE_UPDATES.resubmit, `resubmit:${request.round}`, request);
}

/** The citizen's withdrawal; one per case (a double submit is the same command). */
export function caseWithdrawal(
  ref: CaseWorkflowRef,
  request: CaseWithdrawRequest,
): MessageCommand {
  return caseUpdate(ref, CASE_UPDATES.withdraw, "withdraw", request);
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
  ref: CaseWorkflowRef,
  request: DefectTriageRequest,
): MessageCommand {
  return caseUpdate(ref, DEFECT_UPDATES.triage, `triage:${request.requestId}`, request);
}

export function defectResolve(
  ref: CaseWorkflowRef,
  request: DefectResolveRequest,
): MessageCommand {
  return caseUpdate(ref, DEFECT_UPDATES.resolve, `resolve:${request.requestId}`, request);
}

/** One reopening per round (a double submit is the same command). */
export function defectReopen(
  ref: CaseWorkflowRef,
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

/** A new attempt's workflow id (stored with it: `card_payments.workflow_id`). */
export function cardPaymentWorkflowId(tenantSlug: string, cardPaymentId: string): string {
  return tenantWorkflowId(tenantSlug, "card-payment", cardPaymentId);
}

export function startCardPaymentWorkflow(
  input: CardPaymentInput,
  options: {
    /** The id stored with the attempt. */
    workflowId: string;
    tenantSlug: string;
    /** The payment order's variable symbol (its reference) and amount, for the summary. */
    variableSymbol: string;
    amount: string;
    taskQueue?: string;
  },
): StartCommand {
  const workflowId = options.workflowId;
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: input.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.cardPayment,
    args: [input],
    searchAttributes: {
      TenantId: input.tenantId,
      TenantSlug: options.tenantSlug,
      CaseType: "card_payment",
      CaseStatus: "created",
    },
    summary: workflowSummary(
      options.tenantSlug,
      "card_payment",
      `VS ${options.variableSymbol}`,
      options.amount,
    ),
    details: workflowDetails({
      town: options.tenantSlug,
      cardPayment: input.cardPaymentId,
      variableSymbol: options.variableSymbol,
      amount: options.amount,
    }),
    subject: { type: "card_payment", id: input.cardPaymentId },
    taskQueue: options.taskQueue,
  };
}

/**
 * The customer came back from the gateway: one signal per signed return (payId + dttm), so a
 * replayed or reloaded return queues nothing new.
 */
export function cardGatewayReturned(
  ref: { tenantId: string; cardPaymentId: string; workflowId: string | null; payId: string },
  ret: CardGatewayReturn,
): MessageCommand {
  const workflowId = storedWorkflowId(ref.workflowId, "card-payment", ref.cardPaymentId);
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

export function cardRefundWorkflowId(tenantSlug: string, cardPaymentId: string): string {
  return tenantWorkflowId(tenantSlug, "card-refund", cardPaymentId);
}

/**
 * One refund per card payment: a double click queues (and starts) it once. The command's key is
 * the payment's, not the workflow id's, so a refund asked for before ids carried the town
 * (`card-refund/<id>`) is still found.
 */
export function startCardRefundWorkflow(
  input: CardRefundInput,
  options: { tenantSlug: string; amount?: string; taskQueue?: string },
): StartCommand {
  const workflowId = cardRefundWorkflowId(options.tenantSlug, input.cardPaymentId);
  return {
    kind: "start",
    key: `start:card-refund/${input.cardPaymentId}`,
    tenantId: input.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.cardRefund,
    args: [input],
    searchAttributes: {
      TenantId: input.tenantId,
      TenantSlug: options.tenantSlug,
      CaseType: "card_refund",
    },
    summary: workflowSummary(
      options.tenantSlug,
      "card_refund",
      input.cardPaymentId.slice(0, 8),
      options.amount,
    ),
    details: workflowDetails({
      town: options.tenantSlug,
      cardPayment: input.cardPaymentId,
      amount: options.amount,
    }),
    subject: { type: "card_refund", id: input.cardPaymentId },
    taskQueue: options.taskQueue,
  };
}

// ---------------------------------------------------------------------------------------------
// Broadcasts (issue 13)

/** The broadcast workflow's signal: stop, send nothing more (the web marked the rows already). */
export const BROADCAST_SIGNALS = { cancel: "cancelBroadcast" } as const;

export interface BroadcastInput {
  tenantId: string;
  broadcastId: string;
  /** ISO instant to send at (now or later). */
  sendAt: string;
  crisis: boolean;
  /** The town's public origin: the unsubscribe links (the worker has no request to ask). */
  origin: string;
}

export function broadcastWorkflowId(tenantSlug: string, broadcastId: string): string {
  return tenantWorkflowId(tenantSlug, "broadcast", broadcastId);
}

/** Starts a broadcast's workflow: waits until its time, then sends in batches. */
export function startBroadcast(
  b: {
    tenantId: string;
    tenantSlug: string;
    broadcastId: string;
    subject: string;
    sendAt: Date;
    crisis: boolean;
    channels: readonly string[];
    origin: string;
  },
  taskQueue?: string | null,
): StartCommand {
  const workflowId = broadcastWorkflowId(b.tenantSlug, b.broadcastId);
  const input: BroadcastInput = {
    tenantId: b.tenantId,
    broadcastId: b.broadcastId,
    sendAt: b.sendAt.toISOString(),
    crisis: b.crisis,
    origin: b.origin,
  };
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: b.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.broadcast,
    args: [input],
    searchAttributes: {
      TenantId: b.tenantId,
      TenantSlug: b.tenantSlug,
      CaseType: "broadcast",
      CaseStatus: "scheduled",
    },
    summary: workflowSummary(b.tenantSlug, "broadcast", b.crisis ? "crisis" : null, b.subject),
    details: workflowDetails({
      town: b.tenantSlug,
      broadcast: b.broadcastId,
      channels: b.channels.join(", "),
      sendAt: b.sendAt.toISOString(),
    }),
    subject: { type: "broadcast", id: b.broadcastId },
    taskQueue,
  };
}

/** Cancels a broadcast: once per broadcast. */
export function cancelBroadcast(
  b: { tenantId: string; broadcastId: string; workflowId: string },
  request: { reason: string; clerkId: string },
): MessageCommand {
  return {
    kind: "signal",
    key: `signal:${b.workflowId}:${BROADCAST_SIGNALS.cancel}`,
    tenantId: b.tenantId,
    workflowId: b.workflowId,
    name: BROADCAST_SIGNALS.cancel,
    args: [request],
    subject: { type: "broadcast", id: b.broadcastId },
  };
}

// ---------------------------------------------------------------------------------------------
// Grant calls (issue 14)

/** The grant call's signal: its dates were edited (the new ones, and the row's version). */
export const GRANT_CALL_SIGNALS = { datesChanged: "grantCallDatesChanged" } as const;

export interface GrantCallDates {
  /** ISO instants. */
  opensAt: string;
  closesAt: string;
  /** The call row's version these dates are from; an older signal is ignored. */
  version: number;
}

export interface GrantCallInput extends GrantCallDates {
  tenantId: string;
  callId: string;
}

export function grantCallWorkflowId(tenantSlug: string, callId: string): string {
  return tenantWorkflowId(tenantSlug, "grant-call", callId);
}

/** Starts a call's workflow: it opens the call at opens_at and closes it at closes_at. */
export function startGrantCall(
  c: {
    tenantId: string;
    tenantSlug: string;
    callId: string;
    title: string;
    opensAt: Date;
    closesAt: Date;
    version: number;
  },
  taskQueue?: string | null,
): StartCommand {
  const workflowId = grantCallWorkflowId(c.tenantSlug, c.callId);
  const input: GrantCallInput = {
    tenantId: c.tenantId,
    callId: c.callId,
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    version: c.version,
  };
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: c.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.grantCall,
    args: [input],
    searchAttributes: {
      TenantId: c.tenantId,
      TenantSlug: c.tenantSlug,
      CaseType: "grant-call",
      CaseStatus: "scheduled",
    },
    summary: workflowSummary(c.tenantSlug, "grant-call", null, c.title),
    details: workflowDetails({
      town: c.tenantSlug,
      call: c.callId,
      opensAt: input.opensAt,
      closesAt: input.closesAt,
    }),
    subject: { type: "grant_call", id: c.callId },
    taskQueue,
  };
}

/** Tells a call's workflow its dates changed: once per version of the row. */
export function grantCallDatesChanged(
  c: { tenantId: string; callId: string; workflowId: string },
  dates: GrantCallDates,
): MessageCommand {
  return {
    kind: "signal",
    key: `signal:${c.workflowId}:${GRANT_CALL_SIGNALS.datesChanged}:${dates.version}`,
    tenantId: c.tenantId,
    workflowId: c.workflowId,
    name: GRANT_CALL_SIGNALS.datesChanged,
    args: [dates],
    subject: { type: "grant_call", id: c.callId },
  };
}

// ---------------------------------------------------------------------------------------------
// Grant applications (issue 14)

/**
 * A grant application is a case of the kit (its workflow id is the case's, `<slug>/case/<id>`,
 * started with `startCase(…, { workflowType: WORKFLOW_TYPES.grantApplication })`): the kit's
 * review is the formal check; after it the workflow keeps the application's timers (the
 * settlement report's reminders) and ends when the application is closed.
 *
 * The database row (`grant_applications.state`) is the truth. Each use case that moves an
 * application after the formal check (scored, proposed, decided, contract confirmed, paid out,
 * settlement filed, accepted, return requested, closed) writes the rows, its timeline event and
 * message (app/case_steps.ts `recordCaseStepIn`), its audit entry and this signal in one
 * transaction; the workflow then re-reads the row and follows it.
 */
export const GRANT_APPLICATION_SIGNALS = { changed: "grantApplicationChanged" } as const;

/** Tells an application's workflow that its row changed; `step` makes the key unique per step. */
export function grantApplicationChanged(
  a: { tenantId: string; caseId: string; workflowId: string | null },
  step: string,
): MessageCommand {
  const workflowId = storedWorkflowId(a.workflowId, "case", a.caseId);
  return {
    kind: "signal",
    key: `signal:${workflowId}:${GRANT_APPLICATION_SIGNALS.changed}:${step}`,
    tenantId: a.tenantId,
    workflowId,
    name: GRANT_APPLICATION_SIGNALS.changed,
    args: [{ step }],
    subject: { type: "case", id: a.caseId },
  };
}

// ---------------------------------------------------------------------------------------------
// Wedding dates and public-space occupations (issue 15): cases of the kit with timers of their own

/**
 * A wedding's case (`weddingCeremony`, started by `startCase`): the kit's review; then the
 * confirmation, the fee where one applies, the reminders a month and a week before, and the
 * case closed once the ceremony passed. Tests shorten the day and move the ceremony close.
 */
export interface WeddingInput extends CaseReviewInput {
  /** A day in ms for the reminders (tests pass a shorter one). */
  dayMs?: number;
  /** Tests only: the ceremony's instant instead of the booking's. */
  ceremonyAtMs?: number;
}

/**
 * A zábor's case (`publicSpaceOccupation`): the kit's review; then the fee, the permit once it
 * is paid (the ledger read every `paymentPollMs`), and the case closed when the occupation ends.
 */
export interface PublicSpaceInput extends CaseReviewInput {
  /** How often the workflow looks whether the fee is paid (default an hour). */
  paymentPollMs?: number;
  /** Tests only: the occupation's end instead of the midnight after its last day. */
  endsAtMs?: number;
}

/** The kit's signal: a payment was booked to the case's fee (db/repositories/case_fees.ts). */
export const CASE_FEE_SIGNALS = { paid: "caseFeePaid" } as const;

/** Situations whose workflow waits for its fee to be paid (and listens for `caseFeePaid`). */
export const FEE_AWAITING_SITUATIONS: readonly string[] = ["zabor-verejneho-prostranstvi"];

/** Wakes a case's workflow for a payment booked to its fee; one signal per payment. */
export function caseFeePaid(
  ref: CaseWorkflowRef,
  paymentId: string,
): MessageCommand {
  const workflowId = storedWorkflowId(ref.workflowId, "case", ref.caseId);
  return {
    kind: "signal",
    key: `signal:${workflowId}:${CASE_FEE_SIGNALS.paid}:${paymentId}`,
    tenantId: ref.tenantId,
    workflowId,
    name: CASE_FEE_SIGNALS.paid,
    args: [{ paymentId }],
    subject: { type: "case", id: ref.caseId },
  };
}

// ---------------------------------------------------------------------------------------------
// Operators: a case's workflow in the Temporal UI

/**
 * The Temporal UI's list of the runs of one workflow id:
 * `<ui>/namespaces/<namespace>/workflows?query=WorkflowId="<id>"`. Built with the URL API from
 * the configured address (an http(s) URL, checked by lib/config.ts) and encoded parts, so
 * neither the namespace nor the id can change where the link goes.
 */
export function temporalUiWorkflowLink(
  uiUrl: string,
  namespace: string,
  workflowId: string,
): string {
  const url = new URL(uiUrl.replace(/\/+$/, "") + "/");
  url.pathname += `namespaces/${encodeURIComponent(namespace)}/workflows`;
  url.searchParams.set("query", `WorkflowId="${workflowId.replace(/["\\]/g, "\\$&")}"`);
  return url.href;
}

// ---------------------------------------------------------------------------------------------
// Appointments (issue 15)

/** The appointment's signal: it moved (a new start and reminder time) or was cancelled. */
export const APPOINTMENT_SIGNALS = { changed: "appointmentChanged" } as const;

export interface AppointmentTiming {
  /** The appointment's SEQUENCE these facts are from; an older signal is ignored. */
  version: number;
  /** ISO instants; `remindAt` null when no reminder is due (booked too late for one). */
  startsAt: string;
  remindAt: string | null;
  /** Cancelled (or a no-show recorded): the workflow ends without reminding. */
  ended: boolean;
}

export interface AppointmentReminderInput extends AppointmentTiming {
  tenantId: string;
  appointmentId: string;
  /** The town's origin, for the reminder's link. */
  origin: string;
}

export function appointmentWorkflowId(tenantSlug: string, appointmentId: string): string {
  return tenantWorkflowId(tenantSlug, "appointment", appointmentId);
}

/** Starts the appointment's reminder: a durable timer until the day before, then one message. */
export function startAppointmentReminder(
  a: {
    tenantId: string;
    tenantSlug: string;
    appointmentId: string;
    workflowId: string;
    serviceName: string;
    origin: string;
    timing: AppointmentTiming;
  },
  taskQueue?: string | null,
): StartCommand {
  const input: AppointmentReminderInput = {
    tenantId: a.tenantId,
    appointmentId: a.appointmentId,
    origin: a.origin,
    ...a.timing,
  };
  return {
    kind: "start",
    key: `start:${a.workflowId}`,
    tenantId: a.tenantId,
    workflowId: a.workflowId,
    workflowType: WORKFLOW_TYPES.appointmentReminder,
    args: [input],
    searchAttributes: {
      TenantId: a.tenantId,
      TenantSlug: a.tenantSlug,
      CaseType: "appointment",
      CaseStatus: "booked",
    },
    summary: workflowSummary(a.tenantSlug, "appointment", null, a.serviceName),
    details: workflowDetails({
      town: a.tenantSlug,
      appointment: a.appointmentId,
      startsAt: input.startsAt,
      remindAt: input.remindAt,
    }),
    subject: { type: "appointment", id: a.appointmentId },
    taskQueue,
  };
}

/** Tells the appointment's workflow it moved or ended: once per SEQUENCE. */
export function appointmentChanged(
  a: { tenantId: string; appointmentId: string; workflowId: string },
  timing: AppointmentTiming,
): MessageCommand {
  return {
    kind: "signal",
    key: `signal:${a.workflowId}:${APPOINTMENT_SIGNALS.changed}:${timing.version}`,
    tenantId: a.tenantId,
    workflowId: a.workflowId,
    name: APPOINTMENT_SIGNALS.changed,
    args: [timing],
    subject: { type: "appointment", id: a.appointmentId },
  };
}

export interface OidcLogoutRef {
  tenantId: string;
  tenantSlug: string;
  deliveryId: string;
}

/** Sends one back-channel logout token to a client of the town's OpenID provider. */
export function startOidcBackchannelLogout(r: OidcLogoutRef): StartCommand {
  const workflowId = tenantWorkflowId(r.tenantSlug, "oidc-logout", r.deliveryId);
  return {
    kind: "start",
    key: `start:${workflowId}`,
    tenantId: r.tenantId,
    workflowId,
    workflowType: WORKFLOW_TYPES.oidcLogout,
    args: [{ tenantId: r.tenantId, deliveryId: r.deliveryId }],
    searchAttributes: {
      TenantId: r.tenantId,
      TenantSlug: r.tenantSlug,
      CaseType: "oidc-logout",
      CaseStatus: "new",
    },
    summary: workflowSummary(r.tenantSlug, "oidc-logout", null),
    details: workflowDetails({ town: r.tenantSlug, delivery: r.deliveryId }),
    subject: { type: "oidc-logout", id: r.deliveryId },
  };
}
