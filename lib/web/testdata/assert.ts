/**
 * The few `@std/assert` functions the tests use, on `node:assert` (jsr is out of reach here);
 * same names and argument order, so the real module can replace this file.
 */
import assert from "node:assert/strict";

export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  if (message === undefined) assert.deepStrictEqual(actual, expected);
  else assert.deepStrictEqual(actual, expected, message);
}

export const assertNotEquals = <T>(actual: T, expected: T): void =>
  assert.notDeepStrictEqual(actual, expected);

export const assertMatch = (actual: string, expected: RegExp): void =>
  assert.match(actual, expected);

export const assertNotMatch = (actual: string, expected: RegExp): void =>
  assert.doesNotMatch(actual, expected);

export function assertStringIncludes(actual: string, expected: string): void {
  assert.ok(actual.includes(expected), `expected ${JSON.stringify(expected)} in:\n${actual}`);
}

export function assertThrows(
  fn: () => unknown,
  type: new (...args: never[]) => Error,
  includes: string,
): void {
  assert.throws(fn, (error: unknown) => error instanceof type && error.message.includes(includes));
}
