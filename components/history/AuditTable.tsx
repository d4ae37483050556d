/**
 * The town administrator's audit view: the filter form (search in reasons, clerk, action, date
 * range; a chosen person travels as a hidden filter), the count, the entries as a table that
 * stacks at 320 px, paging and the export links of the same filter. Also the export's columns,
 * so the file holds what the table shows.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { AuditViewRow } from "../../app/history.ts";
import { AUDIT_ACTIONS } from "../../domain/history.ts";
import { sortCs } from "../../domain/search.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import type { ExportColumn } from "../../lib/http/export.ts";
import { listHref, type ListQuery, pageCount } from "../../lib/web/list_query.ts";
import { DataTable } from "../layout/DataTable.tsx";
import { ExportLinks, ListSearch, Pagination } from "../lists/mod.ts";
import { actionSentence, actorName } from "./History.tsx";

export const AUDIT_PATH = "/urad/audit";

/** Where the subject of an entry is seen in the office, when it has a page. */
const SUBJECT_PAGES: Record<string, string> = {
  notice: "/urad/uredni-deska/",
  person: "/urad/osoby/",
  clerk: "/urad/urednici/",
  representation: "/urad/zastoupeni/",
  case: "/urad/ukoly/",
  card_payment: "/urad/platby/karty/",
  "bank-statement": "/urad/vypisy/",
};

function sentence(r: AuditViewRow, t: Translate): string {
  return actionSentence(r.action, t, {
    agenda: r.facts.agenda ? t(`agenda.${r.facts.agenda}`) : "",
  });
}

function subjectLabel(r: AuditViewRow, t: Translate): string {
  if (!r.subjectType) return "";
  const key = `auditView.subject.${r.subjectType.replace(/[^a-z_]/g, "_")}`;
  const name = t(key);
  return name === key ? r.subjectType : name;
}

/** The export's columns: the table's, with the codes and ids an analyst filters by. */
export function auditExportColumns(t: Translate): ExportColumn<AuditViewRow>[] {
  return [
    { header: t("auditView.col.at"), value: (r) => r.at },
    { header: t("auditView.col.actor"), value: (r) => actorName(r.actor, t) },
    {
      header: t("auditView.col.actorType"),
      value: (r) => t(`auditView.actorType.${r.actor.kind}`),
    },
    { header: t("auditView.col.action"), value: (r) => sentence(r, t) },
    { header: t("auditView.col.actionCode"), value: (r) => r.action },
    { header: t("auditView.col.person"), value: (r) => r.personName },
    { header: t("auditView.col.subject"), value: (r) => subjectLabel(r, t) },
    { header: t("auditView.col.subjectId"), value: (r) => r.subjectId },
    { header: t("auditView.col.reason"), value: (r) => r.reason },
  ];
}

export interface AuditViewProps {
  query: ListQuery;
  rows: readonly AuditViewRow[];
  total: number;
  clerks: readonly { id: string; display_name: string; username: string }[];
  personName: string | null;
  t: Translate;
  locale: Locale;
}

export function AuditView({ query, rows, total, clerks, personName, t, locale }: AuditViewProps) {
  const filters = query.filters as Record<string, string | undefined>;
  const actions = sortCs(
    AUDIT_ACTIONS.map((a) => ({ value: a, label: actionSentence(a, t, { agenda: "…" }) })),
    (o) => o.label,
  );
  return (
    <>
      {filters.osoba && (
        <p class="audit-person">
          {personName
            ? t("auditView.personFilter", { name: personName })
            : t("auditView.personFilterUnknown")}{" "}
          <a href={listHref(AUDIT_PATH, query, { osoba: null })}>
            {t("auditView.personFilterRemove")}
          </a>
        </p>
      )}
      <ListSearch
        path={AUDIT_PATH}
        query={query}
        searchLabel={t("auditView.searchLabel")}
        searchHint={t("auditView.searchHint")}
        fields={[
          {
            kind: "select",
            name: "urednik",
            label: t("auditView.clerk"),
            options: clerks.map((c) => ({
              value: c.id,
              label: `${c.display_name} (${c.username})`,
            })),
          },
          { kind: "select", name: "akce", label: t("auditView.action"), options: actions },
          { kind: "date", name: "od", label: t("auditView.from") },
          { kind: "date", name: "do", label: t("auditView.to") },
        ]}
        t={t}
      />
      <p role="status">{t("auditView.count", { n: total })}</p>
      <DataTable
        caption={t("auditView.caption")}
        captionHidden
        rows={rows}
        rowKey={(r) => r.id}
        empty={t("auditView.empty")}
        columns={[
          {
            header: t("auditView.col.at"),
            rowHeader: true,
            cell: (r) => <time dateTime={r.at.toISOString()}>{formatDateTime(r.at, locale)}</time>,
          },
          {
            header: t("auditView.col.actor"),
            cell: (r) => (
              <>
                {r.actor.kind === "clerk" && r.actorId
                  ? (
                    <a href={listHref(AUDIT_PATH, query, { urednik: r.actorId })}>
                      {actorName(r.actor, t)}
                    </a>
                  )
                  : actorName(r.actor, t)}
                <span class="u-muted">{` (${t(`auditView.actorType.${r.actor.kind}`)})`}</span>
              </>
            ),
          },
          { header: t("auditView.col.action"), cell: (r) => sentence(r, t) },
          {
            header: t("auditView.col.person"),
            cell: (r) =>
              r.personId && r.personName
                ? (
                  <a href={listHref(AUDIT_PATH, query, { osoba: r.personId })}>
                    {r.personName}
                  </a>
                )
                : "—",
          },
          {
            header: t("auditView.col.subject"),
            cell: (r) =>
              r.subjectType && r.subjectId && SUBJECT_PAGES[r.subjectType]
                ? <a href={SUBJECT_PAGES[r.subjectType] + r.subjectId}>{subjectLabel(r, t)}</a>
                : subjectLabel(r, t) || "—",
          },
          { header: t("auditView.col.reason"), cell: (r) => r.reason ?? "—" },
        ]}
      />
      <Pagination
        page={query.page}
        pageCount={pageCount(total, query.pageSize)}
        href={(n) => listHref(AUDIT_PATH, query, { strana: String(n) })}
        t={t}
      />
      {total > 0 && <ExportLinks path={AUDIT_PATH} query={query} t={t} />}
    </>
  );
}
