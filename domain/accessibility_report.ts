/**
 * Reporting an accessibility barrier (Act 99/2019 Sb., § 5: a public-sector site must offer a
 * way to tell the authority about content that is not accessible). Pure rules: what a report
 * needs, how the page address is normalised and what reference a citizen gets back.
 */
import { cleanText, type FieldError, isEmail, type Validated } from "./validation.ts";

/** Form field names (also the `field-<name>` ids the error summary links to). */
export const REPORT_FIELDS = {
  page: "page",
  description: "description",
  email: "email",
} as const;

export const DESCRIPTION_MAX = 4000;
export const PAGE_MAX = 2000;
export const EMAIL_MAX = 254;

export interface AccessibilityReportInput {
  /** Path (with query) on this site, or an absolute http(s) address; null when not given. */
  pageUrl: string | null;
  description: string;
  contactEmail: string | null;
}

/** What the form posted (values as FormData gives them; missing fields are null). */
export interface AccessibilityReportForm {
  page?: FormDataEntryValue | null;
  description?: FormDataEntryValue | null;
  email?: FormDataEntryValue | null;
}

/**
 * A page address the citizen typed or we prefilled: a site path ("/uredni-deska?strana=2") or
 * an absolute http(s) URL. Anything else (javascript:, data:, protocol-relative "//host") is
 * refused, because a clerk will later open it.
 */
export function normalisePageUrl(value: string): string | null {
  const v = value.trim();
  if (v === "") return null;
  if (v.startsWith("/") && !v.startsWith("//") && !/[\s\\]/.test(v)) return v;
  try {
    const url = new URL(v);
    if ((url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "") {
      return url.href;
    }
  } catch { /* not a URL */ }
  return null;
}

/**
 * The description may quote markup ("the <img> has no alt text"), so unlike most text fields
 * it is not refused for containing tags: it is only ever shown escaped or sent as plain text.
 */
export function validateAccessibilityReport(
  form: AccessibilityReportForm,
): Validated<AccessibilityReportInput> {
  const errors: FieldError[] = [];

  const rawPage = cleanText(form.page);
  let pageUrl: string | null = null;
  if (rawPage !== "") {
    if (rawPage.length > PAGE_MAX) {
      errors.push({ field: REPORT_FIELDS.page, code: "tooLong", params: { max: PAGE_MAX } });
    } else {
      pageUrl = normalisePageUrl(rawPage);
      if (pageUrl === null) errors.push({ field: REPORT_FIELDS.page, code: "invalidUrl" });
    }
  }

  const description = cleanText(form.description).replace(/\r\n?/g, "\n");
  if (description === "") {
    errors.push({ field: REPORT_FIELDS.description, code: "required" });
  } else if (description.length > DESCRIPTION_MAX) {
    errors.push({
      field: REPORT_FIELDS.description,
      code: "tooLong",
      params: { max: DESCRIPTION_MAX },
    });
  }

  const email = cleanText(form.email);
  if (email !== "" && (email.length > EMAIL_MAX || !isEmail(email))) {
    errors.push({ field: REPORT_FIELDS.email, code: "invalidEmail" });
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { pageUrl, description, contactEmail: email === "" ? null : email },
  };
}

/**
 * Which page the citizen came from, to prefill the form: the `?stranka=` parameter wins, else
 * the Referer when it is on this site (path and query only), unless it is one of `ignorePaths`
 * (the report form itself, the accessibility statement).
 */
export function prefillPage(
  stranka: string | null,
  referer: string | null,
  siteOrigin: string,
  ignorePaths: readonly string[],
): string {
  if (stranka) return normalisePageUrl(stranka.slice(0, PAGE_MAX)) ?? "";
  if (!referer) return "";
  try {
    const url = new URL(referer);
    if (url.origin !== siteOrigin || ignorePaths.includes(url.pathname)) return "";
    return `${url.pathname}${url.search}`.slice(0, PAGE_MAX);
  } catch {
    return "";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The form's one-time key (`_idem`, generated when the form was shown). */
export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** The reference a citizen is shown and can quote to the office: the first 8 hex digits. */
export function reportReference(id: string): string {
  return id.replace(/-/g, "").slice(0, 8).toUpperCase();
}

/** A reference from the confirmation URL, or null when it is not one we could have issued. */
export function parseReportReference(value: string | null): string | null {
  return value && /^[0-9a-f]{8}$/i.test(value) ? value.toUpperCase() : null;
}
