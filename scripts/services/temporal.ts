/**
 * The Temporal dev server (`temporal server start-dev`), or `TEMPORAL_ADDRESS` when set, and the
 * CLI binary it needs.
 *
 * The dev server is a restartable service, so that `npm start` can start it again when it dies
 * and fault tests can take it away and bring it back:
 *
 * ```ts
 * const temporal = await startTemporal({
 *   // Inside `npm test`, TEMPORAL_ADDRESS names the shared server: start one of our own anyway.
 *   own: true,
 *   headless: true,
 *   // A file keeps the workflows across a restart (without one they live in memory only).
 *   dbFile: join(Deno.env.get("PORTAL_TEST_DATA_DIR")!, "faults-temporal.db"),
 *   // Each becomes `--dynamic-config-value KEY=<JSON>`; durations as strings ("5s", "1m").
 *   dynamicConfig: { "frontend.keepAliveMaxConnectionAge": "5s" },
 * });
 * temporal.address;        // "127.0.0.1:<port>", the same after every restart
 * temporal.pid;            // the current server process
 * await temporal.stop();   // graceful stop; the db file stays
 * await temporal.start();  // a new process, same ports, same --db-filename; waits until it serves
 * await temporal.restart();
 * await temporal.kill();   // SIGKILL (not reported as a crash); start() brings it back
 * temporal.onCrash((why) => …); // every unexpected exit (npm start's supervisor restarts it)
 * ```
 *
 * With `TEMPORAL_ADDRESS` (and not `own`) nothing is started: `managed` is false, `stop()`
 * does nothing, and `start()`, `restart()` and `kill()` reject.
 */
import { dirname, join } from "node:path";
import {
  describeStatus,
  ManagedProcess,
  never,
  type OutputOptions,
  restartable,
  type RestartableService,
} from "./process.ts";
import {
  elapsed,
  exists,
  freePort,
  isExecutableFile,
  REPO_ROOT,
  say,
  sleep,
  tcpOpen,
  which,
} from "./util.ts";

/** Pinned Temporal CLI, built with `go install` when no binary is found. */
export const TEMPORAL_CLI_MODULE = "github.com/temporalio/cli/cmd/temporal@v1.5.1";

/** Search attributes the portal's workflows set; registered when the dev server starts. */
export const SEARCH_ATTRIBUTES: Readonly<Record<string, string>> = {
  TenantId: "Keyword",
  TenantSlug: "Keyword",
  CaseType: "Keyword",
  CaseStatus: "Keyword",
};

// --- Temporal CLI ----------------------------------------------------------------------------

/**
 * Path of a Temporal CLI binary: `$TEMPORAL_CLI`, `temporal` on PATH, `<repo>/.tools/bin/temporal`
 * or `$HOME/go/bin/temporal`; else builds it once into `<repo>/.tools/bin` with `go install`.
 */
export async function ensureTemporalCli(): Promise<string> {
  const explicit = Deno.env.get("TEMPORAL_CLI");
  if (explicit) {
    if (await isExecutableFile(explicit)) return explicit;
    throw new Error(`TEMPORAL_CLI=${explicit} is not an executable file`);
  }
  const onPath = await which("temporal");
  if (onPath) return onPath;
  const toolsBin = join(REPO_ROOT, ".tools", "bin");
  const local = join(toolsBin, "temporal");
  const home = Deno.env.get("HOME");
  const candidates = [local, ...(home ? [join(home, "go", "bin", "temporal")] : [])];
  for (const candidate of candidates) {
    if (await isExecutableFile(candidate)) return candidate;
  }
  return await buildTemporalCli(toolsBin, local);
}

async function buildTemporalCli(toolsBin: string, target: string): Promise<string> {
  const go = await which("go") ??
    (await isExecutableFile("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : null);
  if (!go) {
    throw new Error(
      "The Temporal CLI is missing and Go is not installed to build it. Install Go, or set " +
        "TEMPORAL_CLI to a `temporal` binary, or TEMPORAL_ADDRESS to a running Temporal server.",
    );
  }
  await Deno.mkdir(toolsBin, { recursive: true });
  // Another start/test may be building right now: a lock directory (mkdir is atomic) makes the
  // second one wait for the first one's binary instead of building again.
  const lock = join(toolsBin, ".temporal-build.lock");
  while (true) {
    try {
      await Deno.mkdir(lock);
      await Deno.writeTextFile(join(lock, "pid"), String(Deno.pid));
      break;
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
      const holder = await Deno.readTextFile(join(lock, "pid")).catch(() => "");
      if (holder && !(await exists(`/proc/${holder.trim()}`))) {
        await Deno.remove(lock, { recursive: true }).catch(() => {});
        continue;
      }
      say("waiting for another process that is building the Temporal CLI…");
      while (await exists(lock) && !(await isExecutableFile(target))) await sleep(2000);
      if (await isExecutableFile(target)) return target;
    }
  }
  try {
    if (await isExecutableFile(target)) return target;
    say(
      `Building the Temporal CLI (go install ${TEMPORAL_CLI_MODULE}) into .tools/bin — ` +
        "a one-time build of a few minutes.",
    );
    const started = performance.now();
    // Build into a scratch GOBIN and rename, so that a half-written binary is never found.
    const scratch = await Deno.makeTempDir({ dir: toolsBin, prefix: ".build-" });
    try {
      const proc = await ManagedProcess.spawn({
        name: "go",
        cmd: go,
        args: ["install", TEMPORAL_CLI_MODULE],
        env: { GOBIN: scratch },
        verbose: true,
        newSession: false,
      });
      const status = await proc.status;
      if (!status.success) {
        throw proc.failure(`go install ${TEMPORAL_CLI_MODULE} failed (${describeStatus(status)})`);
      }
      await Deno.rename(join(scratch, "temporal"), target);
    } finally {
      await Deno.remove(scratch, { recursive: true }).catch(() => {});
    }
    say(`Temporal CLI built in ${elapsed(started)}: ${target}`);
    return target;
  } finally {
    await Deno.remove(lock, { recursive: true }).catch(() => {});
  }
}

export interface TemporalOptions extends OutputOptions {
  /**
   * SQLite file for persistent state (`--db-filename`), kept across `stop()`/`start()` and on
   * the final stop. Omitted: in memory, so a restart starts empty (fine for most tests; a test
   * that restarts the server passes a file under `PORTAL_TEST_DATA_DIR`).
   */
  dbFile?: string;
  /** Front-end gRPC port. Default: a free one. */
  port?: number;
  /** Web UI port. Default: a free one (unless `headless`). */
  uiPort?: number;
  /** HTTP API port (`--http-port`). Default: a free one (kept across restarts). */
  httpPort?: number;
  /** No web UI (tests). */
  headless?: boolean;
  /** The CLI binary; default `ensureTemporalCli()`. */
  cli?: string;
  /**
   * Extra dynamic config, each passed as `--dynamic-config-value KEY=VALUE` with the value as
   * JSON (the CLI requires JSON values): `{ "frontend.keepAliveMaxConnectionAge": "5s" }`
   * becomes `frontend.keepAliveMaxConnectionAge="5s"`; numbers and booleans as they are.
   */
  dynamicConfig?: Readonly<Record<string, string | number | boolean>>;
  /** Process name, for the `[name]` prefix and `<name>.log`. Default "temporal". */
  name?: string;
  /** Start a dev server of its own even when `TEMPORAL_ADDRESS` is set (fault tests). */
  own?: boolean;
}

export interface TemporalService extends RestartableService {
  /** host:port of the front end (the same after every restart). */
  readonly address: string;
  /** URL of the web UI, "" when headless or unknown. */
  readonly uiUrl: string;
  /** URL of the HTTP API, "" when unknown (external Temporal). */
  readonly httpUrl: string;
  /** The SQLite file, if the state is persistent. */
  readonly dbFile: string | undefined;
  /** false for `TEMPORAL_ADDRESS`: nothing was started, nothing can be restarted. */
  readonly managed: boolean;
}

/** The arguments of `temporal server start-dev` for these options and ports. */
export function temporalDevArgs(
  options: TemporalOptions,
  ports: { port: number; uiPort?: number; httpPort: number },
  namespace: string,
): string[] {
  return [
    "server",
    "start-dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(ports.port),
    ...(ports.uiPort === undefined ? ["--headless"] : ["--ui-port", String(ports.uiPort)]),
    "--http-port",
    String(ports.httpPort),
    ...(options.dbFile ? ["--db-filename", options.dbFile] : []),
    ...(namespace !== "default" ? ["--namespace", namespace] : []),
    "--log-level",
    "warn",
    ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([k, v]) => ["--search-attribute", `${k}=${v}`]),
    ...Object.entries(options.dynamicConfig ?? {}).flatMap((
      [k, v],
    ) => ["--dynamic-config-value", `${k}=${JSON.stringify(v)}`]),
  ];
}

/**
 * Starts the Temporal dev server (or uses `TEMPORAL_ADDRESS`) and waits until it serves. Ports it
 * chose itself may be taken by another process before the server binds them (a port found free
 * is not reserved): then it tries again on new ones, up to three times.
 */
export async function startTemporal(options: TemporalOptions = {}): Promise<TemporalService> {
  const external = options.own ? undefined : Deno.env.get("TEMPORAL_ADDRESS");
  if (external) return externalTemporal(external, options.name ?? "temporal");
  const cli = options.cli ?? await ensureTemporalCli();
  const ownPorts = options.port === undefined && options.httpPort === undefined &&
    (options.headless || options.uiPort === undefined);
  for (let attempt = 1;; attempt++) {
    try {
      return await startDevServer(cli, options);
    } catch (e) {
      if (!ownPorts || attempt >= 3 || !/before listening/.test(String(e))) throw e;
    }
  }
}

async function startDevServer(cli: string, options: TemporalOptions): Promise<TemporalService> {
  const port = options.port ?? freePort();
  const uiPort = options.headless ? undefined : options.uiPort ?? freePort();
  const httpPort = options.httpPort ?? freePort();
  const address = `127.0.0.1:${port}`;
  const namespace = Deno.env.get("TEMPORAL_NAMESPACE") ?? "default";
  if (options.dbFile) await Deno.mkdir(dirname(options.dbFile), { recursive: true });
  const name = options.name ?? "temporal";
  const args = temporalDevArgs(options, { port, uiPort, httpPort }, namespace);
  const service = await restartable(name, async () => {
    const proc = await ManagedProcess.spawn({
      name,
      cmd: cli,
      args,
      // The CLI reads TEMPORAL_* variables as client settings; they must not leak in here.
      env: { TEMPORAL_ADDRESS: "", TEMPORAL_NAMESPACE: "" },
      stopSignal: "SIGTERM",
      stopTimeoutMs: 15_000,
      verbose: options.verbose,
      logDir: options.logDir,
    });
    try {
      await proc.waitUntil(() => tcpOpen("127.0.0.1", port), "listening", 90_000);
      await proc.waitUntil(
        () => temporalHealthy(cli, address, namespace),
        "serving",
        60_000,
        250,
      );
    } catch (e) {
      await proc.stop();
      throw e;
    }
    return proc;
  });
  return Object.assign(service, {
    address,
    uiUrl: uiPort === undefined ? "" : `http://localhost:${uiPort}`,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    dbFile: options.dbFile,
    managed: true,
  });
}

function externalTemporal(address: string, name: string): TemporalService {
  const unmanaged = () =>
    Promise.reject(new Error(`Temporal at TEMPORAL_ADDRESS=${address} is not ours to restart`));
  return {
    name,
    address,
    uiUrl: Deno.env.get("TEMPORAL_UI_URL") ?? "",
    httpUrl: "",
    dbFile: undefined,
    managed: false,
    pid: 0,
    running: true,
    crashed: never,
    stop: async () => {},
    start: unmanaged,
    restart: unmanaged,
    kill: unmanaged,
    tail: () => "",
    onCrash: () => {},
  };
}

/** The front end answers and the namespace exists. */
async function temporalHealthy(cli: string, address: string, namespace: string): Promise<boolean> {
  const out = await new Deno.Command(cli, {
    args: [
      "operator",
      "namespace",
      "describe",
      "--address",
      address,
      "--namespace",
      namespace,
      "--command-timeout",
      "3s",
    ],
    env: { TEMPORAL_ADDRESS: "", TEMPORAL_NAMESPACE: "" },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output();
  return out.success;
}
