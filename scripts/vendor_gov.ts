/**
 * Builds the portal's one stylesheet and vendors the fonts and icons of the Czech government
 * design system it uses into `static/gov/`, with a content hash in every file name, and writes
 * `components/gov/assets.gen.ts` mapping logical names to the hashed URLs. The output is
 * committed, so a clean clone and an edge deploy need no build step;
 * `components/gov/assets_test.ts` fails when it is out of date.
 *
 *   deno run -A scripts/vendor_gov.ts          write static/gov/ and assets.gen.ts
 *   deno run -A scripts/vendor_gov.ts --check  exit 1 if the committed output is stale
 *
 * The stylesheet (`site.<hash>.css`, linked by `_app` on every page): the design system's base
 * sheets, the COMPONENTS below and `static/app.css`, in that cascade order, cut to the rules the
 * portal's markup can use (scripts/css_prune.ts reads the source of routes/, components/,
 * islands/, lib/, domain/ and app/), minified, and compressed with brotli and gzip beside it
 * (`.br`, `.gz`: the static file server sends them to browsers that accept them). So: after
 * changing `static/app.css`, or markup with classes or `data-*` values not used before, re-run
 * this script (the test above says when). Fonts: only the Roboto faces the kept rules use.
 *
 * To use another component's CSS: add its name to COMPONENTS (the file name in
 * `@gov-design-system-ce/styles/lib/html/components/` without `.css`) and re-run.
 * The `html` flavour of the styles is used: it styles plain elements through `data-*`
 * attributes (`data-size="m"`, `data-invalid="true"`), which is what server-rendered HTML needs.
 */
import { transform } from "esbuild";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { pruneCss, usedWords } from "./css_prune.ts";

const ROOT = new URL("../", import.meta.url);
const GOV = new URL("node_modules/@gov-design-system-ce/", ROOT);
const STYLES = new URL("styles/lib/html/", GOV);
const FONTS = new URL("fonts/lib/", GOV);
const ICONS = new URL("icons/lib/components/", GOV);

/** The folder this script owns: everything in it is regenerated, stale files are removed. */
export const OUT_DIR = "static/gov";
export const OUT_URL = "/gov";
export const GEN_FILE = "components/gov/assets.gen.ts";
/** Portal-specific CSS, hand-written; vendored (hashed) like the rest. */
export const APP_CSS = "static/app.css";

/** Base stylesheets (first in the site's stylesheet, in this order). */
export const BASE = ["tokens", "styles", "layout"] as const;

/** Folders whose source decides which rules the stylesheet keeps. */
export const SOURCE_DIRS = ["routes", "components", "islands", "lib", "domain", "app"] as const;

/** Component stylesheets in the site's stylesheet (`<GovCss names={[…]} />` names them). */
export const COMPONENTS = [
  "gov-accordion",
  "gov-accordion-item",
  "gov-attachments",
  "gov-attachments-item",
  "gov-breadcrumbs",
  "gov-button",
  "gov-card",
  "gov-empty",
  "gov-form-checkbox",
  "gov-form-control",
  "gov-form-group",
  "gov-form-input",
  "gov-form-label",
  "gov-form-message",
  "gov-form-radio",
  "gov-form-select",
  "gov-grid",
  "gov-grid-item",
  "gov-icon",
  "gov-message",
  "gov-pagination",
  "gov-stepper",
  "gov-stepper-item",
  "gov-tag",
  "gov-tile",
] as const;

/**
 * Roboto faces the design system's type scale may use (400 body, 500 headings, 700 bold); only
 * those the stylesheet's rules ask for are vendored.
 */
const FACES = [
  { file: "roboto-regular", weight: 400, style: "normal" },
  { file: "roboto-italic", weight: 400, style: "italic" },
  { file: "roboto-medium", weight: 500, style: "normal" },
  { file: "roboto-bold", weight: 700, style: "normal" },
] as const;

/** Unicode ranges of the two subsets, as in the package's own roboto.css. */
const LATIN = "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, " +
  "U+2000-206F, U+2074, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD";
const LATIN_EXT = "U+0100-024F, U+0259, U+1E00-1EFF, U+2020, U+20A0-20AB, U+20AD-20CF, " +
  "U+2113, U+2C60-2C7F, U+A720-A7FF";

/** Icons (fill="currentColor") used by the portal's components, inlined and as files. */
export const ICON_NAMES = [
  "arrow-down",
  "box-arrow-up-right",
  "check-circle-fill",
  "check-lg",
  "chevron-down",
  "chevron-left",
  "chevron-right",
  "download",
  "envelope-fill",
  "exclamation-triangle-fill",
  "geo-alt-fill",
  "house-door-fill",
  "info-circle-fill",
  "person-fill",
  "search",
  "telephone",
  "upload",
  "x-lg",
] as const;

/**
 * Vendored files stay byte-for-byte as published (minified); these first lines keep `deno fmt`
 * (which formats CSS and SVG too) from reformatting them.
 */
const CSS_BANNER = "/* deno-fmt-ignore-file */\n";
const SVG_BANNER = "<!-- deno-fmt-ignore-file -->\n";

export interface VendorPlan {
  /** Repo-relative path → content. */
  files: Map<string, Uint8Array>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function shortHash(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest.slice(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function hashedName(base: string, ext: string, bytes: Uint8Array): Promise<string> {
  return `${base}.${await shortHash(bytes)}.${ext}`;
}

/** Strip a UTF-8 BOM (styles.css starts with one; inside a concatenated file it breaks parsing). */
function text(bytes: Uint8Array): string {
  return decoder.decode(bytes).replace(/^\uFEFF/, "");
}

/** Inline form of an icon: decorative, not focusable, sized by CSS. */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*>/, "")
    .replace(/\s*\n\s*/g, "")
    .replace(/<svg\b([^>]*)>/, (_m, attrs: string) => {
      const kept = attrs.replace(/\s(width|height)="[^"]*"/g, "");
      return `<svg${kept} aria-hidden="true" focusable="false">`;
    })
    .trim();
}

function literal(value: unknown): string {
  return JSON.stringify(value);
}

/** The portal's source (SOURCE_DIRS, tests and generated files left out), comments removed. */
async function sourceTexts(): Promise<string[]> {
  const paths: string[] = [];
  const walk = async (dir: URL) => {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory) {
        if (entry.name !== "testdata") await walk(new URL(`${entry.name}/`, dir));
      } else if (/\.tsx?$/.test(entry.name) && !/(_test|\.gen)\.tsx?$/.test(entry.name)) {
        paths.push(new URL(entry.name, dir).pathname);
      }
    }
  };
  for (const dir of SOURCE_DIRS) await walk(new URL(`${dir}/`, ROOT));
  paths.sort();
  return await Promise.all(paths.map(async (path) =>
    (await Deno.readTextFile(path))
      .replace(/\/\*[\s\S]*?\*\//g, " ")
      .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1")
  ));
}

/** The font weights declarations in `css` use (normal 400, bold 700, and numbers). */
function usedWeights(css: string): Set<number> {
  const weights = new Set<number>();
  for (const m of css.matchAll(/font-weight:\s*([\w-]+)/g)) {
    const w = m[1] === "normal" ? 400 : m[1] === "bold" ? 700 : Number(m[1]);
    if (Number.isFinite(w)) weights.add(w);
  }
  weights.add(400);
  return weights;
}

/** Computes every output file in memory (pure apart from reading node_modules and the source). */
export async function planVendorFiles(): Promise<VendorPlan> {
  const files = new Map<string, Uint8Array>();
  const css: Record<string, string> = {};
  const fonts: Record<string, string> = {};
  const icons: Record<string, { url: string; svg: string }> = {};

  const versions = await Promise.all(
    ["styles", "fonts", "icons"].map(async (pkg) => {
      const json = JSON.parse(await Deno.readTextFile(new URL(`${pkg}/package.json`, GOV)));
      return `@gov-design-system-ce/${pkg} ${json.version}`;
    }),
  );
  const [styles, fontsPkg] = versions;

  // The site's CSS: base sheets, components, app.css, in cascade order; then only what the
  // source can use.
  const parts: string[] = [];
  for (const name of BASE) parts.push(text(await Deno.readFile(new URL(`${name}.css`, STYLES))));
  for (const name of COMPONENTS) {
    parts.push(text(await Deno.readFile(new URL(`components/${name}.css`, STYLES))));
  }
  parts.push(text(await Deno.readFile(new URL(APP_CSS, ROOT))));
  const sources = await sourceTexts();
  const used = usedWords(sources);
  const rules = pruneCss(parts.join("\n"), used);

  // Fonts: the faces those rules use, with font-display: swap.
  const weights = usedWeights(rules);
  // Italic: asked for by a rule, or by an element browsers set in italic.
  const italic = /font-style:\s*italic/.test(rules) ||
    sources.some((source) => /<(em|i|cite|dfn|var|address)[\s>]/.test(source));
  const faces: string[] = [];
  for (const face of FACES) {
    if (!weights.has(face.weight) || (face.style === "italic" && !italic)) continue;
    for (const subset of ["", "-ext"] as const) {
      const source = `${face.file}${subset}`;
      const bytes = await Deno.readFile(new URL(`${source}.woff2`, FONTS));
      const file = await hashedName(source, "woff2", bytes);
      files.set(`${OUT_DIR}/fonts/${file}`, bytes);
      fonts[source] = `${OUT_URL}/fonts/${file}`;
      faces.push(
        `/* ${subset ? "latin-ext" : "latin"} */\n@font-face {\n` +
          `  font-family: Roboto;\n  font-weight: ${face.weight};\n  font-style: ${face.style};\n` +
          `  font-display: swap;\n  src: url("../fonts/${file}") format("woff2");\n` +
          `  unicode-range: ${subset ? LATIN_EXT : LATIN};\n}\n`,
      );
    }
  }
  const minified = (await transform(faces.join("") + rules, { loader: "css", minify: true }))
    .code;
  const siteBytes = encoder.encode(
    `${CSS_BANNER}/* ${styles}, Roboto from ${fontsPkg}, ${APP_CSS}; only the rules the ` +
      `portal uses (scripts/vendor_gov.ts) */\n${minified}`,
  );
  const siteFile = await hashedName("site", "css", siteBytes);
  files.set(`${OUT_DIR}/css/${siteFile}`, siteBytes);
  // Compressed once here, sent as they are (lib/web/static.ts); deterministic, so --check works.
  files.set(
    `${OUT_DIR}/css/${siteFile}.br`,
    brotliCompressSync(siteBytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: siteBytes.byteLength,
      },
    }),
  );
  files.set(`${OUT_DIR}/css/${siteFile}.gz`, gzipSync(siteBytes, { level: 9 }));
  css.site = `${OUT_URL}/css/${siteFile}`;

  for (const name of ICON_NAMES) {
    const original = decoder.decode(await Deno.readFile(new URL(`${name}.svg`, ICONS)));
    const bytes = encoder.encode(`${SVG_BANNER}${original}`);
    const file = await hashedName(name, "svg", bytes);
    files.set(`${OUT_DIR}/icons/${file}`, bytes);
    icons[name] = { url: `${OUT_URL}/icons/${file}`, svg: inlineSvg(original) };
  }

  const lines = [
    "// Generated by scripts/vendor_gov.ts — do not edit; re-run the script instead.",
    `// Sources: ${versions.join(", ")} (EUPL-1.2).`,
    "",
    "/** The site's one stylesheet (base sheets, components, app.css; only used rules). */",
    `export const SITE_CSS = ${literal(css.site)};`,
    "",
    "/** Design-system components whose rules the stylesheet holds (`<GovCss names>`). */",
    `export const COMPONENTS = ${literal(COMPONENTS)} as const;`,
    "",
    "/** Roboto woff2 URLs by file name (latin and latin-ext subsets), the faces in use. */",
    "export const FONTS = {",
    ...Object.entries(fonts).map(([k, v]) => `  ${literal(k)}: ${literal(v)},`),
    "} as const;",
    "",
    "/** Icons: hashed file URL and inline, decorative SVG markup (fill is currentColor). */",
    "export const ICONS = {",
    ...Object.entries(icons).map(([k, v]) =>
      `  ${literal(k)}: {\n    url: ${literal(v.url)},\n    svg:\n      ${literal(v.svg)},\n  },`
    ),
    "} as const;",
    "",
  ];
  files.set(GEN_FILE, encoder.encode(await formatTs(lines.join("\n"))));
  return { files };
}

/** Runs the generated module through `deno fmt` (the repo's settings) so it is committed clean. */
async function formatTs(source: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=ts", "-"],
    cwd: new URL(".", ROOT).pathname,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(encoder.encode(source));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (code !== 0) throw new Error(`deno fmt failed: ${decoder.decode(stderr)}`);
  return decoder.decode(stdout);
}

async function listFiles(dir: URL, prefix: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${prefix}/${entry.name}`;
      if (entry.isDirectory) out.push(...await listFiles(new URL(`${entry.name}/`, dir), path));
      else out.push(path);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Differences between the plan and the working tree: missing, changed and stale files. */
export async function diffAgainstDisk(plan: VendorPlan): Promise<string[]> {
  const problems: string[] = [];
  for (const [path, bytes] of plan.files) {
    let current: Uint8Array;
    try {
      current = await Deno.readFile(new URL(path, ROOT));
    } catch {
      problems.push(`missing ${path}`);
      continue;
    }
    if (!sameBytes(current, bytes)) problems.push(`changed ${path}`);
  }
  for (const path of await listFiles(new URL(`${OUT_DIR}/`, ROOT), OUT_DIR)) {
    if (!plan.files.has(path)) problems.push(`stale ${path}`);
  }
  return problems;
}

async function write(plan: VendorPlan): Promise<void> {
  for (const path of await listFiles(new URL(`${OUT_DIR}/`, ROOT), OUT_DIR)) {
    if (!plan.files.has(path)) await Deno.remove(new URL(path, ROOT));
  }
  for (const [path, bytes] of plan.files) {
    const url = new URL(path, ROOT);
    await Deno.mkdir(new URL("./", url), { recursive: true });
    let current: Uint8Array | undefined;
    try {
      current = await Deno.readFile(url);
    } catch { /* new file */ }
    if (!current || !sameBytes(current, bytes)) await Deno.writeFile(url, bytes);
  }
}

if (import.meta.main) {
  const plan = await planVendorFiles();
  if (Deno.args.includes("--check")) {
    const problems = await diffAgainstDisk(plan);
    if (problems.length) {
      console.error(
        `static/gov is out of date (run scripts/vendor_gov.ts):\n${problems.join("\n")}`,
      );
      Deno.exit(1);
    }
    console.log("static/gov is up to date");
  } else {
    await write(plan);
    console.log(`wrote ${plan.files.size} files (${OUT_DIR}/, ${GEN_FILE})`);
  }
}
