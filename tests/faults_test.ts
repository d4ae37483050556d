/**
 * Faults as an operator meets them, against real processes: a web server (`deno run main.ts`), a
 * worker with its outbox relay (`node worker.ts`) and a Temporal dev server of their own, on a
 * database of their own. Temporal goes away and comes back, every database connection is
 * terminated; the web and the worker stay the same processes, and every case runs exactly once.
 */
import { join } from "node:path";
import pg from "pg";
import { Client, Connection } from "@temporalio/client";
import { assert, assertEquals } from "./assert.ts";
import { hasServices } from "./support/app.ts";
import { TestClient } from "./support/client.ts";
import { waitFor } from "./support/wait.ts";
import { maildevUrl } from "./support/maildev.ts";
import { toPragueLocalInput } from "../domain/time.ts";
import { scratchDatabase, type ScratchDb } from "./support/scratch_db.ts";
import { DEMO_CITIZEN, seedDemo } from "../db/seeds/demo.ts";
import { findTenantBySlug } from "../db/repositories/tenants.ts";
import {
  type AppService,
  freePort,
  startTemporal,
  startWeb,
  startWorker,
  type TemporalService,
  type WebService,
} from "../scripts/services/mod.ts";

const opts = { ignore: !hasServices, sanitizeOps: false, sanitizeResources: false };

/** The server closes every gRPC connection this long after it opened (GOAWAY). */
const CONNECTION_AGE = "4s";

interface Stack {
  scratch: ScratchDb;
  temporal: TemporalService;
  worker: AppService;
  web: WebService;
  lipniceId: string;
}

let stack: Promise<Stack> | undefined;

function setUp(): Promise<Stack> {
  stack ??= (async () => {
    const scratch = await scratchDatabase();
    await seedDemo(scratch.db);
    const lipnice = await findTenantBySlug(scratch.db, "lipnice");
    const dataDir = Deno.env.get("PORTAL_TEST_DATA_DIR") ?? await Deno.makeTempDir();
    const temporal = await startTemporal({
      own: true,
      name: "temporal-faults",
      cli: Deno.env.get("TEMPORAL_CLI"),
      headless: true,
      dbFile: join(dataDir, `faults-${crypto.randomUUID()}.db`),
      dynamicConfig: { "frontend.keepAliveMaxConnectionAge": CONNECTION_AGE },
      logDir: join(dataDir, "logs"),
    });
    const env = {
      ...Deno.env.toObject(),
      DATABASE_URL: scratch.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: `faults-${crypto.randomUUID()}`,
      // Its own database and Temporal: its worker relays its own outbox.
      RELAY_TASK_QUEUE: "",
      PORT: String(freePort()),
    };
    const output = { logDir: join(dataDir, "logs") };
    const [worker, web] = await Promise.all([startWorker(env, output), startWeb(env, output)]);
    return { scratch, temporal, worker, web, lipniceId: lipnice!.id };
  })();
  return stack;
}

/** A browser without JavaScript, talking to the real web process as the demo town's host. */
function browser(web: WebService): TestClient {
  const port = new URL(web.url).port;
  return new TestClient((req) => {
    const url = new URL(req.url);
    return fetch(`${web.url}${url.pathname}${url.search}`, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: "manual",
    });
  }, `localhost:${port}`);
}

async function postNotice(c: TestClient, title: string, relevantUntil = ""): Promise<string> {
  const form = await c.page("/urad/uredni-deska/novy");
  const idem = /name="_idem" value="([^"]+)"/.exec(form)![1];
  const res = await c.post("/urad/uredni-deska/novy", {
    _idem: idem,
    title,
    description: "",
    referenceNumber: "",
    agenda: "doprava",
    postedFrom: "",
    relevantUntil,
    _confirm: "ano",
  });
  await res.body?.cancel();
  assertEquals(res.status, 303, `posting a notice answered ${res.status}`);
  return /\/urad\/uredni-deska\/([0-9a-f-]{36})/.exec(res.headers.get("location")!)![1];
}

async function noticeStatus(s: Stack, id: string): Promise<string> {
  const row = await s.scratch.db.selectFrom("notices").select("status").where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row.status;
}

async function runsOf(s: Stack, workflowId: string): Promise<number> {
  const connection = await Connection.connect({ address: s.temporal.address });
  try {
    let n = 0;
    const client = new Client({ connection });
    for await (const _ of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) n++;
    return n;
  } finally {
    await connection.close();
  }
}

async function mailTexts(): Promise<string[]> {
  const res = await fetch(`${maildevUrl}/email`);
  return ((await res.json()) as { text?: string }[]).map((m) => m.text ?? "");
}

Deno.test({
  name: "[faults] idle past the connection age and a Temporal restart: the web is the same process",
  ...opts,
  async fn() {
    const s = await setUp();
    const pid = s.web.pid;
    const clerk = browser(s.web);
    await clerk.loginClerk();
    // Longer than the server lets a connection live: an HTTP/2 client in the web would get
    // GOAWAY now (and Deno's node:http2 would abort the process).
    await new Promise((r) => setTimeout(r, 6_000));
    await s.temporal.restart();
    const id = await postNotice(clerk, "Oznámení po restartu Temporalu");
    await waitFor(async () => (await noticeStatus(s, id)) === "published", {
      what: "publication after the restart",
      timeoutMs: 60_000,
    });
    assertEquals(s.web.pid, pid, "the web process is the same process");
    assert(s.web.running);
    assertEquals(await runsOf(s, `lipnice/notice/${id}`), 1);
  },
});

Deno.test({
  name:
    "[faults] Temporal stopped: three filings are accepted and run exactly once when it is back",
  ...opts,
  async fn() {
    const s = await setUp();
    const pid = s.web.pid;
    const workerPid = s.worker.pid;
    const clerk = browser(s.web);
    await clerk.loginClerk();
    const anonymous = browser(s.web);
    const run = crypto.randomUUID().slice(0, 8);

    await s.temporal.stop();
    // 1. A notice.
    const noticeId = await postNotice(clerk, `Oznámení podané během výpadku ${run}`);
    // 2. An accessibility report.
    const form = await anonymous.page("/pristupnost/nahlasit");
    const report = await anonymous.post("/pristupnost/nahlasit", {
      _idem: /name="_idem" value="([^"]+)"/.exec(form)![1],
      page: "/uredni-deska",
      description: `Tabulka na úřední desce nemá záhlaví ${run}`,
      email: "",
    });
    await report.body?.cancel();
    assertEquals(report.status, 303);
    // 3. A message: the password-reset e-mail of the demo citizen.
    const reset = await anonymous.post("/zapomenute-heslo", { identifier: DEMO_CITIZEN.username });
    await reset.body?.cancel();
    assert(reset.status < 400, `password reset request answered ${reset.status}`);

    const ready = await fetch(`${s.web.url}/readyz`);
    const readiness = await ready.json();
    assertEquals(ready.status, 200, "the web stays ready while Temporal is away");
    assert(readiness.checks.outbox.pending >= 3, "the three filings wait in the outbox");

    await s.temporal.start();
    await waitFor(async () => (await noticeStatus(s, noticeId)) === "published", {
      what: "the notice, published once Temporal is back",
      timeoutMs: 90_000,
    });
    const reportRow = await waitFor(async () => {
      const r = await s.scratch.db.selectFrom("accessibility_reports").select(["id", "notified_at"])
        .where("description", "like", `%${run}`).executeTakeFirst();
      return r?.notified_at ? r : null;
    }, { what: "the report e-mailed to the office", timeoutMs: 60_000 });
    const resetMail = await waitFor(async () => {
      const m = await s.scratch.db.selectFrom("outbox_messages").select(["id", "sent_at"])
        .where("idempotency_key", "like", "password-reset:%")
        .where("created_at", ">", new Date(Date.now() - 5 * 60_000)).execute();
      return m.length === 1 && m[0].sent_at ? m[0] : null;
    }, { what: "the reset e-mail, once", timeoutMs: 60_000 });
    assertEquals(await runsOf(s, `lipnice/message/${resetMail.id}`), 1);

    // The reset request's own workflow queues its e-mail in turn; all of it drains.
    await waitFor(async () => {
      const pending = await s.scratch.db.selectFrom("workflow_commands").select("id")
        .where("status", "=", "pending").execute();
      return pending.length === 0;
    }, { what: "the outbox to catch up", timeoutMs: 60_000 });
    assertEquals(await runsOf(s, `lipnice/notice/${noticeId}`), 1);
    assertEquals(await runsOf(s, `lipnice/a11y-report/${reportRow.id}`), 1);
    const mails = (await mailTexts()).filter((text) => text.includes(run));
    assertEquals(mails.length, 1, "the office got the report exactly once");
    assertEquals(s.web.pid, pid);
    assertEquals(s.worker.pid, workerPid, "the worker rode out Temporal's absence");
  },
});

Deno.test({
  name: "[faults] a withdrawal while Temporal is away says it is being processed, then completes",
  ...opts,
  async fn() {
    const s = await setUp();
    const clerk = browser(s.web);
    await clerk.loginClerk();
    const id = await postNotice(clerk, "Oznámení stažené během výpadku");
    await waitFor(async () => (await noticeStatus(s, id)) === "published", {
      what: "publication",
    });
    await s.temporal.stop();
    try {
      const res = await clerk.post(`/urad/uredni-deska/${id}`, {
        reason: "Vyvěšeno omylem",
        _confirm: "ano",
      });
      await res.body?.cancel();
      assertEquals(res.status, 303);
      assertEquals(res.headers.get("location"), `/urad/uredni-deska/${id}?zpracovava=1`);
      const page = await clerk.page(`/urad/uredni-deska/${id}?zpracovava=1`);
      assert(page.includes("Stažení dokumentu se zpracovává"), "the clerk is told");
      assert(page.includes("data-processing"), "the page says it is being processed");
      assert(page.includes("Zkontrolovat, zda je hotovo"), "and offers to look again");
      assert(!page.includes('name="reason"'), "no second withdrawal form meanwhile");
      assertEquals(await noticeStatus(s, id), "published");
    } finally {
      await s.temporal.start();
    }
    await waitFor(async () => (await noticeStatus(s, id)) === "withdrawn", {
      what: "the withdrawal once Temporal is back",
      timeoutMs: 60_000,
    });
    const done = await clerk.page(`/urad/uredni-deska/${id}?zpracovava=1`);
    assert(done.includes("Dokument byl z úřední desky stažen."));
    assert(!done.includes("data-processing"));
  },
});

Deno.test({
  name: "[faults] every database connection terminated while serving and running: no crash",
  ...opts,
  async fn() {
    const s = await setUp();
    const webPid = s.web.pid;
    const workerPid = s.worker.pid;
    const clerk = browser(s.web);
    await clerk.loginClerk();
    const running = await postNotice(
      clerk,
      "Oznámení, které přečká výpadek spojení",
      toPragueLocalInput(new Date(Date.now() + 10 * 60_000)),
    );
    await waitFor(async () => (await noticeStatus(s, running)) === "published", {
      what: "publication",
    });

    const statuses: number[] = [];
    let serving = true;
    const load = (async () => {
      const visitor = browser(s.web);
      while (serving) {
        for (const path of ["/", "/uredni-deska", "/readyz"]) {
          const res = await visitor.get(path);
          await res.body?.cancel();
          statuses.push(res.status);
        }
      }
    })();
    // Filings too: their transactions hold connections between queries when the cut comes.
    const csrf = await clerk.csrfToken();
    const writes = (async () => {
      let n = 0;
      while (serving) {
        const res = await clerk.post("/urad/uredni-deska/novy", {
          _idem: crypto.randomUUID(),
          title: `Oznámení při výpadku spojení ${n++}`,
          description: "",
          referenceNumber: "",
          agenda: "",
          postedFrom: "",
          relevantUntil: "",
          _confirm: "ano",
        }, { csrf }).catch((err) => {
          throw new Error(`a filing got no answer: ${err}`);
        });
        await res.body?.cancel();
        statuses.push(res.status);
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    const admin = new pg.Client({ connectionString: Deno.env.get("DATABASE_URL") });
    await admin.connect();
    try {
      const dbName = new URL(s.scratch.url).pathname.slice(1);
      for (let i = 0; i < 2; i++) {
        const killed = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
           where datname = $1 and pid <> pg_backend_pid()
             and application_name in ('portal-web', 'portal-worker')`,
          [dbName],
        );
        assert(killed.rowCount! > 0 || i > 0, "the portal's connections were found");
        await new Promise((r) => setTimeout(r, 400));
      }
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 500));
    serving = false;
    await Promise.all([load, writes]);

    assertEquals(statuses.filter((st) => st >= 500 && st !== 503), [], "only 503 while it lasted");
    assertEquals(s.web.pid, webPid, "the web process is the same process");
    assertEquals(s.worker.pid, workerPid, "the worker process is the same process");
    assert(s.web.running && s.worker.running);
    for (const path of ["/", "/uredni-deska", "/readyz"]) {
      const res = await browser(s.web).get(path);
      await res.body?.cancel();
      assertEquals(res.status, 200, `${path} after the connections came back`);
    }
    // Cases carry on: a new filing runs (the relay listens again or polls), the running one
    // can still be withdrawn.
    const after = await postNotice(clerk, "Oznámení po výpadku spojení");
    await waitFor(async () => (await noticeStatus(s, after)) === "published", {
      what: "a filing after the outage",
      timeoutMs: 30_000,
    });
    const withdraw = await clerk.post(`/urad/uredni-deska/${running}`, {
      reason: "Zkouška",
      _confirm: "ano",
    });
    await withdraw.body?.cancel();
    assertEquals(withdraw.status, 303);
    await waitFor(async () => (await noticeStatus(s, running)) === "withdrawn", {
      what: "the withdrawal",
      timeoutMs: 30_000,
    });
  },
});

Deno.test({
  name: "[faults] (stopping the fault-test processes)",
  ...opts,
  async fn() {
    if (!stack) return;
    const s = await stack;
    await Promise.allSettled([s.web.stop(), s.worker.stop()]);
    await s.temporal.stop();
    await s.scratch.drop();
  },
});
