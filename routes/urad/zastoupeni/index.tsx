/**
 * The office's representation requests: those waiting to be verified (the default, oldest
 * first) and the archive of decided ones (granted, refused, revoked, withdrawn), searched by the
 * names, within a date range, with clickable counts per state, 50 a page, and the same rows as
 * CSV or xlsx.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { ROLE_IDENTITY } from "../../../domain/clerks.ts";
import {
  countRepresentationStates,
  listRepresentationRequests,
  REPRESENTATION_LIST_STATES,
  REPRESENTATION_STATE_FILTERS,
  type RepresentationStateFilter,
} from "../../../db/repositories/representation_list.ts";
import { EXPORT_PAGING, pageOf } from "../../../db/repositories/list_sql.ts";
import { exportResponse } from "../../../lib/http/export.ts";
import { listQueryOrThrow } from "../../../lib/web/list_query.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { ListSearch, StateCounts } from "../../../components/lists/mod.ts";
import { ListResults } from "../../../components/clerk_lists/ListResults.tsx";
import {
  representationColumns,
  representationExport,
} from "../../../components/clerk_lists/RepresentationList.tsx";

const PATH = "/urad/zastoupeni";
const SPEC = { stav: REPRESENTATION_STATE_FILTERS, od: "date", do: "date" } as const;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_IDENTITY);
    const query = listQueryOrThrow(ctx.url, SPEC);
    const state = (query.filters.stav ?? "requested") as RepresentationStateFilter;
    query.filters.stav = state;
    const filter = { search: query.q, state, from: query.filters.od, to: query.filters.do };
    const db = getDb();
    const tenantId = ctx.state.tenant.id;
    if (query.format !== "html") {
      const { rows } = await listRepresentationRequests(db, tenantId, filter, EXPORT_PAGING);
      return exportResponse(query.format, "zastoupeni", representationExport(ctx.state.t), rows, {
        sheetName: ctx.state.t("officeRepresentation.title"),
      });
    }
    const [list, counts] = await Promise.all([
      listRepresentationRequests(db, tenantId, filter, pageOf(query)),
      countRepresentationStates(db, tenantId, filter),
    ]);
    return page({ query, ...list, counts });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { query, counts } = data;
  const decided = REPRESENTATION_LIST_STATES.filter((s) => s !== "requested");
  return (
    <div>
      <PageTitle title={t("officeRepresentation.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("officeRepresentation.title")}</h1>
      <p class="lead">{t("officeRepresentation.lead")}</p>
      <StateCounts
        path={PATH}
        query={query}
        name="stav"
        items={[
          {
            value: "requested",
            label: t("representation.status.requested"),
            count: counts.requested,
          },
          {
            value: "archiv",
            label: t("clerkLists.representation.archive"),
            count: decided.reduce((n, s) => n + counts[s], 0),
          },
          ...decided.map((s) => ({
            value: s,
            label: t(`representation.status.${s}`),
            count: counts[s],
          })),
          {
            value: "vse",
            label: t("lists.allOption"),
            count: REPRESENTATION_LIST_STATES.reduce((n, s) => n + counts[s], 0),
          },
        ]}
        t={t}
      />
      <ListSearch
        path={PATH}
        query={query}
        searchLabel={t("clerkLists.representation.search")}
        searchHint={t("clerkLists.searchHint")}
        fields={[
          {
            kind: "date",
            name: "od",
            label: t("clerkLists.dateFrom"),
            hint: t("clerkLists.representation.dateHint"),
          },
          { kind: "date", name: "do", label: t("clerkLists.dateTo") },
        ]}
        t={t}
      />
      <ListResults
        path={PATH}
        query={query}
        total={data.total}
        table={{
          caption: t("officeRepresentation.title"),
          captionHidden: true,
          columns: representationColumns(t, locale),
          rows: data.rows,
          rowKey: (r) => r.id,
        }}
        t={t}
      />
    </div>
  );
});
