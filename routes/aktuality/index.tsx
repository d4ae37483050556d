/** The town's news (issue 13), newest first, 20 a page: public and cacheable (tag `news`). */
import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { listNews } from "../../db/repositories/broadcasts.ts";
import { pageCount } from "../../lib/web/list_query.ts";
import { NewsList } from "../../components/news/NewsList.tsx";
import { Pagination } from "../../components/layout/Pagination.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

const PAGE_SIZE = 20;

export const handler = define.handlers({
  async GET(ctx) {
    const raw = ctx.url.searchParams.get("strana") ?? "1";
    if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1) throw new HttpError(400, "lists.errors.page");
    const pageNo = Number(raw);
    const news = await listNews(getDb(), ctx.state.tenant.id, {
      limit: PAGE_SIZE,
      offset: (pageNo - 1) * PAGE_SIZE,
    });
    return publicPage(ctx, { news, pageNo }, { tags: ["news"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  return (
    <div class="news">
      <PageTitle title={t("news.title")} state={state} />
      <h1>{t("news.title")}</h1>
      <p>
        {t("news.lead")} <a href="/odber">{t("news.subscribe")}</a>
      </p>
      {data.news.rows.length === 0
        ? <p>{t("news.empty")}</p>
        : <NewsList items={data.news.rows} t={t} locale={locale} />}
      <Pagination
        page={data.pageNo}
        pageCount={pageCount(data.news.total, PAGE_SIZE)}
        href={(n) => n === 1 ? "/aktuality" : `/aktuality?strana=${n}`}
        t={t}
      />
    </div>
  );
});
