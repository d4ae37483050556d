/**
 * The clerk's payment queue (`/urad/platby`): statement lines that matched nothing are assigned
 * by hand to an obligation or a payment order of the town (found by variable symbol, or by the
 * person's name or user name), or dismissed with a reason (a refund, a transfer between the
 * town's own accounts). Each action is one transaction with its audit entry, and each is
 * idempotent: a double submit books or dismisses once. "Match again" reruns the reconciliation
 * of the whole town (after a clerk issued the obligation a payment was meant for).
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { auditReason } from "../domain/history.ts";
import {
  type AssignmentTarget,
  assignStatementLine,
  findAssignmentTarget,
  lockTownStatements,
  reconcile,
  type ReconcileResult,
  searchAssignmentTargets,
} from "../db/repositories/reconciliation.ts";
import {
  countUnmatchedLines,
  dismissStatementLine,
  findStatementLine,
  type StatementLineView,
} from "../db/repositories/statements.ts";
import { isUuid } from "../db/repositories/ledger.ts";
import { checkText, cleanText, type FieldError } from "../domain/validation.ts";
import { type ClerkActor, clerkAudit } from "./deps.ts";

export interface ClerkPaymentDeps {
  db: Kysely<Database>;
}

export const DISMISS_REASON_MAX = 500;
export const TARGET_QUERY_MAX = 100;
const TARGET_QUERY_MIN = 2;

/** `obligation:<uuid>` or `order:<uuid>`, as the assignment form sends a choice. */
export type TargetRef = { type: "obligation" | "order"; id: string };

export function parseTargetRef(value: string): TargetRef | null {
  const m = /^(obligation|order):([0-9a-f-]{36})$/i.exec(value);
  return m && isUuid(m[2])
    ? { type: m[1].toLowerCase() as TargetRef["type"], id: m[2].toLowerCase() }
    : null;
}

export function targetRefValue(t: TargetRef): string {
  return `${t.type}:${t.id}`;
}

export type TargetQuery = { vs: string | null; text: string | null };

/**
 * The search box of the assignment page: digits alone (up to 10) are a variable symbol (leading
 * zeros ignored), anything else a person's name or user name.
 */
export function parseTargetQuery(raw: string): { ok: true; value: TargetQuery } | {
  ok: false;
  errors: FieldError[];
} {
  const q = cleanText(raw);
  const errors: FieldError[] = [];
  const digits = q.replace(/\s+/g, "");
  if (/^\d{1,10}$/.test(digits)) {
    const vs = digits.replace(/^0+/, "");
    return vs === ""
      ? { ok: false, errors: [{ field: "q", code: "invalidNumber" }] }
      : { ok: true, value: { vs, text: null } };
  }
  checkText(errors, "q", q, { required: true, max: TARGET_QUERY_MAX, min: TARGET_QUERY_MIN });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { vs: null, text: q } };
}

/** How many lines wait for a clerk (the workspace home shows it). */
export function unmatchedCount(deps: ClerkPaymentDeps, actor: ClerkActor): Promise<number> {
  return countUnmatchedLines(deps.db, actor.tenantId);
}

/** A line of the town (undefined for another town's or an unknown id); not audited. */
export function findQueueLine(
  deps: ClerkPaymentDeps,
  actor: ClerkActor,
  lineId: string,
): Promise<StatementLineView | undefined> {
  return findStatementLine(deps.db, actor.tenantId, lineId);
}

/** A line of the town, with the obligations and orders its query (or its own VS) finds. */
export async function openQueueLine(
  deps: ClerkPaymentDeps,
  actor: ClerkActor,
  input: { lineId: string; query: TargetQuery | null; chosen: TargetRef | null },
): Promise<
  | {
    ok: true;
    line: StatementLineView;
    targets: AssignmentTarget[];
    chosen: AssignmentTarget | null;
  }
  | { ok: false; code: "notFound" }
> {
  const line = await findStatementLine(deps.db, actor.tenantId, input.lineId);
  if (!line) return { ok: false, code: "notFound" };
  const query = input.query ??
    (line.variable_symbol ? { vs: line.variable_symbol, text: null } : null);
  const [targets, chosen] = await Promise.all([
    query ? searchAssignmentTargets(deps.db, actor.tenantId, query) : Promise.resolve([]),
    input.chosen ? findAssignmentTarget(deps.db, actor.tenantId, input.chosen) : undefined,
  ]);
  // Looking at a payer's name and obligations is access to personal data: audited.
  await appendAudit(deps.db, {
    ...clerkAudit(actor),
    action: "statement_line.viewed",
    subjectType: "statement-line",
    subjectId: line.id,
    details: { searched: input.query !== null, found: targets.length },
  });
  return { ok: true, line, targets, chosen: chosen ?? null };
}

export type AssignResult =
  | { ok: true; status: "booked" | "alreadyBooked" }
  | { ok: false; code: "notFound" | "notOpen" | "targetNotFound" };

/** Books the line to the chosen obligation or order, once, with the audit entry. */
export async function assignQueueLine(
  deps: ClerkPaymentDeps,
  actor: ClerkActor,
  input: { lineId: string; target: TargetRef },
): Promise<AssignResult> {
  return await deps.db.transaction().execute(async (trx): Promise<AssignResult> => {
    const outcome = await assignStatementLine(trx, actor.tenantId, {
      lineId: input.lineId,
      target: input.target,
      clerkId: actor.clerkId,
    });
    switch (outcome.status) {
      case "lineNotFound":
        return { ok: false, code: "notFound" };
      case "notOpen":
      case "targetNotFound":
        return { ok: false, code: outcome.status };
      case "alreadyBooked":
        return { ok: true, status: "alreadyBooked" };
      case "booked":
        await appendAudit(trx, {
          ...clerkAudit(actor),
          action: "payment.assigned",
          subjectType: "statement-line",
          subjectId: input.lineId,
          details: {
            paymentId: outcome.paymentId,
            targetType: input.target.type,
            targetId: input.target.id,
          },
        });
        return { ok: true, status: "booked" };
    }
  });
}

export type DismissResult =
  | { ok: true; status: "dismissed" | "alreadyDismissed" }
  | { ok: false; code: "invalid"; errors: FieldError[] }
  | { ok: false; code: "notFound" | "notOpen" };

/** Dismisses an unmatched line with the clerk's reason, once, with the audit entry. */
export async function dismissQueueLine(
  deps: ClerkPaymentDeps,
  actor: ClerkActor,
  input: { lineId: string; reason: string },
): Promise<DismissResult> {
  const reason = cleanText(input.reason);
  const errors: FieldError[] = [];
  checkText(errors, "reason", reason, { required: true, max: DISMISS_REASON_MAX });
  if (errors.length) return { ok: false, code: "invalid", errors };
  if (!isUuid(input.lineId)) return { ok: false, code: "notFound" };
  return await deps.db.transaction().execute(async (trx): Promise<DismissResult> => {
    // One at a time with imports and assignments: a line is never booked and dismissed at once.
    await lockTownStatements(trx, actor.tenantId);
    const line = await trx.selectFrom("statement_lines").select(["id", "dismissed_at"])
      .where("tenant_id", "=", actor.tenantId).where("id", "=", input.lineId)
      .executeTakeFirst();
    if (!line) return { ok: false, code: "notFound" };
    if (line.dismissed_at !== null) return { ok: true, status: "alreadyDismissed" };
    const done = await dismissStatementLine(
      trx,
      actor.tenantId,
      input.lineId,
      actor.clerkId,
      reason,
    );
    if (!done) return { ok: false, code: "notOpen" };
    await appendAudit(trx, {
      ...clerkAudit(actor),
      action: "statement_line.dismissed",
      subjectType: "statement-line",
      subjectId: input.lineId,
      details: { reason: auditReason(reason) },
    });
    return { ok: true, status: "dismissed" };
  });
}

/** Reconciles every open line of the town again (obligations issued since may now match). */
export async function rematchTown(
  deps: ClerkPaymentDeps,
  actor: ClerkActor,
): Promise<ReconcileResult> {
  return await deps.db.transaction().execute(async (trx) => {
    const result = await reconcile(trx, actor.tenantId);
    await appendAudit(trx, {
      ...clerkAudit(actor),
      action: "statement.reconciled",
      subjectType: "bank-statement",
      details: { ...result },
    });
    return result;
  });
}
