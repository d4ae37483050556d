/**
 * Serves files of the app's `static/` folder at the root path. Edge-friendly: the files come
 * through a `FileReader`, so the same handler works on disk (static_deno.ts) or anywhere else.
 */

export interface FileReader {
  /** `path` is relative to the static root, `/`-separated, without `..`; null if no such file. */
  read(path: string): Promise<Uint8Array<ArrayBuffer> | null>;
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

/** Answers GET/HEAD for files the reader has; null to let routing go on. */
export function staticFiles(reader: FileReader): (req: Request) => Promise<Response | null> {
  return async (req) => {
    if (req.method !== "GET" && req.method !== "HEAD") return null;
    const path = safePath(new URL(req.url).pathname);
    const body = path && await reader.read(path);
    if (!body) return null;
    const etag = await contentEtag(body);
    const headers = {
      "Content-Type": contentType(path),
      "Cache-Control": isImmutable(path) ? IMMUTABLE : "public, max-age=3600",
      ETag: etag,
    };
    if (req.headers.get("If-None-Match") === etag) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(body, { headers });
  };
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
