/**
 * The explorer's rows as people read them, shared by the page, the chart and the exports: the
 * label ("36 Bydlení, komunální služby a územní rozvoj"), the link one level deeper, the link to
 * the invoices at the deepest level, and the totals row; plus the captions of the level and of
 * the drill-down path.
 */
import type { Translate } from "../../lib/state.ts";
import type { ExplorerData, PathStep, YearAmounts } from "../../lib/http/budget_explorer.ts";
import {
  type BudgetDimension,
  drillQuery,
  explorerHref,
  type ExplorerQuery,
  invoicesHref,
} from "../../lib/http/budget_query.ts";

export interface DisplayRow {
  key: string;
  code: string;
  label: string;
  /** One level deeper; null for the totals row and the group without a unit. */
  href: string | null;
  /** The invoices booked on the row's line (a whole paragraf × položka), else null. */
  invoices: string | null;
  byYear: YearAmounts;
  total: boolean;
}

const ZERO = { approved: 0, amended: 0, actual: 0 };

export function amountsOf(byYear: YearAmounts, year: number) {
  return byYear[year] ?? ZERO;
}

/** "36 Bydlení…", or the code alone when the code list has no name for it. */
export function codeLabel(code: string, name: string | null | undefined): string {
  return name ? `${code} ${name}` : code;
}

/** The rows of the page (the totals row last), with their links. */
export function displayRows(data: ExplorerData, t: Translate): DisplayRow[] {
  const { query, dimension } = data;
  const year = query.year!;
  const rows: DisplayRow[] = data.rows.map((row) => {
    // Lines without a department, project or organisation: one group, no deeper link.
    if (row.code === "") {
      return {
        key: "bez",
        code: "",
        label: t(`budget.none.${dimension}`),
        href: null,
        invoices: null,
        byYear: row.byYear,
        total: false,
      };
    }
    const next = drillQuery(query, dimension!, row.code);
    const leaf = next.paragraf?.length === 4 && next.polozka?.length === 4;
    return {
      key: row.code,
      code: row.code,
      label: dimension === "organizace"
        ? `${row.name} (${t("budget.ico")} ${row.code})`
        : codeLabel(row.code, row.name),
      href: explorerHref(next),
      invoices: leaf ? invoicesHref(next, year) : null,
      byYear: row.byYear,
      total: false,
    };
  });
  rows.push({
    key: "celkem",
    code: "",
    label: t("budget.total"),
    href: null,
    invoices: invoicesHref(query, year),
    byYear: data.totals,
    total: true,
  });
  return rows;
}

/** "Skupiny", "Oddíly", … "Položky", "Odbory", … for the rows of `dimension` under `query`. */
export function levelLabel(
  dimension: BudgetDimension | null,
  query: ExplorerQuery,
  t: Translate,
): string {
  if (dimension === "paragraf") {
    return t(`budget.levels.paragraf${(query.paragraf?.length ?? 0) + 1}`);
  }
  if (dimension === "polozka") return t(`budget.levels.polozka${(query.polozka?.length ?? 0) + 1}`);
  if (dimension === null) return t("budget.levels.line");
  return t(`budget.levels.${dimension}`);
}

/** "Výdaje 2026: Oddíly". */
export function viewCaption(data: ExplorerData, t: Translate): string {
  return t("budget.caption", {
    side: t(`budget.sides.${data.query.side}`),
    year: data.query.year ?? "",
    level: levelLabel(data.dimension, data.query, t),
  });
}

/** A path step as a crumb: "Oddíl 36 Bydlení…", "Odbor 0200 Stavební úřad". */
export function stepLabel(step: PathStep, t: Translate): string {
  const kind = step.kind === "paragraf" || step.kind === "polozka"
    ? t(`budget.steps.${step.kind}${step.code.length}`)
    : t(`budget.steps.${step.kind}`);
  return `${kind} ${codeLabel(step.code, step.name)}`;
}

/**
 * The crumbs after "Rozpočet": the side and year, then each step of the path, each a link to
 * its own level (the last one unlinked).
 */
export function pathCrumbs(data: ExplorerData, t: Translate): { label: string; href?: string }[] {
  const q = data.query;
  const base: ExplorerQuery = { year: q.year, side: q.side, by: "paragraf", format: "html" };
  const crumbs: { label: string; href?: string }[] = [{
    label: `${t(`budget.sides.${q.side}`)} ${q.year ?? ""}`.trim(),
    href: explorerHref(base),
  }];
  let state: ExplorerQuery = { ...base };
  for (const step of data.path) {
    if (step.kind === "ico") state = { ...state, ico: step.code, by: "paragraf" };
    else if (step.kind === "orj") state = { ...state, orj: step.code, by: "paragraf" };
    else if (step.kind === "org") state = { ...state, org: step.code, by: "paragraf" };
    else state = drillQuery(state, step.kind, step.code);
    crumbs.push({ label: stepLabel(step, t), href: explorerHref(state) });
  }
  delete crumbs[crumbs.length - 1].href;
  return crumbs;
}
