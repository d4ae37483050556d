/** The office's representation requests (pending and archive): the table and the export's columns. */
import type { Locale, Translate } from "../../lib/state.ts";
import type { DataColumn } from "../layout/DataTable.tsx";
import type { ExportColumn } from "../../lib/http/export.ts";
import type { RepresentationListRow } from "../../db/repositories/representation_list.ts";
import { formatDateTime } from "../../lib/http/format.ts";

const representative = (r: RepresentationListRow) =>
  `${r.representative_given_name} ${r.representative_family_name}`;

export function representationColumns(
  t: Translate,
  locale: Locale,
): DataColumn<RepresentationListRow>[] {
  return [
    {
      header: t("officeRepresentation.table.represented"),
      rowHeader: true,
      cell: (r) => <a href={`/urad/zastoupeni/${r.id}`}>{r.represented_name}</a>,
    },
    { header: t("officeRepresentation.table.representative"), cell: representative },
    {
      header: t("officeRepresentation.table.kind"),
      cell: (r) => t(`representation.kind.${r.kind}`),
    },
    {
      header: t("officeRepresentation.table.scope"),
      cell: (r) => r.scope.map((a) => t(`agenda.${a}`)).join(", "),
    },
    {
      header: t("officeRepresentation.table.requestedAt"),
      cell: (r) => (
        <time dateTime={r.requested_at.toISOString()}>
          {formatDateTime(r.requested_at, locale)}
        </time>
      ),
    },
    { header: t("clerkLists.state"), cell: (r) => t(`representation.status.${r.state}`) },
    {
      header: t("clerkLists.representation.decided"),
      cell: (r) =>
        r.decided_at
          ? (
            <>
              <time dateTime={r.decided_at.toISOString()}>
                {formatDateTime(r.decided_at, locale)}
              </time>
              {r.decided_by_name && <>, {r.decided_by_name}</>}
            </>
          )
          : "—",
    },
  ];
}

export function representationExport(t: Translate): ExportColumn<RepresentationListRow>[] {
  return [
    { header: t("officeRepresentation.table.represented"), value: (r) => r.represented_name },
    { header: t("officeRepresentation.table.representative"), value: representative },
    {
      header: t("officeRepresentation.table.kind"),
      value: (r) => t(`representation.kind.${r.kind}`),
    },
    {
      header: t("officeRepresentation.table.scope"),
      value: (r) => r.scope.map((a) => t(`agenda.${a}`)).join(", "),
    },
    { header: t("officeRepresentation.table.requestedAt"), value: (r) => r.requested_at },
    { header: t("clerkLists.state"), value: (r) => t(`representation.status.${r.state}`) },
    { header: t("clerkLists.representation.decidedAt"), value: (r) => r.decided_at },
    { header: t("clerkLists.representation.decidedBy"), value: (r) => r.decided_by_name },
    { header: t("clerkLists.representation.note"), value: (r) => r.decision_note },
  ];
}
