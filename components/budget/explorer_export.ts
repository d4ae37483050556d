/**
 * The explorer's view as a download (lib/http/export.ts): the same rows as the table (the totals
 * row last), amounts in crowns as numbers, the share in per cent; headed by the town, the view
 * and its drill-down path.
 */
import type { Translate } from "../../lib/state.ts";
import type { ExplorerData } from "../../lib/http/budget_explorer.ts";
import { type ExportColumn, exportResponse } from "../../lib/http/export.ts";
import {
  amountsOf,
  type DisplayRow,
  displayRows,
  pathCrumbs,
  viewCaption,
} from "./explorer_rows.ts";

/** Haléře as crowns with two decimals (a number, so a spreadsheet can sum it). */
const crowns = (halere: number) => Math.round(halere) / 100;

export function explorerExportColumns(
  data: ExplorerData,
  t: Translate,
): ExportColumn<DisplayRow>[] {
  const year = data.query.year!;
  const whole = amountsOf(data.totals, year).amended;
  const cols: ExportColumn<DisplayRow>[] = [
    { header: t("budget.columns.code"), value: (r) => r.code },
    { header: t("budget.columns.name"), value: (r) => r.label },
    {
      header: t("budget.columns.sharePercent", { year }),
      value: (r) =>
        whole === 0 ? null : Math.round((amountsOf(r.byYear, year).amended / whole) * 1000) / 10,
    },
  ];
  for (const y of [...data.shown].reverse()) {
    cols.push(
      {
        header: t("budget.columns.approvedKc", { year: y }),
        money: true,
        value: (r) => crowns(amountsOf(r.byYear, y).approved),
      },
      {
        header: t("budget.columns.amendedKc", { year: y }),
        money: true,
        value: (r) => crowns(amountsOf(r.byYear, y).amended),
      },
      {
        header: t("budget.columns.actualKc", { year: y }),
        money: true,
        value: (r) => crowns(amountsOf(r.byYear, y).actual),
      },
    );
  }
  return cols;
}

export function explorerExport(
  data: ExplorerData,
  format: "csv" | "xlsx" | "docx" | "pdf",
  town: string,
  t: Translate,
): Promise<Response> {
  const caption = viewCaption(data, t);
  const path = pathCrumbs(data, t).map((c) => c.label).join(" › ");
  return exportResponse(format, "rozpocet", explorerExportColumns(data, t), displayRows(data, t), {
    sheetName: t("budget.title"),
    title: t("budget.exportTitle", { town, caption }),
    subtitle: path,
  });
}
