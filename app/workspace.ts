/**
 * The clerk's workspace home (`/urad`): for each area the clerk's roles open, what waits there —
 * representation requests to decide, unclaimed cases in the queue, unmatched payments, notices
 * scheduled for vyvěšení — and the notices posted last. Reads only; nothing here is audited
 * (counts show no one's data).
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { clerkAgendas } from "../domain/cases.ts";
import {
  hasRole,
  ROLE_ADMIN,
  ROLE_APPOINTMENTS,
  ROLE_FINANCE,
  ROLE_GRANTS,
  ROLE_IDENTITY,
  ROLE_MESSAGES,
  ROLE_NOTICES,
} from "../domain/clerks.ts";
import { countNoticesByStatus } from "../db/repositories/notices.ts";
import { type ClerkNoticeRow, listClerkNotices } from "../db/repositories/notice_list.ts";
import { countPendingRepresentations, countUnclaimedCases } from "../db/repositories/workspace.ts";
import { countUnmatchedLines } from "../db/repositories/statements.ts";
import { callsOfMember } from "../db/repositories/grant_committee.ts";

/** Bank statements and the payment queue belong to the fees agenda. */
export const ROLE_FEES = "agenda:poplatky";

export interface WorkspaceSummary {
  /** null where the clerk's roles do not open the area. */
  notices: { scheduled: number; published: number; recent: ClerkNoticeRow[] } | null;
  representations: number | null;
  unclaimedCases: number | null;
  unmatchedPayments: number | null;
  admin: boolean;
  identity: boolean;
  /** The public finance imports (`/urad/rozpocet`). */
  finance: boolean;
  /** Broadcasts to residents (`/urad/zpravy`). */
  messages: boolean;
  /** Grant programmes and calls (`/urad/dotace`). */
  grants: boolean;
  /** The day's appointments at the office (`/urad/rezervace`, issue 15). */
  appointments: boolean;
  /** Sits on a grant call's evaluation committee (`/urad/dotace/hodnoceni`). */
  committee: boolean;
}

/** How many recently posted notices the home lists (the rest: `/urad/uredni-deska`). */
export const RECENT_NOTICES = 5;

export async function workspaceSummary(
  deps: { db: Kysely<Database> },
  actor: { tenantId: string; roles: readonly string[]; clerkId?: string },
): Promise<WorkspaceSummary> {
  const { db } = deps;
  const { tenantId, roles } = actor;
  const agendas = clerkAgendas(roles);
  const worksCases = agendas === "all" || agendas.length > 0;
  const committee = actor.clerkId
    ? (await callsOfMember(db, tenantId, actor.clerkId)).length > 0
    : false;
  const [counts, recent, representations, unclaimedCases, unmatchedPayments] = await Promise.all([
    hasRole(roles, ROLE_NOTICES) ? countNoticesByStatus(db, tenantId) : null,
    hasRole(roles, ROLE_NOTICES)
      ? listClerkNotices(db, tenantId, {}, { page: 1, pageSize: RECENT_NOTICES })
      : null,
    hasRole(roles, ROLE_IDENTITY) ? countPendingRepresentations(db, tenantId) : null,
    worksCases ? countUnclaimedCases(db, tenantId, agendas) : null,
    hasRole(roles, ROLE_FEES) ? countUnmatchedLines(db, tenantId) : null,
  ]);
  return {
    notices: counts && recent
      ? { scheduled: counts.scheduled, published: counts.published, recent }
      : null,
    representations,
    unclaimedCases,
    unmatchedPayments,
    admin: hasRole(roles, ROLE_ADMIN),
    identity: hasRole(roles, ROLE_IDENTITY),
    finance: hasRole(roles, ROLE_FINANCE),
    messages: hasRole(roles, ROLE_MESSAGES),
    grants: hasRole(roles, ROLE_GRANTS),
    appointments: hasRole(roles, ROLE_APPOINTMENTS),
    committee,
  };
}
