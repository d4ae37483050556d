/**
 * Lighthouse for `deno task bench` (issue 11): its mobile defaults (simulated slow 4G and a 4×
 * slower CPU, a Moto G Power sized screen) with Debian's Chromium, on the pages the issue names,
 * against the portal the bench started. Prints the four category scores per page and, for each
 * score under 100, the audits that cost it.
 *
 * Lighthouse is not a dependency of the portal (it brings some 150 packages, Sentry among them,
 * that neither the portal nor its tests need): the first run installs the pinned version into
 * `.tools/lighthouse` with npm, as the Temporal CLI is built into `.tools/bin`. 12.2.3, because
 * version 13 needs Node 22.
 *
 *   deno run -A scripts/bench_lighthouse.ts http://localhost:8000 [/ /uredni-deska /prihlaseni]
 */
import { join } from "node:path";
import { REPO_ROOT } from "./services/mod.ts";

export const LIGHTHOUSE_VERSION = "12.2.3";
export const LIGHTHOUSE_PAGES = ["/", "/uredni-deska", "/prihlaseni"] as const;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
/** The issue's goals: performance ≥ 95, the others 100. */
export const LIGHTHOUSE_GOALS: Record<(typeof CATEGORIES)[number], number> = {
  "performance": 95,
  "accessibility": 100,
  "best-practices": 100,
  "seo": 100,
};

const TOOL_DIR = join(REPO_ROOT, ".tools", "lighthouse");
const CLI = join(TOOL_DIR, "node_modules", "lighthouse", "cli", "index.js");

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Installs the pinned Lighthouse into .tools/lighthouse once; returns its CLI's path. */
export async function ensureLighthouse(): Promise<string> {
  const marker = join(TOOL_DIR, "node_modules", "lighthouse", "package.json");
  if (await exists(marker)) {
    const { version } = JSON.parse(await Deno.readTextFile(marker));
    if (version === LIGHTHOUSE_VERSION) return CLI;
  }
  await Deno.mkdir(TOOL_DIR, { recursive: true });
  await Deno.writeTextFile(
    join(TOOL_DIR, "package.json"),
    JSON.stringify({ name: "portal-lighthouse", private: true }) + "\n",
  );
  const out = await new Deno.Command("npm", {
    args: ["install", "--no-audit", "--no-fund", `lighthouse@${LIGHTHOUSE_VERSION}`],
    cwd: TOOL_DIR,
    stdin: "null",
  }).output();
  if (!out.success) {
    throw new Error(
      `npm install lighthouse@${LIGHTHOUSE_VERSION} failed:\n${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
  return CLI;
}

export interface LighthouseResult {
  path: string;
  /** 0–100 per category. */
  scores: Record<string, number>;
  /** Audits under a full score in a category under 100, with what they measured. */
  misses: string[];
  /** Largest Contentful Paint and Total Blocking Time, simulated, as Lighthouse shows them. */
  lcp: string;
  tbt: string;
}

interface LhAudit {
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  displayValue?: string;
}
interface LhReport {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, LhAudit>;
  runtimeError?: { message: string };
}

/** Runs Lighthouse on one page of `baseUrl`. */
export async function lighthouse(
  cli: string,
  baseUrl: string,
  path: string,
  chromium = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium",
): Promise<LighthouseResult> {
  const out = await new Deno.Command("node", {
    args: [
      cli,
      new URL(path, baseUrl).href,
      "--output=json",
      "--output-path=stdout",
      "--quiet",
      `--only-categories=${CATEGORIES.join(",")}`,
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu --lang=cs-CZ",
    ],
    env: { CHROME_PATH: chromium },
    stdin: "null",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success || !text.trim().startsWith("{")) {
    throw new Error(
      `lighthouse ${path} failed: ${new TextDecoder().decode(out.stderr).slice(-2000)}`,
    );
  }
  const report = JSON.parse(text) as LhReport;
  if (report.runtimeError) throw new Error(`lighthouse ${path}: ${report.runtimeError.message}`);
  const scores: Record<string, number> = {};
  const misses: string[] = [];
  for (const id of CATEGORIES) {
    const category = report.categories[id];
    const score = Math.round((category?.score ?? 0) * 100);
    scores[id] = score;
    if (score >= 100 || !category) continue;
    for (const ref of category.auditRefs) {
      const audit = report.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 1) continue;
      if (ref.weight === 0 && id !== "performance") continue;
      if (audit.scoreDisplayMode === "informative" || audit.scoreDisplayMode === "manual") continue;
      misses.push(
        `${id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ""}`,
      );
    }
  }
  return {
    path,
    scores,
    misses,
    lcp: report.audits["largest-contentful-paint"]?.displayValue ?? "?",
    tbt: report.audits["total-blocking-time"]?.displayValue ?? "?",
  };
}

/** Lighthouse on every page, one after another (each run has the machine to itself). */
export async function lighthousePages(
  baseUrl: string,
  paths: readonly string[] = LIGHTHOUSE_PAGES,
): Promise<LighthouseResult[]> {
  const cli = await ensureLighthouse();
  const results: LighthouseResult[] = [];
  for (const path of paths) results.push(await lighthouse(cli, baseUrl, path));
  return results;
}

/** The table the bench prints, each score with its goal. */
export function formatLighthouse(results: LighthouseResult[]): string {
  const lines = [
    `Lighthouse ${LIGHTHOUSE_VERSION} (mobile defaults, Debian's Chromium); goal: performance ≥ ${LIGHTHOUSE_GOALS.performance}, the others 100`,
  ];
  for (const r of results) {
    const cells = CATEGORIES.map((c) => {
      const ok = r.scores[c] >= LIGHTHOUSE_GOALS[c];
      return `${c} ${r.scores[c]}${ok ? "" : " ✗"}`;
    });
    lines.push(`  ${r.path.padEnd(14)} ${cells.join(" · ")} · LCP ${r.lcp} · TBT ${r.tbt}`);
    for (const miss of r.misses) lines.push(`      ${miss}`);
  }
  return lines.join("\n");
}

if (import.meta.main) {
  const [base, ...paths] = Deno.args;
  if (!base) {
    console.error("usage: deno run -A scripts/bench_lighthouse.ts <base URL> [paths…]");
    Deno.exit(2);
  }
  const results = await lighthousePages(base, paths.length ? paths : LIGHTHOUSE_PAGES);
  console.log(formatLighthouse(results));
}
