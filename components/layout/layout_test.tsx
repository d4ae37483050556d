import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { translator } from "../../lib/i18n.ts";
import type { ClerkSession } from "../../lib/state.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { Breadcrumbs } from "./Breadcrumbs.tsx";
import { ErrorContent } from "./ErrorContent.tsx";
import { Notice } from "./Notice.tsx";
import { PageHeading } from "./PageHeading.tsx";
import { pageWindow, Pagination } from "./Pagination.tsx";
import { SiteFooter } from "./SiteFooter.tsx";
import { RichText } from "./RichText.tsx";
import { SiteHeader } from "./SiteHeader.tsx";
import { TENANT } from "./test_fixtures.ts";

const t = translator("cs");

const CLERK: ClerkSession = {
  sessionId: "s1",
  clerkId: "c1",
  username: "novakova",
  displayName: "Jana Nováková",
  roles: ["clerk"],
};

Deno.test("[layout] header shows the town name and crest, linking home", () => {
  const html = renderToString(
    <SiteHeader tenant={TENANT} locale="cs" t={t} url={new URL("https://lipnice.localhost/")} />,
  );
  assert.match(html, /<a class="site-brand" href="\/">/);
  assert.match(
    html,
    /<span class="site-brand__crest" aria-hidden="true"><svg [^>]*viewBox="0 0 10 12"/,
  );
  assert.match(html, /<span class="site-brand__town">Lipnice nad Ohří<\/span>/);
  assert.match(html, /Portál občana/);
  assert.match(html, /<nav class="site-nav" aria-label="Hlavní navigace">/);
  assert.match(html, /<a href="\/"( aria-current="page")?>Úvod<\/a>/);
  assert.match(html, /<a href="\/uredni-deska">Úřední deska<\/a>/);
});

Deno.test("[layout] header offers visitors sign-in, and a clerk the office and a sign-out POST with CSRF", () => {
  const url = new URL("https://lipnice.localhost/");
  const visitor = renderToString(<SiteHeader tenant={TENANT} locale="cs" t={t} url={url} />);
  assert.match(visitor, /<a href="\/prihlaseni">.*Přihlásit se<\/a>/s);
  assert.doesNotMatch(visitor, /\/urad|odhlaseni/);

  const clerk = renderToString(
    <SiteHeader tenant={TENANT} locale="cs" t={t} url={url} clerk={CLERK} csrfToken="tok" />,
  );
  assert.match(clerk, /<a href="\/urad">Úřad<\/a>/);
  assert.match(clerk, /Jana Nováková/);
  assert.match(
    clerk,
    /<form method="post" action="\/odhlaseni"><input type="hidden" name="_csrf" value="tok"\/?><button type="submit"[^>]*>Odhlásit se<\/button><\/form>/,
  );
  assert.doesNotMatch(clerk, /\/prihlaseni/);
});

Deno.test("[layout] header marks the current section and switches language on the same page", () => {
  const html = renderToString(
    <SiteHeader
      tenant={TENANT}
      locale="cs"
      t={t}
      url={new URL("https://lipnice.localhost/uredni-deska/archiv?strana=2&lang=cs")}
    />,
  );
  assert.match(html, /<a href="\/uredni-deska" aria-current="true">/);
  assert.match(html, /<a href="\/"( aria-current="page")?>Úvod<\/a>/);
  assert.match(
    html,
    /<a href="\/uredni-deska\/archiv\?strana=2&amp;lang=en" hreflang="en" lang="en">English<\/a>/,
  );

  const en = renderToString(
    <SiteHeader
      tenant={TENANT}
      locale="en"
      t={translator("en")}
      url={new URL("https://x/uredni-deska")}
    />,
  );
  assert.match(en, /<a href="\/uredni-deska" aria-current="page">Official notice board<\/a>/);
  assert.match(en, /<a href="\/uredni-deska\?lang=cs" hreflang="cs" lang="cs">Česky<\/a>/);
});

Deno.test("[layout] header without a tenant (unknown host) shows only the portal", () => {
  const html = renderToString(
    <SiteHeader locale="cs" t={t} url={new URL("https://nikde.example/")} />,
  );
  assert.match(html, /Portál občana/);
  assert.doesNotMatch(html, /site-nav|prihlaseni|site-brand__crest|lang=en/);
  // Every other page of an unknown host is a 404 too, so the footer links nowhere.
  const footer = renderToString(<SiteFooter t={t} />);
  assert.doesNotMatch(footer, /<a /);
  assert.match(footer, /Portál občana/);
});

Deno.test("[layout] a translated sentence can hold a link without splitting the sentence", () => {
  const html = renderToString(
    <p>
      <RichText
        t={t}
        k="a11y.report.otherWays"
        params={{ phone: "+420 123" }}
        elements={{ email: <a href="mailto:obec@example.cz">obec@example.cz</a> }}
      />
    </p>,
  );
  assert.equal(
    html,
    '<p>Problém můžete nahlásit také e-mailem na <a href="mailto:obec@example.cz">obec@example.cz</a> nebo telefonicky na +420 123.</p>',
  );
});

Deno.test("[layout] footer gives the authority's contacts and the accessibility and open-data links", () => {
  const html = renderToString(<SiteFooter tenant={TENANT} t={t} />);
  assert.match(html, /<footer/);
  assert.match(html, /Obec Lipnice nad Ohří/);
  assert.match(html, /Náměstí 1, 411 45 Lipnice nad Ohří/);
  assert.match(html, /<dt>IČO<\/dt><dd>00123456<\/dd>/);
  assert.match(
    html,
    /<a href="mailto:podatelna@lipnice\.example\.cz">podatelna@lipnice\.example\.cz<\/a>/,
  );
  assert.match(html, /<a href="tel:\+420416123456">\+420 416 123 456<\/a>/);
  assert.match(html, /<a href="\/pristupnost">Prohlášení o přístupnosti<\/a>/);
  assert.match(html, /<a href="\/pristupnost\/nahlasit">Nahlásit problém s přístupností<\/a>/);
  assert.match(
    html,
    /<a href="\/uredni-deska\.jsonld"[^>]*>Úřední deska jako otevřená data \(JSON-LD\)<\/a>/,
  );
});

Deno.test("[layout] page heading is the one h1, with its lead", () => {
  const html = renderToString(<PageHeading title="Úřední deska" lead="Oznámení obce." />);
  assert.match(html, /<h1>Úřední deska<\/h1><p class="page-heading__lead">Oznámení obce\.<\/p>/);
});

Deno.test("[layout] breadcrumbs start at home and end with the current page, unlinked", () => {
  const html = renderToString(
    <Breadcrumbs
      items={[{ label: "Úřední deska", href: "/uredni-deska" }, { label: "Archiv" }]}
      t={t}
    />,
  );
  assert.match(html, /<nav class="gov-breadcrumbs breadcrumbs" aria-label="Drobečková navigace">/);
  assert.match(html, /<a href="\/"( aria-current="page")?>Úvod<\/a>/);
  assert.match(html, /<a href="\/uredni-deska">Úřední deska<\/a>/);
  assert.match(html, /<span aria-current="page">Archiv<\/span>/);
});

Deno.test("[layout] pagination shows first, last and neighbours with gaps", () => {
  assert.deepEqual(pageWindow(1, 1), [1]);
  assert.deepEqual(pageWindow(1, 3), [1, 2, 3]);
  assert.deepEqual(pageWindow(6, 12), [1, null, 5, 6, 7, null, 12]);
  assert.deepEqual(pageWindow(3, 12), [1, 2, 3, 4, null, 12]);
});

Deno.test("[layout] pagination links neighbours with rel prev/next and marks the current page", () => {
  const html = renderToString(
    <Pagination page={2} pageCount={5} href={(p) => `/uredni-deska?strana=${p}`} t={t} />,
  );
  assert.match(
    html,
    /<nav class="gov-pagination pagination" data-size="m" aria-label="Stránkování">/,
  );
  assert.match(html, /href="\/uredni-deska\?strana=1" rel="prev"[^>]*>.*Předchozí<\/a>/s);
  assert.match(html, /href="\/uredni-deska\?strana=3" rel="next"[^>]*>Další/);
  assert.match(
    html,
    /href="\/uredni-deska\?strana=2" aria-current="page" aria-label="Strana 2">2<\/a>/,
  );
  assert.equal(renderToString(<Pagination page={1} pageCount={1} href={String} t={t} />), "");
});

Deno.test("[layout] notices: success and info are status, warning and error are alert, named in words", () => {
  const ok = renderToString(<Notice type="success" t={t} title="Uloženo">Text</Notice>);
  assert.match(ok, /role="status"/);
  assert.match(ok, /data-color="success"/);
  assert.match(
    ok,
    /<h2 class="notice__title"><span class="u-sr-only">Hotovo:<\/span>Uloženo<\/h2>/,
  );
  const bad = renderToString(<Notice type="error" t={t}>Nepodařilo se.</Notice>);
  assert.match(bad, /role="alert"/);
  assert.match(bad, /<span class="u-sr-only">Chyba:<\/span>Nepodařilo se\./);
});

Deno.test("[layout] a server error shows the request id and never the error's own message", () => {
  const html = renderToString(
    <ErrorContent
      error={new Error('relation "x" does not exist at Object.query (db.ts:12)')}
      state={{ t, locale: "cs", requestId: "req-7f3a", tenant: TENANT }}
    />,
  );
  assert.match(html, /<h1>Nastala chyba serveru<\/h1>/);
  assert.match(html, /Kód požadavku: req-7f3a/);
  assert.doesNotMatch(html, /relation|db\.ts|stack/i);
  assert.match(html, /<a href="\/">Přejít na úvodní stránku<\/a>/);
});

Deno.test("[layout] a 403 from the CSRF check explains itself, even with an empty state", () => {
  const html = renderToString(
    <ErrorContent error={new HttpError(403, "errors.csrfText")} state={{}} />,
  );
  assert.match(html, /<h1>Přístup odepřen<\/h1>/);
  assert.match(html, /Platnost formuláře vypršela/);
});

Deno.test("[layout] the 404 for an unknown host renders without a tenant, in English when asked", () => {
  const cs = renderToString(
    <ErrorContent error={new HttpError(404, "errors.unknownTenant")} state={{}} status={404} />,
  );
  assert.match(cs, /<h1>Stránka nenalezena<\/h1>/);
  assert.match(cs, /Pro tuto adresu není nastavena žádná obec\./);
  assert.doesNotMatch(cs, /href="\/"/);
  const en = renderToString(
    <ErrorContent error={new HttpError(404)} state={{ locale: "en" }} status={404} />,
  );
  assert.match(en, /<h1>Page not found<\/h1>/);
});

Deno.test("[layout] an HttpError message that is not a message key is not shown", () => {
  const html = renderToString(
    <ErrorContent error={new HttpError(400, "Malformed URL")} state={{ t }} />,
  );
  assert.match(html, /Chyba 400/);
  assert.doesNotMatch(html, /Malformed/);
});
