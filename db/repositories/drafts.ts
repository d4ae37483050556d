/**
 * Drafts of forms: one per person, town and form, saved on every step and by the autosave.
 * Every function takes the tenant and the person: another person's draft is never found.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export async function upsertDraft(
  db: Db,
  tenantId: string,
  personId: string,
  d: {
    formSlug: string;
    values: Record<string, unknown>;
    step: number;
    now: Date;
    expiresAt: Date;
  },
): Promise<{ id: string; created: boolean }> {
  const row = await db.insertInto("drafts").values({
    tenant_id: tenantId,
    person_id: personId,
    form_slug: d.formSlug,
    values: JSON.stringify(d.values),
    step: d.step,
    created_at: d.now,
    updated_at: d.now,
    expires_at: d.expiresAt,
  }).onConflict((oc) =>
    oc.columns(["tenant_id", "person_id", "form_slug"]).doUpdateSet({
      values: JSON.stringify(d.values),
      step: d.step,
      updated_at: d.now,
      expires_at: d.expiresAt,
      expiry_warned_at: null,
    })
  ).returning(["id", sql<boolean>`(xmax = 0)`.as("created")]).executeTakeFirstOrThrow();
  return { id: row.id, created: row.created };
}

export function findDraft(db: Db, tenantId: string, personId: string, formSlug: string) {
  return db.selectFrom("drafts").selectAll()
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("form_slug", "=", formSlug).executeTakeFirst();
}

export function listDrafts(db: Db, tenantId: string, personId: string) {
  return db.selectFrom("drafts")
    .select(["id", "form_slug", "step", "updated_at", "expires_at"])
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .orderBy("updated_at", "desc").execute();
}

export async function deleteDraft(
  db: Db,
  tenantId: string,
  personId: string,
  formSlug: string,
): Promise<boolean> {
  const r = await db.deleteFrom("drafts")
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("form_slug", "=", formSlug).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Drafts (of every town) expiring before `before` whose owner was not yet told. */
export function draftsToWarn(db: Db, now: Date, before: Date, limit = 500) {
  return db.selectFrom("drafts")
    .select(["id", "tenant_id", "person_id", "form_slug", "expires_at"])
    .where("expires_at", "<=", before).where("expires_at", ">", now)
    .where("expiry_warned_at", "is", null).orderBy("expires_at").limit(limit).execute();
}

export async function markDraftWarned(
  db: Db,
  tenantId: string,
  id: string,
  expiresAt: Date,
): Promise<boolean> {
  const r = await db.updateTable("drafts").set({ expiry_warned_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", id)
    .where("expires_at", "=", expiresAt).where("expiry_warned_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes drafts (of every town) past their expiry; returns how many. */
export async function deleteExpiredDrafts(db: Db, now: Date): Promise<number> {
  const r = await db.deleteFrom("drafts").where("expires_at", "<=", now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
