/**
 * The runtime's tests use the project's one assertion module (tests/assert.ts: `@std/assert`'s
 * names on `node:assert`, so the real module can replace it).
 */
export {
  assertEquals,
  assertMatch,
  assertNotEquals,
  assertNotMatch,
  assertStringIncludes,
  assertThrows,
} from "../../../tests/assert.ts";
