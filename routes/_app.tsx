/**
 * The document around every page: language, title and description, the site's one stylesheet
 * (scripts/vendor_gov.ts: the design system's sheets and app.css, only the rules the portal
 * uses, compressed) with the fonts the first screen needs preloaded, the skip link, the town's
 * header, `<main id="obsah">` and the footer.
 */
import { SiteFooter } from "../components/layout/SiteFooter.tsx";
import { SiteHeader } from "../components/layout/SiteHeader.tsx";
import { documentTitle } from "../components/layout/DocumentTitle.tsx";
import { stateTranslator } from "../components/layout/ErrorContent.tsx";
import { preloadFonts, siteStylesheet } from "../components/gov/assets.ts";
import type { State } from "../lib/state.ts";
import type { PageProps } from "../lib/web/mod.ts";

// The state is partial when an error page is rendered for a request the platform middleware
// refused early (unknown host, failed CSRF check): no tenant, maybe no translator.
export default function App({ Component, state, url }: PageProps<unknown, Partial<State>>) {
  const { t, locale } = stateTranslator(state);
  const tenant = state.tenant ?? null;
  const town = tenant?.name ?? t("common.portalName");
  const description = t("meta.description", { town });
  return (
    <html lang={locale} data-theme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{documentTitle(state.title, tenant?.name, t("common.portalName"))}</title>
        <meta
          name="description"
          content={state.title ? t("meta.page", { page: state.title, description }) : description}
        />
        <link rel="stylesheet" href={siteStylesheet} />
        {preloadFonts.map((href) => (
          <link
            rel="preload"
            href={href}
            as="font"
            type="font/woff2"
            crossorigin="anonymous"
          />
        ))}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
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
      </body>
    </html>
  );
}
