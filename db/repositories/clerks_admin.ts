/**
 * Managing a town's clerk accounts (the administrator's side; `clerks.ts` is the login's).
 * Every function takes the tenant; a clerk of another town is simply not found.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { isUuid } from "./notices.ts";
import { isUniqueViolation } from "./persons.ts";

type Db = Kysely<Database> | Transaction<Database>;

const COLUMNS = [
  "id",
  "username",
  "display_name",
  "email",
  "phone",
  "roles",
  "active",
  "created_at",
  "last_login_at",
] as const;

/** One clerk of this town, active or not. */
export function findClerkAccount(db: Db, tenantId: string, id: string) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db.selectFrom("clerks").select(COLUMNS)
    .where("tenant_id", "=", tenantId).where("id", "=", id)
    .executeTakeFirst();
}

/**
 * Is the user name used in this town, by a clerk or by a citizen? The login looks clerks up
 * first, so a clerk named like a citizen would shadow the citizen's user name.
 */
export async function usernameInUse(db: Db, tenantId: string, username: string): Promise<boolean> {
  const [clerk, person] = await Promise.all([
    db.selectFrom("clerks").select("id")
      .where("tenant_id", "=", tenantId).where("username", "=", username).executeTakeFirst(),
    db.selectFrom("persons").select("id")
      .where("tenant_id", "=", tenantId).where("username", "=", username).executeTakeFirst(),
  ]);
  return clerk !== undefined || person !== undefined;
}

/** A new active clerk; null when the user name is taken (the unique key decides). */
export async function insertClerk(
  db: Db,
  tenantId: string,
  c: {
    username: string;
    displayName: string;
    email: string;
    phone: string;
    passwordHash: string;
    roles: string[];
  },
): Promise<string | null> {
  try {
    const row = await db.insertInto("clerks").values({
      tenant_id: tenantId,
      username: c.username,
      display_name: c.displayName,
      email: c.email,
      phone: c.phone,
      password_hash: c.passwordHash,
      roles: c.roles,
      // The administrator chose this password: the clerk replaces it at the first sign-in.
      must_change_password: true,
    }).returning("id").executeTakeFirstOrThrow();
    return row.id;
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/**
 * Ids of the town's active administrators, locked until the transaction ends: two
 * administrators demoting each other at once cannot leave the town without one.
 */
export async function lockActiveAdmins(trx: Transaction<Database>, tenantId: string) {
  const rows = await trx.selectFrom("clerks").select("id")
    .where("tenant_id", "=", tenantId).where("active", "=", true)
    .where(sql<boolean>`'admin' = any(roles)`)
    .orderBy("id")
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export async function setClerkRoles(
  db: Db,
  tenantId: string,
  id: string,
  roles: string[],
): Promise<void> {
  await db.updateTable("clerks").set({ roles })
    .where("tenant_id", "=", tenantId).where("id", "=", id).execute();
}

/** Activates or deactivates; false when it already was so (nothing to record). */
export async function setClerkActive(
  db: Db,
  tenantId: string,
  id: string,
  active: boolean,
): Promise<boolean> {
  const res = await db.updateTable("clerks").set({ active })
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("active", "=", !active)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}
