/**
 * The town's grants for a clerk with the `grants` role (issue 14): the calls (state counts, a
 * search in call and programme titles, 50 a page) and the programmes (newest first), with links
 * to announce a programme and to each programme's and call's page.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { listHref, listQueryOrThrow, pageCount } from "../../../lib/web/list_query.ts";
import { CALL_LIST_STATES, listCalls, listProgrammes } from "../../../db/repositories/grants.ts";
import { pageOf } from "../../../db/repositories/list_sql.ts";
import { formatCzk } from "../../../domain/money.ts";
import { percentText } from "../../../domain/grants.ts";
import { formatPragueDateTime } from "../../../domain/time.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { DataTable } from "../../../components/layout/DataTable.tsx";
import { Pagination } from "../../../components/layout/Pagination.tsx";
import { StateCounts } from "../../../components/lists/StateCounts.tsx";
import { ListSearch } from "../../../components/lists/ListSearch.tsx";

const SPEC = { stav: CALL_LIST_STATES };
const PATH = "/urad/dotace";
/** Programmes are few; the page lists up to this many. */
const PROGRAMMES_SHOWN = 100;

function when(d: Date): string {
  return formatPragueDateTime(d).slice(0, 16).replace("T", " ");
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "grants");
    const query = listQueryOrThrow(ctx.url, SPEC);
    const db = getDb();
    const tenantId = ctx.state.tenant.id;
    const [calls, programmes] = await Promise.all([
      listCalls(db, tenantId, { state: query.filters.stav, q: query.q }, pageOf(query)),
      listProgrammes(db, tenantId, {}, { limit: PROGRAMMES_SHOWN, offset: 0 }),
    ]);
    return page({ calls, programmes, query });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { calls, programmes, query } = data;
  return (
    <div>
      <PageTitle title={t("grants.office.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("grants.office.title")}</h1>
      <p>{t("grants.office.lead")}</p>
      <p>
        <a
          class="gov-button gov-button--primary"
          data-color="primary"
          data-type="solid"
          href="/urad/dotace/programy/novy"
        >
          {t("grants.office.newProgramme")}
        </a>
      </p>
      <nav aria-label={t("grantAwards.office.navLabel")}>
        <ul>
          <li>
            <a href="/urad/dotace/smlouvy">{t("grantAwards.office.contractsTitle")}</a>
          </li>
          <li>
            <a href="/urad/dotace/vyplaty">{t("grantAwards.payouts.title")}</a>
          </li>
          <li>
            <a href="/urad/dotace/vyuctovani">{t("grantAwards.review.listTitle")}</a>
          </li>
        </ul>
      </nav>
      <section aria-labelledby="grant-calls-heading">
        <h2 id="grant-calls-heading">{t("grants.office.calls")}</h2>
        <ListSearch path={PATH} query={query} searchLabel={t("grants.office.searchCalls")} t={t} />
        <StateCounts
          path={PATH}
          query={query}
          name="stav"
          total={calls.all}
          items={CALL_LIST_STATES.map((s) => ({
            value: s,
            label: t(`grants.callState.${s}`),
            count: calls.byState[s] ?? 0,
          }))}
          t={t}
        />
        <p>{t("clerkLists.found", { n: calls.total })}</p>
        <DataTable
          caption={t("grants.office.calls")}
          captionHidden
          rows={calls.rows}
          rowKey={(c) => c.id}
          empty={t("grants.office.noCalls")}
          columns={[
            {
              header: t("grants.column.call"),
              rowHeader: true,
              cell: (c) => <a href={`/urad/dotace/vyzvy/${c.id}`}>{c.title}</a>,
            },
            { header: t("grants.column.programme"), cell: (c) => c.programme_title },
            { header: t("grants.column.state"), cell: (c) => t(`grants.callState.${c.state}`) },
            { header: t("grants.column.opens"), cell: (c) => when(c.opens_at) },
            { header: t("grants.column.closes"), cell: (c) => when(c.closes_at) },
          ]}
        />
        <Pagination
          page={query.page}
          pageCount={pageCount(calls.total, query.pageSize)}
          href={(n) => listHref(PATH, query, { strana: String(n) })}
          t={t}
        />
      </section>
      <section aria-labelledby="grant-programmes-heading">
        <h2 id="grant-programmes-heading">{t("grants.office.programmes")}</h2>
        <DataTable
          caption={t("grants.office.programmes")}
          captionHidden
          rows={programmes.rows}
          rowKey={(p) => p.id}
          empty={t("grants.office.noProgrammes")}
          columns={[
            {
              header: t("grants.column.programme"),
              rowHeader: true,
              cell: (p) => <a href={`/urad/dotace/programy/${p.id}`}>{p.title}</a>,
            },
            {
              header: t("grants.column.total"),
              num: true,
              cell: (p) => formatCzk(Number(p.total_halere)),
            },
            {
              header: t("grants.column.granted"),
              num: true,
              cell: (p) => formatCzk(Number(p.granted_halere)),
            },
            {
              header: t("grants.column.range"),
              cell: (p) =>
                `${formatCzk(Number(p.min_grant_halere))} – ${
                  formatCzk(Number(p.max_grant_halere))
                }`,
            },
            {
              header: t("grants.column.cofinancing"),
              num: true,
              cell: (p) => `${percentText(p.cofinancing_bp)} %`,
            },
            { header: t("grants.column.calls"), num: true, cell: (p) => p.calls },
          ]}
        />
      </section>
    </div>
  );
});
