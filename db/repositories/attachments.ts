/**
 * Files people upload with a form. Stored with their SHA-256 and the media type judged by their
 * content; bound to a case when the form is filed. Reads are scoped to the town and to the
 * owner (a citizen) or to the case (a clerk).
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface NewAttachment {
  id: string;
  personId: string;
  field: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  content: Uint8Array;
}

export async function insertAttachment(db: Db, tenantId: string, a: NewAttachment) {
  await db.insertInto("attachments").values({
    id: a.id,
    tenant_id: tenantId,
    person_id: a.personId,
    field: a.field,
    file_name: a.fileName,
    media_type: a.mediaType,
    size_bytes: a.sizeBytes,
    sha256: a.sha256,
    content: a.content,
  }).execute();
}

const META = [
  "id",
  "field",
  "file_name",
  "media_type",
  "size_bytes",
  "sha256",
  "case_id",
  "created_at",
] as const;

/** The person's files not yet filed with a case (a draft may reference them). */
export function listUnfiledAttachments(db: Db, tenantId: string, personId: string) {
  return db.selectFrom("attachments").select(META)
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("case_id", "is", null).execute();
}

/** Binds the person's unfiled files to a case; returns how many were bound. */
export async function bindAttachments(
  trx: Transaction<Database>,
  tenantId: string,
  personId: string,
  caseId: string,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await trx.updateTable("attachments").set({ case_id: caseId })
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("id", "in", [...ids])
    .where((eb) => eb.or([eb("case_id", "is", null), eb("case_id", "=", caseId)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function listCaseAttachments(db: Db, tenantId: string, caseId: string) {
  return db.selectFrom("attachments").select(META)
    .where("tenant_id", "=", tenantId).where("case_id", "=", caseId)
    .orderBy("created_at").orderBy("file_name").execute();
}

/** One file of a case, with its content. */
export function findCaseAttachment(db: Db, tenantId: string, caseId: string, id: string) {
  return db.selectFrom("attachments").selectAll()
    .where("tenant_id", "=", tenantId).where("case_id", "=", caseId).where("id", "=", id)
    .executeTakeFirst();
}

/** The content of one of the person's files (filed or not), or undefined. */
export async function findOwnAttachmentContent(
  db: Db,
  tenantId: string,
  personId: string,
  id: string,
): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom("attachments").select("content")
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId).where("id", "=", id)
    .executeTakeFirst();
  return row?.content;
}

/** Files never filed and older than `before` (their draft expired or was abandoned). */
export async function deleteStaleAttachments(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom("attachments").where("case_id", "is", null)
    .where("created_at", "<", before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
