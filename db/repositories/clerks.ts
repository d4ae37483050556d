/** Clerk accounts, per tenant. */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema.ts";

export function findClerkByUsername(db: Kysely<Database>, tenantId: string, username: string) {
  return db.selectFrom("clerks").selectAll()
    .where("tenant_id", "=", tenantId).where("username", "=", username.toLowerCase())
    .where("active", "=", true)
    .executeTakeFirst();
}

export function findClerk(db: Kysely<Database>, tenantId: string, id: string) {
  return db.selectFrom("clerks")
    .select(["id", "username", "display_name", "roles", "must_change_password"])
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

type Db = Kysely<Database> | Transaction<Database>;

/** A completed sign-in (password + SMS code): the admin's list shows when. */
export async function recordClerkLogin(db: Db, tenantId: string, id: string, at: Date) {
  await db.updateTable("clerks").set({ last_login_at: at })
    .where("tenant_id", "=", tenantId).where("id", "=", id).execute();
}

/** What a clerk's own password change checks the new password against. */
export function findClerkCredentials(db: Db, tenantId: string, id: string) {
  return db.selectFrom("clerks")
    .select(["id", "username", "display_name", "email", "password_hash", "must_change_password"])
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("active", "=", true)
    .executeTakeFirst();
}

/** The clerk's own new password; the administrator's one no longer has to be changed. */
export async function setOwnClerkPassword(
  db: Db,
  tenantId: string,
  id: string,
  passwordHash: string,
): Promise<boolean> {
  const res = await db.updateTable("clerks")
    .set({ password_hash: passwordHash, must_change_password: false })
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("active", "=", true)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}
