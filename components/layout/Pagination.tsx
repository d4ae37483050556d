/**
 * Page links for long lists: previous/next with rel, the first and last page, the pages around
 * the current one, ellipses between. Plain links, so it works without JavaScript.
 */
import type { Translate } from "../../lib/state.ts";
import { GovCss } from "../gov/GovCss.tsx";
import { Icon } from "../gov/Icon.tsx";

export interface PaginationProps {
  /** 1-based. */
  page: number;
  pageCount: number;
  /** URL of a page, e.g. `(n) => "/uredni-deska?strana=" + n`. */
  href: (page: number) => string;
  t: Translate;
}

/** The page numbers to show, `null` where an ellipsis goes: 1 … 4 5 6 … 12. */
export function pageWindow(page: number, pageCount: number, around = 1): (number | null)[] {
  const pages = new Set([1, pageCount]);
  for (let p = page - around; p <= page + around; p++) if (p >= 1 && p <= pageCount) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const [i, p] of sorted.entries()) {
    const prev = sorted[i - 1];
    if (prev !== undefined && p - prev === 2) out.push(prev + 1);
    else if (prev !== undefined && p - prev > 2) out.push(null);
    out.push(p);
  }
  return out;
}

export function Pagination({ page, pageCount, href, t }: PaginationProps) {
  if (pageCount <= 1) return null;
  const button = (type: "solid" | "base") => ({
    class: "gov-button",
    "data-color": "primary",
    "data-type": type,
    "data-size": "m",
  });
  return (
    <nav class="gov-pagination pagination" data-size="m" aria-label={t("layout.pagination.label")}>
      <GovCss names={["gov-pagination", "gov-button"]} />
      <ul class="gov-pagination__list gov-pagination__inner">
        {page > 1 && (
          <li class="gov-pagination__item gov-pagination__item--arrow">
            <a {...button("base")} href={href(page - 1)} rel="prev">
              <Icon name="chevron-left" />
              {t("layout.pagination.previous")}
            </a>
          </li>
        )}
        {pageWindow(page, pageCount).map((p, i) =>
          p === null
            ? (
              <li key={`gap-${i}`} class="gov-pagination__item" aria-hidden="true">
                …
              </li>
            )
            : (
              <li
                key={p}
                class={p === page ? "gov-pagination__item is-active" : "gov-pagination__item"}
              >
                <a
                  {...button(p === page ? "solid" : "base")}
                  href={href(p)}
                  aria-current={p === page ? "page" : undefined}
                  aria-label={t("layout.pagination.page", { page: p })}
                >
                  {p}
                </a>
              </li>
            )
        )}
        {page < pageCount && (
          <li class="gov-pagination__item gov-pagination__item--arrow">
            <a {...button("base")} href={href(page + 1)} rel="next">
              {t("layout.pagination.next")}
              <Icon name="chevron-right" />
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
