import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { diffAgainstDisk, planVendorFiles } from "../../scripts/vendor_gov.ts";
import { FONTS, ICONS, SITE_CSS } from "./assets.gen.ts";
import { govIconSvg, preloadFonts, siteStylesheet } from "./assets.ts";

const STATIC = new URL("../../static/", import.meta.url);

Deno.test("[gov] static/gov and assets.gen.ts are what scripts/vendor_gov.ts generates", async () => {
  const problems = await diffAgainstDisk(await planVendorFiles());
  assert.deepEqual(problems, [], "run: deno run -A scripts/vendor_gov.ts");
});

Deno.test("[gov] every vendored URL names a file in static/ with a content hash", async () => {
  const urls = [SITE_CSS, ...Object.values(FONTS), ...Object.values(ICONS).map((i) => i.url)];
  for (const url of urls) {
    assert.match(url, /^\/gov\/(css|fonts|icons)\/[a-z0-9-]+\.[0-9a-f]{8}\.(css|woff2|svg)$/);
    const stat = await Deno.stat(new URL(`.${url}`, STATIC));
    assert.ok(stat.isFile && stat.size > 0, url);
  }
  assert.equal(siteStylesheet, SITE_CSS);
  for (const font of preloadFonts) assert.ok(Object.values(FONTS).includes(font as never), font);
});

Deno.test("[gov] the site's stylesheet is small, and precompressed to the same bytes", async () => {
  const css = await Deno.readFile(new URL(`.${SITE_CSS}`, STATIC));
  assert.ok(css.byteLength < 100_000, `${css.byteLength} bytes: rules the portal does not use?`);
  const br = await Deno.readFile(new URL(`.${SITE_CSS}.br`, STATIC));
  const gz = await Deno.readFile(new URL(`.${SITE_CSS}.gz`, STATIC));
  assert.deepEqual(new Uint8Array(brotliDecompressSync(br)), css);
  assert.deepEqual(new Uint8Array(gunzipSync(gz)), css);
  assert.ok(br.byteLength < css.byteLength / 5);
  const text = new TextDecoder().decode(css);
  // What the portal's markup uses stays; variants it never writes do not.
  for (
    const kept of [".gov-button", ".gov-form-input", ".gov-message", ".site-header", ".skip-link"]
  ) {
    assert.ok(text.includes(kept), kept);
  }
  for (
    const dropped of [
      "gov-accordion",
      "gov-tile",
      ".gov-button[data-type=solid][data-color=warning]",
    ]
  ) {
    assert.ok(!text.includes(dropped), dropped);
  }
});

Deno.test("[gov] fonts swap in, from the hashed latin and latin-ext woff2 files in use", async () => {
  const css = await Deno.readTextFile(new URL(`.${SITE_CSS}`, STATIC));
  const faces = css.match(/@font-face/g) ?? [];
  assert.equal(faces.length, Object.keys(FONTS).length);
  assert.equal((css.match(/font-display:swap/g) ?? []).length, faces.length);
  for (const url of Object.values(FONTS)) {
    assert.ok(css.includes(`../fonts/${url.split("/").at(-1)}`));
  }
  assert.match(css, /unicode-range:U\+0100-024F/); // latin-ext: č, ř, ě, ů…
  assert.ok(!("roboto-italic" in FONTS), "no italic: nothing in the portal is set in italic");
});

Deno.test("[gov] inline icons are decorative and take the text colour", () => {
  const svg = govIconSvg("check-circle-fill");
  assert.match(svg, /^<svg [^>]*aria-hidden="true" focusable="false">/);
  assert.match(svg, /fill="currentColor"/);
  assert.doesNotMatch(svg, /\swidth="/);
});
