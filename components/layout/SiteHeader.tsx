/**
 * The band every page starts with: the town's crest and name (home link), the portal's name,
 * sign-in state, the language switch and the primary navigation. Without a tenant (unknown
 * host: every other page of that host is a 404 too) it is just the portal's name.
 */
import type { ClerkSession, Locale, PersonSession, Tenant, Translate } from "../../lib/state.ts";
import { CsrfField } from "../form/CsrfField.tsx";
import { Icon } from "../gov/Icon.tsx";

export interface SiteHeaderProps {
  tenant?: Tenant | null;
  locale: Locale;
  t: Translate;
  clerk?: ClerkSession | null;
  person?: PersonSession | null;
  csrfToken?: string;
  /** The current URL: marks the current section and keeps the path in the language switch. */
  url: URL;
  /** The person's granted representations, when the caller knows them (adds the switch link). */
  representations?: readonly { id: string; name: string }[];
}

export interface NavItem {
  href: string;
  label: string;
}

export function primaryNav(
  t: Translate,
  clerk: ClerkSession | null | undefined,
  person?: PersonSession | null,
): NavItem[] {
  const items: NavItem[] = [
    { href: "/", label: t("layout.nav.home") },
    { href: "/zivotni-situace", label: t("layout.nav.guides") },
    { href: "/uredni-deska", label: t("layout.nav.noticeBoard") },
  ];
  if (clerk) items.push({ href: "/urad", label: t("layout.nav.office") });
  else if (person) items.push({ href: "/ucet/zpravy", label: t("layout.nav.messages") });
  return items;
}

/** `page` on the item's own URL, `true` anywhere below it (the section), else nothing. */
export function currentMarker(pathname: string, href: string): "page" | "true" | undefined {
  if (pathname === href) return "page";
  if (pathname.startsWith(`${href}/`)) return "true";
  return undefined;
}

/** The current path and query with `lang` set (other parameters kept). */
export function languageHref(url: URL, lang: Locale): string {
  // Most pages have no query: no URLSearchParams to build and serialise on every render.
  if (url.search === "") return `${url.pathname}?lang=${lang}`;
  const params = new URLSearchParams(url.search);
  params.set("lang", lang);
  return `${url.pathname}?${params}`;
}

export function SiteHeader(
  { tenant, locale, t, clerk, person, csrfToken, url, representations }: SiteHeaderProps,
) {
  const signedIn = clerk
    ? { name: clerk.displayName, href: "/urad" }
    : person
    ? { name: person.displayName, href: "/ucet" }
    : null;
  const other: Locale = locale === "cs" ? "en" : "cs";
  return (
    <header class="site-header">
      <div class="site-width site-header__bar">
        <a class="site-brand" href="/">
          {tenant?.branding.crestSvg && (
            <span
              class="site-brand__crest"
              aria-hidden="true"
              // The crest comes from the operator's tenant configuration (trusted markup).
              // deno-lint-ignore react-no-danger
              dangerouslySetInnerHTML={{ __html: tenant.branding.crestSvg }}
            />
          )}
          <span class="site-brand__text">
            {tenant && <span class="site-brand__town">{tenant.name}</span>}
            <span class={tenant ? "site-brand__portal" : "site-brand__town"}>
              {t("common.portalName")}
            </span>
          </span>
        </a>
        <ul class="site-tools">
          {tenant && (signedIn
            ? (
              <li class="site-user">
                <Icon name="person-fill" />
                <a href={signedIn.href}>
                  <span class="u-sr-only">{t("layout.user.signedInAs")}</span>
                  {signedIn.name}
                </a>
                {person?.actingFor && (
                  <span class="site-user__acting">
                    {t("layout.user.actingFor", { name: person.actingFor.name })}
                  </span>
                )}
                {person && (person.actingFor || (representations?.length ?? 0) > 0) && (
                  <a href="/ucet/zastoupeni#jednat-za">{t("representation.headerLink")}</a>
                )}
                <form method="post" action="/odhlaseni">
                  {csrfToken && <CsrfField token={csrfToken} />}
                  <button type="submit" class="link-button">{t("layout.user.logout")}</button>
                </form>
              </li>
            )
            : (
              <li>
                <a href="/prihlaseni">
                  <Icon name="person-fill" />
                  {t("layout.user.login")}
                </a>
              </li>
            ))}
          {tenant && (
            <li>
              <a href={languageHref(url, other)} hreflang={other} lang={other}>
                {other === "en" ? t("common.switchToEnglish") : t("common.switchToCzech")}
              </a>
            </li>
          )}
        </ul>
      </div>
      {tenant && (
        <nav class="site-nav" aria-label={t("layout.nav.label")}>
          <div class="site-width">
            <ul class="site-nav__list">
              {primaryNav(t, clerk, person).map((item) => (
                <li key={item.href}>
                  <a href={item.href} aria-current={currentMarker(url.pathname, item.href)}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </nav>
      )}
    </header>
  );
}
