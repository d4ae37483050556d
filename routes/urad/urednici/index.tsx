/**
 * The town's clerk accounts for the town's administrator: searched by name, user name or
 * e-mail, filtered by role and by active or deactivated (clickable counts), with the last
 * sign-in, 50 a page, and the same rows as CSV or xlsx.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { exportResponse } from "../../../lib/http/export.ts";
import { listQueryOrThrow } from "../../../lib/web/list_query.ts";
import {
  CLERK_STATES,
  type ClerkState,
  countClerkStates,
  listClerkAccounts,
} from "../../../db/repositories/clerk_list.ts";
import { EXPORT_PAGING, pageOf } from "../../../db/repositories/list_sql.ts";
import { CLERK_ROLES, ROLE_ADMIN, roleKey } from "../../../domain/clerks.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { ListSearch, StateCounts } from "../../../components/lists/mod.ts";
import { ListResults } from "../../../components/clerk_lists/ListResults.tsx";
import { clerkColumns, clerkExport } from "../../../components/clerk_lists/ClerkList.tsx";

const PATH = "/urad/urednici";
const SPEC = { role: CLERK_ROLES, stav: CLERK_STATES } as const;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    const query = listQueryOrThrow(ctx.url, SPEC);
    const filter = {
      search: query.q,
      role: query.filters.role,
      state: query.filters.stav as ClerkState | undefined,
    };
    const db = getDb();
    const tenantId = ctx.state.tenant.id;
    if (query.format !== "html") {
      const { rows } = await listClerkAccounts(db, tenantId, filter, EXPORT_PAGING);
      return exportResponse(query.format, "urednici", clerkExport(ctx.state.t), rows, {
        sheetName: ctx.state.t("officeClerks.title"),
      });
    }
    const [list, counts] = await Promise.all([
      listClerkAccounts(db, tenantId, filter, pageOf(query)),
      countClerkStates(db, tenantId, filter),
    ]);
    return page({ query, ...list, counts });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { query, counts } = data;
  return (
    <div>
      <PageTitle title={t("officeClerks.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("officeClerks.title")}</h1>
      <p class="lead">{t("officeClerks.lead")}</p>
      <p>
        <a
          class="gov-button gov-button--primary"
          data-color="primary"
          data-type="solid"
          href="/urad/urednici/novy"
        >
          {t("officeClerks.new")}
        </a>
      </p>
      <StateCounts
        path={PATH}
        query={query}
        name="stav"
        total={counts.aktivni + counts.deaktivovany}
        items={CLERK_STATES.map((s) => ({
          value: s,
          label: t(`clerkLists.clerks.state.${s}`),
          count: counts[s],
        }))}
        t={t}
      />
      <ListSearch
        path={PATH}
        query={query}
        searchLabel={t("clerkLists.clerks.search")}
        searchHint={t("clerkLists.searchHint")}
        fields={[
          {
            kind: "select",
            name: "role",
            label: t("officeClerks.field.roles"),
            options: CLERK_ROLES.map((r) => ({
              value: r,
              label: t(`officeClerks.role.${roleKey(r)}`),
            })),
          },
        ]}
        t={t}
      />
      <ListResults
        path={PATH}
        query={query}
        total={data.total}
        table={{
          caption: t("officeClerks.title"),
          captionHidden: true,
          columns: clerkColumns(t, locale),
          rows: data.rows,
          rowKey: (c) => c.id,
        }}
        t={t}
      />
    </div>
  );
});
