/**
 * The outbox relay (Node, in the worker process): executes the commands the web queued in
 * `workflow_commands` against Temporal and records their outcomes. It wakes on
 * `NOTIFY workflow_commands` (sent on commit by a trigger) and also polls every few seconds, so
 * a dropped listening connection or a missed notification only delays a command.
 *
 * Exactly once: a command is claimed with a lease under `FOR UPDATE SKIP LOCKED`, so two relays
 * never hold the same one; the outcome is written only by the holder; and every execution is
 * idempotent in Temporal as well (a start is keyed by the workflow id, an Update by the
 * command's id as its update id), so even a relay that dies after executing and before
 * recording changes nothing when the command is executed again.
 */
import type { Kysely } from "kysely";
import type pg from "pg";
import type { Database, WorkflowCommandRow } from "../../db/schema.ts";
import { claimCommands, releaseCommand, settleCommand } from "../../db/repositories/commands.ts";
import { createClient } from "../db.ts";
import { describeError, log } from "../log.ts";

/** What executing a command came to; a thrown error means "try again later". */
export type Execution =
  | { status: "done"; result?: unknown }
  | { status: "rejected"; code: string; message: string }
  /** Accepted by Temporal and still running (a long Update): look again shortly. */
  | { status: "running" };

export interface CommandExecutor {
  execute(command: WorkflowCommandRow): Promise<Execution>;
}

export interface RelayOptions {
  db: Kysely<Database>;
  /** For the LISTEN connection; without it the relay only polls. */
  connectionString?: string;
  executor: CommandExecutor;
  relayId?: string;
  /** Commands executed at once (a slow Update does not hold up the starts behind it). */
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
}

export interface Relay {
  start(): void;
  stop(): Promise<void>;
  /** Executes everything that is due now, then resolves (for tests and shutdown). */
  drain(): Promise<void>;
}

const CHANNEL = "workflow_commands";
const MAX_BACKOFF_MS = 60_000;

export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export function createRelay(options: RelayOptions): Relay {
  const {
    db,
    executor,
    concurrency = 8,
    pollMs = 2000,
    leaseMs = 60_000,
  } = options;
  const relayId = options.relayId ?? `relay-${crypto.randomUUID().slice(0, 8)}`;
  let inflight = 0;
  let pumping: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let timer: ReturnType<typeof setInterval> | undefined;
  let listener: pg.Client | null = null;
  let reconnect: ReturnType<typeof setTimeout> | undefined;
  const running = new Set<Promise<void>>();

  async function run(command: WorkflowCommandRow): Promise<void> {
    const ref = { commandId: command.id, kind: command.kind, workflowId: command.workflow_id };
    try {
      const execution = await executor.execute(command);
      if (execution.status === "running") {
        await releaseCommand(db, command.id, relayId, 1000, null, true);
      } else {
        await settleCommand(db, command.id, relayId, execution);
        if (execution.status === "rejected") {
          log.warn("command rejected", { ...ref, code: execution.code });
        }
      }
    } catch (err) {
      const wait = backoffMs(command.attempts);
      log.warn("command failed; will retry", {
        ...ref,
        attempts: command.attempts,
        retryInMs: wait,
        ...describeError(err),
      });
      const message = err instanceof Error ? err.message : String(err);
      await releaseCommand(db, command.id, relayId, wait, message.slice(0, 500)).catch((e) =>
        log.warn("could not release command (its lease will expire)", {
          ...ref,
          ...describeError(e),
        })
      );
    }
  }

  async function pumpOnce(): Promise<void> {
    for (;;) {
      const room = concurrency - inflight;
      if (room <= 0) return;
      const claimed = await claimCommands(db, relayId, room, leaseMs);
      if (claimed.length === 0) return;
      for (const command of claimed) {
        inflight++;
        const p = run(command).finally(() => {
          inflight--;
          running.delete(p);
          if (!stopped) pump();
        });
        running.add(p);
      }
    }
  }

  function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        again = false;
        try {
          await pumpOnce();
        } catch (err) {
          log.warn("relay could not claim commands", describeError(err));
          return;
        }
      } while (again);
    })().finally(() => pumping = null);
    return pumping;
  }

  async function listen(): Promise<void> {
    if (!options.connectionString || stopped) return;
    const client = createClient(options.connectionString, (err) => {
      log.warn("relay lost its listening connection", describeError(err));
      drop(client);
    });
    client.on("end", () => drop(client));
    try {
      await client.connect();
      client.on("notification", () => void pump());
      await client.query(`LISTEN ${CHANNEL}`);
      if (stopped) return void client.end().catch(() => {});
      listener = client;
      void pump(); // whatever was queued while not listening
    } catch (err) {
      log.warn("relay could not listen; polling only until it can", describeError(err));
      drop(client);
    }
  }

  function drop(client: pg.Client): void {
    if (listener === client) listener = null;
    client.end().catch(() => {});
    if (!stopped && !reconnect && listener === null) {
      reconnect = setTimeout(() => {
        reconnect = undefined;
        void listen();
      }, 1000);
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(() => void pump(), pollMs);
      void listen();
      void pump();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(reconnect);
      reconnect = undefined;
      const client = listener;
      listener = null;
      await client?.end().catch(() => {});
      await pumping;
      await Promise.allSettled([...running]);
    },
    async drain() {
      for (;;) {
        await pump();
        if (running.size === 0) return;
        await Promise.allSettled([...running]);
      }
    },
  };
}
