/**
 * What waits for the clerks of a town, counted for the workspace home (`/urad`): every count
 * scoped to the tenant, and the task queue to the agendas the clerk works.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** Representation requests waiting for the office's decision. */
export async function countPendingRepresentations(db: Db, tenantId: string): Promise<number> {
  const row = await db.selectFrom("representations").select(sql<number>`count(*)::int`.as("n"))
    .where("tenant_id", "=", tenantId).where("status", "=", "requested")
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Filed cases of these agendas ("all" for an admin) that nobody has claimed yet. */
export async function countUnclaimedCases(
  db: Db,
  tenantId: string,
  agendas: readonly string[] | "all",
): Promise<number> {
  if (agendas !== "all" && agendas.length === 0) return 0;
  let query = db.selectFrom("cases").select(sql<number>`count(*)::int`.as("n"))
    .where("tenant_id", "=", tenantId).where("state", "=", "filed")
    .where("assigned_clerk_id", "is", null);
  if (agendas !== "all") query = query.where("agenda", "in", [...agendas]);
  const row = await query.executeTakeFirstOrThrow();
  return row.n;
}
