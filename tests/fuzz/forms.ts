/** Field names of the forms a page shows, for the fuzz suite to fill with malformed input. */

/** Names every form might read, sent to every route besides the ones its page shows. */
export const GENERIC_FIELDS = [
  "next",
  "q",
  "agenda",
  "id",
  "action",
  "reason",
  "title",
  "description",
  "givenName",
  "familyName",
  "email",
  "phone",
  "identifier",
  "password",
  "code",
  "_idem",
  // The card payment form and the gateway's signed return.
  "obligation",
  "idempotency_key",
  "payId",
  "signature",
] as const;

export interface PageForms {
  /** Field names of forms that post to the page's own path (or have no action). */
  fields: Set<string>;
  /** Whether one of them is multipart (uploads). */
  multipart: boolean;
}

const FORM = /<form\b([^>]*)>([\s\S]*?)<\/form>/gi;
const FIELD = /<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"/gi;

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`, "i").exec(tag)?.[1];
}

/** The forms of `html` (served at `path`) that post back to `path`. */
export function pageForms(html: string, path: string): PageForms {
  const fields = new Set<string>();
  let multipart = false;
  for (const [, tag, body] of html.matchAll(FORM)) {
    const action = attribute(tag, "action")?.replace(/&amp;/g, "&");
    const target = action ? new URL(action, `http://x${path}`).pathname : path;
    if (target !== path) continue;
    if (/multipart\/form-data/i.test(attribute(tag, "enctype") ?? "")) multipart = true;
    for (const [, name] of body.matchAll(FIELD)) fields.add(name.replace(/&amp;/g, "&"));
  }
  fields.delete("_csrf");
  return { fields, multipart };
}
