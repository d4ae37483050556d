/**
 * Readiness: the database answers, and how far the outbox to Temporal lags (pending commands
 * and the age of the oldest). The web never talks to Temporal, so Temporal being away does not
 * make the web unready: filings are queued and the relay catches up; the lag shows it.
 */
import { getDb } from "../lib/db.ts";
import { outboxLag } from "../db/repositories/commands.ts";

export const handler = {
  async GET() {
    let outbox: { pending: number; oldestSeconds: number } | null = null;
    try {
      outbox = await outboxLag(getDb());
    } catch {
      outbox = null;
    }
    const database = outbox !== null;
    return Response.json(
      { status: database ? "ready" : "not ready", checks: { database, outbox } },
      { status: database ? 200 : 503, headers: { "Cache-Control": "no-store" } },
    );
  },
};
