/**
 * What every use case takes: its dependencies (the database, the clock, the secret), and who
 * acts in which town and request. Routes build these from the request state; tests pass their
 * own (a fixed clock, a database with a fault injected).
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { AuditActorType } from "../db/schema.ts";
import type { Locale, Tenant, Translate } from "../lib/state.ts";
import { getDb } from "../lib/db.ts";
import { config } from "../lib/config.ts";

export interface Deps {
  db: Kysely<Database>;
  /** The clock: "today" in Europe/Prague and expiry times come from it. */
  now: () => Date;
  /** HMAC key of one-time codes and session tokens. */
  secret: string;
}

/** The process's database pool, the wall clock, the configured secret. */
export function defaultDeps(): Deps {
  return { db: getDb(), now: () => new Date(), secret: config().sessionSecret };
}

/** One request in one town: the audit entry's request id; the reader's language for messages. */
export interface RequestContext {
  tenant: Tenant;
  requestId: string | null;
  /** Texts of messages sent from this request (SMS, e-mail) in the reader's language. */
  t: Translate;
  /** The reader's language: a person registering keeps it for the town's later messages. */
  locale?: Locale;
}

/** A signed-in clerk acting in their town. */
export interface ClerkActor {
  tenantId: string;
  clerkId: string;
  requestId: string | null;
}

/**
 * A signed-in person, and the party they act for under a granted representation (the audit
 * log's `on_behalf_of`: see `onBehalfOfRef` in domain/representation.ts), if any.
 */
export interface PersonActor {
  tenantId: string;
  personId: string;
  onBehalfOf: string | null;
  requestId: string | null;
}

/** The audit entry's who-and-where for a clerk. */
export function clerkAudit(actor: ClerkActor) {
  return {
    tenantId: actor.tenantId,
    actorType: "clerk" as AuditActorType,
    actorId: actor.clerkId,
    requestId: actor.requestId,
  };
}

/** The audit entry's who-and-where for a person (and whom they act for). */
export function personAudit(actor: PersonActor) {
  return {
    tenantId: actor.tenantId,
    actorType: "person" as AuditActorType,
    actorId: actor.personId,
    onBehalfOf: actor.onBehalfOf,
    requestId: actor.requestId,
  };
}
