/**
 * The document around every page: language, title, the design system's base stylesheets and
 * fonts, the skip link, the town's header, `<main id="obsah">` and the footer. Component
 * stylesheets come through `<GovCss>` (deduplicated by `LinkedStylesheets`); app.css is linked
 * last so the portal's rules win over the design system's.
 */
import { SiteFooter } from "../components/layout/SiteFooter.tsx";
import { SiteHeader } from "../components/layout/SiteHeader.tsx";
import { documentTitle } from "../components/layout/DocumentTitle.tsx";
import { stateTranslator } from "../components/layout/ErrorContent.tsx";
import { LinkedStylesheets } from "../components/gov/GovCss.tsx";
import { appStylesheet, baseStylesheets, preloadFonts } from "../components/gov/assets.ts";
import type { State } from "../lib/state.ts";
import { Head, type PageProps } from "../lib/web/mod.ts";

// The state is partial when an error page is rendered for a request the platform middleware
// refused early (unknown host, failed CSRF check): no tenant, maybe no translator.
export default function App({ Component, state, url }: PageProps<unknown, Partial<State>>) {
  const { t, locale } = stateTranslator(state);
  const tenant = state.tenant ?? null;
  const linked = new Set<string>([...baseStylesheets, appStylesheet]);
  return (
    <html lang={locale} data-theme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{documentTitle(state.title, tenant?.name, t("common.portalName"))}</title>
        {preloadFonts.map((href) => (
          <link
            key={href}
            rel="preload"
            href={href}
            as="font"
            type="font/woff2"
            crossorigin="anonymous"
          />
        ))}
        {baseStylesheets.map((href) => <link key={href} rel="stylesheet" href={href} />)}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <LinkedStylesheets.Provider value={linked}>
          <a class="skip-link" href="#obsah">{t("common.skipToContent")}</a>
          <SiteHeader
            tenant={tenant}
            locale={locale}
            t={t}
            clerk={state.clerk ?? null}
            person={state.person}
            csrfToken={state.clerk || state.person ? state.csrfToken : undefined}
            url={url}
          />
          <main id="obsah" class="site-main" tabindex={-1}>
            <div class="site-width">
              <Component />
            </div>
          </main>
          <SiteFooter tenant={tenant} t={t} />
        </LinkedStylesheets.Provider>
        {/* Rendered after the page, so it lands after every component sheet in <head>. */}
        <Head>
          <link rel="stylesheet" href={appStylesheet} />
        </Head>
      </body>
    </html>
  );
}
