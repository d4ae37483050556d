/** Where the page sits: links up to the home page, the current page last and unlinked. */
import type { Translate } from "../../lib/state.ts";
import { GovCss } from "../gov/GovCss.tsx";
import { Icon } from "../gov/Icon.tsx";

export interface Crumb {
  label: string;
  /** Omitted for the current page. */
  href?: string;
}

export function Breadcrumbs({ items, t }: { items: readonly Crumb[]; t: Translate }) {
  const trail: Crumb[] = [{ label: t("layout.breadcrumbs.home"), href: "/" }, ...items];
  return (
    <nav class="gov-breadcrumbs breadcrumbs" aria-label={t("layout.breadcrumbs.label")}>
      <GovCss names={["gov-breadcrumbs"]} />
      <ul>
        {trail.map((crumb, i) => {
          const last = i === trail.length - 1;
          return (
            <li key={`${i}:${crumb.label}`}>
              {i > 0 && <Icon name="chevron-right" size="xs" />}
              {crumb.href && !last
                ? <a href={crumb.href}>{crumb.label}</a>
                : <span aria-current={last ? "page" : undefined}>{crumb.label}</span>}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
