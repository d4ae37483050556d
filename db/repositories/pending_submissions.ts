/**
 * Forms sent without an account, waiting for the sender to open the link in their e-mail. Found
 * only by the hash of the link's token, within the town.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface NewPendingFile {
  id: string;
  field: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  content: Uint8Array;
}

export async function insertPendingSubmission(
  db: Db,
  tenantId: string,
  p: {
    id: string;
    slug: string;
    email: string;
    tokenHash: string;
    values: Record<string, unknown>;
    expiresAt: Date;
    files: readonly NewPendingFile[];
  },
): Promise<void> {
  await db.insertInto("pending_submissions").values({
    id: p.id,
    tenant_id: tenantId,
    form_slug: p.slug,
    email: p.email,
    token_hash: p.tokenHash,
    values: JSON.stringify(p.values),
    expires_at: p.expiresAt,
  }).execute();
  for (const f of p.files) {
    await db.insertInto("pending_submission_files").values({
      id: f.id,
      pending_id: p.id,
      tenant_id: tenantId,
      field: f.field,
      file_name: f.fileName,
      media_type: f.mediaType,
      size_bytes: f.sizeBytes,
      sha256: f.sha256,
      content: f.content,
    }).execute();
  }
}

export function findPendingByToken(
  db: Db,
  tenantId: string,
  tokenHash: string,
  opts: { lock?: boolean } = {},
) {
  let q = db.selectFrom("pending_submissions").selectAll()
    .where("tenant_id", "=", tenantId).where("token_hash", "=", tokenHash);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function listPendingFiles(db: Db, tenantId: string, pendingId: string) {
  return db.selectFrom("pending_submission_files").selectAll()
    .where("tenant_id", "=", tenantId).where("pending_id", "=", pendingId).execute();
}

/** Marks the submission filed as `caseId` and drops its waiting files. */
export async function markPendingFiled(
  db: Db,
  tenantId: string,
  pendingId: string,
  caseId: string,
  now: Date,
): Promise<void> {
  await db.updateTable("pending_submissions").set({ case_id: caseId, confirmed_at: now })
    .where("tenant_id", "=", tenantId).where("id", "=", pendingId).where("case_id", "is", null)
    .execute();
  await db.deleteFrom("pending_submission_files").where("tenant_id", "=", tenantId)
    .where("pending_id", "=", pendingId).execute();
}

/** Unconfirmed submissions past their expiry (with their files). */
export async function deleteExpiredPending(db: Db, now: Date): Promise<number> {
  const r = await db.deleteFrom("pending_submissions").where("case_id", "is", null)
    .where("expires_at", "<", now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
