/**
 * What arrives from outside is checked once, here, before any handler sees it:
 *
 * - Header values the app sends: only visible ASCII, space and tab (`isSafeHeaderValue`). Deno
 *   aborts the whole process when a response header holds another control character, so
 *   `ctx.redirect` refuses such a `Location` and the app's `fetch` never lets one out.
 * - Text of form fields and query parameters (`cleanFormData`, `checkedUrl`): NUL and the other
 *   control characters are refused (tab and line breaks are text), as is U+FFFD, which is what
 *   the decoders make of invalid UTF-8; Unicode is normalised to NFC (not passwords: their
 *   hashes were made from what was typed); bidi overrides and isolates are refused in names and
 *   in file names, where they would make `exe.pdf` look like `fdp.exe`.
 * - The request target: a Host that is no host name, a target that is no URL, and an
 *   absolute-form target naming another host than `Host` are refused (`refusedTarget`); a path
 *   segment longer than a file name may be is not found (`pathSegments` in app.ts).
 *
 * A refusal is an `HttpError(400)` carrying a message key the portal's error page translates.
 */
import { HttpError } from "./page.ts";

/** The message keys of the refusals (locales/*.json, `errors`). */
export const INVALID_CHARACTERS = "errors.invalidCharacters";
export const INVALID_ENCODING = "errors.invalidEncoding";
export const INVALID_NAME_CHARACTERS = "errors.invalidNameCharacters";

/** Longest path segment, in UTF-8 bytes (a file name's limit on every common file system). */
export const MAX_SEGMENT_BYTES = 255;

const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/** True when `value` may be written as a response header value (see the file's comment). */
export function isSafeHeaderValue(value: string): boolean {
  return HEADER_VALUE.test(value);
}

/** `value` when it is a safe header value (`isSafeHeaderValue`), else a 400. */
export function headerValue(value: string): string {
  if (!isSafeHeaderValue(value)) throw new HttpError(400, INVALID_CHARACTERS);
  return value;
}

/**
 * `location` when it may be a `Location` header: visible ASCII only, no space or tab either (a
 * browser drops a tab, so `/<TAB>/evil.example` would go to `//evil.example`); else a 400.
 * Which targets are allowed at all is the portal's `redirectTarget` (lib/http/redirect.ts).
 */
export function locationValue(location: string): string {
  if (!/^[\x21-\x7e]+$/.test(location)) throw new HttpError(400, INVALID_CHARACTERS);
  return location;
}

/** C0 controls except tab, LF and CR; DEL; C1 controls. */
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
/** U+FFFD: a decoder met bytes that are not UTF-8. */
const REPLACEMENT = /\ufffd/;
/** Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). */
export const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
/** Fields whose value is a name (of a person, a town office, a document): no bidi controls. */
const NAME_FIELD = /name|jmeno|prijmeni|nazev|title|identifier|username/i;
/** Fields kept exactly as typed (no NFC): a password must hash as it did when it was set. */
const VERBATIM_FIELD = /password|heslo/i;

export interface TextRules {
  /** Refuse bidi controls (names, file names). */
  name?: boolean;
  /** Keep the text as typed instead of normalising it to NFC. */
  verbatim?: boolean;
}

/**
 * One piece of text from a request, checked and normalised: throws `HttpError(400)` on control
 * characters and invalid UTF-8 (and bidi controls under `name`), else returns it in NFC.
 */
export function cleanInput(text: string, rules: TextRules = {}): string {
  if (CONTROL.test(text)) throw new HttpError(400, INVALID_CHARACTERS);
  if (REPLACEMENT.test(text)) throw new HttpError(400, INVALID_ENCODING);
  if (rules.name && BIDI_CONTROL.test(text)) throw new HttpError(400, INVALID_NAME_CHARACTERS);
  return rules.verbatim ? text : text.normalize("NFC");
}

function fieldRules(field: string): TextRules {
  return { name: NAME_FIELD.test(field), verbatim: VERBATIM_FIELD.test(field) };
}

/** A parsed form with every name, value and file name checked by `cleanInput`. */
export function cleanFormData(form: FormData): FormData {
  const clean = new FormData();
  for (const [rawName, value] of form) {
    const name = cleanInput(rawName, { name: true });
    if (typeof value === "string") {
      clean.append(name, cleanInput(value, fieldRules(name)));
    } else {
      const fileName = cleanInput(value.name, { name: true });
      clean.append(
        name,
        fileName === value.name ? value : new File([value], fileName, {
          type: value.type,
          lastModified: value.lastModified,
        }),
      );
    }
  }
  return clean;
}

/**
 * The request URL with its query parameters checked by `cleanInput` and normalised to NFC; the
 * same URL object when nothing needed changing.
 */
export function checkedUrl(url: URL): URL {
  if (url.search === "") return url;
  const clean = new URLSearchParams();
  let changed = false;
  for (const [key, value] of url.searchParams) {
    const k = cleanInput(key, { name: true });
    const v = cleanInput(value, fieldRules(k));
    if (k !== key || v !== value) changed = true;
    clean.append(k, v);
  }
  if (!changed) return url;
  const copy = new URL(url);
  copy.search = clean.toString();
  return copy;
}

/** Host names (with an optional port) and bracketed IPv6 addresses. */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Why the request cannot be answered by the app, or undefined: its `Host` is no host name, its
 * URL does not parse (Deno builds it from `Host`), or an absolute-form target names another
 * host than `Host` (the town is chosen by `Host`, which proxies and caches key on as well).
 */
export function refusedTarget(req: Request): string | undefined {
  const host = req.headers.get("host");
  if (host !== null && (host.length > 255 || !HOST.test(host))) return "malformed Host";
  // The usual case, decided without parsing: Deno built the URL from this very Host (whose
  // port, if any, is a port: Deno builds a URL from `localhost:99999` too, one that does not parse).
  if (
    host !== null && req.url.startsWith(`http://${host.toLowerCase()}/`) &&
    Number(/:(\d+)$/.exec(host)?.[1] ?? 0) <= 65535
  ) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return "malformed URL";
  }
  if (host === null) return undefined;
  try {
    if (url.host === new URL(`${url.protocol}//${host}`).host) return undefined;
  } catch {
    return "malformed Host";
  }
  return "absolute-form target for another host";
}

/** The answer to a request `refusedTarget` refuses: a small Czech (and English) page. */
export function badRequestPage(): Response {
  const html = `<!DOCTYPE html>
<html lang="cs"><head><meta charset="utf-8"><title>Chybný požadavek</title></head>
<body><h1>Chybný požadavek</h1>
<p>Adresa požadavku není platná. Zkontrolujte ji prosím a zkuste to znovu.</p>
<p lang="en">Bad request: the address of the request is not valid.</p></body></html>`;
  return new Response(html, {
    status: 400,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    },
  });
}

/** Byte length of `text` in UTF-8. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}
