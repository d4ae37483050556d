/**
 * Process supervision: every real component runs as a child process of the calling Deno process.
 *
 * Children die with us: on Linux each one is started through `setpriv --pdeathsig`, so the
 * kernel signals it when we exit for whatever reason (even SIGKILL), and through `setsid`, so a
 * Ctrl-C in the terminal reaches only us and we stop the children in order. Their output goes,
 * line by line, to our stdout prefixed with `[name]` when `verbose`, else to `<logDir>/<name>.log`;
 * the last lines are kept in memory to explain a child that fails to become ready.
 */
import { join } from "node:path";
import { cachedWhich, REPO_ROOT, say, sleep, writeAllSync } from "./util.ts";

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

/** A promise that never settles (`crashed` of a service we did not start). */
export const never: Promise<string> = new Promise<string>(() => {});

export function describeStatus(status: Deno.CommandStatus): string {
  return status.signal ? `signal ${status.signal}` : `code ${status.code}`;
}

/** A service of one process that is never restarted (MailDev, the OpenID provider…). */
export function serviceOf(proc: ManagedProcess, onStop?: () => Promise<void>): Service {
  return {
    name: proc.name,
    crashed: proc.crashed,
    async stop() {
      await proc.stop();
      await onStop?.().catch((e) => say(`${proc.name}: cleanup failed: ${e}`));
    },
  };
}

/**
 * A service whose process can be stopped, started again, restarted and killed (the worker, the
 * web server, the Temporal dev server). Each start is a new process with the same command,
 * ports and data; `pid` is the current (or last) process's.
 */
export interface RestartableService extends Service {
  /** Process id of the current process (of the last one while stopped). */
  readonly pid: number;
  /** Whether a process is running (started and not yet exited). */
  readonly running: boolean;
  /**
   * Starts a new process if none is running and waits until it is ready; rejects (and leaves
   * none running) if it does not become ready.
   */
  start(): Promise<void>;
  /** Graceful stop of the current process (not a crash); `start()` may follow. */
  stop(): Promise<void>;
  /** `stop()`, then `start()`. */
  restart(): Promise<void>;
  /** Sends `signal` (default SIGKILL) and waits for the exit; not counted as a crash. */
  kill(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
  /** The last lines of the current process's output. */
  tail(lines?: number): string;
  /**
   * Called on every unexpected exit of the current process (not only the first, as `crashed`
   * is), so a supervisor can start it again.
   */
  onCrash(listener: (why: string) => void): void;
}

/**
 * A restartable service: `spawnReady` starts one process and waits until it is ready (stopping
 * it and throwing if it is not). `crashed` resolves when whichever process is current exits
 * without being stopped, killed or restarted.
 */
export async function restartable(
  name: string,
  spawnReady: () => Promise<ManagedProcess>,
): Promise<RestartableService> {
  let resolveCrash!: (why: string) => void;
  const crashed = new Promise<string>((resolve) => resolveCrash = resolve);
  const listeners = new Set<(why: string) => void>();
  let current = await spawnReady();
  /** The start in progress, so that two callers do not start two processes. */
  let starting: Promise<void> | null = null;
  const watch = (proc: ManagedProcess) =>
    proc.crashed.then((why) => {
      if (proc !== current) return; // an old process: replaced already
      resolveCrash(why);
      for (const listener of listeners) listener(why);
    });
  watch(current);
  const start = (): Promise<void> => {
    if (!current.exited && !starting) return Promise.resolve();
    return starting ??= (async () => {
      try {
        await current.stop(); // a process on its way out: wait for it (idempotent)
        current = await spawnReady();
        watch(current);
      } finally {
        starting = null;
      }
    })();
  };
  return {
    name,
    crashed,
    get pid() {
      return current.pid;
    },
    get running() {
      return !current.exited;
    },
    start,
    async stop() {
      if (starting) await starting.catch(() => {});
      await current.stop();
    },
    async restart() {
      if (starting) await starting.catch(() => {});
      await current.stop();
      await start();
    },
    kill: (signal = "SIGKILL") => current.kill(signal),
    tail: (lines) => current.tail(lines),
    onCrash: (listener) => void listeners.add(listener),
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
