/** Home: who the portal is for, the newest notices, and the way in. */
import { define } from "../lib/http/define.ts";
import { getDb } from "../lib/db.ts";
import { listNotices } from "../db/repositories/notices.ts";
import { listGuides } from "../db/repositories/guides.ts";
import { ttlCache } from "../lib/http/cache.ts";
import { publicPage } from "../lib/http/public_page.ts";
import { NoticeDates } from "../components/notices/NoticeDates.tsx";
import { PageTitle } from "../components/layout/DocumentTitle.tsx";
import { listNews } from "../db/repositories/broadcasts.ts";
import { NewsList } from "../components/news/NewsList.tsx";

/**
 * The newest notices per town, and its guides: kept until the town's notices or guides change
 * (the render cache's listener drops them), at most a minute.
 */
const highlights = ttlCache(
  60_000,
  (tenantId) => listNotices(getDb(), tenantId, { view: "current", page: 1, pageSize: 5 }),
  { tags: ["notices"] },
);

/** Guides for the home page: those that can be done online first, a handful in all. */
const homeGuides = ttlCache(60_000, async (tenantId) => {
  const guides = await listGuides(getDb(), tenantId);
  const online = guides.filter((g) => g.form_slug !== null);
  const rest = guides.filter((g) => g.form_slug === null);
  return {
    items: [...online, ...rest].slice(0, 5).map((g) => ({
      slug: g.slug,
      title: g.title,
      online: g.form_slug !== null,
    })),
    total: guides.length,
  };
}, { tags: ["guides"] });

/** The newest three news items (crisis ones highlighted), kept until the town's news changes. */
const latestNews = ttlCache(
  60_000,
  async (tenantId) => (await listNews(getDb(), tenantId, { limit: 3, offset: 0 })).rows,
  { tags: ["news"] },
);

export const handler = define.handlers({
  async GET(ctx) {
    const [{ items, total }, guides, news] = await Promise.all([
      highlights(ctx.state.tenant.id),
      homeGuides(ctx.state.tenant.id),
      latestNews(ctx.state.tenant.id),
    ]);
    return publicPage(ctx, { highlights: items, total, guides, news }, {
      tags: ["notices", "guides", "news"],
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale, tenant } = state;
  return (
    <div class="home">
      <PageTitle title={t("home.title")} state={state} />
      <h1>{t("home.heading", { town: tenant.name })}</h1>
      <p class="lead">{t("home.lead", { authority: tenant.officialName })}</p>
      <section aria-labelledby="home-services">
        <h2 id="home-services">{t("home.servicesHeading")}</h2>
        <ul class="home-services">
          <li>
            <a href="/zivotni-situace">{t("guides.title")}</a> — {t("home.guidesText")}
          </li>
          <li>
            <a href="/rezervace">{t("appointments.title")}</a> — {t("appointments.homeText")}
          </li>
          <li>
            <a href="/uredni-deska">{t("noticeBoard.title")}</a> — {t("home.noticeBoardText")}
          </li>
          <li>
            <a href="/uredni-deska/archiv">{t("noticeBoard.archiveTitle")}</a> —{" "}
            {t("home.archiveText")}
          </li>
          <li>
            <a href="/uredni-deska.jsonld">{t("home.openData")}</a> — {t("home.openDataText")}
          </li>
          <li>
            <a href="/faktury">{t("spending.invoice.title")}</a>,{" "}
            <a href="/smlouvy">{t("spending.contract.title")}</a>,{" "}
            <a href="/objednavky">{t("spending.order.title")}</a> — {t("spending.homeText")}
          </li>
          <li>
            <a href="/opendata">{t("openData.title")}</a> — {t("openData.homeText")}
          </li>
          <li>
            <a href="/dotace">{t("grants.public.title")}</a> — {t("grants.public.homeText")}
          </li>
          <li>
            <a href="/rozpocet">{t("budget.title")}</a> — {t("home.budgetText")}
          </li>
        </ul>
      </section>
      {data.news.length > 0 && (
        <section aria-labelledby="home-news">
          <h2 id="home-news">{t("news.homeHeading")}</h2>
          <NewsList items={data.news} t={t} locale={locale} headingLevel={3} />
          <p>
            <a href="/aktuality">{t("news.showAll")}</a>
          </p>
        </section>
      )}
      {data.guides.items.length > 0 && (
        <section aria-labelledby="home-guides">
          <h2 id="home-guides">{t("guides.homeHeading")}</h2>
          <ul class="home-guides">
            {data.guides.items.map((g) => (
              <li>
                <a href={`/zivotni-situace/${g.slug}`}>{g.title}</a>
                {g.online && <>— {t("guides.online")}</>}
              </li>
            ))}
          </ul>
          <p>
            <a href="/zivotni-situace">{t("guides.homeShowAll", { n: data.guides.total })}</a>
          </p>
        </section>
      )}
      <section aria-labelledby="home-notices">
        <h2 id="home-notices">{t("noticeBoard.highlights")}</h2>
        {data.highlights.length === 0 ? <p>{t("noticeBoard.empty")}</p> : (
          <ul class="notice-list">
            {data.highlights.map((n) => (
              <li class="notice-item">
                <h3 class="notice-title">
                  <a href={`/uredni-deska/${n.id}`}>{n.title}</a>
                </h3>
                <NoticeDates
                  postedFrom={n.posted_from}
                  relevantUntil={n.relevant_until}
                  t={t}
                  locale={locale}
                />
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/uredni-deska">{t("noticeBoard.showAll")} ({data.total})</a>
        </p>
      </section>
      <section aria-labelledby="home-contact">
        <h2 id="home-contact">{t("home.contactHeading")}</h2>
        <p>
          {tenant.officialName}, {tenant.address}
          <br />
          {t("home.phone")}: <a href={`tel:${tenant.phone.replace(/\s+/g, "")}`}>{tenant.phone}</a>
          <br />
          {t("home.email")}: <a href={`mailto:${tenant.email}`}>{tenant.email}</a>
        </p>
      </section>
    </div>
  );
});
