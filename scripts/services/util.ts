/**
 * Small helpers shared by the services, `npm start`, `npm test` and the benchmark: messages,
 * paths, commands on PATH, secrets, ports.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in `<root>/scripts/services/`). */
export const REPO_ROOT: string = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

const encoder = new TextEncoder();

/** Writes all of `text` to a file synchronously (a single writeSync may write only part). */
export function writeAllSync(file: { writeSync(p: Uint8Array): number }, text: string): void {
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

export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

export async function isExecutableFile(path: string): Promise<boolean> {
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
/** `which`, looked up once per process. */
export function cachedWhich(command: string): Promise<string | null> {
  let hit = whichCache.get(command);
  if (!hit) whichCache.set(command, hit = which(command));
  return hit;
}

export function isRoot(): boolean {
  return Deno.uid() === 0;
}

/** Runs a command to completion and returns its trimmed stdout; throws with stderr on failure. */
export async function capture(
  cmd: string,
  args: string[],
  env?: Record<string, string>,
): Promise<string> {
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
// Ports and probes
// ---------------------------------------------------------------------------------------------

const handedOut = new Set<number>();

/**
 * Where free ports are looked for first: below Linux's ephemeral range (32768–60999), which the
 * kernel hands to outgoing connections — a port found free there can be taken by any client's
 * connection before the service binds it (seen as "address already in use" in parallel runs).
 */
const QUIET_PORTS = { from: 20_000, to: 32_768 };

/** A TCP port that is free on 127.0.0.1 right now (never the same one twice per process). */
export function freePort(): number {
  for (let i = 0; i < 200; i++) {
    const port = QUIET_PORTS.from +
      Math.floor(Math.random() * (QUIET_PORTS.to - QUIET_PORTS.from));
    if (handedOut.has(port) || !isPortFree(port)) continue;
    handedOut.add(port);
    return port;
  }
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

/** Whether `GET url` answers 200 within 3 s. */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** The `node` binary on PATH. */
export async function nodeBinary(): Promise<string> {
  const node = await cachedWhich("node");
  if (!node) throw new Error("node (Node.js 20+) is not on PATH");
  return node;
}
