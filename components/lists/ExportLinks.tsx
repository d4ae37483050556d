/**
 * Download links of a list's current search and filters as CSV and xlsx: the same URL with
 * `format=csv|xlsx` (no page: an export holds every matching row, up to `MAX_EXPORT_ROWS`).
 */
import type { Translate } from "../../lib/state.ts";
import { listHref, type ListQuery } from "../../lib/web/list_query.ts";

export function ExportLinks({ path, query, t }: { path: string; query: ListQuery; t: Translate }) {
  return (
    <div class="export-links">
      <p class="export-links__label" id="export-links-label">{t("lists.exportLabel")}</p>
      <ul aria-labelledby="export-links-label">
        <li>
          <a href={listHref(path, query, { format: "csv" })} download>{t("lists.exportCsv")}</a>
        </li>
        <li>
          <a href={listHref(path, query, { format: "xlsx" })} download>{t("lists.exportXlsx")}</a>
        </li>
      </ul>
      <p class="export-links__hint">{t("lists.exportHint")}</p>
    </div>
  );
}
