/**
 * The form page of a life situation (`/zivotni-situace/<slug>/formular`): what the person sees
 * when they open it (their draft, else a fresh form with the holder prefilled from the verified
 * identity, or a returned case to correct) and what one POST does — an add/remove or a step
 * (the draft saved), or the submit: uploads checked by content and kept as the person's unfiled
 * files, then the kit's filing office (`fileCase`, once per idempotency key) or the correction of
 * a returned case (`resubmitCase`). What was typed is always handed back on errors.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { findPerson, listContacts } from "../db/repositories/persons.ts";
import { listAuthorizations } from "../db/repositories/authorizations.ts";
import { findPersonCase } from "../db/repositories/cases.ts";
import {
  insertAttachment,
  listCaseAttachments,
  listUnfiledAttachments,
} from "../db/repositories/attachments.ts";
import { deleteDraft, findDraft, upsertDraft } from "../db/repositories/drafts.ts";
import { DRAFT_MAX_BYTES, draftExpiry, mayResubmit } from "../domain/cases.ts";
import { isAgenda } from "../domain/identity.ts";
import {
  applyAction,
  type AttachmentRef,
  checkUploads,
  emptyValues,
  type FormDefinition,
  type FormFieldError,
  type ParsedSubmission,
  type RawValue,
  type RawValues,
  splitPath,
  stepOf,
  validateSubmission,
} from "../domain/forms/mod.ts";
import { formatPragueDate } from "../domain/time.ts";
import type { FieldError } from "../domain/validation.ts";
import type { OutcomeWaiter } from "../lib/outcomes.ts";
import type { PersonActor } from "./deps.ts";
import { type CaseForm, defaultCaseForms } from "./case_forms.ts";
import {
  type CaseDeps,
  type CaseRequestContext,
  fileCase,
  type FilingActor,
  resubmitCase,
} from "./cases.ts";

export type FormPageDeps = CaseDeps & { outcomes: OutcomeWaiter; waitMs?: number };

/** Whether a form may be sent without an account (an e-mail is then required). */
export function allowsAnonymous(def: FormDefinition): boolean {
  return def.steps.some((s) => s.fields.some((f) => f.required === "anonymous"));
}

/**
 * The agenda the person must be authorized for to use the form (its obligations are personal
 * data of that agenda): the form's agenda, unless anyone may send the form.
 */
function gatedAgenda(form: CaseForm): string | null {
  if (!form.definition || allowsAnonymous(form.definition)) return null;
  return form.agenda && isAgenda(form.agenda) ? form.agenda : null;
}

async function agendaMissing(
  db: Kysely<Database>,
  actor: PersonActor,
  form: CaseForm,
): Promise<string | null> {
  const agenda = gatedAgenda(form);
  if (!agenda) return null;
  const granted = await listAuthorizations(db, actor.tenantId, actor.personId);
  return granted.some((g) => g.agenda === agenda) ? null : agenda;
}

/** "Lipnice nad Hájem 12, 123 45 Lipnice" → the address field's parts, when it reads so. */
function addressParts(text: string | null): RawValues | null {
  const m = /^(.+?)\s+(\d+[A-Za-z]?(?:\/\d+[A-Za-z]?)?),\s*(\d{3}\s?\d{2})\s+(.+)$/.exec(
    text?.trim() ?? "",
  );
  return m ? { street: m[1], houseNumber: m[2], town: m[4], postalCode: m[3] } : null;
}

/** Filed values back to values as typed (attachment refs → their ids, numbers → text). */
function asRaw(value: unknown): RawValue {
  if (Array.isArray(value)) {
    if (value.every((v) => v && typeof v === "object" && typeof v.sha256 === "string")) {
      return value.map((v) => String(v.id));
    }
    return value.map((v) => asRaw(v) as RawValues);
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asRaw(v)]));
  }
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value;
  return typeof value === "string" ? value : "";
}

function refOf(a: {
  id: string;
  file_name: string;
  size_bytes: number;
  media_type: string;
  sha256: string;
}): AttachmentRef {
  return {
    id: a.id,
    name: a.file_name,
    size: a.size_bytes,
    mediaType: a.media_type,
    sha256: a.sha256,
  };
}

/** The person's stored files a form may show as kept (unfiled, plus the corrected case's). */
async function keptFiles(
  db: Kysely<Database>,
  actor: PersonActor,
  caseId: string | null,
): Promise<Record<string, AttachmentRef>> {
  const files: Record<string, AttachmentRef> = {};
  for (const a of await listUnfiledAttachments(db, actor.tenantId, actor.personId)) {
    files[a.id] = refOf(a);
  }
  if (caseId) {
    for (const a of await listCaseAttachments(db, actor.tenantId, caseId)) files[a.id] = refOf(a);
  }
  return files;
}

export interface FormScreen {
  def: FormDefinition;
  values: RawValues;
  /** The step shown; null shows every step (after a submit with errors). */
  step: number | null;
  errors: FieldError<string>[];
  attachments: Record<string, AttachmentRef>;
  /** The returned case being corrected. */
  fixing: { caseId: string; reference: string } | null;
  /** Whether a draft was resumed. */
  resumed: boolean;
}

export type OpenFormResult =
  | { ok: true; screen: FormScreen }
  | { ok: false; code: "notFound" | "notReturned" }
  | { ok: false; code: "agenda"; agenda: string };

/**
 * The form as the person opens it: the returned case they correct (`fixCaseId`), else their
 * draft, else a fresh form with the holder's name, address and contacts from their verified
 * identity.
 */
export async function openForm(
  deps: { db: Kysely<Database>; forms?: CaseDeps["forms"] },
  actor: PersonActor,
  input: { slug: string; fixCaseId: string | null },
): Promise<OpenFormResult> {
  const form = (deps.forms ?? defaultCaseForms)(input.slug);
  const def = form?.definition;
  if (!form || !def) return { ok: false, code: "notFound" };
  // Another person's case is not found, before anything else is said about it.
  const c = input.fixCaseId === null
    ? null
    : await findPersonCase(deps.db, actor.tenantId, actor.personId, input.fixCaseId);
  if (input.fixCaseId !== null && (!c || c.form_slug !== input.slug)) {
    return { ok: false, code: "notFound" };
  }
  const missing = await agendaMissing(deps.db, actor, form);
  if (missing) return { ok: false, code: "agenda", agenda: missing };

  if (c) {
    if (!mayResubmit(c.state)) return { ok: false, code: "notReturned" };
    return {
      ok: true,
      screen: {
        def,
        values: emptyValues(def, asRaw(c.values) as RawValues),
        step: 0,
        errors: [],
        attachments: await keptFiles(deps.db, actor, c.id),
        fixing: { caseId: c.id, reference: c.reference },
        resumed: false,
      },
    };
  }

  const draft = await findDraft(deps.db, actor.tenantId, actor.personId, input.slug);
  let values: RawValues;
  if (draft) values = emptyValues(def, draft.values as RawValues);
  else {
    const [person, contacts] = await Promise.all([
      findPerson(deps.db, actor.tenantId, actor.personId),
      listContacts(deps.db, actor.tenantId, actor.personId),
    ]);
    const verified = contacts.filter((c) => c.verified_at);
    const defaults: RawValues = {};
    if (person) {
      defaults.givenName = person.given_name;
      defaults.familyName = person.family_name;
      const address = addressParts(person.address);
      if (address) defaults.address = address;
    }
    const email = verified.find((c) => c.kind === "email");
    if (email) defaults.email = email.value;
    const phone = verified.find((c) => c.kind === "phone");
    if (phone) defaults.phone = phone.value;
    if (form.defaults) Object.assign(defaults, await form.defaults(deps.db, actor));
    values = emptyValues(def, defaults);
  }
  const step = draft && draft.step < def.steps.length ? draft.step : 0;
  return {
    ok: true,
    screen: {
      def,
      values,
      step,
      errors: [],
      attachments: await keptFiles(deps.db, actor, null),
      fixing: null,
      resumed: Boolean(draft),
    },
  };
}

/** Adds an attachment id to the ids at a field path (`proof`, `dogs[1].proof`). */
function keepAt(values: RawValues, path: string, id: string): void {
  const parts = splitPath(path);
  if (!parts) return;
  // deno-lint-ignore no-explicit-any
  let node: any = values;
  for (const part of parts.slice(0, -1)) {
    node = node?.[part];
    if (node === null || typeof node !== "object") return;
  }
  const last = parts[parts.length - 1] as string;
  const prev = Object.hasOwn(node, last) ? node[last] : undefined;
  node[last] = [...(Array.isArray(prev) ? prev : []), id];
}

async function saveDraftOf(
  db: Kysely<Database>,
  actor: PersonActor,
  slug: string,
  values: RawValues,
  step: number,
  now: Date,
): Promise<void> {
  if (new TextEncoder().encode(JSON.stringify(values)).byteLength > DRAFT_MAX_BYTES) return;
  await upsertDraft(db, actor.tenantId, actor.personId, {
    formSlug: slug,
    values,
    step,
    now,
    expiresAt: draftExpiry(now),
  });
}

export type SubmitFormResult =
  | { ok: true; kind: "filed"; caseId: string; reference: string }
  | { ok: true; kind: "resubmitted"; caseId: string; processing: boolean }
  | { ok: false; kind: "rerender"; screen: FormScreen }
  | { ok: false; kind: "invalid"; screen: FormScreen }
  | { ok: false; code: "notFound" | "notReturned" | "failed" }
  | { ok: false; code: "agenda"; agenda: string };

/**
 * One POST of the form. Add/remove and step buttons re-render (the draft saved); the submit
 * files the case (or corrects the returned one). New uploads that pass their field's rules are
 * stored at once as the person's unfiled files, so they stay attached whatever else is wrong.
 */
export async function submitForm(
  deps: FormPageDeps,
  actor: FilingActor,
  ctx: CaseRequestContext,
  input: {
    slug: string;
    parsed: Extract<ParsedSubmission, { ok: true }>;
    idempotencyKey: string;
    fixCaseId: string | null;
  },
): Promise<SubmitFormResult> {
  const form = (deps.forms ?? defaultCaseForms)(input.slug);
  const def = form?.definition;
  if (!form || !def) return { ok: false, code: "notFound" };
  let fixing: FormScreen["fixing"] = null;
  if (input.fixCaseId !== null) {
    const c = await findPersonCase(deps.db, actor.tenantId, actor.personId, input.fixCaseId);
    if (!c || c.form_slug !== input.slug) return { ok: false, code: "notFound" };
    if (!mayResubmit(c.state)) return { ok: false, code: "notReturned" };
    fixing = { caseId: c.id, reference: c.reference };
  }
  const missing = await agendaMissing(deps.db, actor, form);
  if (missing) return { ok: false, code: "agenda", agenda: missing };

  const now = deps.now();
  const { parsed } = input;
  let values = structuredClone(parsed.values);
  const uploads = await checkUploads(def, values, parsed.files);
  for (const file of uploads.accepted) {
    const id = crypto.randomUUID();
    await insertAttachment(deps.db, actor.tenantId, {
      id,
      personId: actor.personId,
      field: file.path,
      fileName: file.name,
      mediaType: file.mediaType,
      sizeBytes: file.size,
      sha256: file.sha256,
      content: file.bytes,
    });
    keepAt(values, file.path, id);
  }
  const screen = async (
    step: number | null,
    errors: FieldError<string>[],
  ): Promise<FormScreen> => ({
    def,
    values,
    step,
    errors,
    attachments: await keptFiles(deps.db, actor, fixing?.caseId ?? null),
    fixing,
    resumed: false,
  });

  if (parsed.action.kind !== "submit" || parsed.step !== null) {
    values = applyAction(def, values, parsed.action);
    const a = parsed.action;
    const here = a.kind === "submit" ? 0 : stepOf(def, a.group);
    const step = Math.min(Math.max(parsed.step ?? here, 0), def.steps.length - 1);
    if (!fixing) await saveDraftOf(deps.db, actor, input.slug, values, step, now);
    return { ok: false, kind: "rerender", screen: await screen(step, uploads.errors) };
  }

  if (!fixing) await saveDraftOf(deps.db, actor, input.slug, values, def.steps.length - 1, now);
  if (uploads.errors.length) {
    const attachments = await keptFiles(deps.db, actor, fixing?.caseId ?? null);
    const checked = validateSubmission(def, values, {
      today: formatPragueDate(now),
      signedIn: true,
      attachments,
    });
    const more = checked.ok
      ? []
      : checked.errors.filter((e) => !uploads.errors.some((u) => u.field === e.field));
    return { ok: false, kind: "invalid", screen: await screen(null, [...uploads.errors, ...more]) };
  }

  if (fixing) {
    const r = await resubmitCase(deps, actor, {
      caseId: fixing.caseId,
      values,
      files: [],
    });
    if (r.ok) {
      return {
        ok: true,
        kind: "resubmitted",
        caseId: fixing.caseId,
        processing: r.status === "processing",
      };
    }
    if (r.code === "invalid") {
      return { ok: false, kind: "invalid", screen: await screen(null, r.errors) };
    }
    return { ok: false, code: r.code };
  }

  const r = await fileCase(deps, actor, ctx, {
    slug: input.slug,
    values,
    files: [],
    idempotencyKey: input.idempotencyKey,
  });
  if (r.ok) {
    // The same submission filed already (a double click): the draft this request saved again is
    // that submission, not new work, so it goes as the first request's filing removed it.
    if (!r.created) await dropDraftIfSame(deps.db, actor, input.slug, values);
    return { ok: true, kind: "filed", caseId: r.caseId, reference: r.reference };
  }
  if (r.code === "invalid") {
    return { ok: false, kind: "invalid", screen: await screen(null, r.errors) };
  }
  return { ok: false, code: r.code };
}

async function dropDraftIfSame(
  db: Kysely<Database>,
  actor: PersonActor,
  slug: string,
  values: RawValues,
): Promise<void> {
  const draft = await findDraft(db, actor.tenantId, actor.personId, slug);
  if (draft && canonical(draft.values) === canonical(values)) {
    await deleteDraft(db, actor.tenantId, actor.personId, slug);
  }
}

/** JSON with object keys sorted (jsonb does not keep the order they were written in). */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
        : v,
  );
}

export type { FormFieldError };
