/**
 * "Who at the office viewed my data": every time a clerk looked at the signed-in person's
 * record, cases (and their files), representation requests or card payments, newest first,
 * 50 a page; also the views of the persons they act for under a granted representation.
 * Nobody else's. Private, like every personal page.
 */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { personActor } from "../../lib/http/identity/actor.ts";
import { listQueryOrThrow, pageCount } from "../../lib/web/list_query.ts";
import { clerkViewsOfMe } from "../../app/history.ts";
import { defaultDeps } from "../../app/deps.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { AccessList } from "../../components/history/AccessList.tsx";

const PAGE_SIZE = 50;

export const handler = define.handlers({
  async GET(ctx) {
    const query = listQueryOrThrow(ctx.url, {}, { pageSize: PAGE_SIZE });
    const found = await clerkViewsOfMe(defaultDeps(), personActor(ctx.state), query);
    return page({
      ...found,
      page: query.page,
      pageCount: pageCount(found.total, PAGE_SIZE),
      showWhose: found.entries.some((e) => !e.self),
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  return (
    <div>
      <PageTitle title={t("access.title")} state={state} />
      <h1>{t("access.title")}</h1>
      <p class="lead">{t("access.lead")}</p>
      <AccessList
        entries={data.entries}
        page={data.page}
        pageCount={data.pageCount}
        showWhose={data.showWhose}
        t={t}
        locale={locale}
      />
    </div>
  );
});
