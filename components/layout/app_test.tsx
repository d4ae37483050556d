import assert from "node:assert/strict";
import { translator } from "../../lib/i18n.ts";
import type { State } from "../../lib/state.ts";
import type { PageComponent } from "../../lib/web/mod.ts";
import { renderPage } from "../../lib/web/render.ts";
import App from "../../routes/_app.tsx";
import { TextField } from "../form/TextField.tsx";
import { SubmitButton } from "../form/SubmitButton.tsx";
import { preloadFonts, siteStylesheet } from "../gov/assets.ts";
import { DocumentTitle, PageTitle } from "./DocumentTitle.tsx";
import { TENANT } from "./test_fixtures.ts";

function state(overrides: Partial<State> = {}): State {
  return {
    requestId: "req-1",
    tenant: TENANT,
    locale: "cs",
    t: translator("cs"),
    nonce: "n",
    csrfToken: "tok",
    clerk: null,
    person: null,
    ...overrides,
  };
}

function render(page: PageComponent<unknown, State>, s: State = state(), path = "/") {
  return renderPage<State>({
    app: App as PageComponent<unknown, State>,
    layouts: [],
    page,
    props: {
      data: undefined,
      url: new URL(`https://lipnice.localhost${path}`),
      params: {},
      state: s,
      route: "",
    },
  }).html;
}

const FormPage: PageComponent<unknown, State> = ({ state }) => (
  <form method="post">
    <TextField name="a" label="A" t={state.t} />
    <TextField name="b" label="B" t={state.t} />
    <SubmitButton>Odeslat</SubmitButton>
  </form>
);

Deno.test("[layout] the document has the page language, a skip link to #obsah and main#obsah", () => {
  const html = render(FormPage, state({ locale: "en", t: translator("en") }));
  assert.match(html, /^<!DOCTYPE html><html lang="en"/);
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1"\/?>/);
  assert.match(html, /<a class="skip-link" href="#obsah">Skip to content<\/a>/);
  assert.match(html, /<main id="obsah"/);
  assert.ok(html.indexOf("skip-link") < html.indexOf("<header"));
  assert.match(html, /<link rel="icon" href="\/favicon.svg" type="image\/svg\+xml"\/?>/);
});

Deno.test("[layout] the title is the page's, then the town's name", () => {
  const titled: PageComponent<unknown, State> = ({ state }) => (
    <DocumentTitle title="Úřední deska" town={state.tenant.name} portal="Portál občana" />
  );
  const html = render(titled);
  assert.deepEqual([...html.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]), [
    "Úřední deska – Lipnice nad Ohří",
  ]);
  const fromState = render(() => <p>x</p>, state({ title: "Životní situace" }));
  assert.match(fromState, /<title>Životní situace – Lipnice nad Ohří<\/title>/);
  assert.match(render(() => <p>x</p>), /<title>Portál občana – Lipnice nad Ohří<\/title>/);
});

Deno.test("[layout] one stylesheet, linked in <head>, and the first screen's fonts preloaded", () => {
  const html = render(FormPage);
  const head = html.slice(0, html.indexOf("</head>"));
  const links = [...head.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(links, [siteStylesheet]);
  assert.doesNotMatch(html.slice(html.indexOf("</head>")), /<link rel="stylesheet"/);
  const preloads = [...head.matchAll(/<link rel="preload" href="([^"]+)" as="font"/g)];
  assert.deepEqual(preloads.map((m) => m[1]), [...preloadFonts]);
});

Deno.test("[layout] every page has a meta description, the page's own when it names itself", () => {
  const own = render(() => <p>x</p>);
  const descriptions = (html: string) =>
    [...html.matchAll(/<meta name="description" content="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(descriptions(own), [
    "Lipnice nad Ohří: portál občana. Životní situace a formuláře online, úřední deska, " +
    "poplatky a platby, zprávy z úřadu na jednom místě.",
  ]);
  const titled = render(({ state }) => <PageTitle title="Úřední deska" state={state} />);
  assert.equal(descriptions(titled).length, 1);
  assert.match(descriptions(titled)[0], /^Úřední deska – Lipnice nad Ohří: portál občana\./);
});

Deno.test("[layout] an error page renders with an empty state (request refused before the tenant)", () => {
  const html = renderPage<Partial<State>>({
    app: App as PageComponent<unknown, Partial<State>>,
    layouts: [],
    page: () => <p>Stránka nenalezena</p>,
    props: {
      data: undefined,
      url: new URL("https://nikde.example/"),
      params: {},
      state: {},
      route: "",
    },
  }).html;
  assert.match(html, /<html lang="cs"/);
  assert.match(html, /<title>Portál občana<\/title>/);
  assert.doesNotMatch(html, /site-nav|undefined/);
});
