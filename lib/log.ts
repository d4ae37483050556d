/**
 * JSON-lines logging. Never pass personal data (names, e-mails, rodná čísla, form bodies):
 * log identifiers (request id, tenant id, case id) and outcomes. `redact` masks the few
 * keys that might slip in through error details.
 */
import { readEnv } from "./env.ts";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SENSITIVE =
  /pass|secret|token|cookie|authorization|e-?mail|phone|telefon|rodn|birth|^name$|(first|last|full|given|family|display|user)_?name|jmeno|prijmeni|address|adresa/i;

function threshold(): number {
  const level =
    (readEnv("LOG_LEVEL") ?? (readEnv("APP_ENV") === "test" ? "warn" : "info")) as Level;
  return ORDER[level] ?? ORDER.info;
}

export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SENSITIVE.test(key) ? "[redacted]" : value;
  }
  return out;
}

function write(
  level: Level,
  msg: string,
  fields: Record<string, unknown> = {},
  always = false,
): void {
  if (!always && ORDER[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...redact(fields) });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
  /** Process lifecycle ("worker started", "web started"): printed at any level, supervisors wait for it. */
  lifecycle: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields, true),
};

/** An error's name and message, without the stack (which can carry data). */
export function describeError(err: unknown): { error: string; message: string } {
  if (err instanceof Error) return { error: err.name, message: err.message.slice(0, 500) };
  return { error: "NonError", message: String(err).slice(0, 500) };
}
