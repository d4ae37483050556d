/** Agenda authorizations: who may see obligations of which agenda (fees, water, library). */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

export function listAuthorizations(db: Kysely<Database>, tenantId: string, personId: string) {
  return db.selectFrom("agenda_authorizations")
    .select(["id", "agenda", "source", "granted_at"])
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("revoked_at", "is", null).orderBy("agenda").execute();
}

/** Grants an agenda once (a live grant already there is kept); returns whether it was new. */
export async function grantAuthorization(
  db: Kysely<Database>,
  tenantId: string,
  g: {
    personId: string;
    agenda: string;
    source: "clerk" | "identity";
    grantedBy?: string | null;
    evidence?: string | null;
  },
): Promise<boolean> {
  const res = await db.insertInto("agenda_authorizations").values({
    tenant_id: tenantId,
    person_id: g.personId,
    agenda: g.agenda,
    source: g.source,
    granted_by: g.grantedBy ?? null,
    evidence: g.evidence ?? null,
  }).onConflict((oc) =>
    oc.columns(["tenant_id", "person_id", "agenda"]).where("revoked_at", "is", null).doNothing()
  )
    .executeTakeFirst();
  return (res.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
