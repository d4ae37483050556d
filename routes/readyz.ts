/** Readiness: the database and Temporal are reachable; 503 names what is not. */
import { sql } from "kysely";
import { getDb } from "../lib/db.ts";
import { temporalReachable } from "../lib/temporal.ts";

async function databaseReachable(): Promise<boolean> {
  try {
    await sql`select 1`.execute(getDb());
    return true;
  } catch {
    return false;
  }
}

export const handler = {
  async GET() {
    const [database, temporal] = await Promise.all([databaseReachable(), temporalReachable()]);
    const ready = database && temporal;
    return Response.json(
      { status: ready ? "ready" : "not ready", checks: { database, temporal } },
      { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
    );
  },
};
