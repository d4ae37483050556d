/** The test runner's report parsing and summary line (scripts/test_report.ts). */
import { assertEquals, assertThrows } from "../tests/assert.ts";
import { parseJUnit, summaryLine } from "./test_report.ts";

Deno.test("parseJUnit counts test cases, steps, failures, errors and skips", () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="6" failures="2" errors="0" time="0.010">
    <testsuite name="./a_test.ts" tests="6" disabled="1" errors="0" failures="2">
        <testcase name="one" classname="./a_test.ts" time="0.000" line="1" col="6">
        </testcase>
        <testcase name="two" classname="./a_test.ts" time="0.001" line="2" col="6">
            <failure message="Uncaught Error: boom &lt;x&gt;">Error: boom &lt;x&gt;
    at file:///tmp/a_test.ts:2:32</failure>
        </testcase>
        <testcase name="ign &quot;redis&quot;" classname="./a_test.ts" time="0.000" line="3" col="6">
            <skipped/>
        </testcase>
        <testcase name="steps &gt; s1" classname="./a_test.ts" time="0.000"/>
        <testcase name="errored" classname="./a_test.ts" time="0.000"><error message="x"/></testcase>
        <testcase name="last" classname="./a_test.ts" time="0.000"></testcase>
    </testsuite>
</testsuites>`;
  assertEquals(parseJUnit(xml), {
    total: 6,
    failed: 2,
    skipped: 1,
    skippedTests: ['./a_test.ts › ign "redis"'],
  });
});

Deno.test("parseJUnit: an empty report counts nothing; garbage throws", () => {
  assertEquals(parseJUnit(`<testsuites name="deno test" tests="0"></testsuites>`), {
    total: 0,
    failed: 0,
    skipped: 0,
    skippedTests: [],
  });
  assertThrows(() => parseJUnit("error: Module not found"));
});

Deno.test("summaryLine mentions skipped tests only when there are some", () => {
  assertEquals(summaryLine(42, 0, 0), "42 passed, 0 failed");
  assertEquals(summaryLine(40, 1, 3), "40 passed, 1 failed, 3 skipped");
});
