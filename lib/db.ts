/**
 * One Kysely instance per process over a pg pool, for the web, the worker and the relay alike.
 *
 * A connection the server drops (failover, restart, an idle-connection reaper,
 * `pg_terminate_backend`) makes pg emit `error` on the pool, or on a client held outside it; an
 * unhandled `error` event ends the process. Here every pool and every listening client handles
 * it: the broken connection is discarded and the next query opens a new one. A query that was
 * running on it fails with a connection error, which the web answers with a Czech 503
 * (`isConnectionError`) and an activity retries.
 */
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "../db/schema.ts";
import { config } from "./config.ts";
import { describeError, log } from "./log.ts";
import { readEnv } from "./env.ts";

// timestamptz comes back as Date; a calendar `date` (OID 1082) stays "YYYY-MM-DD": it has no
// time zone, and turning it into a Date at local midnight would shift it by a day somewhere.
pg.types.setTypeParser(1082, (value: string) => value);

/** `application_name` of this process's connections (visible in `pg_stat_activity`). */
let applicationName = "portal";

export function setDatabaseApplicationName(name: string): void {
  applicationName = name;
}

/**
 * Named prepared statements for the statements a process runs again and again. PostgreSQL
 * plans an unnamed statement afresh every time; for the short statements of a page (a session,
 * a person, a person's obligations) planning cost more than running them (0.3–0.9 ms against
 * 0.1–0.6 ms). A statement text seen a second time gets a name: each connection then parses it
 * once and PostgreSQL keeps its plan (a custom plan for the first five runs, then the generic
 * one when it is no dearer). Only statements with parameters (never a multi-statement script),
 * at most `MAX_PREPARED` texts per process (Kysely writes `in ($2, $3)` lists as different
 * texts; past the cap the rest run unnamed), and a text whose cached plan PostgreSQL refuses
 * after a schema change (`0A000`, "cached plan must not change result type") is never named
 * again. `DB_PREPARE=off` turns it off.
 */
const MAX_PREPARED = 2000;
const seenOnce = new Set<string>();
const preparedNames = new Map<string, string | null>();

function statementName(text: string): string | undefined {
  const known = preparedNames.get(text);
  if (known !== undefined) return known ?? undefined;
  if (preparedNames.size >= MAX_PREPARED) return undefined;
  if (!seenOnce.has(text)) {
    if (seenOnce.size >= MAX_PREPARED * 4) seenOnce.clear();
    seenOnce.add(text);
    return undefined;
  }
  seenOnce.delete(text);
  const name = `portal_${preparedNames.size + 1}`;
  preparedNames.set(text, name);
  return name;
}

type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

function preparing(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  (client as unknown as { query: QueryFn }).query = (config, values, callback) => {
    if (
      typeof config === "string" && Array.isArray(values) && values.length > 0 &&
      callback === undefined
    ) {
      const name = statementName(config);
      if (name) {
        return (query({ name, text: config, values }) as Promise<unknown>).catch((err) => {
          if ((err as { code?: string }).code === "0A000") preparedNames.set(config, null);
          throw err;
        });
      }
    }
    return query(config, values, callback);
  };
}

export function createDb(connectionString: string, max = 10): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: applicationName,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client's error reaches the pool; a checked-out client (between two queries of a
  // transaction, say) has no listener of the pool's, and an `error` event nobody listens to ends
  // the process. So every client gets one of its own: the query that was running fails, the
  // client is dropped on release (it is no longer queryable), and the pool opens a new one.
  const prepare = readEnv("DB_PREPARE") !== "off";
  pool.on("connect", (client) => {
    if (prepare) preparing(client);
    client.on("error", (err) => {
      log.warn("database connection lost while in use", describeError(err));
    });
  });
  pool.on("error", (err) => {
    log.warn("database connection lost; the pool reconnects", describeError(err));
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** A client outside the pool (for LISTEN), with its `error` event handled. */
export function createClient(connectionString: string, onError: (err: Error) => void): pg.Client {
  const client = new pg.Client({ connectionString, application_name: applicationName });
  client.on("error", onError);
  return client;
}

const CONNECTION_CODES = new Set([
  "57P01", // admin_shutdown (pg_terminate_backend)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
]);

/** True when an error means the database connection was lost or could not be opened. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) {
    return true;
  }
  return /Connection terminated|terminating connection|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended/i
    .test(err.message);
}

let shared: Kysely<Database> | undefined;

export function getDb(): Kysely<Database> {
  return shared ??= createDb(config().databaseUrl);
}

export async function closeDb(): Promise<void> {
  await shared?.destroy();
  shared = undefined;
}
