/**
 * Representation: a person acting for another (a family member under a power of attorney, a
 * child as a parent, a company). Requested with a document, verified by a clerk.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, RepresentationRow } from "../schema.ts";
import type { RepresentationDraft } from "../../domain/representation.ts";
import { formatPragueDate } from "../../domain/time.ts";
import { isUuid } from "./notices.ts";

/** A granted, unexpired representation of this representative, or undefined. */
export function findActiveRepresentation(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  representativeId: string,
  today = new Date().toISOString().slice(0, 10),
): Promise<RepresentationRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db.selectFrom("representations").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id)
    .where("representative_id", "=", representativeId).where("status", "=", "granted")
    .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">=", today)]))
    .executeTakeFirst();
}

type Db = Kysely<Database> | Transaction<Database>;

/** Everything but the document's bytes: lists and detail pages never carry a 10 MB blob. */
const summaryColumns = [
  "representations.id",
  "representations.representative_id",
  "representations.kind",
  "representations.represented_person_id",
  "representations.represented_name",
  "representations.represented_birth_date",
  "representations.represented_ico",
  "representations.scope",
  "representations.valid_until",
  "representations.status",
  "representations.document_name",
  "representations.document_type",
  "representations.requested_at",
  "representations.decided_by",
  "representations.decided_at",
  "representations.decision_note",
  "representations.grant_evidence",
] as const;

export type RepresentationSummary = Omit<
  RepresentationRow,
  "tenant_id" | "idempotency_key" | "document"
>;

/**
 * Files a request once per idempotency key. A second call with the same key (double click,
 * retried request) stores nothing and returns the first request with `created: false`.
 */
export async function createRepresentationRequest(
  db: Kysely<Database>,
  tenantId: string,
  idempotencyKey: string,
  representativeId: string,
  draft: RepresentationDraft,
): Promise<{ id: string; created: boolean }> {
  const inserted = await db.insertInto("representations").values({
    tenant_id: tenantId,
    idempotency_key: idempotencyKey,
    representative_id: representativeId,
    kind: draft.kind,
    represented_person_id: null,
    represented_name: draft.representedName,
    represented_birth_date: draft.representedBirthDate,
    represented_ico: draft.representedIco,
    scope: [...draft.scope],
    valid_until: draft.validUntil,
    document_name: draft.document.fileName,
    document_type: draft.document.mediaType,
    document: draft.document.content,
    decided_by: null,
    decided_at: null,
    decision_note: null,
  }).onConflict((oc) => oc.columns(["tenant_id", "idempotency_key"]).doNothing())
    .returning("id").executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const first = await db.selectFrom("representations").select("id")
    .where("tenant_id", "=", tenantId).where("idempotency_key", "=", idempotencyKey)
    .where("representative_id", "=", representativeId).executeTakeFirst();
  // The key is a server-made UUID; one held by someone else means a forged form.
  if (!first) throw new Error("idempotency key belongs to another representative");
  return { id: first.id, created: false };
}

/** The representative's own requests and representations, newest first. */
export function listForRepresentative(
  db: Db,
  tenantId: string,
  representativeId: string,
): Promise<RepresentationSummary[]> {
  return db.selectFrom("representations").select(summaryColumns)
    .where("tenant_id", "=", tenantId).where("representative_id", "=", representativeId)
    .orderBy("requested_at", "desc").orderBy("id").execute();
}

/** Granted and unexpired: whom this person may act for right now, by name. */
export function listGrantedFor(
  db: Db,
  tenantId: string,
  personId: string,
  today = formatPragueDate(new Date()),
): Promise<{ id: string; name: string }[]> {
  return db.selectFrom("representations")
    .select(["id", "represented_name as name"])
    .where("tenant_id", "=", tenantId).where("representative_id", "=", personId)
    .where("status", "=", "granted")
    .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">=", today)]))
    .orderBy("represented_name").orderBy("id").execute();
}

/** One representation as its representative sees it; anyone else's is undefined. */
export function findForRepresentative(
  db: Db,
  tenantId: string,
  id: string,
  representativeId: string,
): Promise<RepresentationSummary | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db.selectFrom("representations").select(summaryColumns)
    .where("tenant_id", "=", tenantId).where("id", "=", id)
    .where("representative_id", "=", representativeId).executeTakeFirst();
}

export interface RepresentationDocumentRow {
  id: string;
  representative_id: string;
  document_name: string;
  document_type: string;
  document: Uint8Array;
}

/**
 * The attached document, scoped to the town and, for the person's own download, to the
 * representative (`representativeId`); the office passes none.
 */
export async function findRepresentationDocument(
  db: Db,
  tenantId: string,
  id: string,
  representativeId?: string,
): Promise<RepresentationDocumentRow | undefined> {
  if (!isUuid(id)) return undefined;
  let q = db.selectFrom("representations")
    .select(["id", "representative_id", "document_name", "document_type", "document"])
    .where("tenant_id", "=", tenantId).where("id", "=", id)
    .where("document", "is not", null);
  if (representativeId !== undefined) q = q.where("representative_id", "=", representativeId);
  const row = await q.executeTakeFirst();
  if (!row?.document) return undefined;
  return {
    id: row.id,
    representative_id: row.representative_id,
    document_name: row.document_name ?? "dokument",
    document_type: row.document_type ?? "application/octet-stream",
    document: row.document,
  };
}

/**
 * The representative withdraws a request the office has not decided yet. It ends as `revoked`
 * with no deciding clerk, and its document is deleted (no reason to keep it).
 */
export async function withdrawRequest(
  db: Db,
  tenantId: string,
  id: string,
  representativeId: string,
): Promise<boolean> {
  if (!isUuid(id)) return false;
  const res = await db.updateTable("representations")
    .set({ status: "revoked", decided_at: new Date(), document: null })
    .where("tenant_id", "=", tenantId).where("id", "=", id)
    .where("representative_id", "=", representativeId).where("status", "=", "requested")
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** One representation for the office, scoped to the town; another town's id is undefined. */
export function findRepresentation(
  db: Db,
  tenantId: string,
  id: string,
): Promise<RepresentationSummary | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db.selectFrom("representations").select(summaryColumns)
    .where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
}

/** One representation of the town, locked until the transaction ends (a decision is taken once). */
export function lockRepresentation(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
): Promise<RepresentationSummary | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return trx.selectFrom("representations").select(summaryColumns)
    .where("tenant_id", "=", tenantId).where("id", "=", id).forUpdate().executeTakeFirst();
}

/**
 * The office grants a waiting request, optionally linking the represented party to a person of
 * the town. False when it was decided (or withdrawn) meanwhile.
 */
export async function grantRepresentation(
  db: Db,
  tenantId: string,
  id: string,
  clerkId: string,
  representedPersonId: string | null,
  /** The identity document checked ("občanský průkaz …4821"); null only for old callers. */
  evidence: string | null = null,
): Promise<boolean> {
  if (!isUuid(id)) return false;
  const res = await db.updateTable("representations")
    .set({
      status: "granted",
      decided_by: clerkId,
      decided_at: new Date(),
      represented_person_id: representedPersonId,
      grant_evidence: evidence,
    })
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("status", "=", "requested")
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** The office refuses a waiting request with a reason the representative will read. */
export async function refuseRepresentation(
  db: Db,
  tenantId: string,
  id: string,
  clerkId: string,
  reason: string,
): Promise<boolean> {
  if (!isUuid(id)) return false;
  const res = await db.updateTable("representations")
    .set({ status: "refused", decided_by: clerkId, decided_at: new Date(), decision_note: reason })
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("status", "=", "requested")
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export interface PersonCandidate {
  id: string;
  username: string;
  given_name: string;
  family_name: string;
  birth_date: string | null;
}

/**
 * Active persons of the town matching a name (any word in the given or family name) and/or a
 * birth date, for the clerk to link the represented person to. At most `limit`. (The office's
 * general person search is `searchPersons` in persons.ts.)
 */
export function findLinkCandidates(
  db: Db,
  tenantId: string,
  query: { name?: string; birthDate?: string | null; excludeId?: string },
  limit = 20,
): Promise<PersonCandidate[]> {
  const words = (query.name ?? "").split(/\s+/).filter(Boolean).slice(0, 4);
  if (words.length === 0 && !query.birthDate) return Promise.resolve([]);
  const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let q = db.selectFrom("persons")
    .select(["id", "username", "given_name", "family_name", "birth_date"])
    .where("tenant_id", "=", tenantId).where("status", "=", "active");
  for (const w of words) {
    q = q.where((eb) =>
      eb.or([eb("given_name", "ilike", like(w)), eb("family_name", "ilike", like(w))])
    );
  }
  if (query.birthDate) q = q.where("birth_date", "=", query.birthDate);
  if (query.excludeId) q = q.where("id", "!=", query.excludeId);
  return q.orderBy("family_name").orderBy("given_name").orderBy("id").limit(limit).execute();
}

/** A person whose obligations the reader sees and may pay: themselves or one they represent. */
export interface Payee {
  personId: string;
  name: string;
  self: boolean;
}

/**
 * The reader and every person they may act for in the fees agenda right now (a granted,
 * unexpired representation whose scope includes `poplatky` and that names a person of this
 * town): one payer sees a whole household. The reader comes first, then by name.
 */
export async function listPayees(
  db: Db,
  tenantId: string,
  personId: string,
  today = formatPragueDate(new Date()),
): Promise<Payee[]> {
  // One round trip (it is on the path of every `/ucet`): the reader's row by its key and the
  // persons they represent by the representative index, the reader first.
  const rows = await db.selectFrom("persons")
    .select(["id", "given_name", "family_name"])
    .select(sql<boolean>`true`.as("self"))
    .where("tenant_id", "=", tenantId).where("id", "=", personId)
    .unionAll(
      db.selectFrom("representations as r")
        .innerJoin(
          "persons as p",
          (j) =>
            j.onRef("p.id", "=", "r.represented_person_id").onRef(
              "p.tenant_id",
              "=",
              "r.tenant_id",
            ),
        )
        .select(["p.id", "p.given_name", "p.family_name"])
        .select(sql<boolean>`false`.as("self"))
        .where("r.tenant_id", "=", tenantId).where("r.representative_id", "=", personId)
        .where("r.status", "=", "granted")
        .where((eb) => eb.or([eb("r.valid_until", "is", null), eb("r.valid_until", ">=", today)]))
        .where(sql<boolean>`'poplatky' = any(r.scope)`)
        .where("p.id", "<>", personId),
    )
    .orderBy("self", "desc").orderBy("family_name").orderBy("given_name").orderBy("id").execute();
  if (rows.length === 0 || !rows[0].self) return [];
  // A person represented twice (two grants) is listed once.
  const seen = new Set<string>();
  return rows.filter((p) => !seen.has(p.id) && seen.add(p.id)).map((p) => ({
    personId: p.id,
    name: `${p.given_name} ${p.family_name}`,
    self: p.self,
  }));
}
