/**
 * Serves files of the app's `static/` folder at the root path. Edge-friendly: the files come
 * through a `FileReader`, so the same handler works on disk (static_deno.ts) or anywhere else.
 */

export interface FileReader {
  /** `path` is relative to the static root, `/`-separated, without `..`; null if no such file. */
  read(path: string): Promise<Uint8Array<ArrayBuffer> | null>;
  /**
   * Every file's path (as `read` takes it), if the reader can tell: then only those paths are
   * looked up, and a page request never waits for a file that does not exist.
   */
  list?(): Promise<string[]>;
}

const CONTENT_TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  json: "application/json; charset=utf-8",
  map: "application/json; charset=utf-8",
  webmanifest: "application/manifest+json; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  html: "text/html; charset=utf-8",
  xml: "application/xml; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/x-icon",
  woff2: "font/woff2",
  woff: "font/woff",
  pdf: "application/pdf",
};

/** A file name part of 8+ letters and digits, at least one a digit: `app.3f2a9b1c.css`. */
const CONTENT_HASH = /[.-](?=[A-Za-z0-9]*\d)[A-Za-z0-9]{8,}\.[A-Za-z0-9]+$/;
export const IMMUTABLE = "public, max-age=31536000, immutable";

export function contentType(path: string): string {
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}

/** A static response's headers beyond type, caching and validator (e.g. security headers). */
export type ExtraHeaders = readonly (readonly [string, string])[];

interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  /** Precompressed twins (`<file>.br`, `<file>.gz` beside it), when the reader lists them. */
  br?: Uint8Array<ArrayBuffer>;
  gzip?: Uint8Array<ArrayBuffer>;
}

/**
 * Answers GET/HEAD for files the reader has; null to let routing go on. A reader that can list
 * its files is listed once, so a request for a page never touches the disk; each file is read
 * and its ETag computed once (static files change only with a deployment). A file with a
 * precompressed twin (`app.css.br`, `app.css.gz`) is sent compressed to a client that accepts
 * it (`Vary: Accept-Encoding`); the twins themselves are not served under their own names.
 */
export function staticFiles(
  reader: FileReader,
  extraHeaders: ExtraHeaders = [],
): (req: Request) => Promise<Response | null> {
  let listing: Promise<Set<string> | null> | undefined;
  const files = new Map<string, Promise<StaticFile | null>>();
  const listed = () =>
    listing ??= reader.list ? reader.list().then((l) => new Set(l)) : Promise.resolve(null);
  /** A page's path is no file: with a listing, a path without `%` is looked up as it is. */
  let plain: Set<string> | null = null;
  const load = (path: string, names: Set<string> | null): Promise<StaticFile | null> => {
    let file = files.get(path);
    if (!file) {
      file = (async () => {
        const body = await reader.read(path);
        if (!body) return null;
        const [br, gzip] = await Promise.all(
          [".br", ".gz"].map((ext) => names?.has(path + ext) ? reader.read(path + ext) : null),
        );
        return {
          body,
          etag: await contentEtag(body),
          br: br ?? undefined,
          gzip: gzip ?? undefined,
        };
      })();
      // Without a listing, only files that exist are remembered (any path may be asked for).
      if (names) files.set(path, file);
      else file.then((f) => f && files.set(path, Promise.resolve(f)));
    }
    return file;
  };
  return async (req) => {
    if (req.method !== "GET" && req.method !== "HEAD") return null;
    const raw = pathOf(req.url);
    if (plain && !raw.includes("%") && !plain.has(raw)) return null;
    const path = safePath(raw);
    if (!path) return null;
    const names = await listed();
    if (names && !plain) plain = new Set([...names].map((name) => `/${name}`));
    if (names && (!names.has(path) || /\.(br|gz)$/.test(path))) return null;
    const file = await load(path, names);
    if (!file) return null;
    const encoding = (file.br || file.gzip)
      ? preferredEncoding(req.headers.get("accept-encoding"), !!file.br, !!file.gzip)
      : null;
    const etag = encoding
      ? `${file.etag.slice(0, -1)}.${encoding === "br" ? "br" : "gz"}"`
      : file.etag;
    const headers: [string, string][] = [
      ["Content-Type", contentType(path)],
      ["Cache-Control", isImmutable(path) ? IMMUTABLE : "public, max-age=3600"],
      ["ETag", etag],
      ...extraHeaders.map(([name, value]): [string, string] => [name, value]),
    ];
    if (file.br || file.gzip) headers.push(["Vary", "Accept-Encoding"]);
    if (encoding) headers.push(["Content-Encoding", encoding]);
    if (req.headers.get("If-None-Match") === etag) {
      return new Response(null, { status: 304, headers });
    }
    const body = encoding === "br" ? file.br! : encoding === "gzip" ? file.gzip! : file.body;
    return new Response(req.method === "HEAD" ? null : body, { headers });
  };
}

/** `br` or `gzip` when the client accepts it (q > 0) and it is available, else null. */
export function preferredEncoding(
  acceptEncoding: string | null,
  br: boolean,
  gzip: boolean,
): "br" | "gzip" | null {
  if (!acceptEncoding) return null;
  let brOk = false;
  let gzipOk = false;
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const refused = params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
    if (name === "br") brOk = !refused;
    else if (name === "gzip" || name === "x-gzip") gzipOk = !refused;
    else if (name === "*" && !refused) {
      brOk ||= true;
      gzipOk ||= true;
    }
  }
  if (br && brOk) return "br";
  if (gzip && gzipOk) return "gzip";
  return null;
}

/** The path of a request URL without parsing all of it (`http://host/a/b?q` → `/a/b`). */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  let end = url.length;
  const q = url.indexOf("?", start);
  if (q >= 0) end = q;
  const h = url.indexOf("#", start);
  if (h >= 0 && h < end) end = h;
  return url.slice(start, end);
}

function isImmutable(path: string): boolean {
  return path.startsWith("static-immutable/") || CONTENT_HASH.test(path);
}

/** The URL path as a relative file path, or null when it could escape the static root. */
function safePath(pathname: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(pathname).slice(1);
  } catch {
    return null;
  }
  const segments = path.split("/");
  const unsafe = segments.some((s) =>
    s === "" || s === "." || s === ".." || s.includes("\\") ||
    new TextEncoder().encode(s).byteLength > 255 // longer than a file name can be
  );
  return unsafe || path.includes("\0") ? null : path;
}

async function contentEtag(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const hex = Array.from(digest.slice(0, 16), (byte) => byte.toString(16).padStart(2, "0"));
  return `"${hex.join("")}"`;
}
