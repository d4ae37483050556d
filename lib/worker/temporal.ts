/**
 * The Temporal side of the outbox (Node only): the client connection and the executor that
 * turns a `workflow_commands` row into a start, a signal or an Update. Table-driven: the row
 * names the workflow type, id, arguments and search attributes, so a new case type needs a
 * command builder in `domain/workflows.ts`, never code here.
 */
import {
  Client,
  Connection,
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from "@temporalio/client";
import {
  defaultPayloadConverter,
  defineSearchAttributeKey,
  SearchAttributeType,
} from "@temporalio/common";
import type { WorkflowCommandRow } from "../../db/schema.ts";
import type { CommandExecutor, Execution } from "./relay.ts";

export async function connectTemporal(
  address: string,
  namespace: string,
): Promise<Client> {
  const connection = await Connection.connect({ address, connectTimeout: "5 seconds" });
  return new Client({ connection, namespace });
}

const GRPC_INVALID_ARGUMENT = 3;
const GRPC_NOT_FOUND = 5;

export interface TemporalExecutorOptions {
  /** The worker's queue, for start commands that name none. */
  taskQueue: string;
  /** How long one attempt waits for an Update to finish before looking again later. */
  updateWaitMs?: number;
}

export function createTemporalExecutor(
  client: Client,
  options: TemporalExecutorOptions,
): CommandExecutor {
  const updateWaitMs = options.updateWaitMs ?? 20_000;

  async function start(c: WorkflowCommandRow): Promise<Execution> {
    try {
      await client.workflow.start(c.workflow_type!, {
        workflowId: c.workflow_id,
        taskQueue: c.task_queue ?? options.taskQueue,
        args: c.args,
        // A finished case never restarts; a running one is the same case.
        workflowIdReusePolicy: "REJECT_DUPLICATE",
        workflowIdConflictPolicy: "USE_EXISTING",
        typedSearchAttributes: Object.entries(c.search_attributes).map(([name, value]) => ({
          key: defineSearchAttributeKey(name, SearchAttributeType.KEYWORD),
          value,
        })),
        // Shown by the Temporal UI: which town, which case, without a database lookup.
        staticSummary: c.static_summary ?? undefined,
        staticDetails: c.static_details ?? undefined,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return { status: "done" };
  }

  async function signal(c: WorkflowCommandRow): Promise<Execution> {
    // The raw call, for its request id: a signal sent twice for one command is delivered once.
    try {
      await client.workflowService.signalWorkflowExecution({
        namespace: client.options.namespace,
        workflowExecution: { workflowId: c.workflow_id },
        signalName: c.name!,
        input: { payloads: c.args.map((a) => defaultPayloadConverter.toPayload(a)) },
        identity: client.options.identity,
        requestId: c.id,
      });
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) {
        return { status: "rejected", code: "WorkflowNotFound", message: err.message };
      }
      throw err;
    }
    return { status: "done" };
  }

  async function update(c: WorkflowCommandRow): Promise<Execution> {
    const handle = client.workflow.getHandle(c.workflow_id);
    try {
      const result = await client.connection.withDeadline(
        Date.now() + updateWaitMs,
        () =>
          handle.executeUpdate(c.name!, {
            // deno-lint-ignore no-explicit-any
            args: c.args as [any, ...any[]],
            updateId: c.id,
          }),
      );
      return { status: "done", result };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const cause = err.cause as { type?: string; message?: string } | undefined;
        return {
          status: "rejected",
          code: cause?.type ?? "UpdateFailed",
          message: cause?.message ?? err.message,
        };
      }
      if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return { status: "running" };
      // No such workflow (an Update waits behind its own start in the outbox, so this one never
      // had one): refused for good, not retried.
      if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) {
        return { status: "rejected", code: "WorkflowNotFound", message: err.message };
      }
      throw err;
    }
  }

  return {
    async execute(c) {
      try {
        if (c.kind === "start") return await start(c);
        if (c.kind === "signal") return await signal(c);
        return await update(c);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) {
          return { status: "rejected", code: "WorkflowNotFound", message: err.message };
        }
        if (isGrpcServiceError(err) && err.code === GRPC_INVALID_ARGUMENT) {
          return { status: "rejected", code: "InvalidArgument", message: err.message };
        }
        throw err;
      }
    },
  };
}
