/**
 * Input that can never succeed fails an activity for good, in one place for every activity:
 * PostgreSQL refusing the data itself (class 22, data exception: a NUL byte, an invalid byte
 * sequence, a value too long; class 23, a constraint the row breaks) is not cured by retrying.
 * Such an error becomes a non-retryable `InvalidInput` failure, so the workflow ends the step in
 * a state a clerk sees (e.g. a withdrawal that failed and may be asked for again) instead of
 * retrying forever. Everything else (a lost connection, SMTP down) stays retryable.
 */
import { ApplicationFailure } from "@temporalio/activity";

export const INVALID_INPUT = "InvalidInput";

export function isPermanentDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code);
}

// deno-lint-ignore no-explicit-any
type AnyFn = (...args: any[]) => Promise<unknown>;

/** Wraps each activity so that a permanent data error fails it non-retryably. */
export function failPermanentlyOnBadInput<T extends Record<string, AnyFn>>(activities: T): T {
  const wrapped: Record<string, AnyFn> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args) => {
      try {
        return await fn(...args);
      } catch (err) {
        if (!isPermanentDataError(err)) throw err;
        const code = (err as { code: string }).code;
        throw ApplicationFailure.create({
          type: INVALID_INPUT,
          message: `${name}: the database refused the input (SQLSTATE ${code})`,
          nonRetryable: true,
        });
      }
    };
  }
  return wrapped as T;
}
