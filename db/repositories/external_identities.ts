/** External identities (NIA, Bank iD, MojeID): a person is found by (provider, subject) only. */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import type { LevelOfAssurance } from "../../domain/identity.ts";

export function findExternalIdentity(
  db: Kysely<Database>,
  tenantId: string,
  provider: string,
  subject: string,
) {
  return db.selectFrom("external_identities").selectAll()
    .where("tenant_id", "=", tenantId).where("provider", "=", provider).where(
      "subject",
      "=",
      subject,
    )
    .executeTakeFirst();
}

/**
 * Links (provider, subject) to a person. Returns the person the identity belongs to afterwards:
 * the given one, or whoever linked it first (a concurrent login). The caller must check.
 */
export async function linkExternalIdentity(
  db: Kysely<Database>,
  tenantId: string,
  link: { personId: string; provider: string; subject: string; levelOfAssurance: LevelOfAssurance },
): Promise<string> {
  await db.insertInto("external_identities").values({
    tenant_id: tenantId,
    person_id: link.personId,
    provider: link.provider,
    subject: link.subject,
    level_of_assurance: link.levelOfAssurance,
    last_login_at: new Date(),
  }).onConflict((oc) => oc.columns(["tenant_id", "provider", "subject"]).doNothing()).execute();
  const owner = await findExternalIdentity(db, tenantId, link.provider, link.subject);
  return owner!.person_id;
}

export async function touchExternalIdentity(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  levelOfAssurance: LevelOfAssurance,
): Promise<void> {
  await db.updateTable("external_identities")
    .set({ last_login_at: new Date(), level_of_assurance: levelOfAssurance })
    .where("tenant_id", "=", tenantId).where("id", "=", id).execute();
}

export function listExternalIdentities(db: Kysely<Database>, tenantId: string, personId: string) {
  return db.selectFrom("external_identities").select([
    "provider",
    "level_of_assurance",
    "linked_at",
  ])
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId).orderBy("linked_at")
    .execute();
}
