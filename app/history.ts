/**
 * Histories from the append-only audit log, as the office and the citizen read them: one
 * subject's history with each actor's name and the reason they gave (a notice, a person's
 * agenda authorizations, a representation request, a clerk account); the town administrator's
 * audit view (filtered, paged, exported; looking at it is itself audited); and a citizen's list
 * of the clerks who looked at their data. Every read is scoped to the town, and the citizen's
 * to the persons they are or lawfully act for.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  appendAudit,
  type AuditFilter,
  auditNames,
  type AuditRow,
  listClerkActionsAbout,
  listRepresentedPersonIds,
  listSubjectAudit,
  listTownClerkNames,
  searchAudit,
} from "../db/repositories/audit.ts";
import {
  CLERK_VIEW_ACTIONS,
  type HistoryActor,
  historyActor,
  type HistoryEntry,
  reasonOf,
} from "../domain/history.ts";
import { formatPragueDate, pragueStartOfDay } from "../domain/time.ts";
import { type ClerkActor, clerkAudit, type PersonActor } from "./deps.ts";

type Db = Kysely<Database>;

/** Details a history may show besides the reason: identifiers and codes only. */
export interface EntryFacts {
  agenda?: string;
  documentType?: string;
  rolesBefore?: string[];
  rolesAfter?: string[];
}

export interface HistoryItem extends HistoryEntry {
  facts: EntryFacts;
}

function facts(details: Record<string, unknown>): EntryFacts {
  const str = (v: unknown) => typeof v === "string" && v.length <= 100 ? v : undefined;
  const list = (v: unknown) =>
    Array.isArray(v) && v.every((x) => typeof x === "string") ? v as string[] : undefined;
  return {
    agenda: str(details.agenda),
    documentType: str(details.documentType),
    rolesBefore: list(details.before),
    rolesAfter: list(details.after),
  };
}

async function present(db: Db, tenantId: string, rows: AuditRow[]): Promise<HistoryItem[]> {
  const names = await auditNames(db, tenantId, {
    clerks: rows.filter((r) => r.actor_type === "clerk").map((r) => r.actor_id),
    persons: rows.filter((r) => r.actor_type === "person").map((r) => r.actor_id),
  });
  return rows.map((r) => ({
    id: r.id,
    at: r.occurred_at,
    action: r.action,
    actor: historyActor(r, names),
    reason: reasonOf(r.details),
    facts: facts(r.details ?? {}),
  }));
}

/**
 * One subject's history, oldest first: who acted (a clerk's or person's name, or the system),
 * what they did, and the reason they gave. `actions` limits it to the entries a page shows.
 */
export async function subjectHistory(
  deps: { db: Db },
  tenantId: string,
  subject: { type: string; id: string; actions?: readonly string[] },
): Promise<HistoryItem[]> {
  return await present(deps.db, tenantId, await listSubjectAudit(deps.db, tenantId, subject));
}

// --- the administrator's audit view ---------------------------------------------------------

/** One row of the audit view (and of its export). */
export interface AuditViewRow extends HistoryItem {
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  /** The person the entry is about or was done for, by name, when one of the town's. */
  personId: string | null;
  personName: string | null;
  onBehalfOf: string | null;
}

/** The filter as the audit view's URL gives it (dates `YYYY-MM-DD`, ids checked as uuids). */
export interface AuditViewFilter {
  clerkId?: string;
  personId?: string;
  action?: string;
  from?: string;
  to?: string;
  q?: string;
}

function toRepositoryFilter(f: AuditViewFilter): AuditFilter {
  const nextDay = (d: string) => {
    const t = new Date(`${d}T12:00:00Z`);
    t.setUTCDate(t.getUTCDate() + 1);
    return t.toISOString().slice(0, 10);
  };
  return {
    clerkId: f.clerkId,
    personId: f.personId,
    action: f.action,
    from: f.from ? pragueStartOfDay(f.from) : undefined,
    until: f.to ? pragueStartOfDay(nextDay(f.to)) : undefined,
    q: f.q || undefined,
  };
}

async function presentAudit(db: Db, tenantId: string, rows: AuditRow[]): Promise<AuditViewRow[]> {
  const aboutOf = (r: AuditRow): string | null => {
    if (r.subject_type === "person") return r.subject_id;
    const d = r.details ?? {};
    for (const k of ["personId", "representativeId"]) {
      if (typeof d[k] === "string") return d[k] as string;
    }
    return r.on_behalf_of;
  };
  const [items, names] = await Promise.all([
    present(db, tenantId, rows),
    auditNames(db, tenantId, { clerks: [], persons: rows.map(aboutOf) }),
  ]);
  return items.map((item, i) => {
    const r = rows[i];
    const about = aboutOf(r);
    return {
      ...item,
      actorId: r.actor_id,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      personId: about && names.persons.has(about) ? about : null,
      personName: about ? names.persons.get(about) ?? null : null,
      onBehalfOf: r.on_behalf_of,
    };
  });
}

/**
 * A page of the town's audit log for its administrator, newest first, with the town's clerks
 * for the filter. The look itself goes to the log (with the filter's codes, never its text).
 */
export async function browseAudit(
  deps: { db: Db },
  actor: ClerkActor,
  filter: AuditViewFilter,
  page: { page: number; pageSize: number },
) {
  const { db } = deps;
  const [found, clerks] = await Promise.all([
    searchAudit(db, actor.tenantId, toRepositoryFilter(filter), {
      limit: page.pageSize,
      offset: (page.page - 1) * page.pageSize,
    }),
    listTownClerkNames(db, actor.tenantId),
  ]);
  const [rows, person] = await Promise.all([
    presentAudit(db, actor.tenantId, found.rows),
    filter.personId
      ? auditNames(db, actor.tenantId, { clerks: [], persons: [filter.personId] })
      : undefined,
  ]);
  await appendAudit(db, {
    ...clerkAudit(actor),
    action: "audit.viewed",
    details: auditedFilter(filter, found.total),
  });
  return {
    rows,
    total: found.total,
    clerks,
    personName: filter.personId ? person?.persons.get(filter.personId) ?? null : null,
  };
}

function auditedFilter(f: AuditViewFilter, results: number) {
  return {
    clerkId: f.clerkId,
    personId: f.personId,
    action: f.action,
    from: f.from,
    to: f.to,
    search: f.q ? true : undefined,
    results,
  };
}

/**
 * Every row of the filter for an export (the same query as the view, without paging); null when
 * there are more than `max` (the caller refuses a larger export). The export is audited.
 */
export async function exportAudit(
  deps: { db: Db },
  actor: ClerkActor,
  filter: AuditViewFilter,
  max: number,
  format: string,
): Promise<AuditViewRow[] | null> {
  const { db } = deps;
  const found = await searchAudit(db, actor.tenantId, toRepositoryFilter(filter), {
    limit: max + 1,
    offset: 0,
  });
  await appendAudit(db, {
    ...clerkAudit(actor),
    action: "audit.exported",
    details: { ...auditedFilter(filter, found.total), format },
  });
  if (found.rows.length > max) return null;
  return await presentAudit(db, actor.tenantId, found.rows);
}

// --- the citizen's view of clerks' access -----------------------------------------------------

export interface AccessEntry {
  id: string;
  at: Date;
  action: string;
  clerk: HistoryActor;
  /** Whose data: the signed-in person, or someone they act for (by name). */
  self: boolean;
  personName: string | null;
  /** The case's reference number, when a case was looked at. */
  caseReference: string | null;
}

/**
 * The clerks who looked at the signed-in person's data (their record, cases, representation
 * requests, card payments), newest first, and at the data of the persons they act for under a
 * granted, unexpired representation linked to a person. Nobody else's.
 */
export async function clerkViewsOfMe(
  deps: { db: Db; now: () => Date },
  actor: PersonActor,
  page: { page: number; pageSize: number },
): Promise<{ entries: AccessEntry[]; total: number }> {
  const { db } = deps;
  const represented = await listRepresentedPersonIds(
    db,
    actor.tenantId,
    actor.personId,
    formatPragueDate(deps.now()),
  );
  const personIds = [actor.personId, ...represented.filter((id) => id !== actor.personId)];
  const found = await listClerkActionsAbout(db, actor.tenantId, personIds, CLERK_VIEW_ACTIONS, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  const caseIds = found.rows.filter((r) => r.subject_type === "case" && r.subject_id)
    .map((r) => r.subject_id!);
  const [names, cases] = await Promise.all([
    auditNames(db, actor.tenantId, {
      clerks: found.rows.map((r) => r.actor_id),
      persons: found.rows.map((r) => r.about),
    }),
    caseIds.length
      ? db.selectFrom("cases").select(["id", "reference"])
        .where("tenant_id", "=", actor.tenantId).where("person_id", "in", personIds)
        .where("id", "in", [...new Set(caseIds)]).execute()
      : [],
  ]);
  const references = new Map(cases.map((c) => [c.id, c.reference]));
  return {
    total: found.total,
    entries: found.rows.map((r) => ({
      id: r.id,
      at: r.occurred_at,
      action: r.action,
      clerk: historyActor(r, names),
      self: r.about === actor.personId,
      personName: r.about ? names.persons.get(r.about) ?? null : null,
      caseReference: r.subject_type === "case" && r.subject_id
        ? references.get(r.subject_id) ?? null
        : null,
    })),
  };
}
