/** The append-only audit log: who did what to which object, in which town, in which request. */
import { type Kysely, sql } from "kysely";
import { searchCondition } from "../search.ts";
import type { AuditActorType, Database } from "../schema.ts";

export interface AuditEntry {
  tenantId: string;
  actorType: AuditActorType;
  actorId: string | null;
  onBehalfOf?: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  requestId?: string | null;
  /** Identifiers and outcomes only; never personal data or form contents. */
  details?: Record<string, unknown>;
}

export async function appendAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto("audit_log").values({
    tenant_id: entry.tenantId,
    actor_type: entry.actorType,
    actor_id: entry.actorId,
    on_behalf_of: entry.onBehalfOf ?? null,
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId ?? null,
    request_id: entry.requestId ?? null,
    details: JSON.stringify(entry.details ?? {}),
  }).execute();
}

export function listAudit(db: Kysely<Database>, tenantId: string, subjectId: string) {
  return db.selectFrom("audit_log")
    .select(["id", "occurred_at", "actor_type", "actor_id", "action", "details"])
    .where("tenant_id", "=", tenantId)
    .where("subject_id", "=", subjectId)
    .orderBy("id")
    .execute();
}

// --- reading the log: histories, the admin's audit view, a citizen's list of clerk views -------

/** A row as the histories and the audit view read it (names are resolved by `auditNames`). */
export interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_type: AuditActorType;
  actor_id: string | null;
  on_behalf_of: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
}

const ROW = [
  "id",
  "occurred_at",
  "actor_type",
  "actor_id",
  "on_behalf_of",
  "action",
  "subject_type",
  "subject_id",
  "details",
] as const;

/** The person an entry is about (migration 2026_12_02_100000: indexed). */
const aboutPerson = sql<string | null>`audit_about_person(subject_type, subject_id, details)`;

/** `aboutPerson`, or for a case the person who filed it. */
const aboutCase = sql<string | null>`coalesce(
  audit_about_person(subject_type, subject_id, details),
  (select c.person_id::text from cases c
    where c.tenant_id = audit_log.tenant_id
      and c.id = (case when audit_log.subject_type = 'case' then audit_log.subject_id::uuid end)))`;

/** One subject's entries (optionally only some actions), oldest first. */
export function listSubjectAudit(
  db: Kysely<Database>,
  tenantId: string,
  subject: { type: string; id: string; actions?: readonly string[] },
): Promise<AuditRow[]> {
  let q = db.selectFrom("audit_log").select(ROW)
    .where("tenant_id", "=", tenantId)
    .where("subject_id", "=", subject.id)
    .where("subject_type", "=", subject.type);
  if (subject.actions) {
    if (subject.actions.length === 0) return Promise.resolve([]);
    q = q.where("action", "in", subject.actions);
  }
  return q.orderBy("id").execute();
}

/** The admin's filters over the town's log (all optional; ids already checked as uuids). */
export interface AuditFilter {
  clerkId?: string;
  /** Entries about the person, done on their behalf, or done by them. */
  personId?: string;
  action?: string;
  /** Inclusive bounds as instants (the day's start in Prague and the next day's start). */
  from?: Date;
  until?: Date;
  /** Words matched (diacritics and case ignored) against the reason the actor gave. */
  q?: string;
}

function filtered(db: Kysely<Database>, tenantId: string, f: AuditFilter) {
  let q = db.selectFrom("audit_log").where("tenant_id", "=", tenantId);
  if (f.clerkId) q = q.where("actor_type", "=", "clerk").where("actor_id", "=", f.clerkId);
  if (f.personId) {
    const p = f.personId;
    q = q.where((eb) =>
      eb.or([
        eb(aboutPerson, "=", p),
        eb("on_behalf_of", "=", p),
        eb.and([eb("actor_type", "=", "person"), eb("actor_id", "=", p)]),
      ])
    );
  }
  if (f.action) q = q.where("action", "=", f.action);
  if (f.from) q = q.where("occurred_at", ">=", f.from);
  if (f.until) q = q.where("occurred_at", "<", f.until);
  const words = f.q ? searchCondition(f.q, [sql<string>`details ->> 'reason'`]) : undefined;
  if (words) q = q.where(words);
  return q;
}

/** A page of the filtered log, newest first, and how many entries match in all. */
export async function searchAudit(
  db: Kysely<Database>,
  tenantId: string,
  f: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: AuditRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, tenantId, f).select(ROW).orderBy("id", "desc")
      .limit(page.limit).offset(page.offset).execute(),
    filtered(db, tenantId, f).select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/**
 * Clerks' entries of `actions` about any of `personIds` (the citizen's own record and those
 * they act for), newest first, one page and the total.
 */
export async function listClerkActionsAbout(
  db: Kysely<Database>,
  tenantId: string,
  personIds: readonly string[],
  actions: readonly string[],
  page: { limit: number; offset: number },
): Promise<{ rows: (AuditRow & { about: string | null })[]; total: number }> {
  if (personIds.length === 0 || actions.length === 0) return { rows: [], total: 0 };
  const base = () =>
    db.selectFrom("audit_log")
      .where("tenant_id", "=", tenantId)
      .where((eb) =>
        eb.or([
          eb(aboutPerson, "in", personIds),
          // Case views recorded before they named the person: the case's filer.
          eb.and([
            eb("subject_type", "=", "case"),
            eb(
              "subject_id",
              "in",
              eb.selectFrom("cases").select(sql<string>`id::text`.as("id"))
                .where("tenant_id", "=", tenantId).where("person_id", "in", personIds),
            ),
          ]),
        ])
      )
      .where("actor_type", "=", "clerk")
      .where("action", "in", actions);
  const [rows, count] = await Promise.all([
    base().select([...ROW, aboutCase.as("about")]).orderBy("id", "desc")
      .limit(page.limit).offset(page.offset).execute(),
    base().select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Display names of the town's clerks and persons among `ids` (other ids are ignored). */
export async function auditNames(
  db: Kysely<Database>,
  tenantId: string,
  ids: { clerks: Iterable<string | null>; persons: Iterable<string | null> },
): Promise<{ clerks: Map<string, string>; persons: Map<string, string> }> {
  const only = (
    xs: Iterable<string | null>,
  ) => [...new Set([...xs].filter((x): x is string => x !== null && UUID.test(x)))];
  const clerkIds = only(ids.clerks);
  const personIds = only(ids.persons);
  const [clerks, persons] = await Promise.all([
    clerkIds.length
      ? db.selectFrom("clerks").select(["id", "display_name"])
        .where("tenant_id", "=", tenantId).where("id", "in", clerkIds).execute()
      : [],
    personIds.length
      ? db.selectFrom("persons").select(["id", "given_name", "family_name"])
        .where("tenant_id", "=", tenantId).where("id", "in", personIds).execute()
      : [],
  ]);
  return {
    clerks: new Map(clerks.map((c) => [c.id, c.display_name])),
    persons: new Map(persons.map((p) => [p.id, `${p.given_name} ${p.family_name}`])),
  };
}

/** The town's clerks for the audit view's filter (active or not: the log outlives accounts). */
export function listTownClerkNames(db: Kysely<Database>, tenantId: string) {
  return db.selectFrom("clerks").select(["id", "display_name", "username"])
    .where("tenant_id", "=", tenantId).orderBy("display_name").orderBy("username").execute();
}

/**
 * The persons this person lawfully acts for today: granted, unexpired representations whose
 * represented party the office linked to a person of the town.
 */
export async function listRepresentedPersonIds(
  db: Kysely<Database>,
  tenantId: string,
  representativeId: string,
  today: string,
): Promise<string[]> {
  const rows = await db.selectFrom("representations").select("represented_person_id")
    .where("tenant_id", "=", tenantId).where("representative_id", "=", representativeId)
    .where("status", "=", "granted").where("represented_person_id", "is not", null)
    .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">=", today)]))
    .execute();
  return rows.map((r) => r.represented_person_id!);
}
