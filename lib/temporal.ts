/**
 * The Temporal client, shared by the web tier and the worker's relay. Workflow starts are keyed
 * by business identity and never restart a finished case.
 */
import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandle,
} from "@temporalio/client";
import { config } from "./config.ts";
import { noticeLifecycle } from "../workflows/notice.ts";
import { accessibilityReportNotification } from "../workflows/accessibility_report.ts";
import { messageDelivery } from "../workflows/message.ts";
import { CASE_STATUS, CASE_TYPE, TENANT_ID } from "../workflows/search_attributes.ts";

let connecting: Promise<Client> | undefined;

export function getTemporalClient(): Promise<Client> {
  connecting ??= (async () => {
    const { temporalAddress, temporalNamespace } = config();
    const connection = await Connection.connect({
      address: temporalAddress,
      connectTimeout: "5 seconds",
    });
    return new Client({ connection, namespace: temporalNamespace });
  })().catch((err) => {
    connecting = undefined; // the next request tries again
    throw err;
  });
  return connecting;
}

export async function closeTemporalClient(): Promise<void> {
  const pending = connecting;
  connecting = undefined;
  if (pending) await (await pending.catch(() => undefined))?.connection.close();
}

/** Answers when the Temporal frontend is reachable (for /readyz). */
export async function temporalReachable(timeoutMs = 2000): Promise<boolean> {
  try {
    const client = await getTemporalClient();
    await client.connection.withDeadline(
      Date.now() + timeoutMs,
      () => client.workflowService.getSystemInfo({}),
    );
    return true;
  } catch {
    return false;
  }
}

export interface NoticeWorkflowStart {
  tenantId: string;
  noticeId: string;
  workflowId: string;
  postedFrom: Date;
  relevantUntil: Date | null;
  /** Defaults to the configured queue; tests run their own worker on their own queue. */
  taskQueue?: string;
}

/**
 * Starts a workflow keyed by its business identity, once: a second call (a retry, the relay, a
 * double click) finds it running or finished and does nothing. A finished case never restarts.
 */
// deno-lint-ignore no-explicit-any
async function startOnce<A extends any[]>(
  client: Client,
  workflow: (...args: A) => Promise<unknown>,
  start: {
    workflowId: string;
    args: A;
    tenantId: string;
    caseType: string;
    status?: string;
    taskQueue?: string;
  },
): Promise<void> {
  try {
    await client.workflow.start(workflow, {
      workflowId: start.workflowId,
      taskQueue: start.taskQueue ?? config().temporalTaskQueue,
      workflowIdReusePolicy: "REJECT_DUPLICATE",
      workflowIdConflictPolicy: "USE_EXISTING",
      args: start.args,
      typedSearchAttributes: [
        { key: TENANT_ID, value: start.tenantId },
        { key: CASE_TYPE, value: start.caseType },
        ...(start.status ? [{ key: CASE_STATUS, value: start.status }] : []),
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Starts a notice's life cycle. */
export function startNoticeWorkflow(client: Client, n: NoticeWorkflowStart): Promise<void> {
  return startOnce(client, noticeLifecycle, {
    workflowId: n.workflowId,
    taskQueue: n.taskQueue,
    tenantId: n.tenantId,
    caseType: "notice",
    status: "scheduled",
    args: [{
      tenantId: n.tenantId,
      noticeId: n.noticeId,
      publishAt: n.postedFrom.toISOString(),
      takeDownAt: n.relevantUntil?.toISOString() ?? null,
    }],
  });
}

export function noticeHandle(
  client: Client,
  workflowId: string,
): WorkflowHandle<typeof noticeLifecycle> {
  return client.workflow.getHandle<typeof noticeLifecycle>(workflowId);
}

/** Starts the office notification for an accessibility report (keyed by the report). */
export function startReportWorkflow(
  client: Client,
  r: { tenantId: string; reportId: string },
): Promise<void> {
  return startOnce(client, accessibilityReportNotification, {
    workflowId: `a11y-report/${r.reportId}`,
    tenantId: r.tenantId,
    caseType: "accessibility-report",
    status: "new",
    args: [{ tenantId: r.tenantId, reportId: r.reportId }],
  });
}

/** Starts the delivery of a queued message (keyed by the message). */
export function startMessageWorkflow(
  client: Client,
  m: { tenantId: string; messageId: string },
): Promise<void> {
  return startOnce(client, messageDelivery, {
    workflowId: `message/${m.messageId}`,
    tenantId: m.tenantId,
    caseType: "message",
    args: [{ tenantId: m.tenantId, messageId: m.messageId }],
  });
}
