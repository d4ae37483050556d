/**
 * The one polling helper of the tests: wait for something to become true (a row's status, an
 * e-mail in MailDev, a page on the public board) instead of sleeping for a guessed time.
 *
 * ```ts
 * const mail = await waitFor(() => inbox.find((m) => m.to === address), {
 *   what: "the e-mail to the office", // named in the timeout error
 *   timeoutMs: 30_000, // default 20 s
 *   intervalMs: 100, // default 200 ms
 * });
 * ```
 */

export interface WaitOptions {
  /** What is awaited, for the error message ("the notice to be published"). */
  what?: string;
  /** Give up after this long. Default 20 s. */
  timeoutMs?: number;
  /** Pause between checks. Default 200 ms. */
  intervalMs?: number;
}

/**
 * Calls `check` until it returns something truthy and resolves with that value; rejects after
 * `timeoutMs` naming `what`. An error thrown by `check` rejects at once (a broken check must not
 * look like a slow one).
 */
export async function waitFor<T>(
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = performance.now() + timeoutMs;
  while (true) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${options.what ?? "a condition"}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
