/**
 * Drafts of forms: saved on every step and by the autosave, resumed on any device, deleted by
 * the person, expired after 90 days untouched (the draft-expiry Schedule). A draft belongs to a
 * person in a town: another person's draft is never found.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  deleteDraft as removeDraft,
  findDraft,
  listDrafts,
  upsertDraft,
} from "../db/repositories/drafts.ts";
import { listPersonCases } from "../db/repositories/cases.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { DRAFT_MAX_BYTES, draftExpiry } from "../domain/cases.ts";
import type { PersonActor } from "./deps.ts";
import { type CaseForms, defaultCaseForms } from "./case_forms.ts";

export interface DraftDeps {
  db: Kysely<Database>;
  now: () => Date;
  forms?: CaseForms;
}

export type SaveDraftResult =
  | { ok: true; created: boolean }
  | { ok: false; code: "notFound" | "tooLarge" };

/** Saves what the person typed so far (as typed, unvalidated) and the step they are on. */
export async function saveDraft(
  deps: DraftDeps,
  actor: PersonActor,
  input: { slug: string; values: Record<string, unknown>; step: number },
): Promise<SaveDraftResult> {
  if (!(deps.forms ?? defaultCaseForms)(input.slug)) return { ok: false, code: "notFound" };
  const json = JSON.stringify(input.values);
  if (new TextEncoder().encode(json).byteLength > DRAFT_MAX_BYTES) {
    return { ok: false, code: "tooLarge" };
  }
  const now = deps.now();
  const step = Number.isInteger(input.step) && input.step >= 0 && input.step < 100 ? input.step : 0;
  const saved = await upsertDraft(deps.db, actor.tenantId, actor.personId, {
    formSlug: input.slug,
    values: input.values,
    step,
    now,
    expiresAt: draftExpiry(now),
  });
  return { ok: true, created: saved.created };
}

/** The person's draft of a form (to resume it), or null. */
export async function loadDraft(
  deps: { db: Kysely<Database> },
  actor: PersonActor,
  slug: string,
): Promise<{ values: Record<string, unknown>; step: number; updatedAt: Date } | null> {
  const d = await findDraft(deps.db, actor.tenantId, actor.personId, slug);
  return d ? { values: d.values, step: d.step, updatedAt: d.updated_at } : null;
}

export async function deleteDraft(
  deps: { db: Kysely<Database> },
  actor: PersonActor,
  slug: string,
): Promise<boolean> {
  return await deps.db.transaction().execute(async (trx) => {
    const deleted = await removeDraft(trx, actor.tenantId, actor.personId, slug);
    if (deleted) {
      await appendAudit(trx, {
        tenantId: actor.tenantId,
        actorType: "person",
        actorId: actor.personId,
        onBehalfOf: actor.onBehalfOf,
        action: "draft.deleted",
        subjectType: "draft",
        subjectId: slug,
        requestId: actor.requestId,
      });
    }
    return deleted;
  });
}

/** `/ucet/podani`: the person's drafts and filed cases. */
export async function listSubmissions(deps: { db: Kysely<Database> }, actor: PersonActor) {
  const [drafts, cases] = await Promise.all([
    listDrafts(deps.db, actor.tenantId, actor.personId),
    listPersonCases(deps.db, actor.tenantId, actor.personId),
  ]);
  return { drafts, cases };
}
