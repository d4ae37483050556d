/**
 * The outbox relay against a real PostgreSQL (a scratch database, so the running worker's relay
 * does not take these commands): two relays racing execute every command exactly once, commands
 * of one workflow run in order, transient failures are retried and recorded, refusals are final.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { waitFor } from "../../tests/support/wait.ts";
import { scratchDatabase } from "../../tests/support/scratch_db.ts";
import type { WorkflowCommandRow } from "../../db/schema.ts";
import { enqueueCommand, findCommand, outboxLag } from "../../db/repositories/commands.ts";
import { startNotice, withdrawNotice } from "../../domain/workflows.ts";
import { createOutcomeWaiter } from "../outcomes.ts";
import { backoffMs, type CommandExecutor, createRelay, type Execution } from "./relay.ts";

const ignore = !Deno.env.get("DATABASE_URL");
const opts = { ignore, sanitizeOps: false, sanitizeResources: false };

function noticeStart(tenantId: string) {
  const noticeId = crypto.randomUUID();
  return startNotice({
    tenantId,
    tenantSlug: "test",
    noticeId,
    workflowId: `test/notice/${noticeId}`,
    title: "Oznámení",
    referenceNumber: null,
    postedFrom: new Date(),
    relevantUntil: null,
  });
}

Deno.test({
  name: "[relay] two relays racing over the same outbox execute every command exactly once",
  ...opts,
  async fn() {
    const scratch = await scratchDatabase();
    try {
      const executed = new Map<string, number>();
      const executor: CommandExecutor = {
        async execute(c) {
          executed.set(c.id, (executed.get(c.id) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, Math.random() * 5));
          return { status: "done" };
        },
      };
      const ids: string[] = [];
      for (let i = 0; i < 120; i++) {
        ids.push((await enqueueCommand(scratch.db, noticeStart(scratch.tenantId))).id);
      }
      const relays = ["a", "b"].map((name) =>
        createRelay({
          db: scratch.db,
          connectionString: scratch.url,
          executor,
          relayId: `relay-${name}`,
          concurrency: 6,
          pollMs: 50,
        })
      );
      relays.forEach((r) => r.start());
      await waitFor(async () => (await outboxLag(scratch.db)).pending === 0, {
        what: "the outbox to empty",
      });
      await Promise.all(relays.map((r) => r.stop()));
      assertEquals(executed.size, ids.length);
      assertEquals([...executed.values()].filter((n) => n !== 1), [], "executed more than once");
      const byRelay = await scratch.db.selectFrom("workflow_commands")
        .select(["status"]).where("status", "!=", "done").execute();
      assertEquals(byRelay, []);
    } finally {
      await scratch.drop();
    }
  },
});

Deno.test({
  name: "[relay] an Update waits for the start of its own workflow; refusals and outcomes recorded",
  ...opts,
  async fn() {
    const scratch = await scratchDatabase();
    const waiter = createOutcomeWaiter(scratch.db, scratch.url);
    try {
      const order: string[] = [];
      let startAttempts = 0;
      const executor: CommandExecutor = {
        execute(c: WorkflowCommandRow): Promise<Execution> {
          order.push(c.kind);
          if (c.kind === "start" && ++startAttempts < 3) {
            return Promise.reject(new Error("14 UNAVAILABLE: Temporal is away"));
          }
          if (c.kind === "update") {
            return Promise.resolve({
              status: "rejected",
              code: "AlreadyTakenDown",
              message: "The notice is already taken down",
            });
          }
          return Promise.resolve({ status: "done" });
        },
      };
      const start = noticeStart(scratch.tenantId);
      const noticeId = start.subject!.id;
      const { id: startId } = await enqueueCommand(scratch.db, start);
      const { id: updateId } = await enqueueCommand(
        scratch.db,
        withdrawNotice({ tenantId: scratch.tenantId, noticeId, workflowId: start.workflowId }, {
          reason: "Chyba v textu",
          clerkId: "c",
        }),
      );
      const relay = createRelay({ db: scratch.db, executor, pollMs: 100 });
      // The failed attempts wait 1 s and 2 s before the next (backoff), so this takes ~3 s.
      relay.start();
      const outcome = await waiter.wait(scratch.tenantId, updateId, 20_000);
      await relay.stop();
      assertEquals(outcome, {
        status: "rejected",
        code: "AlreadyTakenDown",
        message: "The notice is already taken down",
      });
      assertEquals(order, ["start", "start", "start", "update"]);
      const started = await findCommand(scratch.db, scratch.tenantId, startId);
      assertEquals(started?.status, "done");
      assertEquals(started?.attempts, 3);
      assert(started?.last_error?.includes("UNAVAILABLE"), "the last failure is recorded");
    } finally {
      await waiter.close();
      await scratch.drop();
    }
  },
});

Deno.test({
  name: "[relay] an Update still running is looked at again, without counting as a failure",
  ...opts,
  async fn() {
    const scratch = await scratchDatabase();
    try {
      let calls = 0;
      const executor: CommandExecutor = {
        execute(): Promise<Execution> {
          calls++;
          return Promise.resolve(
            calls < 3 ? { status: "running" } : { status: "done", result: { status: "withdrawn" } },
          );
        },
      };
      const { id } = await enqueueCommand(scratch.db, {
        ...withdrawNotice({
          tenantId: scratch.tenantId,
          noticeId: crypto.randomUUID(),
          workflowId: `test/notice/${crypto.randomUUID()}`,
        }, {
          reason: "x",
          clerkId: "c",
        }),
      });
      const relay = createRelay({ db: scratch.db, executor, pollMs: 100 });
      relay.start();
      const done = await waitFor(async () => {
        const row = await findCommand(scratch.db, scratch.tenantId, id);
        return row?.status === "done" ? row : null;
      }, { what: "the Update to finish" });
      await relay.stop();
      assertEquals(done.outcome, { result: { status: "withdrawn" } });
      assertEquals(done.attempts, 1, "only the final look counts");
    } finally {
      await scratch.drop();
    }
  },
});

Deno.test("[relay] backoff doubles from one second up to a minute", () => {
  assertEquals([1, 2, 3, 4, 7, 20].map(backoffMs), [1000, 2000, 4000, 8000, 60_000, 60_000]);
});
