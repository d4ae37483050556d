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
    message ?? `expected the text to include ${JSON.stringify(expected)}`,
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
