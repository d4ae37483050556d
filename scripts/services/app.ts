/**
 * The app's own processes: the Temporal worker (`node --import tsx worker.ts`) and the web server
 * (`deno run -A main.ts`), each a restartable service, and the environment both read.
 *
 * `pid` is the current process's id, so a fault test can check that the web server survived a
 * fault as the same process: `const before = web.pid; …fault…; assertEquals(web.pid, before)`
 * (and that `web.running` is still true). `kill()` simulates a crash without it being reported
 * as one; `restart()` and `start()` bring a process back (npm start's supervisor does that on
 * every unexpected exit, see `onCrash`).
 */
import {
  ManagedProcess,
  type OutputOptions,
  restartable,
  type RestartableService,
} from "./process.ts";
import { httpOk, nodeBinary } from "./util.ts";

/** The worker or the web server; can be crashed, stopped, started and restarted by tests. */
export type AppService = RestartableService;

export interface WebService extends AppService {
  /** e.g. http://127.0.0.1:8000 */
  readonly url: string;
}

export interface AppOptions extends OutputOptions {
  /** How long to wait for readiness. Default 120 s (the worker bundles its workflows first). */
  readyTimeoutMs?: number;
}

/** The worker's own log line, or else the SDK's, once it polls. */
const WORKER_STARTED = /"msg"\s*:\s*"worker started"|Worker state changed .*state: 'RUNNING'/;

/** Starts the Temporal worker (`node --import tsx worker.ts`) and waits for "worker started". */
export async function startWorker(
  env: Record<string, string>,
  options: AppOptions = {},
): Promise<AppService> {
  const node = await nodeBinary();
  return await restartable("worker", async () => {
    const proc = await ManagedProcess.spawn({
      name: "worker",
      cmd: node,
      args: ["--enable-source-maps", "--import", "tsx", "worker.ts"],
      // "worker started" is an info line; APP_ENV=test alone would mean warn and hide it.
      env: { ...env, LOG_LEVEL: env.LOG_LEVEL === "debug" ? "debug" : "info" },
      stopSignal: "SIGTERM",
      stopTimeoutMs: 20_000, // lets running activities finish (the worker drains on SIGTERM)
      verbose: options.verbose,
      logDir: options.logDir,
    });
    try {
      await proc.waitForLine(WORKER_STARTED, options.readyTimeoutMs ?? 120_000);
    } catch (e) {
      await proc.stop();
      throw e;
    }
    return proc;
  });
}

/** Starts the web server (`deno run -A main.ts`) and waits until `GET /readyz` answers 200. */
export async function startWeb(
  env: Record<string, string>,
  options: AppOptions = {},
): Promise<WebService> {
  const port = Number(env.PORT ?? 8000);
  const url = `http://127.0.0.1:${port}`;
  const app = await restartable("web", async () => {
    const proc = await ManagedProcess.spawn({
      name: "web",
      cmd: Deno.execPath(),
      args: ["run", "-A", "main.ts"],
      env: { ...env, PORT: String(port) },
      stopSignal: "SIGTERM",
      verbose: options.verbose,
      logDir: options.logDir,
    });
    try {
      await proc.waitUntil(
        () => httpOk(`${url}/readyz`),
        "ready (GET /readyz 200)",
        options.readyTimeoutMs ?? 120_000,
        200,
      );
    } catch (e) {
      await proc.stop();
      throw e;
    }
    return proc;
  });
  return Object.assign(app, { url }) as WebService;
}

// --- Environment of the app ------------------------------------------------------------------

export interface AppEnvInput {
  databaseUrl: string;
  temporalAddress: string;
  smtpUrl: string;
  maildevUrl: string;
  sessionSecret: string;
  appEnv: "development" | "test" | "production";
  /** The web server's port. */
  port?: number;
  chromiumPath?: string;
}

/** The environment variables the web server and the worker read (see DESIGN.md / README). */
export function appEnv(input: AppEnvInput): Record<string, string> {
  return {
    DATABASE_URL: input.databaseUrl,
    TEMPORAL_ADDRESS: input.temporalAddress,
    TEMPORAL_NAMESPACE: Deno.env.get("TEMPORAL_NAMESPACE") || "default",
    TEMPORAL_TASK_QUEUE: Deno.env.get("TEMPORAL_TASK_QUEUE") || "portal",
    SMTP_URL: input.smtpUrl,
    MAILDEV_URL: input.maildevUrl,
    SESSION_SECRET: input.sessionSecret,
    PORT: String(input.port ?? 8000),
    CHROMIUM_PATH: input.chromiumPath ?? (Deno.env.get("CHROMIUM_PATH") || "/usr/bin/chromium"),
    APP_ENV: input.appEnv,
  };
}
