/**
 * Histories read from the append-only audit log: what a reason kept in an entry looks like,
 * which actions the admin's audit view offers as a filter, which clerk actions count as "a clerk
 * looked at your data", and how an entry's actor is named. Pure; the log is read in
 * db/repositories/audit.ts and app/history.ts.
 */

/** A reason kept in an audit entry's `details.reason` is at most this long. */
export const AUDIT_REASON_MAX = 500;

/**
 * The reason a clerk typed, as the audit log keeps it: NFC, control characters and runs of
 * white space made single spaces, trimmed, at most `AUDIT_REASON_MAX` characters (cut at a
 * character, not inside a surrogate pair). An empty reason is undefined (nothing stored).
 */
export function auditReason(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  // deno-lint-ignore no-control-regex
  const flat = text.normalize("NFC").replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim();
  if (flat === "") return undefined;
  return [...flat].slice(0, AUDIT_REASON_MAX).join("");
}

/** The reason an entry carries, if any (entries written before reasons were kept have none). */
export function reasonOf(details: Record<string, unknown> | null | undefined): string | null {
  const r = details?.reason;
  return typeof r === "string" && r !== "" ? r : null;
}

/**
 * Clerk actions that show a person's data to the clerk: the person's record, their case (and
 * its files), their representation request (and its document), their card payment. Each such
 * entry names the person (its subject, or `details.personId` / `details.representativeId`).
 */
export const CLERK_VIEW_ACTIONS = [
  "person.viewed",
  "case.viewed",
  "case.attachment_downloaded",
  "representation.viewed",
  "representation.document_viewed",
  "card_payment.viewed",
] as const;

/**
 * Every action the audit view names in words (and offers as a filter), by area. An action not
 * listed still shows, under its code.
 */
export const AUDIT_ACTIONS = [
  "auth.login",
  "auth.login_failed",
  "auth.code_failed",
  "auth.external_login_failed",
  "auth.logout",
  "auth.logout_everywhere",
  "auth.password_reset_requested",
  "auth.password_reset",
  "auth.sms_factor_on",
  "auth.sms_factor_off",
  "identity.registered",
  "identity.registration_address_taken",
  "identity.verified",
  "identity.link_refused",
  "identity.pairing_code_failed",
  "identity.paired",
  "identity.created",
  "person.searched",
  "person.exported",
  "person.viewed",
  "person.birth_date_recorded",
  "person.case_notifications",
  "person.reminder_notifications",
  "person.news_subscriptions",
  "person.quiet_hours",
  "authorization.granted",
  "authorization.revoked",
  "representation.requested",
  "representation.withdrawn",
  "representation.viewed",
  "representation.document_viewed",
  "representation.granted",
  "representation.refused",
  "representation.switched",
  "clerk.created",
  "clerk.roles_changed",
  "clerk.deactivated",
  "clerk.reactivated",
  "clerk.password_changed",
  "notice.created",
  "notice.published",
  "notice.withdraw_requested",
  "notice.withdrawn",
  "notice.expired",
  "notice_agenda.created",
  "notice_agenda.renamed",
  "notice_agenda.retired",
  "notice_agenda.restored",
  "case.filed",
  "case.resubmitted",
  "case.queue_viewed",
  "case.queue_exported",
  "case.viewed",
  "case.attachment_downloaded",
  "case.claimed",
  "case.released",
  "case.decision_requested",
  "case.approved",
  "case.returned",
  "case.rejected",
  "case.closed",
  "case.assessed",
  "case.note_added",
  "case.escalated",
  "defect.triage_requested",
  "defect.resolve_requested",
  "defect.reopen_requested",
  "draft.deleted",
  "pending_submission.confirmed",
  "obligation.issued",
  "obligation.reminded",
  "payment_order.created",
  "ledger.credit_applied",
  "card_payment.started",
  "card_payment.viewed",
  "card_payment.flagged",
  "card_payments.exported",
  "card_payment.refund_requested",
  "card_payment.refund_failed",
  "payment.card_booked",
  "payment.card_refunded",
  "payment.assigned",
  "payment_queue.viewed",
  "payment_queue.exported",
  "statement.imported",
  "statement.reconciled",
  "statement.viewed",
  "statement_line.viewed",
  "statement_line.dismissed",
  "finance.imported",
  "calendar.created",
  "calendar.revoked",
  "audit.viewed",
  "audit.exported",
  "broadcast.created",
  "broadcast.started",
  "broadcast.sent",
  "broadcast.cancelled",
  "grant_programme.created",
  "grant_programme.updated",
  "grant_call.created",
  "grant_call.updated",
  "grant_call.opened",
  "grant_call.closed",
] as const;

export type AuditAction = typeof AUDIT_ACTIONS[number];

/** The locale key of an action's sentence (`history.action.notice_withdrawn`). */
export function actionKey(action: string): string {
  return `history.action.${action.replace(/\./g, "_")}`;
}

export function isKnownAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

/** Who acted, for a reader: a clerk or person by name, the system, or nobody signed in. */
export type HistoryActor =
  | { kind: "clerk"; name: string | null }
  | { kind: "person"; name: string | null }
  | { kind: "system" }
  | { kind: "anonymous" };

/** One entry of a history, ready to render. */
export interface HistoryEntry {
  id: string;
  at: Date;
  action: string;
  actor: HistoryActor;
  reason: string | null;
}

export function historyActor(
  row: { actor_type: string; actor_id: string | null },
  names: { clerks: Map<string, string>; persons: Map<string, string> },
): HistoryActor {
  const id = row.actor_id ?? "";
  if (row.actor_type === "clerk") return { kind: "clerk", name: names.clerks.get(id) ?? null };
  if (row.actor_type === "person") return { kind: "person", name: names.persons.get(id) ?? null };
  if (row.actor_type === "system") return { kind: "system" };
  return { kind: "anonymous" };
}
