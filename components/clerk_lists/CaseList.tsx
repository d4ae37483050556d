/** The clerk's task queue: the table (with claim and release) and the export's columns. */
import type { Locale, Translate } from "../../lib/state.ts";
import type { DataColumn } from "../layout/DataTable.tsx";
import type { ExportColumn } from "../../lib/http/export.ts";
import type { CaseListRow } from "../../db/repositories/case_list.ts";
import { isOverdue } from "../../domain/cases.ts";
import { formatDate, formatDateTime } from "../../lib/http/format.ts";
import { CsrfField, SubmitButton } from "../form/mod.ts";
import { caseStateKey, CaseStateTag } from "../cases/CaseParts.tsx";

/** A situation's title, or its slug when it has none. */
export function formName(slug: string, t: Translate): string {
  const key = `cases.forms.${slug}`;
  return t(key) === key ? slug : t(key);
}

function ClaimForm(
  { row, clerkId, csrfToken, t }: {
    row: CaseListRow;
    clerkId: string | undefined;
    csrfToken: string;
    t: Translate;
  },
) {
  const action = row.assigned_clerk_id === clerkId
    ? "release"
    : row.assigned_clerk_id === null
    ? "claim"
    : null;
  if (!action || (row.state !== "filed" && row.state !== "returned")) return null;
  return (
    <form method="post" action="/urad/ukoly">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="caseId" value={row.id} />
      <input type="hidden" name="action" value={action} />
      <SubmitButton variant="secondary">{t(`cases.queue.${action}`)}</SubmitButton>
    </form>
  );
}

export function caseColumns(
  t: Translate,
  locale: Locale,
  opts: { now: Date; clerkId: string | undefined; csrfToken: string },
): DataColumn<CaseListRow>[] {
  return [
    {
      header: t("cases.queue.reference"),
      rowHeader: true,
      cell: (r) => <a href={`/urad/ukoly/${r.id}`}>{r.reference}</a>,
    },
    { header: t("cases.queue.situation"), cell: (r) => formName(r.form_slug, t) },
    { header: t("clerkLists.cases.filer"), cell: (r) => r.filer_name },
    { header: t("cases.queue.filedAt"), cell: (r) => formatDateTime(r.created_at, locale) },
    {
      header: t("cases.queue.due"),
      cell: (r) => (
        <>
          {formatDate(r.due_at, locale)}
          {isOverdue(r, opts.now) && <strong>({t("cases.queue.overdue")})</strong>}
          {r.escalated_at && <span>· {t("cases.queue.escalated")}</span>}
        </>
      ),
    },
    {
      header: t("cases.queue.state"),
      cell: (r) => <CaseStateTag state={r.state} assigned={r.assigned_clerk_id !== null} t={t} />,
    },
    {
      header: t("cases.queue.assignee"),
      cell: (r) => (
        <>
          {r.assigned_name ?? t("cases.queue.unassigned")}
          <ClaimForm row={r} clerkId={opts.clerkId} csrfToken={opts.csrfToken} t={t} />
        </>
      ),
    },
    { header: t("clerkLists.cases.lastClerk"), cell: (r) => r.last_clerk_name ?? "—" },
  ];
}

export function caseExport(t: Translate): ExportColumn<CaseListRow>[] {
  return [
    { header: t("cases.queue.reference"), value: (r) => r.reference },
    { header: t("cases.queue.situation"), value: (r) => formName(r.form_slug, t) },
    { header: t("clerkLists.cases.filer"), value: (r) => r.filer_name },
    { header: t("cases.queue.filedAt"), value: (r) => r.created_at },
    { header: t("cases.queue.due"), value: (r) => r.due_at },
    {
      header: t("cases.queue.state"),
      value: (r) => t(caseStateKey(r.state, r.assigned_clerk_id !== null)),
    },
    { header: t("cases.queue.assignee"), value: (r) => r.assigned_name },
    { header: t("clerkLists.cases.lastClerk"), value: (r) => r.last_clerk_name },
  ];
}
