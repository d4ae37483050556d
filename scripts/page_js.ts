/**
 * How much JavaScript a page ships: every script the HTML loads (`<script src>` and the module
 * imports of inline module scripts), followed through their static imports, each counted once,
 * gzipped as a browser would receive it. Used by `deno task bench`, which prints it per page
 * (goal: 0 bytes on guides and other reading pages, at most 25 KB gzipped on form pages).
 */

export interface PageJs {
  path: string;
  status: number;
  /** The scripts, each once, with their gzipped sizes. */
  files: { url: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

/** Script URLs a page's HTML loads directly. */
export function scriptUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(m[1]);
  for (const m of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const spec of moduleImports(m[1])) urls.add(spec);
  }
  return [...urls];
}

/** Static import specifiers of a (minified or not) module. */
export function moduleImports(source: string): string[] {
  const out = new Set<string>();
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+)["']/g;
  for (const m of source.matchAll(pattern)) out.add(m[1]);
  return [...out];
}

export async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** Fetches `path` from `base` and every script it loads, transitively. */
export async function measurePageJs(
  base: string,
  path: string,
  init: RequestInit = {},
): Promise<PageJs> {
  const res = await fetch(new URL(path, base), { ...init, redirect: "manual" });
  const html = await res.text();
  const files: PageJs["files"] = [];
  if (res.status !== 200) return { path, status: res.status, files, gzipBytes: 0 };
  const seen = new Set<string>();
  const queue = scriptUrls(html).map((u) => new URL(u, new URL(path, base)).href);
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const js = await fetch(url);
    const bytes = new Uint8Array(await js.arrayBuffer());
    if (!js.ok) throw new Error(`${path} loads ${url}, which answered ${js.status}`);
    files.push({ url, bytes: bytes.byteLength, gzipBytes: await gzipSize(bytes) });
    for (const spec of moduleImports(new TextDecoder().decode(bytes))) {
      if (spec.startsWith(".") || spec.startsWith("/")) queue.push(new URL(spec, url).href);
    }
  }
  return { path, status: 200, files, gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0) };
}

export interface PageCss {
  path: string;
  status: number;
  /** The stylesheets, each once, with their bytes as sent to a browser accepting br and gzip. */
  files: { url: string; bytes: number; encoding: string }[];
  bytes: number;
}

/** The stylesheets `path` links and their sizes on the wire (compressed when the server does). */
export async function measurePageCss(
  base: string,
  path: string,
  init: RequestInit = {},
): Promise<PageCss> {
  const res = await fetch(new URL(path, base), { ...init, redirect: "manual" });
  const html = await res.text();
  const files: PageCss["files"] = [];
  if (res.status !== 200) return { path, status: res.status, files, bytes: 0 };
  const urls = new Set(
    [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]),
  );
  for (const href of urls) {
    const url = new URL(href, new URL(path, base)).href;
    const css = await fetch(url, { headers: { "accept-encoding": "br, gzip" } });
    const decoded = (await css.arrayBuffer()).byteLength;
    if (!css.ok) throw new Error(`${path} links ${url}, which answered ${css.status}`);
    const length = Number(css.headers.get("content-length") ?? decoded);
    files.push({ url, bytes: length, encoding: css.headers.get("content-encoding") ?? "identity" });
  }
  return { path, status: 200, files, bytes: files.reduce((n, f) => n + f.bytes, 0) };
}
