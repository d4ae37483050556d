/**
 * The town's audit log for its administrator (403 for any other clerk): every entry of the
 * town, newest first, filtered by clerk, person (about them, on their behalf or by them),
 * action, date range and words of the reason; 50 a page; the same filter exported as CSV or
 * xlsx. Looking and exporting are themselves audited. Only this town's entries, ever.
 */
import { define } from "../../lib/http/define.ts";
import { HttpError, page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { assertClerk } from "../../lib/http/auth.ts";
import { clerkActor } from "../../lib/http/identity/actor.ts";
import { listQueryOrThrow } from "../../lib/web/list_query.ts";
import { EXPORT_MAX_ROWS, EXPORT_TOO_LARGE, exportResponse } from "../../lib/http/export.ts";
import { type AuditViewFilter, browseAudit, exportAudit } from "../../app/history.ts";
import { AUDIT_ACTIONS } from "../../domain/history.ts";
import { ROLE_ADMIN } from "../../domain/clerks.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { auditExportColumns, AuditView } from "../../components/history/AuditTable.tsx";

const FILTERS = {
  urednik: "uuid",
  osoba: "uuid",
  akce: AUDIT_ACTIONS,
  od: "date",
  do: "date",
} as const;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    const query = listQueryOrThrow(ctx.url, FILTERS, { pageSize: 50 });
    const f = query.filters;
    const filter: AuditViewFilter = {
      clerkId: f.urednik,
      personId: f.osoba,
      action: f.akce,
      from: f.od,
      to: f.do,
      q: query.q,
    };
    const deps = { db: getDb() };
    const actor = clerkActor(ctx.state);
    if (query.format !== "html") {
      const rows = await exportAudit(deps, actor, filter, EXPORT_MAX_ROWS, query.format);
      if (!rows) throw new HttpError(422, EXPORT_TOO_LARGE);
      return await exportResponse(query.format, "audit", auditExportColumns(ctx.state.t), rows, {
        sheetName: "Audit",
      });
    }
    const found = await browseAudit(deps, actor, filter, query);
    return page({ query, ...found });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  return (
    <div>
      <PageTitle title={t("auditView.title")} state={state} />
      <p>
        <a href="/urad">{t("auditView.backToWorkspace")}</a>
      </p>
      <h1>{t("auditView.title")}</h1>
      <p class="lead">{t("auditView.lead")}</p>
      <AuditView
        query={data.query}
        rows={data.rows}
        total={data.total}
        clerks={data.clerks}
        personName={data.personName}
        t={t}
        locale={locale}
      />
    </div>
  );
});
