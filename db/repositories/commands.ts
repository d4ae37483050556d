/**
 * The transactional outbox to Temporal. `enqueueCommand` runs inside the caller's transaction,
 * beside the domain rows it belongs to; the worker's relay claims pending commands with a lease
 * (`FOR UPDATE SKIP LOCKED`, so two relays never take the same one), executes them and records
 * the outcome. Commands of one workflow run in the order they were queued: an Update never
 * overtakes the start of its own workflow.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, WorkflowCommandRow } from "../schema.ts";
import type { CommandOutcome, WorkflowCommand } from "../../domain/workflows.ts";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Queues a command once per (tenant, key): a retried request finds the first one. Returns its
 * id and whether this call created it.
 */
export async function enqueueCommand(
  db: Db,
  command: WorkflowCommand,
): Promise<{ id: string; created: boolean }> {
  const start = command.kind === "start" ? command : null;
  const inserted = await db.insertInto("workflow_commands").values({
    tenant_id: command.tenantId,
    command_key: command.key,
    kind: command.kind,
    workflow_id: command.workflowId,
    workflow_type: start?.workflowType ?? null,
    task_queue: start?.taskQueue ?? null,
    name: command.kind === "start" ? null : command.name,
    args: JSON.stringify(command.args),
    search_attributes: JSON.stringify(start?.searchAttributes ?? {}),
    static_summary: start?.summary ?? null,
    static_details: start?.details ?? null,
    subject_type: command.subject?.type ?? null,
    subject_id: command.subject?.id ?? null,
  }).onConflict((oc) => oc.columns(["tenant_id", "command_key"]).doNothing())
    .returning("id").executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db.selectFrom("workflow_commands").select("id")
    .where("tenant_id", "=", command.tenantId).where("command_key", "=", command.key)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

export function findCommand(db: Db, tenantId: string, id: string) {
  return db.selectFrom("workflow_commands").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
}

/** The outcome of a command as a web request sees it. */
export function outcomeOf(
  row: Pick<WorkflowCommandRow, "status" | "outcome">,
): CommandOutcome {
  if (row.status === "pending") return { status: "pending" };
  if (row.status === "done") {
    return { status: "done", result: (row.outcome as { result?: unknown } | null)?.result };
  }
  const o = (row.outcome ?? {}) as { code?: string; message?: string };
  return { status: "rejected", code: o.code ?? "Rejected", message: o.message ?? "" };
}

/** The latest command about a subject (e.g. a notice's withdrawal), for the page that shows it. */
export function latestCommandFor(
  db: Db,
  tenantId: string,
  subject: { type: string; id: string },
  kind: WorkflowCommandRow["kind"],
) {
  return db.selectFrom("workflow_commands")
    .select(["id", "name", "status", "outcome", "attempts", "last_error", "created_at"])
    .where("tenant_id", "=", tenantId).where("subject_type", "=", subject.type)
    .where("subject_id", "=", subject.id).where("kind", "=", kind)
    .orderBy("seq", "desc").limit(1).executeTakeFirst();
}

/**
 * Claims up to `limit` pending commands whose time has come for `leaseMs`, skipping rows another
 * relay holds and commands queued behind an earlier pending one of the same workflow.
 */
export async function claimCommands(
  db: Kysely<Database>,
  relayId: string,
  limit: number,
  leaseMs: number,
): Promise<WorkflowCommandRow[]> {
  if (limit <= 0) return [];
  const result = await sql<WorkflowCommandRow>`
    update workflow_commands set
      claimed_by = ${relayId},
      claimed_until = now() + make_interval(secs => ${leaseMs / 1000}),
      attempts = attempts + 1
    where id in (
      select c.id from workflow_commands c
      where c.status = 'pending' and c.available_at <= now()
        and (c.claimed_until is null or c.claimed_until < now())
        and not exists (
          select 1 from workflow_commands e
          where e.workflow_id = c.workflow_id and e.status = 'pending' and e.seq < c.seq
        )
      order by c.seq
      limit ${limit}
      for update skip locked
    )
    returning *`.execute(db);
  return result.rows.sort((a, b) => Number(a.seq) - Number(b.seq));
}

/** Records the final outcome; only the relay holding the claim may. */
export async function settleCommand(
  db: Kysely<Database>,
  id: string,
  relayId: string,
  outcome: { status: "done"; result?: unknown } | {
    status: "rejected";
    code: string;
    message: string;
  },
): Promise<boolean> {
  const stored = outcome.status === "done"
    ? { result: outcome.result ?? null }
    : { code: outcome.code, message: outcome.message };
  const r = await db.updateTable("workflow_commands").set({
    status: outcome.status,
    outcome: JSON.stringify(stored),
    processed_at: new Date(),
    claimed_by: null,
    claimed_until: null,
  }).where("id", "=", id).where("status", "=", "pending").where("claimed_by", "=", relayId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Hands a command back for a later attempt (Temporal unreachable, an Update still running):
 * `error` is recorded for the operator; `uncounted` does not count the attempt as a failure.
 */
export async function releaseCommand(
  db: Kysely<Database>,
  id: string,
  relayId: string,
  retryInMs: number,
  error: string | null,
  uncounted = false,
): Promise<void> {
  await db.updateTable("workflow_commands").set((eb) => ({
    claimed_by: null,
    claimed_until: null,
    available_at: sql<Date>`now() + make_interval(secs => ${retryInMs / 1000})`,
    last_error: error,
    attempts: uncounted ? eb("attempts", "-", 1) : eb.ref("attempts"),
  })).where("id", "=", id).where("status", "=", "pending").where("claimed_by", "=", relayId)
    .execute();
}

/** Pending commands and the age of the oldest (for `/readyz` and operators). */
export async function outboxLag(
  db: Kysely<Database>,
): Promise<{ pending: number; oldestSeconds: number }> {
  const row = await db.selectFrom("workflow_commands")
    .select([
      sql<string>`count(*)`.as("pending"),
      sql<number | null>`extract(epoch from now() - min(created_at))`.as("oldest"),
    ])
    .where("status", "=", "pending").executeTakeFirstOrThrow();
  return { pending: Number(row.pending), oldestSeconds: Math.round(Number(row.oldest ?? 0)) };
}

/** Commands that failed at least `minAttempts` times and still wait (stuck cases, for tests). */
export function failingCommands(db: Kysely<Database>, minAttempts: number) {
  return db.selectFrom("workflow_commands")
    .select(["id", "kind", "workflow_id", "name", "attempts", "last_error"])
    .where("status", "=", "pending").where("attempts", ">=", minAttempts).execute();
}
