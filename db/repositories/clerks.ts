/** Clerk accounts, per tenant. */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

export function findClerkByUsername(db: Kysely<Database>, tenantId: string, username: string) {
  return db.selectFrom("clerks").selectAll()
    .where("tenant_id", "=", tenantId).where("username", "=", username.toLowerCase())
    .where("active", "=", true)
    .executeTakeFirst();
}

export function findClerk(db: Kysely<Database>, tenantId: string, id: string) {
  return db.selectFrom("clerks").select(["id", "username", "display_name", "roles"])
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("active", "=", true)
    .executeTakeFirst();
}

export async function findClerkPhone(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<string | null> {
  const row = await db.selectFrom("clerks").select("phone")
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("active", "=", true)
    .executeTakeFirst();
  return row?.phone ?? null;
}
