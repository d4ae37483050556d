/**
 * Guides to life situations: searchable (diacritics and case ignored), grouped by topic, with a
 * helpful answer when nothing matches. Public and cacheable; ships no JavaScript.
 */
import { define } from "../../lib/http/define.ts";
import { getDb } from "../../lib/db.ts";
import { listGuides } from "../../db/repositories/guides.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";
import { SubmitButton, TextField } from "../../components/form/mod.ts";
import { plural } from "../../lib/i18n.ts";
import { GuideEmptyResult } from "../../components/guides/GuideEmptyResult.tsx";
import { groupByTopic, type GuideGroup } from "../../components/guides/groups.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const search = (ctx.url.searchParams.get("q") ?? "").normalize("NFC").trim().slice(0, 200);
    const guides = await listGuides(getDb(), ctx.state.tenant.id, { search });
    const groups: GuideGroup[] = groupByTopic(guides);
    return publicPage(ctx, { search, groups, total: guides.length });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  return (
    <div class="guides">
      <PageTitle title={t("guides.title")} state={state} />
      <Breadcrumbs t={t} items={[{ label: t("guides.title") }]} />
      <h1>{t("guides.title")}</h1>
      <p class="lead">{t("guides.lead")}</p>
      <form method="get" role="search" class="guide-search" aria-label={t("guides.searchLabel")}>
        <TextField
          name="q"
          type="search"
          label={t("guides.searchLabel")}
          hint={t("guides.searchHint")}
          value={data.search}
          maxLength={200}
          t={t}
        />
        <SubmitButton>{t("common.search")}</SubmitButton>
      </form>
      {data.search && (
        <p role="status" class="guide-count">{plural(t, locale, "guides.found", data.total)}</p>
      )}
      {data.total === 0
        ? <GuideEmptyResult search={data.search} state={state} />
        : data.groups.map((group, i) => (
          <section class="guide-topic" aria-labelledby={`tema-${i}`}>
            <h2 id={`tema-${i}`}>{group.topic}</h2>
            <ul class="guide-list">
              {group.guides.map((g) => (
                <li class="guide-item">
                  <h3 class="guide-title">
                    <a href={`/zivotni-situace/${g.slug}`}>{g.title}</a>
                  </h3>
                  <p>{g.summary}</p>
                  {g.online && <p class="guide-online">{t("guides.online")}</p>}
                </li>
              ))}
            </ul>
          </section>
        ))}
    </div>
  );
});
