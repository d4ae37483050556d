/**
 * The town's reported defects: category, place (street or rounded coordinates), state and
 * dates; searchable ignoring diacritics (place, department, category), filtered by state,
 * paginated. No personal data, no description, no photos. Public and cacheable; no JavaScript.
 */
import { define } from "../../lib/http/define.ts";
import { getDb } from "../../lib/db.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { listDefectReports } from "../../app/defect_reports.ts";
import { DEFECT_STATUSES } from "../../domain/defect_reports.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";
import { Pagination } from "../../components/layout/Pagination.tsx";
import { Select, SubmitButton, TextField } from "../../components/form/mod.ts";
import { defectCategory, defectPlace } from "../../components/defects/DefectFacts.tsx";
import { formatDate } from "../../lib/http/format.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const params = ctx.url.searchParams;
    const search = (params.get("q") ?? "").normalize("NFC").trim().slice(0, 200);
    const page = Number(params.get("strana") ?? "1");
    const data = await listDefectReports({ db: getDb() }, ctx.state.tenant.id, {
      search,
      status: params.get("stav") ?? "",
      page,
      t: ctx.state.t,
    });
    return publicPage(ctx, data);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const query = (page: number) => {
    const p = new URLSearchParams();
    if (data.search) p.set("q", data.search);
    if (data.status) p.set("stav", data.status);
    if (page > 1) p.set("strana", String(page));
    const s = p.toString();
    return `/hlaseni-zavad${s ? `?${s}` : ""}`;
  };
  return (
    <div class="defects">
      <PageTitle title={t("defectReports.title")} state={state} />
      <Breadcrumbs t={t} items={[{ label: t("defectReports.title") }]} />
      <h1>{t("defectReports.title")}</h1>
      <p class="lead">{t("defectReports.intro")}</p>
      <p>{t("defectReports.privacy")}</p>
      <p>
        <a href="/zivotni-situace/hlaseni-zavady">{t("defectReports.report")}</a>
      </p>
      <form method="get" role="search" aria-label={t("defectReports.searchLabel")}>
        <TextField
          name="q"
          type="search"
          label={t("defectReports.searchLabel")}
          value={data.search}
          maxLength={200}
          t={t}
        />
        <Select
          name="stav"
          label={t("defectReports.statusLabel")}
          value={data.status}
          placeholder={t("defectReports.allStatuses")}
          options={DEFECT_STATUSES.map((s) => ({
            value: s,
            label: t(`defectReports.status.${s}`),
          }))}
          t={t}
        />
        <SubmitButton>{t("defectReports.searchButton")}</SubmitButton>
      </form>
      <p role="status">{t("defectReports.count", { count: String(data.total) })}</p>
      {data.total === 0
        ? (
          <div>
            <p>
              {data.search
                ? t("defectReports.emptySearch", { query: data.search })
                : t("defectReports.empty")}
            </p>
            {(data.search || data.status) && <p>{t("defectReports.emptyHint")}</p>}
          </div>
        )
        : (
          <ul class="guide-list">
            {data.reports.map((r) => (
              <li class="guide-item">
                <h2 class="guide-title">
                  <a href={`/hlaseni-zavad/${r.id}`}>
                    {defectCategory(t, r.category)} – {defectPlace(t, locale, r)}
                  </a>
                </h2>
                <p>
                  {t("defectReports.state")}: {t(`defectReports.status.${r.status}`)}
                  {" · "}
                  {t("defectReports.filedAt")}: {formatDate(r.filedAt, locale)}
                  {r.department && <>{" · "}{t("defectReports.department")}: {r.department}</>}
                </p>
              </li>
            ))}
          </ul>
        )}
      {data.pages > 1 && <Pagination page={data.page} pageCount={data.pages} href={query} t={t} />}
    </div>
  );
});
