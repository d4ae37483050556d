/**
 * The `@std/assert` functions the project's tests use, on `node:assert` (JSR is out of reach on
 * these machines); same names and argument order, so the real module can replace this file.
 */
import nodeAssert from "node:assert/strict";

/** node:assert prints its own diff only when no message is passed at all. */
const msg = (message?: string) => (message === undefined ? [] : [message]) as [string];

export function assert(condition: unknown, message?: string): asserts condition {
  nodeAssert.ok(condition, ...msg(message));
}

export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  nodeAssert.deepStrictEqual(actual, expected, ...msg(message));
}

export function assertNotEquals<T>(actual: T, expected: T, message?: string): void {
  nodeAssert.notDeepStrictEqual(actual, expected, ...msg(message));
}

export function assertMatch(actual: string, expected: RegExp, message?: string): void {
  nodeAssert.match(actual, expected, ...msg(message));
}

export function assertNotMatch(actual: string, expected: RegExp, message?: string): void {
  nodeAssert.doesNotMatch(actual, expected, ...msg(message));
}

export function assertStringIncludes(actual: string, expected: string, message?: string): void {
  nodeAssert.ok(
    actual.includes(expected),
    message ?? `expected ${JSON.stringify(expected)} in:\n${actual}`,
  );
}

export function assertArrayIncludes<T>(actual: readonly T[], expected: readonly T[]): void {
  for (const item of expected) {
    nodeAssert.ok(actual.some((a) => isDeepEqual(a, item)), `missing ${JSON.stringify(item)}`);
  }
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    nodeAssert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

// deno-lint-ignore no-explicit-any
type ErrorClass = new (...args: any[]) => Error;

function checkError(e: unknown, errorClass?: ErrorClass, msgIncludes?: string): Error {
  if (!(e instanceof Error)) throw new nodeAssert.AssertionError({ message: `not an Error: ${e}` });
  const error: Error = e;
  if (errorClass && !(error instanceof errorClass)) {
    const got: Error = error;
    nodeAssert.fail(`expected ${errorClass.name}, got ${got.name}: ${got.message}`);
  }
  if (msgIncludes !== undefined && !error.message.includes(msgIncludes)) {
    nodeAssert.fail(
      `expected the error message to include ${JSON.stringify(msgIncludes)}: ${error.message}`,
    );
  }
  return error;
}

/** `fn` throws (an `errorClass`, whose message includes `msgIncludes`); returns the error. */
export function assertThrows(
  fn: () => unknown,
  errorClass?: ErrorClass,
  msgIncludes?: string,
): Error {
  try {
    fn();
  } catch (e) {
    return checkError(e, errorClass, msgIncludes);
  }
  return nodeAssert.fail("expected the function to throw");
}

/** `fn` rejects (an `errorClass`, whose message includes `msgIncludes`); returns the error. */
export async function assertRejects(
  fn: () => PromiseLike<unknown>,
  errorClass?: ErrorClass,
  msgIncludes?: string,
): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    return checkError(e, errorClass, msgIncludes);
  }
  return nodeAssert.fail("expected the promise to reject");
}

/** `actual` is neither null nor undefined. */
export function assertExists<T>(actual: T, message?: string): asserts actual is NonNullable<T> {
  nodeAssert.ok(
    actual !== null && actual !== undefined,
    message ?? `expected a value, got ${actual}`,
  );
}

/** `actual` is an instance of `expectedType`. */
export function assertInstanceOf<T extends ErrorClass | (new (...args: never[]) => unknown)>(
  actual: unknown,
  expectedType: T,
  message?: string,
): asserts actual is InstanceType<T> {
  nodeAssert.ok(actual instanceof expectedType, message ?? `expected a ${expectedType.name}`);
}
