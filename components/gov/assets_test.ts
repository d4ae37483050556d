import assert from "node:assert/strict";
import { diffAgainstDisk, planVendorFiles } from "../../scripts/vendor_gov.ts";
import { CSS, FONTS, ICONS } from "./assets.gen.ts";
import { govCss, govIconSvg } from "./assets.ts";

const STATIC = new URL("../../static/", import.meta.url);

Deno.test("[gov] static/gov and assets.gen.ts are what scripts/vendor_gov.ts generates", async () => {
  const problems = await diffAgainstDisk(await planVendorFiles());
  assert.deepEqual(problems, [], "run: deno run -A scripts/vendor_gov.ts");
});

Deno.test("[gov] every vendored URL names a file in static/ with a content hash", async () => {
  const urls = [
    ...Object.values(CSS),
    ...Object.values(FONTS),
    ...Object.values(ICONS).map((i) => i.url),
  ];
  for (const url of urls) {
    assert.match(url, /^\/gov\/(css|fonts|icons)\/[a-z0-9-]+\.[0-9a-f]{8}\.(css|woff2|svg)$/);
    const stat = await Deno.stat(new URL(`.${url}`, STATIC));
    assert.ok(stat.isFile && stat.size > 0, url);
  }
  assert.equal(govCss("gov-button"), CSS["gov-button"]);
});

Deno.test("[gov] fonts swap in, from the hashed latin and latin-ext woff2 files", async () => {
  const css = await Deno.readTextFile(new URL(`.${CSS.fonts}`, STATIC));
  const faces = css.match(/@font-face/g) ?? [];
  assert.equal(faces.length, Object.keys(FONTS).length);
  assert.equal((css.match(/font-display: swap/g) ?? []).length, faces.length);
  for (const url of Object.values(FONTS)) {
    assert.ok(css.includes(`../fonts/${url.split("/").at(-1)}`));
  }
  assert.match(css, /unicode-range: U\+0100-024F/); // latin-ext: č, ř, ě, ů…
});

Deno.test("[gov] inline icons are decorative and take the text colour", () => {
  const svg = govIconSvg("check-circle-fill");
  assert.match(svg, /^<svg [^>]*aria-hidden="true" focusable="false">/);
  assert.match(svg, /fill="currentColor"/);
  assert.doesNotMatch(svg, /\swidth="/);
});
