/** Server-side session rows: the token in the cookie is only valid while its row is. */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

export async function createSession(
  db: Kysely<Database>,
  s: { id: string; tenantId: string; clerkId: string; expiresAt: Date; userAgent: string | null },
): Promise<void> {
  await db.insertInto("sessions").values({
    id: s.id,
    tenant_id: s.tenantId,
    clerk_id: s.clerkId,
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
