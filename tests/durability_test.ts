/**
 * Durability: a notice's take-down is a Temporal timer, so a worker killed with SIGKILL and
 * started again still takes the notice down on time; a notice whose workflow could not be
 * started (Temporal unreachable at posting) is started later by the relay, not lost.
 */
import { Client, Connection } from "@temporalio/client";
import { assert, assertEquals } from "./assert.ts";
import { demoTowns, hasServices, shared } from "./support/app.ts";
import { waitFor } from "./support/client.ts";
import { getDb } from "../lib/db.ts";
import { createNotice, markWorkflowStarted } from "../db/repositories/notices.ts";
import { startNoticeWorkflow } from "../lib/temporal.ts";
import { relayUnstartedNotices } from "../lib/relay.ts";
import { startWorker } from "../scripts/services/mod.ts";

const opts = { ...shared, ignore: !hasServices };

async function temporal(): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
  return { client: new Client({ connection }), close: () => connection.close() };
}

async function status(id: string) {
  return await getDb().selectFrom("notices").select(["status", "relevant_until", "taken_down_at"])
    .where("id", "=", id).executeTakeFirstOrThrow();
}

Deno.test({
  name:
    "[durability] a worker killed with SIGKILL and restarted still takes the notice down on time",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const taskQueue = `durability-${crypto.randomUUID()}`;
    const worker = await startWorker({ ...Deno.env.toObject(), TEMPORAL_TASK_QUEUE: taskQueue });
    const { client, close } = await temporal();
    try {
      const relevantUntil = new Date(Date.now() + 15_000);
      const notice = await createNotice(getDb(), lipnice.id, crypto.randomUUID(), {
        title: "Oznámení, které přežije pád workeru",
        description: null,
        referenceNumber: null,
        agenda: null,
        postedFrom: new Date(),
        relevantUntil,
        documents: [],
      }, "test");
      await startNoticeWorkflow(client, {
        tenantId: lipnice.id,
        noticeId: notice.id,
        workflowId: notice.workflowId,
        postedFrom: new Date(),
        relevantUntil,
        taskQueue,
      });
      await waitFor(async () => (await status(notice.id)).status === "published", {
        what: "publication",
      });

      const killed = await worker.kill("SIGKILL");
      assertEquals(killed.signal, "SIGKILL");
      assertEquals((await status(notice.id)).status, "published");
      await worker.restart();

      const down = await waitFor(async () => {
        const s = await status(notice.id);
        return s.status === "expired" ? s : null;
      }, { what: "the take-down after the restart", timeoutMs: 60_000 });
      const lateByMs = down.taken_down_at!.getTime() - relevantUntil.getTime();
      assert(lateByMs >= -1000, `taken down ${-lateByMs} ms early`);
      assert(lateByMs < 10_000, `taken down ${lateByMs} ms late`);
    } finally {
      await close();
      await worker.stop();
    }
  },
});

Deno.test({
  name: "[durability] a notice whose workflow start failed is started by the relay, once",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    // As the web leaves it when Temporal is unreachable: stored, workflow not yet started.
    const notice = await createNotice(db, lipnice.id, crypto.randomUUID(), {
      title: "Oznámení podané během výpadku",
      description: null,
      referenceNumber: null,
      agenda: null,
      postedFrom: new Date(),
      relevantUntil: null,
      documents: [],
    }, "test");
    const { client, close } = await temporal();
    try {
      assert(await relayUnstartedNotices(db, client, 0) >= 1);
      await waitFor(async () => (await status(notice.id)).status === "published", {
        what: "publication",
      });
      assertEquals(await relayUnstartedNotices(db, client, 0), 0, "nothing left to relay");
      // A late duplicate start (e.g. the web's own retry) is a no-op, not a second case.
      await startNoticeWorkflow(client, {
        tenantId: lipnice.id,
        noticeId: notice.id,
        workflowId: notice.workflowId,
        postedFrom: new Date(),
        relevantUntil: null,
      });
      await markWorkflowStarted(db, lipnice.id, notice.id);
      const runs = [];
      for await (
        const wf of client.workflow.list({ query: `WorkflowId = '${notice.workflowId}'` })
      ) {
        runs.push(wf);
      }
      assertEquals(runs.length, 1);
    } finally {
      await close();
    }
  },
});
