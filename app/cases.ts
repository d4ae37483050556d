/**
 * The filing office and the clerk's work on a case. Each action is one transaction: the case
 * rows, its timeline event, the audit entry and the command to the case's workflow (and the
 * person's message) are committed together. Decisions reach the workflow as validated Updates
 * through the outbox; the clerk's request waits briefly for the outcome, else the page says
 * "being processed".
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { CaseRow, Database } from "../db/schema.ts";
import {
  appendCaseEvent,
  findCase,
  findCaseByKey,
  findPersonCase,
  insertCase,
  listCaseEvents,
  nextReferenceNumber,
  setAssignee,
  updateCaseValues,
} from "../db/repositories/cases.ts";
import {
  bindAttachments,
  findOwnAttachmentContent,
  insertAttachment,
  listCaseAttachments,
  listUnfiledAttachments,
  type NewAttachment,
} from "../db/repositories/attachments.ts";
import { deleteDraft } from "../db/repositories/drafts.ts";
import { findCaseObligation } from "../db/repositories/obligations.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { auditReason } from "../domain/history.ts";
import { hasAccount, notifyCasePerson } from "./case_notifications.ts";
import { enqueueCommand, latestCommandFor } from "../db/repositories/commands.ts";
import { findPerson, listContacts } from "../db/repositories/persons.ts";
import { findClerk } from "../db/repositories/clerks.ts";
import {
  caseSituation,
  checkDecision,
  checkNote,
  type Decision,
  dueAfter,
  eventKey,
  formatReference,
  mayDecide,
  mayResubmit,
  mayWorkAgenda,
  pragueYear,
  referencePrefix,
  visibleToCitizen,
} from "../domain/cases.ts";
import {
  caseDecision,
  caseNote,
  caseResubmit,
  type CaseReviewInput,
  caseWorkflowId,
  startCase,
  type WorkflowType,
} from "../domain/workflows.ts";
import { sha256Hex, sniffMediaType } from "../domain/files.ts";
import { splitPath } from "../domain/forms/mod.ts";
import { formatPragueDate } from "../domain/time.ts";
import type { FieldError } from "../domain/validation.ts";
import type { OutcomeWaiter } from "../lib/outcomes.ts";
import type { Translate } from "../lib/state.ts";
import type { ClerkActor, PersonActor } from "./deps.ts";
import {
  type AttachmentRef,
  type CaseForm,
  type CaseForms,
  defaultCaseForms,
  FilingRefused,
} from "./case_forms.ts";

export interface CaseDeps {
  db: Kysely<Database>;
  now: () => Date;
  /** The forms the office files (tests pass their own). */
  forms?: CaseForms;
  /** Tests run a worker of their own on their own queue. */
  taskQueue?: string;
  /** A situation's own workflow instead of the kit's review, by form slug. */
  workflowTypes?: Record<string, WorkflowType>;
}

export interface CaseRequestContext {
  /** Texts of the confirmation in the reader's language. */
  t: Translate;
  /** The town's public origin, for links in messages. */
  origin: string;
  townName: string;
}

/** A file as uploaded: the field path it belongs to (`dogs[1].proof`), its name and bytes. */
export interface Upload {
  path: string;
  name: string;
  bytes: Uint8Array;
}

export type FileCaseResult =
  | { ok: true; caseId: string; reference: string; created: boolean }
  | { ok: false; code: "invalid"; errors: FieldError<string>[] }
  | { ok: false; code: "notFound" };

/** A person acting, with the representation they act under (for the case's `acting_for`). */
export type FilingActor = PersonActor & { actingFor?: string | null };

const MAX_UPLOADS = 20;

/** Every attachment ref in filed values (fields, group items). */
function attachmentIds(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) { for (const v of value) attachmentIds(v, into); }
  else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.id === "string" && typeof o.sha256 === "string") into.add(o.id);
    else for (const v of Object.values(o)) attachmentIds(v, into);
  }
  return into;
}

/** Adds an attachment id to the ids at a field path (`proof`, `dogs[1].proof`). */
function appendAt(values: Record<string, unknown>, path: string, id: string): void {
  const parts = splitPath(path);
  if (!parts) return;
  let node: Record<string, unknown> = values;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    const next = typeof part === "number"
      ? (Array.isArray(node) ? node[part] : undefined)
      : Object.hasOwn(node, part)
      ? node[part]
      : undefined;
    if (next === null || typeof next !== "object") return;
    node = next as Record<string, unknown>;
  }
  const last = parts[parts.length - 1] as string;
  const prev = Object.hasOwn(node, last) ? node[last] : undefined;
  node[last] = [...(Array.isArray(prev) ? prev : []), id];
}

interface PreparedFiles {
  rows: NewAttachment[];
  context: Record<string, AttachmentRef>;
  raw: Record<string, unknown>;
  /** Values the form's `prepareAttachment` derived from the files (the first file's win). */
  derived: Record<string, unknown>;
}

/** Filed values completed by what the files gave, where the person left them empty. */
function completeValues(
  values: Record<string, unknown>,
  derived: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...values };
  for (const [k, v] of Object.entries(derived)) {
    if (out[k] === undefined || out[k] === null || out[k] === "") out[k] = v;
  }
  return out;
}

/** The form's own checks (`checkFiling`), with the bytes of this request's or stored files. */
async function checkFiling(
  db: Kysely<Database>,
  actor: PersonActor,
  form: CaseForm,
  values: Record<string, unknown>,
  uploaded: readonly NewAttachment[],
): Promise<FieldError<string>[]> {
  if (!form.checkFiling) return [];
  return await form.checkFiling(db, actor, values, async (id) => {
    const fresh = uploaded.find((r) => r.id === id);
    if (fresh) return fresh.content;
    return await findOwnAttachmentContent(db, actor.tenantId, actor.personId, id) ?? null;
  });
}

/** Hashes and sniffs the uploads, and adds their ids to the raw values of their fields. */
async function prepareFiles(
  db: Kysely<Database>,
  actor: PersonActor,
  raw: Record<string, unknown>,
  files: readonly Upload[],
  form?: CaseForm,
): Promise<PreparedFiles> {
  const stored = await listUnfiledAttachments(db, actor.tenantId, actor.personId);
  const context: Record<string, AttachmentRef> = {};
  for (const a of stored) {
    context[a.id] = {
      id: a.id,
      name: a.file_name,
      size: a.size_bytes,
      mediaType: a.media_type,
      sha256: a.sha256,
    };
  }
  const next = structuredClone(raw);
  const rows: NewAttachment[] = [];
  const derived: Record<string, unknown> = {};
  for (const upload of files.slice(0, MAX_UPLOADS)) {
    const id = crypto.randomUUID();
    const mediaType = sniffMediaType(upload.bytes) ?? "application/octet-stream";
    let f = upload;
    if (form?.prepareAttachment) {
      const prepared = form.prepareAttachment(
        { field: upload.path, name: upload.name, mediaType, bytes: upload.bytes },
        raw,
      );
      f = { ...upload, bytes: prepared.bytes };
      for (const [k, v] of Object.entries(prepared.values ?? {})) {
        if (!Object.hasOwn(derived, k)) derived[k] = v;
      }
    }
    const sha256 = await sha256Hex(f.bytes);
    rows.push({
      id,
      personId: actor.personId,
      field: f.path,
      fileName: f.name,
      mediaType,
      sizeBytes: f.bytes.byteLength,
      sha256,
      content: f.bytes,
    });
    context[id] = { id, name: f.name, size: f.bytes.byteLength, mediaType, sha256 };
    appendAt(next, f.path, id);
  }
  return { rows, context, raw: next, derived };
}

/**
 * Files a form as a case, once per idempotency key: validated by the forms engine, its
 * attachments stored (SHA-256, media type by content), a gap-free reference allocated, and the
 * case, its first timeline event, the audit entry, the start of its workflow and the
 * confirmation message committed in one transaction. A second submit with the same key (two
 * tabs, a double click, a replayed POST) returns the first case.
 *
 * Callers: the form page (app/form_page.ts `submitForm`, a signed-in person) and, for a form
 * that anyone may send (a field `required: "anonymous"`, e.g. the defect report's e-mail), the
 * anonymous hook app/anonymous_filing.ts: `submitAnonymousForm` keeps the submission pending
 * (24 h) and e-mails a link; `confirmAnonymousFiling` calls this for the person behind the
 * confirmed address (found by a verified e-mail, else created without an account, the address
 * verified), with the pending files as `files` (so a form's `prepareAttachment` runs) and the
 * key `anonymous:<pendingId>`. A situation needs nothing else to accept anonymous reports.
 */
export async function fileCase(
  deps: CaseDeps,
  actor: FilingActor,
  ctx: CaseRequestContext,
  input: {
    slug: string;
    values: Record<string, unknown>;
    files: readonly Upload[];
    idempotencyKey: string;
  },
): Promise<FileCaseResult> {
  const form = (deps.forms ?? defaultCaseForms)(input.slug);
  if (!form) return { ok: false, code: "notFound" };
  const key = input.idempotencyKey.slice(0, 200);

  const existing = await findCaseByKey(deps.db, actor.tenantId, actor.personId, key);
  if (existing) {
    return { ok: true, caseId: existing.id, reference: existing.reference, created: false };
  }

  const now = deps.now();
  const prepared = await prepareFiles(deps.db, actor, input.values, input.files, form);
  const validated = form.validate(prepared.raw, {
    today: formatPragueDate(now),
    signedIn: true,
    attachments: prepared.context,
  });
  if (!validated.ok) return { ok: false, code: "invalid", errors: validated.errors };
  const values = completeValues(validated.value, prepared.derived);
  const refused = await checkFiling(deps.db, actor, form, values, prepared.rows);
  if (refused.length) return { ok: false, code: "invalid", errors: refused };
  const referenced = attachmentIds(values, new Set());

  return await deps.db.transaction().execute(async (trx): Promise<FileCaseResult> => {
    return await fileInTransaction(trx);
  }).catch((err) => {
    if (err instanceof FilingRefused) {
      return { ok: false, code: "invalid", errors: err.errors } as FileCaseResult;
    }
    throw err;
  });

  async function fileInTransaction(trx: Transaction<Database>): Promise<FileCaseResult> {
    if (!form) return { ok: false, code: "notFound" };
    // One filing per (person, key) at a time: the second waits and then finds the first.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`case:${actor.tenantId}:${actor.personId}:${key}`}, 0))`
      .execute(trx);
    const again = await findCaseByKey(trx, actor.tenantId, actor.personId, key);
    if (again) return { ok: true, caseId: again.id, reference: again.reference, created: false };

    const tenant = await trx.selectFrom("tenants").select(["slug", "settings"])
      .where("id", "=", actor.tenantId).executeTakeFirstOrThrow();
    const situation = caseSituation(input.slug, tenant.settings, form.agenda);
    if (!situation) return { ok: false, code: "notFound" };
    const year = pragueYear(now);
    const prefix = referencePrefix(tenant.slug, tenant.settings);
    const n = await nextReferenceNumber(trx, actor.tenantId, year, prefix);
    const reference = formatReference(prefix, year, n);
    const caseId = crypto.randomUUID();
    const workflowId = caseWorkflowId(tenant.slug, caseId);
    const dueAt = dueAfter(now, situation.reviewDays);

    await insertCase(trx, actor.tenantId, {
      id: caseId,
      workflowId,
      reference,
      formSlug: input.slug,
      agenda: situation.agenda,
      personId: actor.personId,
      actingFor: actor.actingFor ?? null,
      onBehalfOf: actor.onBehalfOf,
      idempotencyKey: key,
      values,
      dueAt,
      createdAt: now,
    });
    for (const row of prepared.rows) {
      if (referenced.has(row.id)) await insertAttachment(trx, actor.tenantId, row);
    }
    await bindAttachments(trx, actor.tenantId, actor.personId, caseId, [...referenced]);
    if (form.onFiled) {
      await form.onFiled(trx, {
        tenantId: actor.tenantId,
        caseId,
        reference,
        workflowId,
        personId: actor.personId,
        actingFor: actor.actingFor ?? null,
        idempotencyKey: key,
        values,
        filedAt: now,
      });
    }
    await appendCaseEvent(trx, actor.tenantId, {
      caseId,
      key: eventKey(caseId, "filed", 1),
      actorType: "person",
      actorId: actor.personId,
      kind: "filed",
      visibleToCitizen: true,
      params: { reference },
      occurredAt: now,
    });
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "person",
      actorId: actor.personId,
      onBehalfOf: actor.onBehalfOf,
      action: "case.filed",
      subjectType: "case",
      subjectId: caseId,
      requestId: actor.requestId,
      details: { slug: input.slug, reference, attachments: referenced.size },
    });
    const workflowInput: CaseReviewInput = {
      tenantId: actor.tenantId,
      caseId,
      reference,
      slug: input.slug,
      agenda: situation.agenda,
      reviewDays: situation.reviewDays,
      dueAt: dueAt.toISOString(),
      origin: ctx.origin,
    };
    await enqueueCommand(
      trx,
      startCase(form.workflowInput ? form.workflowInput(workflowInput) : workflowInput, {
        workflowId,
        tenantSlug: tenant.slug,
        title: ctx.t(form.title),
        taskQueue: deps.taskQueue,
        workflowType: deps.workflowTypes?.[input.slug] ?? form.workflowType,
      }),
    );
    const params = {
      town: ctx.townName,
      reference,
      link: form.publicPath && !(await hasAccount(trx, actor.tenantId, actor.personId))
        ? `${ctx.origin}${form.publicPath(caseId)}`
        : `${ctx.origin}/ucet/podani/${caseId}`,
    };
    await notifyCasePerson(trx, actor.tenantId, actor.personId, {
      idempotencyKey: eventKey(caseId, "filed", 1),
      text: (channel, t) => {
        const p = { ...params, form: t(form.title) };
        return {
          subject: t("cases.mail.filed.subject", p),
          body: t(channel === "email" ? "cases.mail.filed.body" : "cases.sms.filed", p),
        };
      },
    });
    await deleteDraft(trx, actor.tenantId, actor.personId, input.slug);
    return { ok: true, caseId, reference, created: true };
  }
}

// ---------------------------------------------------------------------------------------------
// The citizen's corrections

export type ResubmitResult =
  | { ok: true; status: "resubmitted" | "processing" }
  | { ok: false; code: "invalid"; errors: FieldError<string>[] }
  | { ok: false; code: "notFound" | "notReturned" | "failed" };

/**
 * The citizen corrects a returned case and sends it back: the new values and files are stored
 * with the case, and the workflow (an Update) puts it back to the clerk who returned it. A
 * second submit of the same round is the same command.
 */
export async function resubmitCase(
  deps: CaseDeps & { outcomes: OutcomeWaiter; waitMs?: number },
  actor: PersonActor,
  input: { caseId: string; values: Record<string, unknown>; files: readonly Upload[] },
): Promise<ResubmitResult> {
  const found = await findPersonCase(deps.db, actor.tenantId, actor.personId, input.caseId);
  if (!found) return { ok: false, code: "notFound" };
  const form = (deps.forms ?? defaultCaseForms)(found.form_slug);
  if (!form) return { ok: false, code: "notFound" };
  if (!mayResubmit(found.state)) return { ok: false, code: "notReturned" };

  const prepared = await prepareFiles(deps.db, actor, input.values, input.files, form);
  // The case's own files stay available to the corrected form.
  for (const a of await listCaseAttachments(deps.db, actor.tenantId, found.id)) {
    prepared.context[a.id] = {
      id: a.id,
      name: a.file_name,
      size: a.size_bytes,
      mediaType: a.media_type,
      sha256: a.sha256,
    };
  }
  const validated = form.validate(prepared.raw, {
    today: formatPragueDate(deps.now()),
    signedIn: true,
    attachments: prepared.context,
  });
  if (!validated.ok) return { ok: false, code: "invalid", errors: validated.errors };
  const refused = await checkFiling(deps.db, actor, form, validated.value, prepared.rows);
  if (refused.length) return { ok: false, code: "invalid", errors: refused };
  const referenced = attachmentIds(validated.value, new Set());

  type Queued = { commandId: string } | { code: "notFound" | "notReturned" };
  const queued = await deps.db.transaction().execute(async (trx): Promise<Queued> => {
    const c = await findPersonCase(trx, actor.tenantId, actor.personId, input.caseId, {
      lock: true,
    });
    if (!c) return { code: "notFound" };
    if (!mayResubmit(c.state)) return { code: "notReturned" };
    const command = caseResubmit({
      tenantId: actor.tenantId,
      caseId: c.id,
      workflowId: c.workflow_id,
    }, {
      personId: actor.personId,
      round: c.round + 1,
      requestId: crypto.randomUUID(),
    });
    const { id, created } = await enqueueCommand(trx, command);
    if (!created) return { commandId: id }; // this round's correction is on its way already
    await updateCaseValues(trx, actor.tenantId, c.id, validated.value);
    if (form.onCorrected) {
      await form.onCorrected(trx, {
        tenantId: actor.tenantId,
        caseId: c.id,
        reference: c.reference,
        workflowId: c.workflow_id ?? "",
        personId: c.person_id,
        actingFor: c.acting_for,
        idempotencyKey: c.idempotency_key,
        values: validated.value,
        filedAt: c.created_at,
      });
    }
    for (const row of prepared.rows) {
      if (referenced.has(row.id)) await insertAttachment(trx, actor.tenantId, row);
    }
    await bindAttachments(trx, actor.tenantId, actor.personId, c.id, [...referenced]);
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "person",
      actorId: actor.personId,
      onBehalfOf: actor.onBehalfOf,
      action: "case.resubmitted",
      subjectType: "case",
      subjectId: c.id,
      requestId: actor.requestId,
      details: { round: c.round + 1 },
    });
    return { commandId: id };
  }).catch((err) => {
    if (err instanceof FilingRefused) return { errors: err.errors };
    throw err;
  });
  if ("errors" in queued) return { ok: false, code: "invalid", errors: queued.errors };
  if ("code" in queued) return { ok: false, code: queued.code };
  const outcome = await deps.outcomes.wait(actor.tenantId, queued.commandId, deps.waitMs ?? 3000);
  if (outcome.status === "pending") return { ok: true, status: "processing" };
  if (outcome.status === "done") return { ok: true, status: "resubmitted" };
  return { ok: false, code: outcome.code === "NotReturned" ? "notReturned" : "failed" };
}

// ---------------------------------------------------------------------------------------------
// The clerk's work

/** A clerk with the roles of their session (a case outside their agendas is not found). */
export type CaseClerk = ClerkActor & { roles: readonly string[] };

async function clerkCase(
  db: Kysely<Database> | Transaction<Database>,
  actor: CaseClerk,
  caseId: string,
  lock = false,
): Promise<CaseRow | undefined> {
  const c = await findCase(db, actor.tenantId, caseId, { lock });
  return c && mayWorkAgenda(actor.roles, c.agenda) ? c : undefined;
}

function clerkAuditEntry(actor: CaseClerk, action: string, caseId: string, details = {}) {
  return {
    tenantId: actor.tenantId,
    actorType: "clerk" as const,
    actorId: actor.clerkId,
    action,
    subjectType: "case",
    subjectId: caseId,
    requestId: actor.requestId,
    details,
  };
}

/**
 * The case as a clerk opens it: the filed values, the files, the filer's identity and the whole
 * timeline. Opening it is audited (access to personal data).
 */
export async function openCase(deps: { db: Kysely<Database> }, actor: CaseClerk, caseId: string) {
  const c = await clerkCase(deps.db, actor, caseId);
  if (!c) return null;
  const [attachments, events, person, contacts, identities, obligation] = await Promise.all([
    listCaseAttachments(deps.db, actor.tenantId, c.id),
    listCaseEvents(deps.db, actor.tenantId, c.id, { citizen: false }),
    findPerson(deps.db, actor.tenantId, c.person_id),
    listContacts(deps.db, actor.tenantId, c.person_id),
    deps.db.selectFrom("external_identities").select(["provider", "level_of_assurance"])
      .where("tenant_id", "=", actor.tenantId).where("person_id", "=", c.person_id).execute(),
    // The předpis issued on approval (dog fee), shown as on the citizen's case page.
    findCaseObligation(deps.db, actor.tenantId, c.id),
  ]);
  const assignee = c.assigned_clerk_id
    ? await findClerk(deps.db, actor.tenantId, c.assigned_clerk_id)
    : undefined;
  const clerkNames = new Map<string, string>();
  for (const id of new Set(events.filter((e) => e.actor_type === "clerk").map((e) => e.actor_id))) {
    if (!id) continue;
    const clerk = await findClerk(deps.db, actor.tenantId, id);
    if (clerk) clerkNames.set(id, clerk.display_name);
  }
  await appendAudit(
    deps.db,
    clerkAuditEntry(actor, "case.viewed", c.id, { personId: c.person_id }),
  );
  return {
    case: c,
    attachments,
    events: events.map((e) => ({
      ...e,
      actorName: e.actor_type === "clerk" && e.actor_id ? clerkNames.get(e.actor_id) ?? null : null,
    })),
    person: person
      ? {
        givenName: person.given_name,
        familyName: person.family_name,
        birthDate: person.birth_date,
        address: person.address,
        username: person.username,
        contacts: contacts.filter((x) => x.verified_at).map((x) => ({
          kind: x.kind,
          value: x.value,
        })),
        identities: identities.map((i) => ({
          provider: i.provider,
          levelOfAssurance: i.level_of_assurance,
        })),
      }
      : null,
    assigneeName: assignee?.display_name ?? null,
    obligation: obligation ?? null,
  };
}

export type ClaimResult =
  | { ok: true }
  | { ok: false; code: "notFound" | "taken" | "notHolder" | "closed" };

/** Takes a case from the queue (one clerk at a time), or gives it back. */
export async function claimCase(
  deps: { db: Kysely<Database> },
  actor: CaseClerk,
  input: { caseId: string; release: boolean },
): Promise<ClaimResult> {
  return await deps.db.transaction().execute(async (trx): Promise<ClaimResult> => {
    const c = await clerkCase(trx, actor, input.caseId, true);
    if (!c) return { ok: false, code: "notFound" };
    if (c.state !== "filed" && c.state !== "returned") return { ok: false, code: "closed" };
    const changed = input.release
      ? await setAssignee(trx, actor.tenantId, c.id, null, actor.clerkId)
      : c.assigned_clerk_id === actor.clerkId ||
        await setAssignee(trx, actor.tenantId, c.id, actor.clerkId, null);
    if (!changed) return { ok: false, code: input.release ? "notHolder" : "taken" };
    if (input.release || c.assigned_clerk_id !== actor.clerkId) {
      const kind = input.release ? "released" : "claimed";
      await appendCaseEvent(trx, actor.tenantId, {
        caseId: c.id,
        key: eventKey(c.id, kind, crypto.randomUUID()),
        actorType: "clerk",
        actorId: actor.clerkId,
        kind,
        visibleToCitizen: visibleToCitizen(kind),
      });
      await appendAudit(trx, clerkAuditEntry(actor, `case.${kind}`, c.id));
    }
    return { ok: true };
  });
}

export type DecideResult =
  | { ok: true; status: "decided" | "processing" }
  | { ok: false; code: "invalid"; errors: FieldError[] }
  | { ok: false; code: "notFound" | "notDecidable" | "failed" };

/**
 * A clerk's decision (approve, return with a message, reject with a reason), sent to the case's
 * workflow as a validated Update. The text is checked here first, for field errors at once; the
 * workflow's validator stays the last word. A decision already on its way is this one too.
 */
export async function decideCase(
  deps: { db: Kysely<Database>; outcomes: OutcomeWaiter; waitMs?: number },
  actor: CaseClerk,
  input: { caseId: string; decision: Decision; text: string },
): Promise<DecideResult> {
  const errors = checkDecision(input.decision, input.text);
  if (errors.length) return { ok: false, code: "invalid", errors };
  type Queued = { commandId: string } | { code: "notFound" | "notDecidable" };
  const queued = await deps.db.transaction().execute(async (trx): Promise<Queued> => {
    const c = await clerkCase(trx, actor, input.caseId, true);
    if (!c) return { code: "notFound" };
    if (!mayDecide(c.state)) return { code: "notDecidable" };
    const pending = await latestCommandFor(
      trx,
      actor.tenantId,
      { type: "case", id: c.id },
      "update",
    );
    if (pending?.status === "pending" && pending.name === "decide") {
      return { commandId: pending.id };
    }
    await appendAudit(
      trx,
      clerkAuditEntry(actor, "case.decision_requested", c.id, {
        decision: input.decision,
        reason: auditReason(input.text),
      }),
    );
    const { id } = await enqueueCommand(
      trx,
      caseDecision({ tenantId: actor.tenantId, caseId: c.id, workflowId: c.workflow_id }, {
        decision: input.decision,
        text: input.text,
        clerkId: actor.clerkId,
        requestId: crypto.randomUUID(),
      }),
    );
    return { commandId: id };
  });
  if ("code" in queued) return { ok: false, code: queued.code };
  const outcome = await deps.outcomes.wait(actor.tenantId, queued.commandId, deps.waitMs ?? 5000);
  if (outcome.status === "pending") return { ok: true, status: "processing" };
  if (outcome.status === "done") return { ok: true, status: "decided" };
  return {
    ok: false,
    code: outcome.code === "NotDecidable" || outcome.code === "WorkflowNotFound"
      ? "notDecidable"
      : "failed",
  };
}

export type NoteResult =
  | { ok: true; status: "added" | "processing" }
  | { ok: false; code: "invalid"; errors: FieldError[] }
  | { ok: false; code: "notFound" | "failed" };

/** An internal note on the case's timeline (never shown to the citizen), through the workflow. */
export async function addCaseNote(
  deps: { db: Kysely<Database>; outcomes: OutcomeWaiter; waitMs?: number },
  actor: CaseClerk,
  input: { caseId: string; text: string },
): Promise<NoteResult> {
  const errors = checkNote(input.text);
  if (errors.length) return { ok: false, code: "invalid", errors };
  const queued = await deps.db.transaction().execute(async (trx) => {
    const c = await clerkCase(trx, actor, input.caseId, true);
    if (!c) return null;
    await appendAudit(trx, clerkAuditEntry(actor, "case.note_added", c.id));
    return await enqueueCommand(
      trx,
      caseNote({ tenantId: actor.tenantId, caseId: c.id, workflowId: c.workflow_id }, {
        text: input.text,
        clerkId: actor.clerkId,
        requestId: crypto.randomUUID(),
      }),
    );
  });
  if (!queued) return { ok: false, code: "notFound" };
  const outcome = await deps.outcomes.wait(actor.tenantId, queued.id, deps.waitMs ?? 5000);
  if (outcome.status === "pending") return { ok: true, status: "processing" };
  if (outcome.status === "done") return { ok: true, status: "added" };
  return { ok: false, code: "failed" };
}

/** Whether a decision or a correction of the case is still on its way to the workflow. */
export async function caseProcessing(
  db: Kysely<Database>,
  tenantId: string,
  caseId: string,
): Promise<boolean> {
  const latest = await latestCommandFor(db, tenantId, { type: "case", id: caseId }, "update");
  return latest?.status === "pending" && latest.name !== "note";
}

// ---------------------------------------------------------------------------------------------
// The citizen's view

/** The person's case with what they may see of its timeline and files; null if not theirs. */
export async function citizenCase(
  deps: { db: Kysely<Database> },
  actor: PersonActor,
  caseId: string,
) {
  const c = await findPersonCase(deps.db, actor.tenantId, actor.personId, caseId);
  if (!c) return null;
  const [events, attachments, processing, obligation] = await Promise.all([
    listCaseEvents(deps.db, actor.tenantId, c.id, { citizen: true }),
    listCaseAttachments(deps.db, actor.tenantId, c.id),
    caseProcessing(deps.db, actor.tenantId, c.id),
    findCaseObligation(deps.db, actor.tenantId, c.id),
  ]);
  return { case: c, events, attachments, processing, obligation: obligation ?? null };
}
