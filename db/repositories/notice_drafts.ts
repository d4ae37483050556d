/**
 * Notices waiting for their confirmation (issue 10): what the clerk filled in, with the uploaded
 * documents, so the confirmation page can preview it and carry only the draft's id. A draft is
 * the clerk's own: every function takes the tenant and the clerk.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema.ts";
import type { NoticeDocumentInput } from "../../domain/notice.ts";
import { isUuid } from "./notices.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface NewNoticeDraft {
  idempotencyKey: string;
  title: string;
  description: string | null;
  referenceNumber: string | null;
  agenda: string | null;
  /** null = as soon as it is confirmed. */
  postedFrom: Date | null;
  relevantUntil: Date | null;
  documents: readonly NoticeDocumentInput[];
}

/** Drafts older than this are nobody's any more: deleted when anyone in the town saves one. */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Stores a draft. `keepDocumentsOf`: when the clerk came back to the form and chose no new
 * files, the documents of that (own) earlier draft move to this one. The replaced draft and the
 * town's drafts older than a day are deleted.
 */
export async function insertNoticeDraft(
  trx: Transaction<Database>,
  tenantId: string,
  clerkId: string,
  draft: NewNoticeDraft,
  opts: { replaces?: string | null; now: Date },
): Promise<string> {
  const id = crypto.randomUUID();
  await trx.insertInto("notice_drafts").values({
    id,
    tenant_id: tenantId,
    clerk_id: clerkId,
    idempotency_key: draft.idempotencyKey,
    title: draft.title,
    description: draft.description,
    reference_number: draft.referenceNumber,
    agenda: draft.agenda,
    posted_from: draft.postedFrom,
    relevant_until: draft.relevantUntil,
  }).execute();
  const replaces = opts.replaces && isUuid(opts.replaces) ? opts.replaces : null;
  if (draft.documents.length === 0 && replaces) {
    await trx.updateTable("notice_draft_documents").set({ draft_id: id })
      .where("tenant_id", "=", tenantId)
      .where("draft_id", "in", (q) =>
        q.selectFrom("notice_drafts").select("id")
          .where("tenant_id", "=", tenantId).where("clerk_id", "=", clerkId)
          .where("id", "=", replaces))
      .execute();
  }
  let position = 0;
  for (const doc of draft.documents) {
    await trx.insertInto("notice_draft_documents").values({
      id: crypto.randomUUID(),
      draft_id: id,
      tenant_id: tenantId,
      position: position++,
      file_name: doc.fileName,
      media_type: doc.mediaType,
      size_bytes: doc.content.byteLength,
      content: doc.content,
    }).execute();
  }
  // The replaced draft goes, and every draft of the town nobody confirmed within a day.
  const stale = trx.deleteFrom("notice_drafts")
    .where("tenant_id", "=", tenantId).where("id", "!=", id)
    .where((eb) => {
      const old = eb("created_at", "<", new Date(opts.now.getTime() - DRAFT_TTL_MS));
      return replaces
        ? eb.or([eb.and([eb("clerk_id", "=", clerkId), eb("id", "=", replaces)]), old])
        : old;
    });
  await stale.execute();
  return id;
}

/** The clerk's own draft; `lock` (in a transaction) holds it until commit. */
export function findNoticeDraft(
  db: Db,
  tenantId: string,
  clerkId: string,
  id: string,
  opts: { lock?: boolean } = {},
) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  const q = db.selectFrom("notice_drafts").selectAll()
    .where("tenant_id", "=", tenantId).where("clerk_id", "=", clerkId).where("id", "=", id);
  return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
}

/** The draft's documents without their content (for the preview). */
export function listNoticeDraftDocuments(db: Db, tenantId: string, draftId: string) {
  return db.selectFrom("notice_draft_documents")
    .select(["id", "file_name", "media_type", "size_bytes"])
    .where("tenant_id", "=", tenantId).where("draft_id", "=", draftId)
    .orderBy("position").execute();
}

/** The draft's documents with their content (to file the notice). */
export async function readNoticeDraftDocuments(
  db: Db,
  tenantId: string,
  draftId: string,
): Promise<NoticeDocumentInput[]> {
  const rows = await db.selectFrom("notice_draft_documents")
    .select(["file_name", "media_type", "content"])
    .where("tenant_id", "=", tenantId).where("draft_id", "=", draftId)
    .orderBy("position").execute();
  return rows.map((r) => ({ fileName: r.file_name, mediaType: r.media_type, content: r.content }));
}

export async function deleteNoticeDraft(db: Db, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom("notice_drafts").where("tenant_id", "=", tenantId).where("id", "=", id)
    .execute();
}

/** The notice filed under this idempotency key, if any (a second click on "Ano, vyvěsit"). */
export function findNoticeByKey(db: Db, tenantId: string, idempotencyKey: string) {
  return db.selectFrom("notices").select("id")
    .where("tenant_id", "=", tenantId).where("idempotency_key", "=", idempotencyKey)
    .executeTakeFirst();
}
