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

/** Starts a notice's life cycle once; a second call (retry, relay) is a no-op. */
export async function startNoticeWorkflow(client: Client, n: NoticeWorkflowStart): Promise<void> {
  try {
    await client.workflow.start(noticeLifecycle, {
      workflowId: n.workflowId,
      taskQueue: n.taskQueue ?? config().temporalTaskQueue,
      workflowIdReusePolicy: "REJECT_DUPLICATE",
      workflowIdConflictPolicy: "USE_EXISTING",
      args: [{
        tenantId: n.tenantId,
        noticeId: n.noticeId,
        publishAt: n.postedFrom.toISOString(),
        takeDownAt: n.relevantUntil?.toISOString() ?? null,
      }],
      typedSearchAttributes: [
        { key: TENANT_ID, value: n.tenantId },
        { key: CASE_TYPE, value: "notice" },
        { key: CASE_STATUS, value: "scheduled" },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

export function noticeHandle(
  client: Client,
  workflowId: string,
): WorkflowHandle<typeof noticeLifecycle> {
  return client.workflow.getHandle<typeof noticeLifecycle>(workflowId);
}

/** Starts the office notification for an accessibility report once (keyed by the report). */
export async function startReportWorkflow(
  client: Client,
  r: { tenantId: string; reportId: string },
): Promise<void> {
  try {
    await client.workflow.start(accessibilityReportNotification, {
      workflowId: `a11y-report/${r.reportId}`,
      taskQueue: config().temporalTaskQueue,
      workflowIdReusePolicy: "REJECT_DUPLICATE",
      workflowIdConflictPolicy: "USE_EXISTING",
      args: [{ tenantId: r.tenantId, reportId: r.reportId }],
      typedSearchAttributes: [
        { key: TENANT_ID, value: r.tenantId },
        { key: CASE_TYPE, value: "accessibility-report" },
        { key: CASE_STATUS, value: "new" },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Starts the delivery of a queued message once (keyed by the message). */
export async function startMessageWorkflow(
  client: Client,
  m: { tenantId: string; messageId: string },
): Promise<void> {
  try {
    await client.workflow.start(messageDelivery, {
      workflowId: `message/${m.messageId}`,
      taskQueue: config().temporalTaskQueue,
      workflowIdReusePolicy: "REJECT_DUPLICATE",
      workflowIdConflictPolicy: "USE_EXISTING",
      args: [{ tenantId: m.tenantId, messageId: m.messageId }],
      typedSearchAttributes: [
        { key: TENANT_ID, value: m.tenantId },
        { key: CASE_TYPE, value: "message" },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
