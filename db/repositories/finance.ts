/**
 * The budget explorer's aggregates (issue 12): a town's budget lines summed per year in SQL,
 * one level below the drill-down's prefix of the budget classification (paragraf: skupina 1
 * digit → oddíl 2 → pododdíl 3 → paragraf 4; položka: třída → seskupení → podseskupení →
 * položka), or per department (ORJ), project (ORG) and founded organisation (IČO). Names come
 * from the code lists (db/seeds/budget_classification.ts; a code missing there takes its nearest
 * listed parent's name) and from the town's own tables.
 *
 * The sums come from `budget_line_sums` (budget_lines summed per town, year, paragraf, položka,
 * ORJ, ORG and organisation; kept by triggers in the transaction that writes the lines), a few
 * thousand rows a year where the lines may be hundreds of thousands.
 *
 * Side of a položka: < 5000 revenue (příjmy), 5000–7999 expenditure (výdaje), ≥ 8000 financing
 * (financování). Prefixes and sides become ranges on the four-digit codes (`between '3600' and
 * '3699'`), which the summary's key (tenant_id, year, polozka, paragraf, …) serves. Amounts in haléře as
 * numbers (a town's sums stay far below 2^53).
 *
 * A line without a department, project or organisation is grouped under the code "" (name "");
 * the page names that group.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export type BudgetSide = "prijmy" | "vydaje" | "financovani";
export type BudgetDimension = "paragraf" | "polozka" | "orj" | "org" | "organizace";
export interface BudgetFilter {
  side: BudgetSide;
  /** A prefix of 1–4 digits (the drill-down's state), e.g. "36". */
  paragraf?: string;
  /** A prefix of 1–4 digits. */
  polozka?: string;
  orj?: string;
  org?: string;
  organisationIco?: string;
}
export interface BudgetAmounts {
  approved: number;
  amended: number;
  actual: number;
}
export interface BudgetRow {
  code: string;
  name: string;
  /** Haléře per year; every asked year is present (zeros where the town has no lines). */
  byYear: Record<number, BudgetAmounts>;
}

export const BUDGET_SIDES: readonly BudgetSide[] = ["prijmy", "vydaje", "financovani"];
export const BUDGET_DIMENSIONS: readonly BudgetDimension[] = [
  "paragraf",
  "polozka",
  "orj",
  "org",
  "organizace",
];

/** The položka range of a side, as four-digit codes (both ends included). */
export const SIDE_RANGES: Record<BudgetSide, [string, string]> = {
  prijmy: ["0000", "4999"],
  vydaje: ["5000", "7999"],
  financovani: ["8000", "9999"],
};

/** The side a položka belongs to. */
export function sideOfPolozka(polozka: string): BudgetSide {
  return polozka < "5000" ? "prijmy" : polozka < "8000" ? "vydaje" : "financovani";
}

/** A drill-down prefix: 1–4 digits. */
export function isBudgetPrefix(value: string): boolean {
  return /^[0-9]{1,4}$/.test(value);
}

function prefixRange(prefix: string): [string, string] {
  if (!isBudgetPrefix(prefix)) throw new RangeError(`not a budget code prefix: ${prefix}`);
  return [prefix.padEnd(4, "0"), prefix.padEnd(4, "9")];
}

function zero(): BudgetAmounts {
  return { approved: 0, amended: 0, actual: 0 };
}

function emptyYears(years: number[]): Record<number, BudgetAmounts> {
  const out: Record<number, BudgetAmounts> = {};
  for (const y of years) out[y] = zero();
  return out;
}

/** The filter's conditions on budget_line_sums `l` (tenant and years included). */
function whereOf(tenantId: string, years: number[], f: BudgetFilter): RawBuilder<unknown> {
  const [sFrom, sTo] = SIDE_RANGES[f.side];
  if (!sFrom) throw new RangeError(`not a budget side: ${f.side}`);
  const parts: RawBuilder<unknown>[] = [
    sql`l.tenant_id = ${tenantId}`,
    sql`l.year = any(${years}::int[])`,
    sql`l.polozka between ${sFrom} and ${sTo}`,
  ];
  if (f.paragraf) {
    const [a, b] = prefixRange(f.paragraf);
    parts.push(sql`l.paragraf between ${a} and ${b}`);
  }
  if (f.polozka) {
    const [a, b] = prefixRange(f.polozka);
    parts.push(sql`l.polozka between ${a} and ${b}`);
  }
  if (f.orj !== undefined) parts.push(sql`l.orj = ${f.orj}`);
  if (f.org !== undefined) parts.push(sql`l.org = ${f.org}`);
  if (f.organisationIco !== undefined) parts.push(sql`l.organisation_ico = ${f.organisationIco}`);
  return sql.join(parts, sql` and `);
}

interface SumRow {
  code: string;
  year: number;
  approved: string;
  amended: string;
  actual: string;
}

/**
 * Rows one level below the filter's prefix of `by` (paragraf/položka; at the fourth level the
 * paragrafy/položky themselves), or per department / project / organisation, with the totals
 * of the whole filter per year (for shares). Rows in the order of their codes.
 */
export async function budgetBreakdown(
  db: Db,
  tenantId: string,
  years: number[],
  by: BudgetDimension,
  filter: BudgetFilter,
): Promise<{ rows: BudgetRow[]; totals: Record<number, BudgetAmounts> }> {
  if (!BUDGET_DIMENSIONS.includes(by)) throw new RangeError(`not a budget dimension: ${by}`);
  const ys = years.filter((y) => Number.isInteger(y));
  const totals = emptyYears(ys);
  if (ys.length === 0) return { rows: [], totals };
  const where = whereOf(tenantId, ys, filter);

  let key: RawBuilder<unknown>;
  if (by === "paragraf" || by === "polozka") {
    const level = Math.min((filter[by]?.length ?? 0) + 1, 4);
    key = by === "paragraf" ? sql`left(l.paragraf, ${level})` : sql`left(l.polozka, ${level})`;
  } else {
    key = by === "orj" ? sql`l.orj` : by === "org" ? sql`l.org` : sql`l.organisation_ico`;
  }
  const sums = await sql<SumRow>`
    select ${key} as code, l.year,
      sum(l.approved_halere) as approved, sum(l.amended_halere) as amended,
      sum(l.actual_halere) as actual
    from budget_line_sums l
    where ${where}
    group by 1, 2`.execute(db);

  const codes = [...new Set(sums.rows.map((r) => r.code))].sort();
  const names = await namesOf(db, tenantId, by, codes);
  const rows = new Map<string, BudgetRow>();
  for (const code of codes) {
    rows.set(code, { code, name: names.get(code) ?? "", byYear: emptyYears(ys) });
  }
  for (const r of sums.rows) {
    const cell = rows.get(r.code)!.byYear[r.year];
    const t = totals[r.year];
    cell.approved += Number(r.approved);
    cell.amended += Number(r.amended);
    cell.actual += Number(r.actual);
    t.approved += Number(r.approved);
    t.amended += Number(r.amended);
    t.actual += Number(r.actual);
  }
  return { rows: [...rows.values()], totals };
}

/** Names of the grouped codes: the code lists' (nearest listed level) or the town's tables'. */
async function namesOf(
  db: Db,
  tenantId: string,
  by: BudgetDimension,
  codes: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = codes.filter((c) => c !== "");
  if (wanted.length === 0) return out;
  if (by === "paragraf" || by === "polozka") {
    // Every prefix of every code, so a code the list lacks takes its nearest parent's name.
    const prefixes = new Set<string>();
    for (const c of wanted) for (let n = 1; n <= c.length; n++) prefixes.add(c.slice(0, n));
    const found = await db.selectFrom("budget_classification").select(["code", "name"])
      .where("kind", "=", by).where("code", "in", [...prefixes]).execute();
    const byCode = new Map(found.map((r) => [r.code, r.name]));
    for (const c of wanted) {
      for (let n = c.length; n >= 1; n--) {
        const name = byCode.get(c.slice(0, n));
        if (name !== undefined) {
          out.set(c, name);
          break;
        }
      }
    }
    return out;
  }
  const rows = by === "orj"
    ? await db.selectFrom("budget_departments").select(["code", "name"])
      .where("tenant_id", "=", tenantId).where("code", "in", wanted).execute()
    : by === "org"
    ? await db.selectFrom("budget_projects").select(["code", "name"])
      .where("tenant_id", "=", tenantId).where("code", "in", wanted).execute()
    : await db.selectFrom("budget_organisations").select(["ico as code", "name"])
      .where("tenant_id", "=", tenantId).where("ico", "in", wanted).execute();
  for (const r of rows) out.set(r.code, r.name);
  return out;
}

/** The years the town has budget lines for, newest first. */
export async function budgetYears(db: Db, tenantId: string): Promise<number[]> {
  const rows = await db.selectFrom("budget_line_sums").select("year").distinct()
    .where("tenant_id", "=", tenantId).orderBy("year", "desc").execute();
  return rows.map((r) => r.year);
}

/** The code list's name of a paragraf or položka code at any level (1–4 digits), or null. */
export async function classificationName(
  db: Db,
  kind: "paragraf" | "polozka",
  code: string,
): Promise<string | null> {
  if (!isBudgetPrefix(code)) return null;
  const row = await db.selectFrom("budget_classification").select("name")
    .where("kind", "=", kind).where("code", "=", code).executeTakeFirst();
  return row?.name ?? null;
}
