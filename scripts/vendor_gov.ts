/**
 * Vendors the parts of the Czech government design system the portal uses into `static/gov/`,
 * with a content hash in every file name, and writes `components/gov/assets.gen.ts` mapping
 * logical names to the hashed URLs. The output is committed, so a clean clone and an edge
 * deploy need no build step; `components/gov/assets_test.ts` fails when it is out of date.
 *
 *   deno run -A scripts/vendor_gov.ts          write static/gov/ and assets.gen.ts
 *   deno run -A scripts/vendor_gov.ts --check  exit 1 if the committed output is stale
 *
 * To use another component's CSS: add its name to COMPONENTS (the file name in
 * `@gov-design-system-ce/styles/lib/html/components/` without `.css`) and re-run.
 * The `html` flavour of the styles is used: it styles plain elements through `data-*`
 * attributes (`data-size="m"`, `data-invalid="true"`), which is what server-rendered HTML needs.
 */

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

/** Base stylesheets (linked by `_app` on every page, in this order). */
export const BASE = ["tokens", "styles", "layout"] as const;

/** Component stylesheets a page may link through `<GovCss names={[…]} />`. */
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

/** Roboto faces the design system's type scale uses (400 body, 500 headings, 700 bold). */
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

/** Computes every output file in memory (pure apart from reading node_modules and app.css). */
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

  const addCss = async (name: string, content: string, source: string) => {
    const bytes = encoder.encode(`${CSS_BANNER}/* ${source} */\n${content}`);
    const file = await hashedName(name, "css", bytes);
    files.set(`${OUT_DIR}/css/${file}`, bytes);
    css[name] = `${OUT_URL}/css/${file}`;
  };

  for (const name of BASE) {
    await addCss(name, text(await Deno.readFile(new URL(`${name}.css`, STYLES))), styles);
  }

  // Fonts: copy the woff2 files, then write our own @font-face sheet with font-display: swap.
  const faces: string[] = [];
  for (const face of FACES) {
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
  await addCss("fonts", faces.join(""), `Roboto from ${fontsPkg}`);

  await addCss("app", text(await Deno.readFile(new URL(APP_CSS, ROOT))), APP_CSS);

  for (const name of COMPONENTS) {
    await addCss(
      name,
      text(await Deno.readFile(new URL(`components/${name}.css`, STYLES))),
      styles,
    );
  }

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
    "/** Stylesheet URLs by logical name (base sheets, fonts, app, gov components). */",
    "export const CSS = {",
    ...Object.entries(css).map(([k, v]) => `  ${literal(k)}: ${literal(v)},`),
    "} as const;",
    "",
    "/** Base stylesheets linked by _app in <head>, in cascade order (app.css comes last). */",
    `export const BASE_CSS = ${
      literal(["fonts", ...BASE])
    } as const satisfies readonly (keyof typeof CSS)[];`,
    "",
    "/** Roboto woff2 URLs by file name (latin and latin-ext subsets). */",
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
