/**
 * A public defect report's facts: category, place (street, or coordinates rounded to about
 * 100 m), state and dates. Nothing about the reporter.
 */
import type { Locale, Translate } from "../../lib/state.ts";
import type { PublicDefectReport } from "../../app/defect_reports.ts";
import { formatDate } from "../../lib/http/format.ts";

export function defectCategory(t: Translate, category: string): string {
  return t(`situationForms.defectReport.categories.${category}`);
}

export function defectPlace(t: Translate, locale: Locale, r: PublicDefectReport): string {
  if (r.place) return r.place;
  if (r.latitude !== null && r.longitude !== null) {
    const n = (x: number) => x.toLocaleString(locale, { minimumFractionDigits: 3 });
    return t("defectReports.coordinates", { lat: n(r.latitude), lon: n(r.longitude) });
  }
  return t("defectReports.noPlace");
}

export function DefectFacts(
  { report: r, t, locale }: { report: PublicDefectReport; t: Translate; locale: Locale },
) {
  return (
    <dl class="notice-facts">
      <div>
        <dt>{t("defectReports.category")}</dt>
        <dd>{defectCategory(t, r.category)}</dd>
      </div>
      <div>
        <dt>{t("defectReports.place")}</dt>
        <dd>{defectPlace(t, locale, r)}</dd>
      </div>
      <div>
        <dt>{t("defectReports.state")}</dt>
        <dd>{t(`defectReports.status.${r.status}`)}</dd>
      </div>
      {r.department && (
        <div>
          <dt>{t("defectReports.department")}</dt>
          <dd>{r.department}</dd>
        </div>
      )}
      <div>
        <dt>{t("defectReports.filedAt")}</dt>
        <dd>{formatDate(r.filedAt, locale)}</dd>
      </div>
      {r.resolvedAt && (
        <div>
          <dt>{t("defectReports.resolvedAt")}</dt>
          <dd>{formatDate(r.resolvedAt, locale)}</dd>
        </div>
      )}
      <div>
        <dt>{t("defectReports.updatedAt")}</dt>
        <dd>{formatDate(r.updatedAt, locale)}</dd>
      </div>
    </dl>
  );
}
