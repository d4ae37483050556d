/** One news item of the town (issue 13): public and cacheable (tag `news`). */
import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { findNews } from "../../db/repositories/broadcasts.ts";
import { newsDate } from "../../components/news/NewsList.tsx";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const item = await findNews(getDb(), ctx.state.tenant.id, ctx.params.id);
    if (!item || item.published_at > new Date()) throw new HttpError(404);
    return publicPage(ctx, { item }, { tags: ["news"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { item } = data;
  const { t, locale } = state;
  return (
    <article class="news-detail">
      <PageTitle title={item.title} state={state} />
      <Breadcrumbs
        t={t}
        items={[{ label: t("news.title"), href: "/aktuality" }, { label: item.title }]}
      />
      <h1>
        {item.crisis && <span class="news-crisis">{t("news.crisis")}:</span>} {item.title}
      </h1>
      <p class="news-date">
        {t("news.published")}:{" "}
        <time dateTime={item.published_at.toISOString()}>
          {newsDate(item.published_at, locale)}
        </time>
      </p>
      {item.body.split(/\n{2,}/).map((para, i) => <p key={i} class="news-body">{para}</p>)}
    </article>
  );
});
