/**
 * The clerk's queue: cases of the agendas their roles cover, in their town, oldest first;
 * searched by reference number, situation or filer (diacritics ignored), filtered by state (open
 * ones by default, clickable counts), situation, assigned clerk and filing date, 50 a page, and
 * the same rows as CSV or xlsx. Overdue and escalated cases are marked; claim and release from
 * the list. Every view and export is audited.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { exportResponse } from "../../../lib/http/export.ts";
import { listQueryOrThrow } from "../../../lib/web/list_query.ts";
import { claimCase } from "../../../app/cases.ts";
import { openCaseQueue } from "../../../app/case_queue.ts";
import { EXPORT_PAGING, pageOf } from "../../../db/repositories/list_sql.ts";
import type { CaseListFilter } from "../../../db/repositories/case_list.ts";
import { CASE_SITUATIONS, CASE_STATES, clerkAgendas } from "../../../domain/cases.ts";
import { cleanText } from "../../../domain/validation.ts";
import { Alert } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { ListSearch, StateCounts } from "../../../components/lists/mod.ts";
import { ListResults } from "../../../components/clerk_lists/ListResults.tsx";
import { caseColumns, caseExport, formName } from "../../../components/clerk_lists/CaseList.tsx";

const PATH = "/urad/ukoly";
const SITUATIONS = Object.keys(CASE_SITUATIONS);
const SPEC = {
  stav: [...CASE_STATES, "open", "all"],
  situace: SITUATIONS,
  resitel: "text",
  od: "date",
  do: "date",
} as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PROBLEMS = ["taken", "notHolder", "closed"];

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state);
    const { clerk, t } = ctx.state;
    const query = listQueryOrThrow(ctx.url, SPEC);
    // `moje` (older links): the cases this clerk claimed
    if (ctx.url.searchParams.has("moje")) query.filters.resitel = clerk.clerkId;
    const assignee = query.filters.resitel;
    if (assignee !== undefined && assignee !== "none" && !UUID.test(assignee)) {
      delete query.filters.resitel;
    }
    query.filters.stav ??= "open";
    const agendas = clerkAgendas(clerk.roles);
    const filter: CaseListFilter = {
      agendas,
      search: query.q,
      titles: Object.fromEntries(SITUATIONS.map((s) => [s, formName(s, t)])),
      state: query.filters.stav as CaseListFilter["state"],
      slug: query.filters.situace,
      assignee: query.filters.resitel,
      from: query.filters.od,
      to: query.filters.do,
    };
    const deps = { db: getDb() };
    if (query.format !== "html") {
      const { rows } = await openCaseQueue(deps, clerkActor(ctx.state), filter, EXPORT_PAGING, {
        export: query.format,
      });
      return exportResponse(query.format, "ukoly", caseExport(t), rows, {
        sheetName: t("cases.queue.title"),
      });
    }
    const queue = await openCaseQueue(deps, clerkActor(ctx.state), filter, pageOf(query));
    const problem = ctx.url.searchParams.get("problem");
    return page({
      query,
      ...queue,
      counts: queue.counts!,
      now: new Date(),
      noAgenda: agendas !== "all" && agendas.length === 0,
      problem: problem && PROBLEMS.includes(problem) ? problem : null,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state);
    const { tenant, clerk, requestId } = ctx.state;
    const form = await ctx.formData();
    const caseId = cleanText(form.get("caseId"));
    const result = await claimCase(
      { db: getDb() },
      { tenantId: tenant.id, clerkId: clerk.clerkId, requestId, roles: clerk.roles },
      { caseId, release: form.get("action") === "release" },
    );
    if (!result.ok && result.code === "notFound") throw new HttpError(404);
    return ctx.redirect(result.ok ? "/urad/ukoly" : `/urad/ukoly?problem=${result.code}`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { query, counts } = data;
  return (
    <div>
      <PageTitle title={t("cases.queue.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("cases.queue.title")}</h1>
      <p>{t("cases.queue.lead")}</p>
      {data.problem && <Alert t={t} title={t(`cases.clerk.problem.${data.problem}`)} />}
      {data.noAgenda && <p>{t("cases.queue.noAgenda")}</p>}
      <StateCounts
        path={PATH}
        query={query}
        name="stav"
        items={[
          {
            value: "open",
            label: t("cases.queue.open"),
            count: counts.filed + counts.returned,
          },
          ...CASE_STATES.map((s) => ({
            value: s,
            label: t(`cases.state.${s}`),
            count: counts[s],
          })),
          {
            value: "all",
            label: t("cases.queue.all"),
            count: CASE_STATES.reduce((n, s) => n + counts[s], 0),
          },
        ]}
        t={t}
      />
      <ListSearch
        path={PATH}
        query={query}
        searchLabel={t("clerkLists.cases.search")}
        searchHint={t("clerkLists.searchHint")}
        fields={[
          {
            kind: "select",
            name: "situace",
            label: t("cases.queue.situation"),
            options: SITUATIONS.map((s) => ({ value: s, label: formName(s, t) })),
          },
          {
            kind: "select",
            name: "resitel",
            label: t("cases.queue.assignee"),
            options: [
              { value: "none", label: t("cases.queue.unassigned") },
              ...data.clerks.map((c) => ({ value: c.id, label: c.display_name })),
            ],
          },
          { kind: "date", name: "od", label: t("clerkLists.cases.filedFrom") },
          { kind: "date", name: "do", label: t("clerkLists.cases.filedTo") },
        ]}
        t={t}
      />
      <ListResults
        path={PATH}
        query={query}
        total={data.total}
        table={{
          caption: t("cases.queue.title"),
          captionHidden: true,
          columns: caseColumns(t, locale, {
            now: data.now,
            clerkId: state.clerk?.clerkId,
            csrfToken: state.csrfToken,
          }),
          rows: data.rows,
          rowKey: (r) => r.id,
        }}
        t={t}
      />
    </div>
  );
});
