/**
 * The budget explorer at scale (issue 12), for `deno task bench` (scripts/bench.ts):
 *
 * 1. `seedFinanceBench`: a scratch town `rozpocet-bench` (host `rozpocet-bench.localhost`) with
 *    `--budget-years` (10) years × `--budget` (200 000) accounting lines a year, generated in
 *    SQL (`generate_series`, deterministic: codes and amounts from the row number): paragrafy
 *    and položky of the code lists, about a dozen položky per paragraf as in a real town's
 *    accounts, the department from the paragraf's skupina, projects on capital items, a founded
 *    organisation on 2 % of the lines. The `budget_line_sums` triggers keep the summary as the
 *    lines go in; the time to write them is reported.
 * 2. `benchExplorerSql`: every drill-down answer the explorer asks for (three years side by
 *    side, expenditure from skupina down to paragraf, by položka, by department, project and
 *    organisation), each `--budget-queries` (50) times through `budgetBreakdown` (the summary):
 *    p50 and p99 in ms; and, for comparison, the first answers summed straight from the lines
 *    (what the summary saves).
 * 3. `explorerTargets`: the explorer's pages at each level, for the bench's load runs on the
 *    portal without its render cache (every request sums in SQL), so their rps is a ratio to
 *    bare `Deno.serve` in the same run, with the p99, like every other target.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { BUDGET_CLASSIFICATION } from "../db/seeds/budget_classification.ts";
import { icoFrom } from "../db/seeds/finance.ts";
import {
  budgetBreakdown,
  type BudgetDimension,
  type BudgetFilter,
} from "../db/repositories/finance.ts";

export const BENCH_TOWN = {
  slug: "rozpocet-bench",
  host: "rozpocet-bench.localhost",
} as const;

export interface FinanceBenchData {
  tenantId: string;
  years: number[];
  linesPerYear: number;
  /** Milliseconds to write all lines (with the summary's triggers). */
  writeMs: number;
  summaryRows: number;
}

/** The scratch town and its lines; `say` reports progress. */
export async function seedFinanceBench(
  db: Kysely<Database>,
  opts: { years: number; linesPerYear: number; say: (line: string) => void },
): Promise<FinanceBenchData> {
  const tenant = await db.insertInto("tenants").values({
    slug: BENCH_TOWN.slug,
    name: "Rozpočtov (bench)",
    official_name: "Obec Rozpočtov",
    ico: icoFrom(99_001),
    iban: "CZ6508000000192000145399",
    address: "Rozpočtov 1",
    email: "podatelna@rozpocet-bench.invalid",
    phone: "+420000000000",
    hosts: [BENCH_TOWN.host],
    settings: "{}",
  }).returning("id").executeTakeFirstOrThrow();
  const tenantId = tenant.id;
  await db.insertInto("budget_departments").values(
    ["1", "2", "3", "4", "5", "6", "0"].map((d) => ({
      tenant_id: tenantId,
      code: `${d}0`,
      name: `Odbor ${d}0`,
    })),
  ).execute();
  await db.insertInto("budget_projects").values(
    Array.from({ length: 10 }, (_, i) => ({
      tenant_id: tenantId,
      code: String(1000 + i),
      name: `Akce ${1000 + i}`,
    })),
  ).execute();
  const organisations = [icoFrom(7_099_001), icoFrom(7_099_002)];
  await db.insertInto("budget_organisations").values(
    organisations.map((ico, i) => ({ tenant_id: tenantId, ico, name: `Organizace ${i + 1}` })),
  ).execute();

  const paragrafy = BUDGET_CLASSIFICATION
    .filter((c) => c.kind === "paragraf" && c.code.length === 4 && c.code !== "0000")
    .map((c) => c.code);
  const polozky = BUDGET_CLASSIFICATION
    .filter((c) => c.kind === "polozka" && c.code.length === 4).map((c) => c.code);
  const last = 2026;
  const years = Array.from({ length: opts.years }, (_, i) => last - opts.years + 1 + i);
  const t0 = performance.now();
  for (const year of years) {
    const imp = await db.insertInto("budget_imports").values({
      tenant_id: tenantId,
      kind: "seed",
      year,
      mode: "replace",
      file_name: `bench-${year}`,
      file_sha256: "0".repeat(64),
      row_count: opts.linesPerYear,
      source: "seed",
    }).returning("id").executeTakeFirstOrThrow();
    await sql`
      insert into budget_lines (tenant_id, import_id, year, paragraf, polozka, orj, org,
        organisation_ico, approved_halere, amended_halere, actual_halere)
      select ${tenantId}::uuid, ${imp.id}::uuid, ${year}::int, x.paragraf, x.polozka,
        left(x.paragraf, 1) || '0',
        case when x.polozka like '6%' then (1000 + g.i % 10)::text end,
        case when x.polozka between '5000' and '5999' and g.i % 50 = 0
          then (${organisations}::text[])[1 + g.i % 2] end,
        g.approved, g.approved * (90 + g.i % 21) / 100,
        g.approved * (90 + g.i % 21) / 100 * (70 + g.h % 31) / 100
      from (
        select i, h, (100 + h % 50000) * 100 as approved, h % ${paragrafy.length} as pi
        from (select i, (i * 2654435761 + ${year}::bigint * 40503) % 1000003 as h
          from generate_series(1, ${opts.linesPerYear}::int) i) r
      ) g
      cross join lateral (
        select (${paragrafy}::text[])[1 + g.pi] as paragraf,
          (${polozky}::text[])[1 + (g.pi * 31 + (g.i % 12) * 7) % ${polozky.length}] as polozka
      ) x`.execute(db);
    opts.say(`bench: budget ${year}: ${opts.linesPerYear} lines (${elapsedSince(t0)})`);
  }
  const writeMs = performance.now() - t0;
  await sql`vacuum analyze budget_lines`.execute(db);
  await sql`vacuum analyze budget_line_sums`.execute(db);
  const n = await db.selectFrom("budget_line_sums").select((e) => e.fn.countAll<string>().as("n"))
    .where("tenant_id", "=", tenantId).executeTakeFirstOrThrow();
  return {
    tenantId,
    years,
    linesPerYear: opts.linesPerYear,
    writeMs,
    summaryRows: Number(n.n),
  };
}

function elapsedSince(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

/** The explorer's drill-down, level by level (expenditure of the three newest years). */
export const DRILL_DOWN: { label: string; by: BudgetDimension; filter: BudgetFilter }[] = [
  { label: "výdaje by skupina", by: "paragraf", filter: { side: "vydaje" } },
  { label: "skupina 3 → oddíly", by: "paragraf", filter: { side: "vydaje", paragraf: "3" } },
  { label: "oddíl 36 → pododdíly", by: "paragraf", filter: { side: "vydaje", paragraf: "36" } },
  {
    label: "pododdíl 363 → paragrafy",
    by: "paragraf",
    filter: { side: "vydaje", paragraf: "363" },
  },
  {
    label: "paragraf 3639 by třída",
    by: "polozka",
    filter: { side: "vydaje", paragraf: "3639" },
  },
  { label: "výdaje by třída", by: "polozka", filter: { side: "vydaje" } },
  {
    label: "seskupení 51 → podseskupení",
    by: "polozka",
    filter: { side: "vydaje", polozka: "51" },
  },
  { label: "příjmy by třída", by: "polozka", filter: { side: "prijmy" } },
  { label: "výdaje by department", by: "orj", filter: { side: "vydaje" } },
  { label: "výdaje by project", by: "org", filter: { side: "vydaje" } },
  { label: "výdaje by organisation", by: "organizace", filter: { side: "vydaje" } },
];

export interface SqlTiming {
  label: string;
  rows: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ExplorerSqlBench {
  data: FinanceBenchData;
  timings: SqlTiming[];
  /** The first answer summed straight from the lines (no summary), median ms. */
  fromLinesMs: number;
  fromLinesLabel: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export async function benchExplorerSql(
  db: Kysely<Database>,
  data: FinanceBenchData,
  opts: { queries: number },
): Promise<ExplorerSqlBench> {
  const years = data.years.slice(-3);
  const timings: SqlTiming[] = [];
  for (const step of DRILL_DOWN) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < opts.queries; i++) {
      const t = performance.now();
      const r = await budgetBreakdown(db, data.tenantId, years, step.by, step.filter);
      times.push(performance.now() - t);
      rows = r.rows.length;
    }
    times.sort((a, b) => a - b);
    timings.push({
      label: step.label,
      rows,
      p50Ms: percentile(times, 0.5),
      p99Ms: percentile(times, 0.99),
    });
  }
  // What the summary saves: the top level summed from the lines themselves.
  const direct: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await sql`select left(paragraf, 1), year, sum(approved_halere), sum(amended_halere),
        sum(actual_halere)
      from budget_lines where tenant_id = ${data.tenantId} and year = any(${years}::int[])
        and polozka between '5000' and '7999'
      group by 1, 2`.execute(db);
    direct.push(performance.now() - t);
  }
  direct.sort((a, b) => a - b);
  return {
    data,
    timings,
    fromLinesMs: percentile(direct, 0.5),
    fromLinesLabel: DRILL_DOWN[0].label,
  };
}

export function explorerSqlSummary(b: ExplorerSqlBench): string[] {
  const d = b.data;
  const out = [
    `budget explorer: ${d.years.length} years × ${d.linesPerYear} lines written in ` +
    `${(d.writeMs / 1000).toFixed(1)} s (summary kept by triggers: ${d.summaryRows} rows); ` +
    `answers for ${d.years.slice(-3).join(", ")} from SQL:`,
  ];
  for (const t of b.timings) {
    out.push(
      `  ${t.label.padEnd(30)} ${String(t.rows).padStart(4)} rows  p50 ${
        t.p50Ms.toFixed(2)
      } ms  p99 ${t.p99Ms.toFixed(2)} ms`,
    );
  }
  out.push(
    `  (${b.fromLinesLabel} summed from the lines instead: ${b.fromLinesMs.toFixed(0)} ms)`,
  );
  return out;
}

/** The explorer's pages at each level (the same drill-down), newest year `year`. */
export function explorerTargets(year: number): { label: string; path: string }[] {
  const q = (extra: string) => `/rozpocet?rok=${year}&strana=vydaje${extra}`;
  return [
    { label: "explorer výdaje", path: q("") },
    { label: "explorer oddíl 36", path: q("&paragraf=36") },
    { label: "explorer 3639 by položka", path: q("&podle=polozka&paragraf=3639") },
    { label: "explorer by ORJ", path: q("&podle=orj") },
  ];
}
