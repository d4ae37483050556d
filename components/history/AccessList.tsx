/**
 * A citizen's list of clerks' views of their data (and of the persons they act for): when,
 * which clerk, what was viewed (a case with its reference number), whose data. A table that
 * stacks at 320 px, with paging.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { AccessEntry } from "../../app/history.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import { DataTable } from "../layout/DataTable.tsx";
import { Pagination } from "../layout/Pagination.tsx";
import { actorName } from "./History.tsx";

function what(e: AccessEntry, t: Translate): string {
  const text = t(`access.what.${e.action.replace(/\./g, "_")}`);
  return e.caseReference ? t("access.case", { what: text, reference: e.caseReference }) : text;
}

export function AccessList(
  { entries, page, pageCount, showWhose, t, locale }: {
    entries: readonly AccessEntry[];
    page: number;
    pageCount: number;
    /** The person acts for someone: say whose data each view was. */
    showWhose: boolean;
    t: Translate;
    locale: Locale;
  },
) {
  return (
    <>
      <DataTable
        caption={t("access.caption")}
        captionHidden
        rows={entries}
        rowKey={(e) => e.id}
        empty={t("access.empty")}
        columns={[
          {
            header: t("access.col.at"),
            rowHeader: true,
            cell: (e) => <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, locale)}</time>,
          },
          { header: t("access.col.clerk"), cell: (e) => actorName(e.clerk, t) },
          { header: t("access.col.what"), cell: (e) => what(e, t) },
          ...(showWhose
            ? [{
              header: t("access.col.whose"),
              cell: (e: AccessEntry) => e.self ? t("access.self") : e.personName ?? "—",
            }]
            : []),
        ]}
      />
      <Pagination
        page={page}
        pageCount={pageCount}
        href={(n) => n === 1 ? "/ucet/pristupy" : `/ucet/pristupy?strana=${n}`}
        t={t}
      />
    </>
  );
}
