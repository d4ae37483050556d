/** Server-side session rows: the token in the cookie is only valid while its row is. */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import type { LevelOfAssurance } from "../../domain/identity.ts";

export async function createSession(
  db: Kysely<Database>,
  s: {
    id: string;
    tenantId: string;
    clerkId: string | null;
    personId: string | null;
    levelOfAssurance: LevelOfAssurance | null;
    authMethod: string;
    expiresAt: Date;
    userAgent: string | null;
  },
): Promise<void> {
  await db.insertInto("sessions").values({
    id: s.id,
    tenant_id: s.tenantId,
    clerk_id: s.clerkId,
    person_id: s.personId,
    acting_for: null,
    level_of_assurance: s.levelOfAssurance,
    auth_method: s.authMethod,
    last_seen_at: new Date(),
    expires_at: s.expiresAt,
    user_agent: s.userAgent?.slice(0, 300) ?? null,
  }).execute();
}

export function findLiveSession(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  idleSince: Date,
) {
  return db.selectFrom("sessions").selectAll()
    .where("id", "=", id).where("tenant_id", "=", tenantId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", new Date())
    .where("last_seen_at", ">", idleSince)
    .executeTakeFirst();
}

/**
 * A live session with who it belongs to, in one round trip (the session row joined with its
 * person, or its active clerk): what every signed-in request reads first.
 */
export function findLiveSessionWithSubject(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  idleSince: Date,
) {
  return db.selectFrom("sessions as s")
    .leftJoin(
      "persons as p",
      (j) => j.onRef("p.id", "=", "s.person_id").onRef("p.tenant_id", "=", "s.tenant_id"),
    )
    .leftJoin(
      "clerks as c",
      (j) =>
        j.onRef("c.id", "=", "s.clerk_id").onRef("c.tenant_id", "=", "s.tenant_id")
          .on("c.active", "=", true),
    )
    .select([
      "s.id",
      "s.person_id",
      "s.clerk_id",
      "s.acting_for",
      "s.level_of_assurance",
      "s.auth_method",
      "s.last_seen_at",
      "p.id as person_row_id",
      "p.username as person_username",
      "p.given_name",
      "p.family_name",
      "p.status as person_status",
      "c.id as clerk_row_id",
      "c.username as clerk_username",
      "c.display_name",
      "c.roles",
      "c.must_change_password",
    ])
    .where("s.id", "=", id).where("s.tenant_id", "=", tenantId)
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", new Date())
    .where("s.last_seen_at", ">", idleSince)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: new Date() }).where("id", "=", id).execute();
}

export async function revokeSession(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<void> {
  await db.updateTable("sessions").set({ revoked_at: new Date() })
    .where("id", "=", id).where("tenant_id", "=", tenantId).where("revoked_at", "is", null)
    .execute();
}

/** "Log out everywhere", and after a password change: every live session of one account. */
export async function revokeAllSessions(
  db: Kysely<Database>,
  tenantId: string,
  who: { personId?: string; clerkId?: string },
): Promise<number> {
  let q = db.updateTable("sessions").set({ revoked_at: new Date() })
    .where("tenant_id", "=", tenantId).where("revoked_at", "is", null);
  q = who.personId
    ? q.where("person_id", "=", who.personId)
    : q.where("clerk_id", "=", who.clerkId!);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** After a password change in the account: every other live session of the person ends; their ids. */
export async function revokeOtherSessions(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  keepSessionId: string,
): Promise<string[]> {
  const rows = await db.updateTable("sessions").set({ revoked_at: new Date() })
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("id", "!=", keepSessionId).where("revoked_at", "is", null).returning("id").execute();
  return rows.map((r) => r.id);
}

/** Switches the representation a person acts under within this session (null: themselves). */
export async function setActingFor(
  db: Kysely<Database>,
  tenantId: string,
  sessionId: string,
  representationId: string | null,
): Promise<void> {
  await db.updateTable("sessions").set({ acting_for: representationId })
    .where("tenant_id", "=", tenantId).where("id", "=", sessionId).execute();
}
