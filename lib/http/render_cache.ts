/**
 * The render cache: public pages as anonymous visitors get them, kept in this process already
 * rendered and compressed, and answered before the platform middleware runs.
 *
 * - **What is kept.** A page whose handler answered with `publicPage` (lib/http/public_page.ts)
 *   to a GET without a session cookie and without `?lang=`: status 200, no cookie set, nothing
 *   rendered for this visitor (no CSRF token, no script nonce). Its body is kept as sent, gzip
 *   and brotli (compressed once, off the request that rendered it), with a strong ETag per
 *   encoding and the response's headers.
 * - **Key.** The `Host` header, the language (the `lang` cookie) and the request URL (path and
 *   query), exactly as they arrived: a request is answered from an entry only when all three are
 *   the same as those of the request that rendered it, so every check that request passed (the
 *   Host, the query's characters) holds for this one too.
 * - **Invalidation.** Every entry names its town and the data it shows (`tags`: `notices`,
 *   `guides`…, or `*` for "any of the town's data"). PostgreSQL triggers `NOTIFY` the channel
 *   `portal_cache` with `<tenant id>:<tag>` whenever such data changes (whoever changed it: a
 *   workflow's activity, a clerk, an import); every web process LISTENs (cache_listener.ts) and
 *   drops the entries concerned, so several processes stay coherent and a change is visible as
 *   soon as its notification arrives. Entries are used only while the listener is connected: a
 *   lost connection empties the cache until it listens again, so a missed notification never
 *   leaves a stale page. A render that overlapped an invalidation is not kept. Every entry also
 *   expires after `maxAgeMs` (belt and braces, and pages without precise tags).
 * - **Bounds.** At most `maxEntries` entries and `maxBytes` bytes; the oldest go first.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { preferredEncoding } from "../web/static.ts";
import { SESSION_COOKIE } from "../session.ts";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The session cookie's name, as it appears in a `Cookie` header (lib/session.ts). */
const SESSION_COOKIE_PREFIX = `${SESSION_COOKIE}=`;
const LANG_COOKIE = /(?:^|;\s*)lang=(cs|en)(?:;|\s*$)/;

export interface CachedPage {
  key: string;
  tenantId: string;
  tenantSlug: string;
  /** What data the page shows; `*`: any of its town's. */
  tags: readonly string[];
  expiresAt: number;
  status: number;
  /** Headers as sent, without ETag, Content-Encoding, Content-Length and X-Request-Id. */
  headers: readonly (readonly [string, string])[];
  identity: Uint8Array;
  gzip: Uint8Array;
  br: Uint8Array;
  etag: string;
  etagGzip: string;
  etagBr: string;
  bytes: number;
  /**
   * The three 200 answers, built once with all their headers but the request id; a request
   * gets a clone. Deno validates every header appended to a new Response (≈1 µs each, twenty of
   * them, the largest part of a cached answer's CPU), while a clone copies the checked list.
   * Never sent themselves, so their bodies are never consumed.
   */
  templates: { identity: Response; gzip: Response; br: Response };
}

/** A 200 answer of `entry` in one encoding, without its request id (see `templates`). */
function template(
  entry: Omit<CachedPage, "templates">,
  encoding: "br" | "gzip" | null,
): Response {
  const body = encoding === "br" ? entry.br : encoding === "gzip" ? entry.gzip : entry.identity;
  const res = new Response(body as Uint8Array<ArrayBuffer>, { status: entry.status });
  const headers = res.headers;
  for (const header of entry.headers) headers.append(header[0], header[1]);
  headers.append(
    "ETag",
    encoding === "br" ? entry.etagBr : encoding === "gzip" ? entry.etagGzip : entry.etag,
  );
  if (encoding) headers.append("Content-Encoding", encoding);
  return res;
}

export interface RenderCacheOptions {
  /** False: nothing is kept (PAGE_CACHE=off); pages still get their ETag and 304. */
  enabled?: boolean;
  maxEntries?: number;
  maxBytes?: number;
  maxAgeMs?: number;
}

/** A strong ETag of `bytes`: 128 bits of their SHA-256, in hex. */
export function bodyEtag(bytes: Uint8Array): string {
  return `"${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}"`;
}

/** Whether `If-None-Match` names one of `etags` (a list, `*`, or weak forms of them). */
export function etagMatches(ifNoneMatch: string | null, ...etags: string[]): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  for (const part of ifNoneMatch.split(",")) {
    const tag = part.trim().replace(/^W\//, "");
    if (etags.includes(tag)) return true;
  }
  return false;
}

/**
 * The cache key of an anonymous GET/HEAD, or null when the request may not be answered from
 * the cache (a session cookie; `lang` in the query, which switches the language with a cookie).
 */
export function cacheKey(req: Request): string | null {
  const cookie = req.headers.get("cookie");
  let locale = "cs";
  if (cookie !== null) {
    if (cookie.includes(SESSION_COOKIE_PREFIX)) return null;
    const lang = LANG_COOKIE.exec(cookie);
    if (lang) locale = lang[1];
  }
  const url = req.url;
  if (url.includes("lang=")) return null;
  return `${req.headers.get("host") ?? ""} ${locale} ${url}`;
}

/** The language a key was made for (to check it against the page rendered for it). */
export function keyLocale(key: string): string {
  const start = key.indexOf(" ") + 1;
  return key.slice(start, key.indexOf(" ", start));
}

export class RenderCache {
  readonly #entries = new Map<string, CachedPage>();
  readonly #filling = new Set<string>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #maxAgeMs: number;
  readonly #encodings = new Map<string, "br" | "gzip" | null>();
  #bytes = 0;
  /** Bumped by every invalidation: a render that saw it change is not kept. */
  generation = 0;
  /** Requests answered from the cache, and pages kept (for tests and the benchmark). */
  hits = 0;
  fills = 0;
  /** Entries are served and kept only while invalidations can reach this process. */
  #live = false;
  readonly enabled: boolean;

  constructor(options: RenderCacheOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.#maxEntries = options.maxEntries ?? 2000;
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.#maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  }

  /** Whether entries are served and kept: enabled, and invalidations can reach this process. */
  get live(): boolean {
    return this.#live;
  }

  set live(value: boolean) {
    this.#live = value && this.enabled;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The entry for `key` if there is a usable one. */
  get(key: string): CachedPage | undefined {
    if (!this.live) return undefined;
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.#delete(key, entry);
      return undefined;
    }
    return entry;
  }

  /** The answer to `req` from `entry`: 304 on a matching `If-None-Match`, else the body. */
  respond(entry: CachedPage, req: Request, requestId: string): Response {
    this.hits++;
    const encoding = this.#encoding(req.headers.get("accept-encoding"));
    const etag = encoding === "br"
      ? entry.etagBr
      : encoding === "gzip"
      ? entry.etagGzip
      : entry.etag;
    const ifNoneMatch = req.headers.get("if-none-match");
    const notModified = ifNoneMatch !== null &&
      etagMatches(ifNoneMatch, entry.etag, entry.etagGzip, entry.etagBr);
    if (!notModified) {
      const res = (encoding === "br"
        ? entry.templates.br
        : encoding === "gzip"
        ? entry.templates.gzip
        : entry.templates.identity).clone();
      res.headers.append("X-Request-Id", requestId);
      return res;
    }
    // 304: the same headers, no body and no Content-Encoding.
    const res = new Response(null, { status: 304 });
    const headers = res.headers;
    for (const header of entry.headers) headers.append(header[0], header[1]);
    headers.append("ETag", etag);
    headers.append("X-Request-Id", requestId);
    return res;
  }

  /**
   * Keeps the page `res` answered to the request with `key` (rendered while the cache was at
   * `generation`), compressing it off the request path; returns the response to send (the
   * same bytes, with their ETag, answering 304 to a matching `If-None-Match`).
   */
  async store(
    key: string,
    req: Request,
    res: Response,
    page: { tenantId: string; tenantSlug: string; tags: readonly string[]; generation: number },
  ): Promise<Response> {
    const identity = new Uint8Array(await res.arrayBuffer());
    const etag = bodyEtag(identity);
    const headers: [string, string][] = [];
    res.headers.forEach((value, name) => {
      if (name !== "x-request-id" && name !== "etag" && name !== "content-length") {
        headers.push([name, value]);
      }
    });
    const vary = headers.find(([name]) => name === "vary");
    if (vary) vary[1] = `${vary[1]}, Accept-Encoding`;
    else headers.push(["vary", "Accept-Encoding"]);
    const requestId = res.headers.get("x-request-id") ?? "";
    if (this.live && !this.#filling.has(key) && page.generation === this.generation) {
      this.#filling.add(key);
      this.#fill(key, identity, etag, headers, res.status, page).finally(() =>
        this.#filling.delete(key)
      );
    }
    // This response: uncompressed (compression runs in the background), validated by its ETag.
    const notModified = etagMatches(req.headers.get("if-none-match"), etag);
    const out = new Response(notModified ? null : identity, {
      status: notModified ? 304 : res.status,
    });
    for (const [name, value] of headers) {
      if (name !== "vary") out.headers.append(name, value);
    }
    out.headers.append("Vary", vary?.[1] ?? "Accept-Encoding");
    out.headers.append("ETag", etag);
    if (requestId) out.headers.append("X-Request-Id", requestId);
    return out;
  }

  async #fill(
    key: string,
    identity: Uint8Array,
    etag: string,
    headers: [string, string][],
    status: number,
    page: { tenantId: string; tenantSlug: string; tags: readonly string[]; generation: number },
  ): Promise<void> {
    try {
      const [br, gz] = await Promise.all([
        brotli(identity, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 9,
            [constants.BROTLI_PARAM_SIZE_HINT]: identity.byteLength,
          },
        }),
        gzipAsync(identity, { level: 9 }),
      ]);
      // Changed meanwhile: this render may show the old data.
      if (!this.live || page.generation !== this.generation) return;
      const tag = etag.slice(0, -1);
      const fields: Omit<CachedPage, "templates"> = {
        key,
        tenantId: page.tenantId,
        tenantSlug: page.tenantSlug,
        tags: page.tags,
        expiresAt: Date.now() + this.#maxAgeMs,
        status,
        headers,
        identity,
        gzip: new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength),
        br: new Uint8Array(br.buffer, br.byteOffset, br.byteLength),
        etag,
        etagGzip: `${tag}-gz"`,
        etagBr: `${tag}-br"`,
        bytes: identity.byteLength + gz.byteLength + br.byteLength + key.length,
      };
      const entry: CachedPage = {
        ...fields,
        templates: {
          identity: template(fields, null),
          gzip: template(fields, "gzip"),
          br: template(fields, "br"),
        },
      };
      const old = this.#entries.get(key);
      if (old) this.#delete(key, old);
      this.#entries.set(key, entry);
      this.#bytes += entry.bytes;
      this.fills++;
      for (const [oldest, e] of this.#entries) {
        if (this.#entries.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break;
        this.#delete(oldest, e);
      }
    } catch {
      // Not kept; the next request renders again.
    }
  }

  /** Drops the town's entries that show `tag` (`*`: every town, or every tag). */
  invalidate(tenantId: string, tag: string): number {
    this.generation++;
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (tenantId !== "*" && entry.tenantId !== tenantId) continue;
      if (tag !== "*" && !entry.tags.includes("*") && !entry.tags.includes(tag)) continue;
      this.#delete(key, entry);
      dropped++;
    }
    return dropped;
  }

  clear(): void {
    this.generation++;
    this.#entries.clear();
    this.#bytes = 0;
  }

  #delete(key: string, entry: CachedPage): void {
    if (this.#entries.get(key) !== entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  /** The encoding for an `Accept-Encoding` value, remembered (browsers send a handful). */
  #encoding(acceptEncoding: string | null): "br" | "gzip" | null {
    if (acceptEncoding === null) return null;
    let encoding = this.#encodings.get(acceptEncoding);
    if (encoding === undefined) {
      encoding = preferredEncoding(acceptEncoding, true, true);
      if (this.#encodings.size < 100) this.#encodings.set(acceptEncoding, encoding);
    }
    return encoding;
  }
}
