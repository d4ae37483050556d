/**
 * The Temporal worker (Node: the TypeScript SDK supports Node only).
 * Run: `node --import tsx worker.ts`. Hosts every workflow and activity, registers the custom
 * search attributes on servers that lack them, and runs the outbox relay: the commands the web
 * queued in the database (start, signal, Update) are executed against Temporal at once.
 */
import { NativeConnection, Worker } from "@temporalio/worker";
import { Client, Connection } from "@temporalio/client";
import { fileURLToPath } from "node:url";
import { createActivities } from "./activities/index.ts";
import { createStatementActivities } from "./activities/statements.ts";
import { config } from "./lib/config.ts";
import { createDb, setDatabaseApplicationName } from "./lib/db.ts";
import { describeError, log } from "./lib/log.ts";
import { createRelay } from "./lib/worker/relay.ts";
import { createTemporalExecutor } from "./lib/worker/temporal.ts";
import { createMailer } from "./lib/worker/mail.ts";
import { createSmsSender } from "./lib/worker/sms.ts";
import { CUSTOM_SEARCH_ATTRIBUTES } from "./workflows/search_attributes.ts";
import {
  ensureDraftExpirySchedule,
  ensurePaymentRemindersSchedule,
  ensureStatementDropSchedule,
} from "./lib/worker/schedules.ts";

async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const INDEXED_VALUE_TYPE_KEYWORD = 2; // temporal.api.enums.v1.IndexedValueType
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = CUSTOM_SEARCH_ATTRIBUTES.filter((k) =>
      !(k.name in (existing.customAttributes ?? {}))
    );
    if (missing.length === 0) return;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((k) => [k.name, INDEXED_VALUE_TYPE_KEYWORD]),
      ),
    });
    log.info("registered search attributes", { names: missing.map((k) => k.name) });
  } catch (err) {
    log.warn("could not register search attributes", describeError(err));
  }
}

/**
 * How long the relay's claim on a command lasts (`RELAY_LEASE_MS`, default 60 s): the commands a
 * relay held when its worker died wait this long before another relay takes them, and the commands
 * of the same workflow queue behind them. At least 25 s, longer than an Update is waited for
 * (20 s). The tests, which kill workers of their own, use the shortest.
 */
function relayLeaseMs(): number {
  const raw = process.env.RELAY_LEASE_MS;
  if (!raw) return 60_000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 25_000) {
    throw new Error(
      `RELAY_LEASE_MS must be a whole number of milliseconds, at least 25000, not ${raw}`,
    );
  }
  return ms;
}

/**
 * Whether this worker runs the outbox relay: every worker does, unless `RELAY_TASK_QUEUE` names
 * the one task queue whose worker relays. The test run sets it to its main worker's queue, so the
 * workers tests start on queues of their own — and SIGKILL — never hold the shared outbox's
 * commands (a dead relay's claims wait for their lease).
 */
function runsRelay(taskQueue: string): boolean {
  const only = process.env.RELAY_TASK_QUEUE;
  return !only || only === taskQueue;
}

async function main(): Promise<void> {
  const cfg = config();
  setDatabaseApplicationName("portal-worker");
  const db = createDb(cfg.databaseUrl);
  const mailer = createMailer();
  const clientConnection = await Connection.connect({ address: cfg.temporalAddress });
  await ensureSearchAttributes(clientConnection, cfg.temporalNamespace);
  const client = new Client({ connection: clientConnection, namespace: cfg.temporalNamespace });

  const connection = await NativeConnection.connect({ address: cfg.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: cfg.temporalNamespace,
    taskQueue: cfg.temporalTaskQueue,
    workflowsPath: fileURLToPath(new URL("./workflows/index.ts", import.meta.url)),
    activities: createActivities({ db, mailer, sms: createSmsSender({ mailer }) }),
  });

  const relay = createRelay({
    db,
    leaseMs: relayLeaseMs(),
    connectionString: cfg.databaseUrl,
    executor: createTemporalExecutor(client, { taskQueue: cfg.temporalTaskQueue }),
  });
  const relaying = runsRelay(cfg.temporalTaskQueue);
  if (relaying) relay.start();
  await ensureDraftExpirySchedule(client, cfg.temporalTaskQueue);
  await ensurePaymentRemindersSchedule(client, cfg.temporalTaskQueue);
  await ensureStatementDropSchedule(client, cfg.temporalTaskQueue, cfg.statementDrop.interval);
  // The towns' statement drop folders exist from the start (the poll would make them too).
  await createStatementActivities({ db }).listStatementDropTowns().catch((err) =>
    log.warn("could not make the statement drop folders", describeError(err))
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => worker.shutdown());
  }

  log.lifecycle("worker started", {
    taskQueue: cfg.temporalTaskQueue,
    namespace: cfg.temporalNamespace,
    relay: relaying,
  });
  try {
    await worker.run();
  } finally {
    if (relaying) await relay.stop();
    await connection.close();
    await clientConnection.close();
    mailer.close();
    await db.destroy();
  }
}

main().catch((err) => {
  log.error("worker failed", describeError(err));
  process.exit(1);
});
