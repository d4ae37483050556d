/**
 * The town's broadcasts (issue 13), newest first: subject, state, when it was (or will be) sent,
 * recipients, sent and failed; clickable state counts and a search in subjects, 50 a page.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { listQueryOrThrow } from "../../../lib/web/list_query.ts";
import { BROADCAST_STATUSES, listBroadcasts } from "../../../db/repositories/broadcasts.ts";
import { pageOf } from "../../../db/repositories/list_sql.ts";
import { formatPragueDateTime } from "../../../domain/time.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { DataTable } from "../../../components/layout/DataTable.tsx";
import { Pagination } from "../../../components/layout/Pagination.tsx";
import { StateCounts } from "../../../components/lists/StateCounts.tsx";
import { ListSearch } from "../../../components/lists/ListSearch.tsx";
import { listHref, pageCount } from "../../../lib/web/list_query.ts";

const SPEC = { stav: BROADCAST_STATUSES };
const PATH = "/urad/zpravy";

function when(d: Date | null): string {
  return d ? formatPragueDateTime(d).slice(0, 16).replace("T", " ") : "—";
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "messages");
    const query = listQueryOrThrow(ctx.url, SPEC);
    const list = await listBroadcasts(getDb(), ctx.state.tenant.id, {
      status: query.filters.stav,
      q: query.q,
    }, pageOf(query));
    return page({ list, query });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { list, query } = data;
  return (
    <div>
      <PageTitle title={t("broadcasts.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("broadcasts.title")}</h1>
      <p>
        <a
          class="gov-button gov-button--primary"
          data-color="primary"
          data-type="solid"
          href="/urad/zpravy/nova"
        >
          {t("broadcasts.newTitle")}
        </a>
      </p>
      <ListSearch path={PATH} query={query} searchLabel={t("broadcasts.search")} t={t} />
      <StateCounts
        path={PATH}
        query={query}
        name="stav"
        total={list.all}
        items={BROADCAST_STATUSES.map((s) => ({
          value: s,
          label: t(`broadcasts.status.${s}`),
          count: list.byStatus[s] ?? 0,
        }))}
        t={t}
      />
      <section aria-labelledby="list-results-heading">
        <h2 id="list-results-heading">{t("clerkLists.found", { n: list.total })}</h2>
        <DataTable
          caption={t("broadcasts.title")}
          captionHidden
          rows={list.rows}
          rowKey={(b) => b.id}
          empty={t("broadcasts.none")}
          columns={[
            {
              header: t("broadcasts.column.subject"),
              rowHeader: true,
              cell: (b) => (
                <>
                  <a href={`/urad/zpravy/${b.id}`}>{b.subject}</a>
                  {b.crisis && <>({t("broadcasts.crisisLabel")})</>}
                </>
              ),
            },
            {
              header: t("broadcasts.column.status"),
              cell: (b) => t(`broadcasts.status.${b.status}`),
            },
            {
              header: t("broadcasts.column.when"),
              cell: (b) => when(b.started_at ?? b.send_at),
            },
            {
              header: t("broadcasts.column.channels"),
              cell: (b) => b.channels.map((c) => t(`broadcasts.channel.${c}`)).join(", "),
            },
            {
              header: t("broadcasts.column.recipients"),
              num: true,
              cell: (b) => b.recipients_total ?? "—",
            },
            { header: t("broadcasts.column.sent"), num: true, cell: (b) => b.sent },
            { header: t("broadcasts.column.failed"), num: true, cell: (b) => b.failed },
          ]}
        />
        <Pagination
          page={query.page}
          pageCount={pageCount(list.total, query.pageSize)}
          href={(n) => listHref(PATH, query, { strana: String(n) })}
          t={t}
        />
      </section>
    </div>
  );
});
