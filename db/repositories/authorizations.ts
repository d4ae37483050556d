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

/**
 * Every authorization of a person, live and revoked, for the office: who granted it (the
 * clerk's name), when, on what evidence; who revoked it, when and why.
 */
export function listAuthorizationHistory(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
) {
  return db.selectFrom("agenda_authorizations")
    .leftJoin("clerks", (j) =>
      j.onRef("clerks.id", "=", "agenda_authorizations.granted_by")
        .onRef("clerks.tenant_id", "=", "agenda_authorizations.tenant_id"))
    .leftJoin(
      "clerks as revokers",
      (j) =>
        j.onRef("revokers.id", "=", "agenda_authorizations.revoked_by")
          .onRef("revokers.tenant_id", "=", "agenda_authorizations.tenant_id"),
    )
    .select([
      "agenda_authorizations.id",
      "agenda_authorizations.agenda",
      "agenda_authorizations.source",
      "agenda_authorizations.evidence",
      "agenda_authorizations.granted_at",
      "agenda_authorizations.revoked_at",
      "clerks.display_name as granted_by_name",
      "agenda_authorizations.revoked_reason",
      "revokers.display_name as revoked_by_name",
    ])
    .where("agenda_authorizations.tenant_id", "=", tenantId)
    .where("agenda_authorizations.person_id", "=", personId)
    .orderBy("agenda_authorizations.revoked_at", (ob) => ob.desc().nullsFirst())
    .orderBy("agenda_authorizations.agenda")
    .orderBy("agenda_authorizations.granted_at", "desc")
    .execute();
}

/** Revokes one live authorization of the person; its agenda, or null if there was none. */
export async function revokeAuthorization(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  authorizationId: string,
  revokedBy: string,
  reason: string,
): Promise<string | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(authorizationId)) {
    return null;
  }
  const row = await db.updateTable("agenda_authorizations")
    .set({ revoked_at: new Date(), revoked_by: revokedBy, revoked_reason: reason })
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("id", "=", authorizationId).where("revoked_at", "is", null)
    .returning("agenda").executeTakeFirst();
  return row?.agenda ?? null;
}
