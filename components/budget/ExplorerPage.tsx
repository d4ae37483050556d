/**
 * The budget explorer's page (`/rozpocet`): the year, side and breakdown as links (the whole
 * state is in the URL), the drill-down path as breadcrumbs, the chart island, and the table with
 * approved / after changes / actual per year and the share of the whole, whose row headers link
 * one level deeper. Everything works without JavaScript; the chart only draws the same rows.
 */
import type { State } from "../../lib/state.ts";
import type { ExplorerData } from "../../lib/http/budget_explorer.ts";
import { PageTitle } from "../layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../layout/Breadcrumbs.tsx";
import { type DataColumn, DataTable } from "../layout/DataTable.tsx";
import { TableRegion } from "../layout/TableRegion.tsx";
import BudgetChart from "../../islands/BudgetChart.tsx";
import {
  DIMENSIONS,
  EXPLORER_FORMATS,
  EXPLORER_PATH,
  explorerHref,
  type ExplorerQuery,
  invoicesHref,
  SIDES,
} from "../../lib/http/budget_query.ts";
import {
  amountsOf,
  type DisplayRow,
  displayRows,
  pathCrumbs,
  viewCaption,
} from "./explorer_rows.ts";
import { formatCrowns, formatShare } from "./money.ts";
import type { Translate } from "../../lib/state.ts";

const TABLE_ID = "rozpocet-tabulka";

/** Links of one choice (year, side, breakdown), the current one marked. */
function Choice(
  { label, id, items }: {
    label: string;
    id: string;
    items: { key: string; label: string; href: string; current: boolean }[];
  },
) {
  return (
    <nav class="budget-choice" aria-labelledby={id}>
      <p class="budget-choice__label" id={id}>{label}</p>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            {item.current
              ? (
                <a href={item.href} aria-current="page" class="budget-choice__current">
                  {item.label}
                </a>
              )
              : <a href={item.href}>{item.label}</a>}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The table's columns: the row, its share, then per year (newest first) approved / after changes / actual. */
function columns(
  data: ExplorerData,
  rows: DisplayRow[],
  t: Translate,
): DataColumn<DisplayRow>[] {
  const year = data.query.year!;
  const whole = amountsOf(data.totals, year).amended;
  const cols: DataColumn<DisplayRow>[] = [{
    header: t("budget.columns.name"),
    rowHeader: true,
    cell: (r) => r.href ? <a href={r.href}>{r.label}</a> : r.label,
  }, {
    header: t("budget.columns.share", { year }),
    num: true,
    cell: (r) => formatShare(amountsOf(r.byYear, year).amended, whole),
  }];
  // The newest year first: at 1280 px it shows without scrolling the table's region.
  for (const y of [...data.shown].reverse()) {
    cols.push(
      {
        header: t("budget.columns.approved", { year: y }),
        num: true,
        cell: (r) => formatCrowns(amountsOf(r.byYear, y).approved),
      },
      {
        header: t("budget.columns.amended", { year: y }),
        num: true,
        cell: (r) => formatCrowns(amountsOf(r.byYear, y).amended),
      },
      {
        header: t("budget.columns.actual", { year: y }),
        num: true,
        cell: (r) => formatCrowns(amountsOf(r.byYear, y).actual),
      },
    );
  }
  if (rows.some((r) => r.invoices !== null)) {
    cols.push({
      header: t("budget.columns.invoices"),
      cell: (r) =>
        r.invoices && (
          <a href={r.invoices}>
            {t("budget.invoicesLink")}
            <span class="u-sr-only">: {r.label}</span>
          </a>
        ),
    });
  }
  return cols;
}

export function ExplorerPage({ data, state }: { data: ExplorerData; state: State }) {
  const { t, tenant } = state;
  const title = t("budget.title");
  const q = data.query;
  if (data.years.length === 0) {
    return (
      <div class="budget">
        <PageTitle title={title} state={state} />
        <Breadcrumbs items={[{ label: title }]} t={t} />
        <h1>{t("budget.heading", { town: tenant.name })}</h1>
        <p>{t("budget.noData")}</p>
      </div>
    );
  }
  const caption = viewCaption(data, t);
  const rows = displayRows(data, t);
  const year = q.year!;
  const crumbs = pathCrumbs(data, t);
  const state0: ExplorerQuery = { ...q, format: "html" };
  const topOf = (change: Partial<ExplorerQuery>): ExplorerQuery => ({
    year: q.year,
    side: q.side,
    by: "paragraf",
    format: "html",
    ...change,
  });
  const leaf = invoicesHref(q, year);
  return (
    <div class="budget">
      <PageTitle title={`${caption} – ${title}`} state={state} />
      <Breadcrumbs
        items={[{ label: title, href: EXPLORER_PATH }, ...crumbs]}
        t={t}
      />
      <h1>{t("budget.heading", { town: tenant.name })}</h1>
      <p class="lead">{t("budget.lead")}</p>
      <Choice
        label={t("budget.yearLabel")}
        id="rozpocet-rok"
        items={data.years.map((y) => ({
          key: String(y),
          label: String(y),
          href: explorerHref({ ...state0, year: y }),
          current: y === year,
        }))}
      />
      <Choice
        label={t("budget.sideLabel")}
        id="rozpocet-strana"
        items={SIDES.map((side) => ({
          key: side,
          label: t(`budget.sides.${side}`),
          href: explorerHref(topOf({ side })),
          current: side === q.side,
        }))}
      />
      <Choice
        label={t("budget.byLabel")}
        id="rozpocet-podle"
        items={DIMENSIONS.map((by) => ({
          key: by,
          label: t(`budget.by.${by}`),
          href: explorerHref(topOf({ by })),
          current: by === q.by && !q.paragraf && !q.polozka && !q.orj && !q.org && !q.ico,
        }))}
      />
      <h2 id="rozpocet-uroven">{caption}</h2>
      {leaf && (
        <p class="budget-invoices">
          <a href={leaf}>{t("budget.invoicesOfLine", { year })}</a>
        </p>
      )}
      {data.rows.length > 0 && (
        <BudgetChart
          id="rozpocet-graf"
          title={t("budget.chart.title", { caption })}
          measure="amended"
          bars={rows.filter((r) => !r.total).map((r) => ({
            label: r.label,
            href: r.href,
            ...amountsOf(r.byYear, year),
          }))}
          texts={{
            measureLabel: t("budget.chart.measureLabel", { year }),
            approved: t("budget.chart.approved"),
            amended: t("budget.chart.amended"),
            actual: t("budget.chart.actual"),
            more: t("budget.chart.more"),
            note: t("budget.chart.note"),
          }}
        />
      )}
      {data.rows.length === 0 && !leaf && <p>{t("budget.empty")}</p>}
      <TableRegion label={caption}>
        <div id={TABLE_ID}>
          <DataTable
            caption={caption}
            class="budget-table"
            columns={columns(data, rows, t)}
            rows={rows}
            rowKey={(r) => r.key}
          />
        </div>
      </TableRegion>
      <div class="export-links">
        <p class="export-links__label" id="rozpocet-export">{t("budget.exportLabel")}</p>
        <ul aria-labelledby="rozpocet-export">
          {EXPLORER_FORMATS.map((format) => (
            <li key={format}>
              <a href={explorerHref(state0, format)} download>{t(`budget.export.${format}`)}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
