/**
 * The office's own identity work, as pure rules: clerk accounts and their roles (who may do what
 * in the workspace, and that a town always keeps an administrator), and the in-person check of
 * an ID document before an agenda authorization (what is recorded: only a masked number).
 */
import {
  type Agenda,
  AGENDAS,
  isAgenda,
  type LevelOfAssurance,
  normalizeEmail,
  normalizePhone,
  readNewPassword,
} from "./identity.ts";
import {
  checkText,
  cleanText,
  type FieldError,
  isEmail,
  type Validated,
  type ValidationCode,
} from "./validation.ts";

/**
 * This module's own error codes. Their messages live beside the office pages
 * (`officeClerks.errors.<code>`, `officePersons.errors.<code>`; see `OFFICE_MESSAGES`), the
 * shared codes in `validation.<code>`.
 */
export type OfficeErrorCode =
  | "invalidUsername"
  | "usernameTaken"
  | "noRole"
  | "identityNotConfirmed"
  | "invalidDocumentNumber"
  | "birthDateNotPast";

export type OfficeFieldError = FieldError<ValidationCode | OfficeErrorCode>;

export type OfficeValidated<T> = Validated<T, ValidationCode | OfficeErrorCode>;

/**
 * Message key of each of this module's codes, for `withErrorMessages` (components/form): the
 * office pages pass it so the shared form components show these codes' own messages.
 */
export const OFFICE_MESSAGES: Record<OfficeErrorCode, string> = {
  invalidUsername: "officeClerks.errors.invalidUsername",
  usernameTaken: "officeClerks.errors.usernameTaken",
  noRole: "officeClerks.errors.noRole",
  identityNotConfirmed: "officePersons.errors.identityNotConfirmed",
  invalidDocumentNumber: "officePersons.errors.invalidDocumentNumber",
  birthDateNotPast: "officePersons.errors.birthDateNotPast",
};

// ---------------------------------------------------------------------------------------------
// Clerks and roles

/**
 * What a clerk may do in the workspace: publish on the notice board (`notices`), check
 * identity in person (`identity`: agenda authorizations, representations), import the town's
 * public finance (`finance`), send messages to residents (`messages`), run the town's grant
 * programmes and calls (`grants`), work an agenda (`agenda:<agenda>`), manage the town's clerks
 * (`admin`, which passes every other check).
 */
export type ClerkRole =
  | "notices"
  | "identity"
  | "finance"
  | "messages"
  | "grants"
  | "appointments"
  | "registry"
  | `agenda:${Agenda}`
  | "admin";

/** Publishing on the notice board. */
export const ROLE_NOTICES = "notices" satisfies ClerkRole;
/** Checking identity in person: agenda authorizations, representations. */
export const ROLE_IDENTITY = "identity" satisfies ClerkRole;
/** The town's public finance: importing the budget, accounting, contracts and orders. */
export const ROLE_FINANCE = "finance" satisfies ClerkRole;
/** Messages to residents: broadcasts by e-mail and SMS, news on the website (issue 13). */
export const ROLE_MESSAGES = "messages" satisfies ClerkRole;
/** Grant programmes and calls (issue 14). */
export const ROLE_GRANTS = "grants" satisfies ClerkRole;
/** Appointments at the office: the day by desk, no-shows, blocked time, phone bookings (issue 15). */
export const ROLE_APPOINTMENTS = "appointments" satisfies ClerkRole;
/** The registry office (matrika): wedding dates and ceremonies (issue 15). */
export const ROLE_REGISTRY = "registry" satisfies ClerkRole;
/** Managing the town's clerks (and passing every other role check). */
export const ROLE_ADMIN = "admin" satisfies ClerkRole;

/** Every role, in the order the forms list them. */
export const CLERK_ROLES: readonly ClerkRole[] = [
  ROLE_NOTICES,
  ROLE_IDENTITY,
  ROLE_FINANCE,
  ROLE_MESSAGES,
  ROLE_GRANTS,
  ROLE_APPOINTMENTS,
  ROLE_REGISTRY,
  ...AGENDAS.map((a) => `agenda:${a}` as const),
  ROLE_ADMIN,
];

/** May a clerk with these roles do what `role` allows? An administrator may do everything. */
export function hasRole(roles: readonly string[], role: ClerkRole): boolean {
  return roles.includes(role) || roles.includes(ROLE_ADMIN);
}

export function isClerkRole(value: unknown): value is ClerkRole {
  return typeof value === "string" && (CLERK_ROLES as readonly string[]).includes(value);
}

/** "agenda:voda" → "agenda_voda": the role's part of a message key. */
export function roleKey(role: string): string {
  return role.replace(":", "_");
}

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 40;
const USERNAME = /^[a-z0-9][a-z0-9._-]*$/;

/** User names are stored lower-case (the login compares them so). */
export function normalizeUsername(value: string): string {
  return value.trim().toLowerCase();
}

export function checkUsername(errors: OfficeFieldError[], field: string, username: string): void {
  if (username === "") errors.push({ field, code: "required" });
  else if (username.length > USERNAME_MAX) {
    errors.push({ field, code: "tooLong", params: { max: USERNAME_MAX } });
  } else if (username.length < USERNAME_MIN) {
    errors.push({ field, code: "tooShort", params: { min: USERNAME_MIN } });
  } else if (!USERNAME.test(username) || CITIZEN_USERNAME.test(username)) {
    errors.push({ field, code: "invalidUsername" });
  }
}

/**
 * Citizens' generated user names end in a dot and four digits ("jan.novak.4821"); a clerk's
 * never does, so one can never shadow the other at the shared sign-in.
 */
const CITIZEN_USERNAME = /\.\d{4}$/;

/** The ticked roles: known ones only, each once, in the canonical order; at least one. */
export function parseRoles(
  errors: OfficeFieldError[],
  field: string,
  values: readonly FormDataEntryValue[],
): ClerkRole[] {
  const picked = new Set<string>();
  for (const v of values) {
    if (!isClerkRole(v)) {
      errors.push({ field, code: "invalidChoice" });
      return [];
    }
    picked.add(v);
  }
  if (picked.size === 0) errors.push({ field, code: "noRole" });
  return CLERK_ROLES.filter((r) => picked.has(r));
}

/** A validated new clerk account, as the administrator's form gives it. */
export interface ClerkDraft {
  displayName: string;
  username: string;
  email: string;
  phone: string;
  password: string;
  roles: ClerkRole[];
}

/** What the form shows again after an error (never the password). */
export interface NewClerkValues {
  displayName: string;
  username: string;
  email: string;
  phone: string;
  roles: string[];
}

export function newClerkValues(form: FormData): NewClerkValues {
  const keep = (name: string) => cleanText(form.get(name)).slice(0, 300);
  return {
    displayName: keep("displayName"),
    username: keep("username"),
    email: keep("email"),
    phone: keep("phone"),
    roles: form.getAll("roles").filter(isClerkRole),
  };
}

/** The administrator's form for a new clerk. Clerks always sign in with an SMS code: phone required. */
export function validateNewClerk(form: FormData): OfficeValidated<ClerkDraft> {
  const errors: OfficeFieldError[] = [];
  const displayName = cleanText(form.get("displayName"));
  checkText(errors, "displayName", displayName, { required: true, max: 100 });
  const username = normalizeUsername(cleanText(form.get("username")));
  checkUsername(errors, "username", username);
  const emailText = cleanText(form.get("email"));
  const email = normalizeEmail(emailText);
  if (email === "") errors.push({ field: "email", code: "required" });
  else if (!isEmail(email)) errors.push({ field: "email", code: "invalidEmail" });
  const phoneText = cleanText(form.get("phone"));
  const phone = phoneText === "" ? null : normalizePhone(phoneText.slice(0, 40));
  if (phoneText === "") errors.push({ field: "phone", code: "required" });
  else if (!phone) errors.push({ field: "phone", code: "invalidPhone" });
  const password = readNewPassword(errors, form, [
    ...displayName.split(/\s+/),
    username,
    email.split("@")[0],
  ]);
  const roles = parseRoles(errors, "roles", form.getAll("roles"));
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { displayName, username, email, phone: phone!, password, roles } };
}

/** Why a change to the town's clerks is refused; null when it may go ahead. */
export type ClerkChangeProblem = "ownAdminRole" | "selfDeactivation" | "lastAdmin";

export interface ClerkChange {
  actorId: string;
  targetId: string;
  /** The target's roles now. */
  before: readonly string[];
  /** The target's roles after the change; null when the target is being deactivated. */
  after: readonly string[] | null;
  /** Ids of the town's active administrators right now (the target among them or not). */
  activeAdminIds: readonly string[];
}

/**
 * A clerk may not lock themselves out (deactivate themselves or drop their own admin role),
 * and a town always keeps at least one active administrator.
 */
export function checkClerkChange(c: ClerkChange): ClerkChangeProblem | null {
  const self = c.actorId === c.targetId;
  if (c.after === null && self) return "selfDeactivation";
  const wasAdmin = c.before.includes(ROLE_ADMIN);
  const staysAdmin = c.after !== null && c.after.includes(ROLE_ADMIN);
  if (!wasAdmin || staysAdmin) return null;
  if (self) return "ownAdminRole";
  const others = c.activeAdminIds.filter((id) => id !== c.targetId);
  return others.length === 0 ? "lastAdmin" : null;
}

// ---------------------------------------------------------------------------------------------
// Agenda authorization after an ID document check in person

/** Documents a clerk checks identity by; the value is how the evidence names it. */
export const ID_DOCUMENTS = {
  id_card: "občanský průkaz",
  passport: "cestovní pas",
  residence_permit: "povolení k pobytu",
} as const;
export type IdDocument = keyof typeof ID_DOCUMENTS;
export const ID_DOCUMENT_TYPES = Object.keys(ID_DOCUMENTS) as IdDocument[];

export function isIdDocument(value: unknown): value is IdDocument {
  return typeof value === "string" && Object.hasOwn(ID_DOCUMENTS, value);
}

/** Spaces, hyphens and slashes as people type them are dropped; letters upper-cased. */
export function normalizeDocumentNumber(value: string): string {
  return value.replace(/[\s/-]/g, "").toUpperCase();
}

const DOCUMENT_NUMBER = /^[A-Z0-9]{6,15}$/;
const DOCUMENT_NUMBER_MAX = 30;
/** How many trailing characters of the number are kept as evidence. */
export const EVIDENCE_VISIBLE = 4;

/**
 * The evidence stored for a grant: the document's kind and the last four characters of its
 * number ("občanský průkaz …4821"). The full number is never stored.
 */
export function maskDocument(type: IdDocument, number: string): string {
  const n = normalizeDocumentNumber(number);
  return `${ID_DOCUMENTS[type]} …${n.slice(-EVIDENCE_VISIBLE)}`;
}

/** A real calendar date `YYYY-MM-DD`, or null. */
export function parseIsoDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return null;
  }
  return value;
}

const EARLIEST_BIRTH_DATE = "1900-01-01";

export interface GrantValues {
  agenda: string;
  documentType: string;
  documentNumber: string;
  birthDate: string;
  confirmed: boolean;
}

export interface Grant {
  agenda: Agenda;
  /** The masked evidence, e.g. "cestovní pas …0457". */
  evidence: string;
  /** Set when the person's birth date was not known and is now recorded from the document. */
  birthDate: string | null;
}

export function grantValues(form: FormData): GrantValues {
  const keep = (name: string) => cleanText(form.get(name)).slice(0, 100);
  return {
    agenda: keep("agenda"),
    documentType: keep("documentType"),
    documentNumber: keep("documentNumber"),
    birthDate: keep("birthDate"),
    confirmed: form.get("confirmed") === "on",
  };
}

/**
 * The clerk's grant form. `needBirthDate`: the person's birth date is not known yet, so it is
 * read from the document; `today` is the Prague calendar date (no clock in the domain).
 */
export function validateGrant(
  form: FormData,
  opts: { needBirthDate: boolean; today: string },
): OfficeValidated<Grant> {
  const errors: OfficeFieldError[] = [];
  const agenda = cleanText(form.get("agenda"));
  if (agenda === "") errors.push({ field: "agenda", code: "required" });
  else if (!isAgenda(agenda)) errors.push({ field: "agenda", code: "invalidChoice" });
  const evidence = validateIdDocument(errors, {
    documentType: cleanText(form.get("documentType")),
    documentNumber: cleanText(form.get("documentNumber")),
  });
  let birthDate: string | null = null;
  if (opts.needBirthDate) {
    const text = cleanText(form.get("birthDate"));
    if (text === "") errors.push({ field: "birthDate", code: "required" });
    else if (!(birthDate = parseIsoDate(text)) || birthDate < EARLIEST_BIRTH_DATE) {
      errors.push({ field: "birthDate", code: "invalidDate" });
    } else if (birthDate >= opts.today) {
      errors.push({ field: "birthDate", code: "birthDateNotPast" });
    }
  }
  if (form.get("confirmed") !== "on") {
    errors.push({ field: "confirmed", code: "identityNotConfirmed" });
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      agenda: agenda as Agenda,
      evidence: evidence!,
      birthDate,
    },
  };
}

/**
 * The identity document a clerk checked in person (`documentType`, `documentNumber` fields):
 * its masked evidence ("občanský průkaz …4821"), or null with the field errors pushed. Agenda
 * grants and representation grants check it alike.
 */
export function validateIdDocument(
  errors: OfficeFieldError[],
  input: { documentType: string; documentNumber: string },
): string | null {
  const { documentType, documentNumber } = input;
  const before = errors.length;
  if (documentType === "") errors.push({ field: "documentType", code: "required" });
  else if (!isIdDocument(documentType)) {
    errors.push({ field: "documentType", code: "invalidChoice" });
  }
  const numberBefore = errors.length;
  checkText(errors, "documentNumber", documentNumber, {
    required: true,
    max: DOCUMENT_NUMBER_MAX,
  });
  if (
    errors.length === numberBefore &&
    !DOCUMENT_NUMBER.test(normalizeDocumentNumber(documentNumber))
  ) errors.push({ field: "documentNumber", code: "invalidDocumentNumber" });
  return errors.length === before ? maskDocument(documentType as IdDocument, documentNumber) : null;
}

/** Revoking a live authorization: which one, and why (kept in the audit log). */
export function validateRevocation(
  form: FormData,
  liveIds: readonly string[],
): OfficeValidated<{ authorizationId: string; reason: string }> {
  const errors: OfficeFieldError[] = [];
  const authorizationId = cleanText(form.get("authorization"));
  if (authorizationId === "") errors.push({ field: "authorization", code: "required" });
  else if (!liveIds.includes(authorizationId)) {
    errors.push({ field: "authorization", code: "invalidChoice" });
  }
  const reason = cleanText(form.get("reason"));
  checkText(errors, "reason", reason, { required: true, max: 500 });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { authorizationId, reason } };
}

// ---------------------------------------------------------------------------------------------
// Finding a person

export const PERSON_QUERY_MIN = 3;
export const PERSON_QUERY_MAX = 100;

/** ASCII lower case without diacritics: "Horák" and "horak" find the same person. */
export function foldText(value: string): string {
  return value.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

export interface PersonQuery {
  /** Folded text matched against names, user names and verified e-mails. */
  text: string;
  /** The query as a phone number in E.164, when it is one. */
  phone: string | null;
  /** The query's digits, when it is only digits (part of a phone number). */
  digits: string | null;
}

export function validatePersonQuery(raw: string): OfficeValidated<PersonQuery> {
  const errors: OfficeFieldError[] = [];
  const q = cleanText(raw);
  checkText(errors, "q", q, { required: true, max: PERSON_QUERY_MAX, min: PERSON_QUERY_MIN });
  if (errors.length) return { ok: false, errors };
  const compact = q.replace(/[\s().-]/g, "");
  return {
    ok: true,
    value: {
      text: foldText(q),
      phone: normalizePhone(q),
      digits: /^\+?\d{3,}$/.test(compact) ? compact.replace("+", "") : null,
    },
  };
}

/** The highest of the levels of assurance of a person's linked identities, or null. */
export function highestLevel(levels: readonly string[]): LevelOfAssurance | null {
  for (const level of ["high", "substantial", "low"] as const) {
    if (levels.includes(level)) return level;
  }
  return null;
}
