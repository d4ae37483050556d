/**
 * `/ucet/predpisy`: the whole history of the reader's and their household's closed obligations
 * (paid, overpaid, written off), 50 a page; `/ucet` shows the latest ten of them.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { citizenLedger } from "../../../app/ledger.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../../components/layout/Breadcrumbs.tsx";
import { Pagination } from "../../../components/layout/Pagination.tsx";
import { HistoryTable } from "../../../components/obligations/Ledger.tsx";

const PER_PAGE = 50;

export const handler = define.handlers({
  async GET(ctx) {
    const asked = Number(ctx.url.searchParams.get("strana") ?? "1");
    const ledger = await citizenLedger(defaultDeps(), personActor(ctx.state));
    const history = ledger.overview.history;
    const pageCount = Math.max(1, Math.ceil(history.length / PER_PAGE));
    const current = Number.isSafeInteger(asked) && asked >= 1 && asked <= pageCount ? asked : 1;
    return page({
      entries: history.slice((current - 1) * PER_PAGE, current * PER_PAGE),
      total: history.length,
      current,
      pageCount,
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div>
      <PageTitle title={t("ledger.historyTitle")} state={state} />
      <Breadcrumbs
        t={t}
        items={[{ label: t("account.title"), href: "/ucet#platby" }, {
          label: t("ledger.historyTitle"),
        }]}
      />
      <h1>{t("ledger.historyTitle")}</h1>
      <p class="lead">{t("ledger.historyLead")}</p>
      {data.total === 0 ? <p>{t("ledger.historyNone")}</p> : (
        <>
          {data.pageCount > 1 && (
            <p>{t("ledger.historyPage", { page: data.current, pages: data.pageCount })}</p>
          )}
          <HistoryTable entries={data.entries} t={t} />
          <Pagination
            page={data.current}
            pageCount={data.pageCount}
            href={(n) => `/ucet/predpisy?strana=${n}`}
            t={t}
          />
        </>
      )}
    </div>
  );
});
