/**
 * Filing without an account, for the forms whose definition allows it (a field required only
 * when not signed in: the defect report's e-mail). The submission waits (24 h) until the sender
 * opens the link e-mailed to them; confirming files it through the kit's filing office
 * (`fileCase`, once per submission) for the person behind that e-mail address — an existing
 * person with it verified, else a new person without an account, the address verified by the
 * link. The case's own messages then reach that address like any citizen's.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  deleteExpiredPending,
  findPendingByToken,
  insertPendingSubmission,
  listPendingFiles,
  markPendingFiled,
  type NewPendingFile,
} from "../db/repositories/pending_submissions.ts";
import { findCase } from "../db/repositories/cases.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import {
  applyAction,
  type AttachmentRef,
  checkUploads,
  type FormDefinition,
  type ParsedSubmission,
  type RawValues,
  splitPath,
  stepOf,
  validateSubmission,
} from "../domain/forms/mod.ts";
import { sha256Hex } from "../domain/files.ts";
import { normalizeEmail } from "../domain/identity.ts";
import { formatPragueDate } from "../domain/time.ts";
import type { FieldError } from "../domain/validation.ts";
import { sendMessage } from "../lib/messaging.ts";
import { randomToken } from "../lib/crypto.ts";
import { defaultCaseForms } from "./case_forms.ts";
import { type CaseDeps, type CaseRequestContext, fileCase } from "./cases.ts";
import { allowsAnonymous } from "./form_page.ts";

/** How long the link in the e-mail files the submission. */
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;

export type AnonymousDeps = { db: Kysely<Database>; now: () => Date; forms?: CaseDeps["forms"] };

export type AnonymousSubmitResult =
  | { ok: true; kind: "sent"; email: string }
  | {
    ok: false;
    kind: "rerender" | "invalid";
    def: FormDefinition;
    values: RawValues;
    step: number | null;
    errors: FieldError<string>[];
  }
  | { ok: false; code: "notFound" };

/** Who sends it: the town and the request (for the link and the audit). */
export type AnonymousContext = CaseRequestContext & { tenantId: string; requestId: string | null };

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
  node[last] = [...(Array.isArray(node[last]) ? node[last] : []), id];
}

/**
 * One POST of the form by a visitor without an account: add/remove and steps re-render; the
 * submit is validated whole (files by content), then stored as pending and the confirmation
 * link e-mailed. Nothing is filed yet.
 */
export async function submitAnonymousForm(
  deps: AnonymousDeps,
  ctx: AnonymousContext,
  input: { slug: string; parsed: Extract<ParsedSubmission, { ok: true }> },
): Promise<AnonymousSubmitResult> {
  const def = (deps.forms ?? defaultCaseForms)(input.slug)?.definition;
  if (!def || !allowsAnonymous(def)) return { ok: false, code: "notFound" };
  const { parsed } = input;
  // A visitor has no stored files: ids in the post are dropped, never looked up.
  const values = structuredClone(parsed.values);
  if (parsed.action.kind !== "submit" || parsed.step !== null) {
    const a = parsed.action;
    const here = a.kind === "submit" ? 0 : stepOf(def, a.group);
    const step = Math.min(Math.max(parsed.step ?? here, 0), def.steps.length - 1);
    return {
      ok: false,
      kind: "rerender",
      def,
      values: applyAction(def, values, a),
      step,
      errors: [],
    };
  }
  const uploads = await checkUploads(def, values, parsed.files);
  const refs: Record<string, AttachmentRef> = {};
  const checked = structuredClone(values);
  for (const u of uploads.accepted) {
    const id = crypto.randomUUID();
    refs[id] = { id, name: u.name, size: u.size, mediaType: u.mediaType, sha256: u.sha256 };
    keepAt(checked, u.path, id);
  }
  const now = deps.now();
  const validated = validateSubmission(def, checked, {
    today: formatPragueDate(now),
    signedIn: false,
    attachments: refs,
  });
  const errors = [...uploads.errors, ...(validated.ok ? [] : validated.errors)];
  if (!validated.ok || errors.length) {
    return { ok: false, kind: "invalid", def, values, step: null, errors };
  }
  const email = normalizeEmail(String(validated.value.email ?? ""));
  const token = randomToken();
  const id = crypto.randomUUID();
  const files: NewPendingFile[] = uploads.accepted.map((u) => ({
    id: crypto.randomUUID(),
    field: u.path,
    fileName: u.name,
    mediaType: u.mediaType,
    sizeBytes: u.size,
    sha256: u.sha256,
    content: u.bytes,
  }));
  const link = `${ctx.origin}/zivotni-situace/${input.slug}/potvrzeni?token=${token}`;
  await deps.db.transaction().execute(async (trx) => {
    await deleteExpiredPending(trx, now);
    await insertPendingSubmission(trx, ctx.tenantId, {
      id,
      slug: input.slug,
      email,
      tokenHash: await sha256Hex(new TextEncoder().encode(token)),
      values,
      expiresAt: new Date(now.getTime() + PENDING_TTL_MS),
      files,
    });
    const params = { town: ctx.townName, form: ctx.t(def.title), link };
    await sendMessage(trx, ctx.tenantId, {
      idempotencyKey: `pending-submission/${id}`,
      channel: "email",
      recipient: email,
      subject: ctx.t("anonymousFiling.mail.subject", params),
      body: ctx.t("anonymousFiling.mail.body", params),
      personId: null,
      kind: "code", // the confirmation link files the case: never kept
      secret: true,
    });
  });
  return { ok: true, kind: "sent", email };
}

export type ConfirmResult =
  | { ok: true; caseId: string; reference: string; slug: string }
  | { ok: false; code: "notFound" | "expired" | "invalid" };

/**
 * Opening the link files the submission, once: a second click (or two at once) gets the same
 * case. Past its 24 hours the link files nothing.
 */
export async function confirmAnonymousFiling(
  deps: CaseDeps,
  ctx: AnonymousContext,
  input: { slug: string; token: string },
): Promise<ConfirmResult> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(input.token)) return { ok: false, code: "notFound" };
  const tokenHash = await sha256Hex(new TextEncoder().encode(input.token));
  const now = deps.now();
  type Claimed =
    | { code: "notFound" | "expired" }
    | { done: { caseId: string; reference: string } }
    | { pendingId: string; personId: string; values: Record<string, unknown> };
  const claimed = await deps.db.transaction().execute(async (trx): Promise<Claimed> => {
    const p = await findPendingByToken(trx, ctx.tenantId, tokenHash, { lock: true });
    if (!p || p.form_slug !== input.slug) return { code: "notFound" };
    if (p.case_id) {
      const c = await findCase(trx, ctx.tenantId, p.case_id);
      return c ? { done: { caseId: c.id, reference: c.reference } } : { code: "notFound" };
    }
    if (p.expires_at.getTime() < now.getTime()) return { code: "expired" };
    const known = await trx.selectFrom("person_contacts").select("person_id")
      .where("tenant_id", "=", ctx.tenantId).where("kind", "=", "email")
      .where("value", "=", p.email).where("verified_at", "is not", null).executeTakeFirst();
    let personId = known?.person_id;
    if (!personId) {
      const person = await trx.insertInto("persons").values({
        tenant_id: ctx.tenantId,
        username: `oznamovatel.${crypto.randomUUID().slice(0, 12)}`,
        given_name: ctx.t("anonymousFiling.personGivenName"),
        family_name: p.email,
        password_hash: null,
        status: "pending",
        updated_at: now,
      }).returning("id").executeTakeFirstOrThrow();
      personId = person.id;
      await trx.insertInto("person_contacts").values({
        tenant_id: ctx.tenantId,
        person_id: personId,
        kind: "email",
        value: p.email,
        verified_at: now,
      }).execute();
    }
    await appendAudit(trx, {
      tenantId: ctx.tenantId,
      actorType: "person",
      actorId: personId,
      action: "pending_submission.confirmed",
      subjectType: "pending_submission",
      subjectId: p.id,
      requestId: ctx.requestId,
    });
    return { pendingId: p.id, personId, values: p.values };
  });
  if ("code" in claimed) return { ok: false, code: claimed.code };
  if ("done" in claimed) return { ok: true, ...claimed.done, slug: input.slug };

  const files = await listPendingFiles(deps.db, ctx.tenantId, claimed.pendingId);
  const filed = await fileCase(
    deps,
    { tenantId: ctx.tenantId, personId: claimed.personId, onBehalfOf: null, requestId: null },
    ctx,
    {
      slug: input.slug,
      values: claimed.values,
      files: files.map((f) => ({ path: f.field, name: f.file_name, bytes: f.content })),
      idempotencyKey: `anonymous:${claimed.pendingId}`,
    },
  );
  if (!filed.ok) return { ok: false, code: filed.code === "invalid" ? "invalid" : "notFound" };
  await markPendingFiled(deps.db, ctx.tenantId, claimed.pendingId, filed.caseId, now);
  return { ok: true, caseId: filed.caseId, reference: filed.reference, slug: input.slug };
}
