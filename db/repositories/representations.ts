/**
 * Representation: a person acting for another (a family member under a power of attorney, a
 * child as a parent, a company). Requested with a document, verified by a clerk.
 */
import type { Kysely } from "kysely";
import type { Database, RepresentationRow } from "../schema.ts";
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
