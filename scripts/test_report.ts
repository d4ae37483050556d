/**
 * The test runner's report: the JUnit XML that `deno test --junit-path` writes, counted, and the
 * summary line that ends `npm test` (scripts/test.ts).
 */

export interface TestCounts {
  total: number;
  failed: number;
  skipped: number;
  /** The skipped tests, as `<module> › <name>` (so that a skip is never silent). */
  skippedTests: string[];
}

/**
 * Counts a JUnit XML report's test cases (Deno writes one per test and one per step): failed
 * are those with `<failure>` or `<error>`, skipped those with `<skipped>`. Throws if `xml` is
 * not a JUnit report.
 */
export function parseJUnit(xml: string): TestCounts {
  if (!/<testsuites?[\s>]/.test(xml)) throw new Error("not a JUnit report");
  const counts: TestCounts = { total: 0, failed: 0, skipped: 0, skippedTests: [] };
  // Either `<testcase …/>` or `<testcase …>…</testcase>`; the body never contains a nested
  // testcase, and text inside is escaped, so a non-greedy match is exact.
  const testcase = /<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(testcase)) {
    counts.total++;
    const body = match[2] ?? "";
    if (/<(failure|error)\b/.test(body)) counts.failed++;
    else if (/<skipped\b/.test(body)) {
      counts.skipped++;
      const name = attribute(match[1], "name") ?? "?";
      const module = attribute(match[1], "classname");
      counts.skippedTests.push(module ? `${module} › ${name}` : name);
    }
  }
  return counts;
}

function attribute(attributes: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(attributes);
  return m ? unescapeXml(m[1]) : undefined;
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" };
    if (e[0] !== "#") return named[e.toLowerCase()];
    return String.fromCodePoint(
      e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : +e.slice(1),
    );
  });
}

/** `42 passed, 0 failed` plus `, 3 skipped` when some were. */
export function summaryLine(passed: number, failed: number, skipped: number): string {
  return `${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : "");
}
