/**
 * Throughput of filings, for `deno task bench` (scripts/bench.ts): `count` notices posted by a
 * clerk through the portal's real form (`POST /urad/uredni-deska/novy`, CSRF token and one-time
 * key as a browser sends them) by `clients` concurrent clients, as fast as they go, then carried
 * through the transactional outbox by the worker's relay to Temporal, where each notice's
 * workflow starts and publishes it.
 *
 * Printed: filings accepted by the web per second (each a 303 after its transaction committed:
 * notice, audit entry and outbox command), p50/p99 of an acceptance, the time from the first
 * filing until the relay had started the last workflow (its command `done`), and until the last
 * notice was published by its workflow; and that nothing was lost: every accepted filing is one
 * notice, one command done and one notice published.
 *
 * Needs Temporal and the worker: started here (a throwaway dev server, or TEMPORAL_ADDRESS) on
 * the bench's database. The web processes need neither: they only write the outbox.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { DEMO_CLERK } from "../db/seeds/demo.ts";
import { issueClerkSession, SESSION_COOKIE } from "../lib/session.ts";
import { CSRF_COOKIE, csrfToken } from "../lib/http/csrf.ts";
import { randomToken } from "../lib/crypto.ts";
import { toPragueLocalInput } from "../domain/time.ts";
import {
  type AppService,
  freePort,
  type OutputOptions,
  startTemporal,
  startWorker,
  type TemporalService,
} from "./services/mod.ts";

export interface FilingsOptions {
  db: Kysely<Database>;
  databaseUrl: string;
  /** The portal, e.g. http://localhost:8123 (its town chosen by Host `localhost`). */
  webUrl: string;
  sessionSecret: string;
  tenantId: string;
  count: number;
  clients: number;
  output: OutputOptions;
  say: (line: string) => void;
  /** Registers a started service, so that the bench stops it on every exit path. */
  track: (service: { stop(): Promise<void> }) => void;
}

export interface FilingsResult {
  count: number;
  clients: number;
  accepted: number;
  refused: Record<string, number>;
  /** First request sent → last acceptance, in seconds. */
  acceptSeconds: number;
  p50Ms: number;
  p99Ms: number;
  /** First request sent → the relay had started the last workflow (command done), seconds. */
  startedSeconds: number | null;
  /** First request sent → the last notice published by its workflow, seconds. */
  publishedSeconds: number | null;
  notices: number;
  commandsDone: number;
  published: number;
}

/** Starts Temporal and the worker on the bench's database. */
async function startBackend(
  o: FilingsOptions,
): Promise<{ temporal: TemporalService; worker: AppService }> {
  o.say("bench: starting Temporal and the worker for the filings…");
  const temporal = await startTemporal({ headless: true, ...o.output });
  o.track(temporal);
  const worker: AppService = await startWorker({
    DATABASE_URL: o.databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: Deno.env.get("TEMPORAL_NAMESPACE") || "default",
    TEMPORAL_TASK_QUEUE: Deno.env.get("TEMPORAL_TASK_QUEUE") || "portal",
    SESSION_SECRET: o.sessionSecret,
    APP_ENV: "production",
    // Notices send no mail nor text: closed ports, never contacted.
    SMTP_URL: `smtp://127.0.0.1:${freePort()}`,
    SMS_GATEWAY_URL: `http://127.0.0.1:${freePort()}/sms`,
    // The worker checks the gateway's delivery reports against it (32 characters or more).
    SMS_GATEWAY_SECRET: o.sessionSecret,
  }, o.output);
  o.track(worker);
  return { temporal, worker };
}

/** The demo clerk signed in (a session row and its token) with a CSRF cookie and token. */
async function clerkCredentials(o: FilingsOptions): Promise<{ cookie: string; csrf: string }> {
  const clerk = await o.db.selectFrom("clerks").select("id").where("tenant_id", "=", o.tenantId)
    .where("username", "=", DEMO_CLERK.username).executeTakeFirstOrThrow();
  const session = await issueClerkSession(o.db, o.sessionSecret, o.tenantId, clerk.id, "bench");
  const csrfCookie = randomToken();
  return {
    cookie: `${SESSION_COOKIE}=${session.token}; ${CSRF_COOKIE}=${csrfCookie}`,
    csrf: csrfToken(o.sessionSecret, csrfCookie),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function benchFilings(o: FilingsOptions): Promise<FilingsResult> {
  const backend = await startBackend(o);
  try {
    return await fileAll(o);
  } finally {
    // Its relay reads the same outbox as any later part's worker (the broadcast's): stopped
    // here, so that it cannot take their commands to this Temporal.
    await backend.worker.stop();
    await backend.temporal.stop();
  }
}

async function fileAll(o: FilingsOptions): Promise<FilingsResult> {
  const { cookie, csrf } = await clerkCredentials(o);
  const run = crypto.randomUUID().slice(0, 8);
  const keys: string[] = Array.from({ length: o.count }, () => crypto.randomUUID());
  const postedFrom = toPragueLocalInput(new Date(Date.now() - 60_000));
  const latencies: number[] = [];
  const refused: Record<string, number> = {};
  let next = 0;
  let lastAccepted = 0;
  o.say(`bench: filing ${o.count} notices with ${o.clients} clients…`);
  const t0 = performance.now();
  const client = async () => {
    while (next < keys.length) {
      const i = next++;
      const body = new URLSearchParams({
        _csrf: csrf,
        _idem: keys[i],
        title: `Oznámení o konání veřejného projednání č. ${i + 1} (${run})`,
        referenceNumber: `OÚ-LIP/${run}/${i + 1}`,
        agenda: "ostatni",
        description: "Podáno zátěžovým testem.",
        postedFrom,
        relevantUntil: "",
        // The whole form with its confirmation: filed at once, no confirmation page.
        _confirm: "ano",
      });
      const started = performance.now();
      try {
        const res = await fetch(`${o.webUrl}/urad/uredni-deska/novy`, {
          method: "POST",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          body,
          redirect: "manual",
        });
        await res.body?.cancel();
        const done = performance.now();
        if (res.status === 303) {
          latencies.push(done - started);
          lastAccepted = done;
        } else refused[String(res.status)] = (refused[String(res.status)] ?? 0) + 1;
      } catch (e) {
        const kind = `failed: ${(e as Error).name}`;
        refused[kind] = (refused[kind] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: o.clients }, client));
  const acceptSeconds = (lastAccepted - t0) / 1000;
  o.say(
    `bench: ${latencies.length} filings accepted in ${acceptSeconds.toFixed(1)} s; waiting for ` +
      "their workflows…",
  );

  // The relay starts every workflow (command done), and each workflow publishes its notice.
  const ids = async () => (await o.db.selectFrom("notices").select(["id", "status"]).where(
    "tenant_id",
    "=",
    o.tenantId,
  )
    .where("idempotency_key", "in", keys).execute());
  let startedAt: number | null = null;
  let publishedAt: number | null = null;
  let notices = 0;
  let commandsDone = 0;
  let published = 0;
  const deadline = performance.now() + 300_000;
  while (performance.now() < deadline) {
    const rows = await ids();
    notices = rows.length;
    published = rows.filter((r) => r.status === "published").length;
    commandsDone = rows.length === 0 ? 0 : Number(
      (await o.db.selectFrom("workflow_commands").select((eb) => eb.fn.countAll<string>().as("n"))
        .where("tenant_id", "=", o.tenantId).where("kind", "=", "start")
        .where("status", "=", "done").where("subject_id", "in", rows.map((r) => r.id))
        .executeTakeFirstOrThrow()).n,
    );
    if (startedAt === null && commandsDone >= latencies.length) startedAt = performance.now();
    if (published >= latencies.length) {
      publishedAt = performance.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: o.count,
    clients: o.clients,
    accepted: latencies.length,
    refused,
    acceptSeconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    startedSeconds: startedAt === null ? null : (startedAt - t0) / 1000,
    publishedSeconds: publishedAt === null ? null : (publishedAt - t0) / 1000,
    notices,
    commandsDone,
    published,
  };
}

/** The report's lines. */
export function filingsSummary(r: FilingsResult): string[] {
  const refused = Object.entries(r.refused).map(([k, n]) => `${k}×${n}`).join(", ");
  const lost = r.accepted - Math.min(r.notices, r.commandsDone, r.published);
  return [
    `filings: ${r.accepted} of ${r.count} notices accepted by the web in ` +
    `${r.acceptSeconds.toFixed(1)} s = ${Math.round(r.accepted / r.acceptSeconds)} per second ` +
    `(${r.clients} clients; p50 ${r.p50Ms.toFixed(0)} ms, p99 ${r.p99Ms.toFixed(0)} ms)` +
    (refused ? `; refused: ${refused}` : ""),
    `filings: the last workflow started ${
      r.startedSeconds === null ? "— not within 5 minutes —" : `${r.startedSeconds.toFixed(1)} s`
    } after the first filing; the last notice was published ${
      r.publishedSeconds === null
        ? "— not within 5 minutes —"
        : `${r.publishedSeconds.toFixed(1)} s`
    } after it`,
    `filings: ${r.notices} notices, ${r.commandsDone} workflows started, ${r.published} published` +
    ` — ${lost === 0 && r.accepted === r.count ? "nothing lost" : `${lost} LOST`}`,
  ];
}
