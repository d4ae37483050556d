/**
 * Representation (zastoupení): a person acting for a family member under a power of attorney,
 * for their minor child as a parent, or for a company. What a valid request is (IČO with its
 * checksum, a minor's age, the expiry, the attached document), which states a request moves
 * through, and how the audit log names the represented party. Pure functions, no clock: the
 * caller passes today's date in Europe/Prague.
 */
import { type Agenda, AGENDAS, isAgenda } from "./identity.ts";
import { DOCUMENT_TYPES, NOTICE_LIMITS, safeFileName } from "./notice.ts";
import {
  checkText,
  cleanText,
  containsHtml,
  type FieldError,
  type Validated,
  type ValidationCode,
} from "./validation.ts";

export const REPRESENTATION_KINDS = ["power_of_attorney", "parent", "company"] as const;
export type RepresentationKind = (typeof REPRESENTATION_KINDS)[number];
/** requested → granted | refused (the office), requested → revoked (withdrawn by the person). */
export type RepresentationStatus = "requested" | "granted" | "refused" | "revoked";

export function isRepresentationKind(value: unknown): value is RepresentationKind {
  return typeof value === "string" && (REPRESENTATION_KINDS as readonly string[]).includes(value);
}

/** Is the represented party a person (with a birth date) rather than a company (with an IČO)? */
export function representsPerson(kind: RepresentationKind): boolean {
  return kind !== "company";
}

export const REPRESENTATION_LIMITS = {
  name: 200,
  decisionNote: 500,
  /** The same cap as a notice's attachment. */
  maxDocumentBytes: NOTICE_LIMITS.maxDocumentBytes,
  /** Age of majority in the Czech Republic (§ 30 of the Civil Code). */
  majorityAge: 18,
  earliestBirthDate: "1900-01-01",
} as const;

/** A power of attorney, a birth certificate or a register extract: scanned or printed to PDF. */
export const REPRESENTATION_DOCUMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"] as const;
/** For the file input's `accept`. */
export const REPRESENTATION_DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg," +
  "image/png";

/** Codes beyond the shared `ValidationCode`s; their messages are `representation.errors.*`. */
export const REPRESENTATION_ERROR_CODES = [
  "invalidIco",
  "birthDateInFuture",
  "notMinor",
  "validUntilNotFuture",
  "validUntilAfterMajority",
  "scopeRequired",
  "documentRequired",
  "documentType",
] as const;
export type RepresentationErrorCode = (typeof REPRESENTATION_ERROR_CODES)[number];

export type RepresentationFieldError = FieldError<ValidationCode | RepresentationErrorCode>;

/** Message key of each of this form's own codes, for `withErrorMessages` (components/form). */
export const REPRESENTATION_MESSAGES: Record<RepresentationErrorCode, string> = Object.fromEntries(
  REPRESENTATION_ERROR_CODES.map((code) => [code, `representation.errors.${code}`]),
) as Record<RepresentationErrorCode, string>;

// --- IČO -------------------------------------------------------------------------------------

/** "123 45 678" → "12345678"; null unless eight digits remain. */
export function normalizeIco(value: string): string | null {
  const digits = value.replace(/\s/g, "");
  return /^\d{8}$/.test(digits) ? digits : null;
}

/**
 * The Czech IČO checksum (mod 11): the first seven digits weighted 8…2; with `r` the sum's
 * remainder by 11, the eighth digit is (11 − r) mod 10 (so r = 0 gives 1 and r = 1 gives 0).
 */
export function isValidIco(value: string): boolean {
  const ico = normalizeIco(value);
  if (!ico) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(ico[i]) * (8 - i);
  return (11 - (sum % 11)) % 10 === Number(ico[7]);
}

// --- dates -----------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The same day `years` later; 29 February becomes 1 March in a common year. */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The 18th birthday: from that day on the child is of age. */
export function majorityDate(birthDate: string): string {
  return addYears(birthDate, REPRESENTATION_LIMITS.majorityAge);
}

/** Under 18 on `today`. */
export function isMinor(birthDate: string, today: string): boolean {
  return today < majorityDate(birthDate);
}

/** A parent represents their child up to the day before the 18th birthday, inclusive. */
export function parentValidUntil(birthDate: string): string {
  return addDays(majorityDate(birthDate), -1);
}

/** `valid_until` is the last day it holds (inclusive); none means until revoked. */
export function isExpired(validUntil: string | null, today: string): boolean {
  return validUntil !== null && validUntil < today;
}

// --- states ----------------------------------------------------------------------------------

/**
 * How long the office takes to check a request, at most, as the filing e-mail says: the
 * 30 days the Administrative Procedure Code (§ 71 of Act 500/2004 Sb.) gives an office to
 * settle a matter without delay.
 */
export const REPRESENTATION_PROCESSING_DAYS = 30;

/** The request's reference number for the person and the office: "ZAS-1A2B3C4D". */
export function representationReference(id: string): string {
  return `ZAS-${id.replaceAll("-", "").slice(0, 8).toUpperCase()}`;
}

/** Only a request still waiting for the office may be withdrawn by the person. */
export function canWithdraw(status: RepresentationStatus): boolean {
  return status === "requested";
}

/** The office decides once: a granted or refused request stays so. */
export function canDecide(status: RepresentationStatus): boolean {
  return status === "requested";
}

/** May the representative act under it on `today`? */
export function isActive(
  r: { status: RepresentationStatus; valid_until: string | null },
  today: string,
): boolean {
  return r.status === "granted" && !isExpired(r.valid_until, today);
}

/**
 * How the audit log's `on_behalf_of` names the represented party: their person id when the
 * office linked them to a person of the town, otherwise the representation itself (whose row
 * holds the name, birth date or IČO).
 */
export function onBehalfOfRef(
  r: { id: string; represented_person_id: string | null },
): string {
  return r.represented_person_id ?? `representation:${r.id}`;
}

// --- the request form ------------------------------------------------------------------------

export interface RepresentationDocument {
  fileName: string;
  mediaType: string;
  content: Uint8Array;
}

export interface RepresentationDraft {
  kind: RepresentationKind;
  representedName: string;
  representedBirthDate: string | null;
  representedIco: string | null;
  scope: Agenda[];
  validUntil: string | null;
  document: RepresentationDocument;
}

/** The raw form values, kept to re-render the form after an error. */
export interface RepresentationFormValues {
  kind: string;
  representedName: string;
  birthDate: string;
  ico: string;
  scope: string[];
  validUntil: string;
}

export function emptyRepresentationValues(): RepresentationFormValues {
  return { kind: "", representedName: "", birthDate: "", ico: "", scope: [], validUntil: "" };
}

export function representationFormValues(form: FormData): RepresentationFormValues {
  const keep = (name: string) => cleanText(form.get(name)).slice(0, 300);
  return {
    kind: keep("kind"),
    representedName: keep("representedName"),
    birthDate: keep("birthDate"),
    ico: keep("ico"),
    scope: form.getAll("scope").map((v) => cleanText(v)).filter(isAgenda),
    validUntil: keep("validUntil"),
  };
}

export type RepresentationValidated = Validated<
  RepresentationDraft,
  ValidationCode | RepresentationErrorCode
>;

const PERSON_NAME = /^[\p{L}][\p{L}\p{M}' .-]*$/u;

function checkDate(
  errors: RepresentationFieldError[],
  field: string,
  value: string,
): string | null {
  if (!isIsoDate(value)) {
    errors.push({ field, code: "invalidDate" });
    return null;
  }
  return value;
}

/**
 * Validates the representative's request. Dates come from `<input type="date">` (ISO);
 * `today` is the current date in Europe/Prague.
 */
export async function validateRepresentationRequest(
  form: FormData,
  today: string,
): Promise<RepresentationValidated> {
  const errors: RepresentationFieldError[] = [];
  const v = representationFormValues(form);

  const kind = isRepresentationKind(v.kind) ? v.kind : null;
  if (!kind) errors.push({ field: "kind", code: v.kind === "" ? "required" : "invalidChoice" });

  const name = cleanText(form.get("representedName"));
  const before = errors.length;
  checkText(errors, "representedName", name, {
    required: true,
    max: REPRESENTATION_LIMITS.name,
  });
  if (errors.length === before && kind && representsPerson(kind) && !PERSON_NAME.test(name)) {
    errors.push({ field: "representedName", code: "invalidName" });
  }

  let birthDate: string | null = null;
  let ico: string | null = null;
  if (kind && representsPerson(kind)) {
    if (v.birthDate === "") errors.push({ field: "birthDate", code: "required" });
    else if (checkDate(errors, "birthDate", v.birthDate)) {
      if (v.birthDate > today) errors.push({ field: "birthDate", code: "birthDateInFuture" });
      else if (v.birthDate < REPRESENTATION_LIMITS.earliestBirthDate) {
        errors.push({ field: "birthDate", code: "invalidDate" });
      } else if (kind === "parent" && !isMinor(v.birthDate, today)) {
        errors.push({ field: "birthDate", code: "notMinor" });
      } else birthDate = v.birthDate;
    }
  } else if (kind === "company") {
    if (v.ico === "") errors.push({ field: "ico", code: "required" });
    else if (!isValidIco(v.ico)) errors.push({ field: "ico", code: "invalidIco" });
    else ico = normalizeIco(v.ico);
  }

  const submittedScope = form.getAll("scope").map((s) => cleanText(s));
  if (submittedScope.length === 0) errors.push({ field: "scope", code: "scopeRequired" });
  else if (!submittedScope.every(isAgenda)) errors.push({ field: "scope", code: "invalidChoice" });

  let validUntil: string | null = null;
  if (v.validUntil !== "" && checkDate(errors, "validUntil", v.validUntil)) {
    if (v.validUntil <= today) errors.push({ field: "validUntil", code: "validUntilNotFuture" });
    else validUntil = v.validUntil;
  }
  if (kind === "parent" && birthDate) {
    const limit = parentValidUntil(birthDate);
    if (validUntil && validUntil > limit) {
      errors.push({
        field: "validUntil",
        code: "validUntilAfterMajority",
        params: { date: limit },
      });
    }
    validUntil ??= limit;
  }

  const document = await readDocument(form, errors);
  if (errors.length > 0 || !kind || !document) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kind,
      representedName: name,
      representedBirthDate: birthDate,
      representedIco: ico,
      scope: AGENDAS.filter((a) => submittedScope.includes(a)),
      validUntil,
      document,
    },
  };
}

/** The file's first bytes must say what its name says: a renamed program is not a PDF. */
export function hasDocumentSignature(mediaType: string, head: Uint8Array): boolean {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  switch (mediaType) {
    case "application/pdf":
      return starts(0x25, 0x50, 0x44, 0x46, 0x2d); // %PDF-
    case "image/png":
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case "image/jpeg":
      return starts(0xff, 0xd8, 0xff);
    default:
      return false;
  }
}

async function readDocument(
  form: FormData,
  errors: RepresentationFieldError[],
): Promise<RepresentationDocument | null> {
  const file = form.getAll("document").find((f): f is File => typeof f !== "string" && f.size > 0);
  if (!file) {
    errors.push({ field: "document", code: "documentRequired" });
    return null;
  }
  const fileName = safeFileName(file.name);
  const extension = fileName.split(".").pop()?.toLowerCase() ?? "";
  const mediaType = (REPRESENTATION_DOCUMENT_EXTENSIONS as readonly string[]).includes(extension)
    ? DOCUMENT_TYPES[extension]
    : undefined;
  if (file.size > REPRESENTATION_LIMITS.maxDocumentBytes) {
    errors.push({
      field: "document",
      code: "fileTooLarge",
      params: { max: REPRESENTATION_LIMITS.maxDocumentBytes / 1024 / 1024, name: fileName },
    });
    return null;
  }
  if (!mediaType || containsHtml(fileName)) {
    errors.push({ field: "document", code: "documentType", params: { name: fileName } });
    return null;
  }
  const content = new Uint8Array(await file.arrayBuffer());
  if (!hasDocumentSignature(mediaType, content.subarray(0, 8))) {
    errors.push({ field: "document", code: "documentType", params: { name: fileName } });
    return null;
  }
  return { fileName, mediaType, content };
}
