/**
 * One reported defect: category, place, state, department and dates — nothing about the
 * reporter, no description, no photos. Another town's report, or an unknown id, is a 404.
 * Public and cacheable; no JavaScript.
 */
import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { publicDefectReport } from "../../app/defect_reports.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";
import { defectCategory, DefectFacts, defectPlace } from "../../components/defects/DefectFacts.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const report = await publicDefectReport({ db: getDb() }, ctx.state.tenant.id, ctx.params.id);
    if (!report) throw new HttpError(404);
    return publicPage(ctx, { report });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const r = data.report;
  const title = t("defectReports.detailTitle", {
    category: defectCategory(t, r.category),
    place: defectPlace(t, locale, r),
  });
  return (
    <div class="defects">
      <PageTitle title={title} state={state} />
      <Breadcrumbs
        t={t}
        items={[{ label: t("defectReports.title"), href: "/hlaseni-zavad" }, { label: title }]}
      />
      <h1>{title}</h1>
      <DefectFacts report={r} t={t} locale={locale} />
      <p>{t("defectReports.privacy")}</p>
      <p>
        <a href="/hlaseni-zavad">{t("defectReports.back")}</a>
      </p>
    </div>
  );
});
