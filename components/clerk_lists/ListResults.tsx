/**
 * The lower half of every clerk list: how many rows the search and filters found, the page of
 * them as a reflowing table (`DataTable`), the pager and the export links of the same filter.
 */
import type { Translate } from "../../lib/state.ts";
import { listHref, type ListQuery, pageCount } from "../../lib/web/list_query.ts";
import { DataTable, type DataTableProps } from "../layout/DataTable.tsx";
import { ExportLinks, Pagination } from "../lists/mod.ts";

export interface ListResultsProps<T> {
  path: string;
  query: ListQuery;
  total: number;
  table: Omit<DataTableProps<T>, "empty">;
  /** What to say when nothing matches; `clerkLists.none` when omitted. */
  empty?: string;
  t: Translate;
}

export function ListResults<T>({ path, query, total, table, empty, t }: ListResultsProps<T>) {
  return (
    <section aria-labelledby="list-results-heading">
      <h2 id="list-results-heading">{t("clerkLists.found", { n: total })}</h2>
      <DataTable {...table} empty={empty ?? t("clerkLists.none")} />
      <Pagination
        page={query.page}
        pageCount={pageCount(total, query.pageSize)}
        href={(n) => listHref(path, query, { strana: String(n) })}
        t={t}
      />
      {total > 0 && <ExportLinks path={path} query={query} t={t} />}
    </section>
  );
}
