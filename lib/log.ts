/**
 * JSON-lines logging. Never pass personal data (names, e-mails, rodná čísla, form bodies):
 * log identifiers (request id, tenant id, case id) and outcomes. `redact` masks the few
 * keys that might slip in through error details.
 *
 * Lines are buffered and written off the request path: `debug` and `info` lines (the request
 * log among them) collect in memory and go out in one write every 50 ms or when 64 KB have
 * gathered, so a request never waits for a write and a busy server makes one write per batch,
 * not one per request. `warn`, `error` and lifecycle lines flush the buffer and are written at
 * once (in order after what was buffered): an operator sees a failure immediately, and a
 * supervisor waiting for "web started" is not kept waiting. The buffer is flushed when the
 * process exits normally.
 */
import { readEnv } from "./env.ts";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SENSITIVE =
  /pass|secret|token|cookie|authorization|e-?mail|phone|telefon|rodn|birth|^name$|(first|last|full|given|family|display|user)_?name|jmeno|prijmeni|address|adresa/i;

let level: number | undefined;

/** The configured level, read once (LOG_LEVEL; `warn` in tests, else `info`). */
function threshold(): number {
  if (level === undefined) {
    const name =
      (readEnv("LOG_LEVEL") ?? (readEnv("APP_ENV") === "test" ? "warn" : "info")) as Level;
    level = ORDER[name] ?? ORDER.info;
  }
  return level;
}

export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SENSITIVE.test(key) ? "[redacted]" : value;
  }
  return out;
}

const FLUSH_MS = 50;
const FLUSH_BYTES = 64 * 1024;
let pending: string[] = [];
let pendingBytes = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Writes what is buffered now (one console.log of the joined lines). */
export function flushLog(): void {
  if (timer !== undefined) {
    clearTimeout(timer);
    timer = undefined;
  }
  if (pending.length === 0) return;
  const text = pending.join("\n");
  pending = [];
  pendingBytes = 0;
  console.log(text);
}

function buffer(line: string): void {
  pending.push(line);
  pendingBytes += line.length + 1;
  if (pendingBytes >= FLUSH_BYTES) flushLog();
  else if (timer === undefined) {
    timer = setTimeout(flushLog, FLUSH_MS);
    unref(timer);
  }
}

/** A pending flush must not keep a finished process (a script, a test) alive. */
function unref(t: ReturnType<typeof setTimeout>): void {
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  if (typeof t === "number") g.Deno?.unrefTimer?.(t);
  else (t as { unref?: () => void }).unref?.();
}

// Flush what is buffered when the process ends normally (Deno: unload; Node: exit).
{
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  if (g.Deno) g.addEventListener?.("unload", flushLog);
  else g.process?.on?.("exit", flushLog);
}

function write(
  level: Level,
  msg: string,
  fields: Record<string, unknown> = {},
  always = false,
): void {
  if (!always && ORDER[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...redact(fields) });
  if (level === "error" || level === "warn") {
    flushLog();
    console.error(line);
  } else if (always) {
    flushLog();
    console.log(line);
  } else buffer(line);
}

/** One request as the access log records it; every value is an id, a number or a path. */
export interface RequestLine {
  requestId: string;
  tenant?: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  /** How the response was made: `cache` (render cache), `static`, or absent (rendered). */
  via?: string;
}

/**
 * The access log's line, built without an intermediate object or redaction pass (its fields
 * are fixed and carry no personal data: the path is logged without its query string).
 */
function requestLine(r: RequestLine): void {
  if (ORDER.info < threshold()) return;
  buffer(
    `{"time":"${new Date().toISOString()}","level":"info","msg":"request","requestId":${
      JSON.stringify(r.requestId)
    }${r.tenant ? `,"tenant":${JSON.stringify(r.tenant)}` : ""},"method":${
      JSON.stringify(r.method)
    },"path":${JSON.stringify(r.path)},"status":${r.status},"ms":${Math.round(r.ms * 10) / 10}${
      r.via ? `,"via":"${r.via}"` : ""
    }}`,
  );
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
  /** Process lifecycle ("worker started", "web started"): printed at any level, supervisors wait for it. */
  lifecycle: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields, true),
  /** The access log: one line per request, buffered (see the file's comment). */
  request: requestLine,
  /** Whether `info` lines are written (the access log is on). */
  get requestsLogged(): boolean {
    return ORDER.info >= threshold();
  },
};

/** An error's name and message, without the stack (which can carry data). */
export function describeError(err: unknown): { error: string; message: string } {
  if (err instanceof Error) return { error: err.name, message: err.message.slice(0, 500) };
  return { error: "NonError", message: String(err).slice(0, 500) };
}
