/**
 * The budget explorer's data (`/rozpocet`): the years shown side by side, the rows of the
 * current level with approved / after changes / actual per year, the filter's totals (for the
 * shares) and the names along the drill-down path. Aggregates come from SQL
 * (db/repositories/finance.ts). The page carries the chart island's script nonce, so the render
 * cache does not keep it; instead its data is kept here, per town and view, until the town's
 * finance data changes (every import notifies the `finance` tag) and at most a minute.
 */
import { getDb } from "../db.ts";
import { onDataChange, ttlCache } from "./cache.ts";
import { HttpError } from "../web/page.ts";
import {
  budgetBreakdown,
  type BudgetFilter,
  type BudgetRow,
  budgetYears,
  classificationName,
} from "../../db/repositories/finance.ts";
import {
  type BudgetDimension,
  effectiveDimension,
  explorerHref,
  type ExplorerQuery,
} from "./budget_query.ts";

/** How many years stand side by side. */
export const YEARS_SHOWN = 3;

export type YearAmounts = BudgetRow["byYear"];

/** One step of the drill-down path (a unit or a code prefix), named. */
export interface PathStep {
  /** Which filter it is. */
  kind: "orj" | "org" | "ico" | "paragraf" | "polozka";
  code: string;
  name: string | null;
}

export interface ExplorerData {
  /** The query with its year resolved (`year` is never null when `years` is not empty). */
  query: ExplorerQuery;
  /** Every year with data, newest first. */
  years: number[];
  /** The years shown, oldest first; the last is `query.year`. */
  shown: number[];
  /** What the rows are; null at the deepest level (a paragraf × položka combination). */
  dimension: BudgetDimension | null;
  rows: BudgetRow[];
  totals: YearAmounts;
  path: PathStep[];
}

const townYears = ttlCache(60_000, (tenantId) => budgetYears(getDb(), tenantId), {
  tags: ["finance"],
});

export function filterOf(query: ExplorerQuery): BudgetFilter {
  return {
    side: query.side,
    paragraf: query.paragraf,
    polozka: query.polozka,
    orj: query.orj,
    org: query.org,
    organisationIco: query.ico,
  };
}

/** The name of a department, project or organisation, from its breakdown on the side. */
async function unitName(
  tenantId: string,
  years: number[],
  by: "orj" | "org" | "organizace",
  code: string,
  query: ExplorerQuery,
): Promise<string | null> {
  const { rows } = await budgetBreakdown(getDb(), tenantId, years, by, { side: query.side });
  return rows.find((r) => r.code === code)?.name ?? null;
}

async function pathOf(
  tenantId: string,
  years: number[],
  query: ExplorerQuery,
): Promise<PathStep[]> {
  const db = getDb();
  const steps: Promise<PathStep>[] = [];
  const unit = (kind: "orj" | "org" | "ico", by: "orj" | "org" | "organizace", code?: string) => {
    if (code) {
      steps.push(
        unitName(tenantId, years, by, code, query).then((name) => ({ kind, code, name })),
      );
    }
  };
  unit("orj", "orj", query.orj);
  unit("org", "org", query.org);
  unit("ico", "organizace", query.ico);
  for (const kind of ["paragraf", "polozka"] as const) {
    const code = query[kind];
    if (!code) continue;
    for (let length = 1; length <= code.length; length++) {
      const prefix = code.slice(0, length);
      steps.push(
        classificationName(db, kind, prefix).then((name) => ({ kind, code: prefix, name })),
      );
    }
  }
  return await Promise.all(steps);
}

const VIEW_TTL_MS = 60_000;
const MAX_VIEWS = 2000;
/** Views by town, then by their URL (the query without its format). */
const views = new Map<string, Map<string, { value: Promise<ExplorerData>; until: number }>>();
onDataChange(["finance"], (tenantId) => tenantId === "*" ? views.clear() : views.delete(tenantId));
let viewCount = 0;

/**
 * The explorer's data for `query` in the town. A year without data is a 404 with a Czech
 * message; a town without any budget gets an empty explorer.
 */
export function loadBudgetExplorer(tenantId: string, query: ExplorerQuery): Promise<ExplorerData> {
  const key = explorerHref(query);
  let town = views.get(tenantId);
  const hit = town?.get(key);
  const now = Date.now();
  if (hit && hit.until > now) return hit.value;
  if (viewCount >= MAX_VIEWS) (views.clear(), viewCount = 0);
  if (!town) views.set(tenantId, town = new Map());
  const value = loadView(tenantId, query);
  const entry = { value, until: now + VIEW_TTL_MS };
  town.set(key, entry);
  viewCount++;
  // A failed load (a 404 year, a lost connection) is not remembered.
  value.catch(() => town.get(key) === entry && town.delete(key));
  return value;
}

async function loadView(tenantId: string, query: ExplorerQuery): Promise<ExplorerData> {
  const years = await townYears(tenantId);
  if (years.length === 0) {
    return {
      query,
      years,
      shown: [],
      dimension: effectiveDimension(query),
      rows: [],
      totals: {},
      path: [],
    };
  }
  const year = query.year ?? years[0];
  if (!years.includes(year)) throw new HttpError(404, "budget.errors.noYear");
  const resolved = { ...query, year };
  const shown = years.filter((y) => y <= year).slice(0, YEARS_SHOWN).reverse();
  const dimension = effectiveDimension(resolved);
  const filter = filterOf(resolved);
  const [breakdown, path] = await Promise.all([
    dimension
      ? budgetBreakdown(getDb(), tenantId, shown, dimension, filter)
      // The deepest level: its own total is all there is (any dimension gives it).
      : budgetBreakdown(getDb(), tenantId, shown, "polozka", filter).then((b) => ({
        rows: [],
        totals: b.totals,
      })),
    pathOf(tenantId, shown, resolved),
  ]);
  return {
    query: resolved,
    years,
    shown,
    dimension,
    rows: breakdown.rows,
    totals: breakdown.totals,
    path,
  };
}
