/**
 * Nothing found among the guides: what was searched, how to search more broadly, the same search
 * on the notice board, and whom to ask.
 */
import type { State } from "../../lib/state.ts";

export function GuideEmptyResult({ search, state }: { search: string; state: State }) {
  const { t, tenant } = state;
  if (!search) return <p class="guide-empty">{t("guides.noGuides")}</p>;
  return (
    <div class="guide-empty search-empty">
      <p>
        {t("guides.empty")} {t("guides.emptySearch", { query: search })}
      </p>
      <ul>
        <li>{t("guides.emptyTips")}</li>
        <li>
          <a href={`/uredni-deska?${new URLSearchParams({ q: search })}`}>
            {t("guides.emptyNoticeBoard", { query: search })}
          </a>
        </li>
        <li>
          <a href="/zivotni-situace">{t("guides.showAll")}</a>
        </li>
      </ul>
      <p>{t("guides.emptyContact", { phone: tenant.phone, email: tenant.email })}</p>
    </div>
  );
}
