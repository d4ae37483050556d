/**
 * A broadcast to many subscribers, for `deno task bench` (scripts/bench.ts, `--broadcast=N`,
 * default 10 000; 0 skips): N active subscribers of the demo town (half e-mail, half SMS, all
 * following `culture`), one broadcast queued by the clerk's use case (`sendBroadcast`: the row,
 * its audit entry and the outbox command), then carried by the worker's relay to Temporal and
 * sent by the `broadcastMessage` workflow in batches — the e-mails over SMTP into a MailDev of its
 * own, the SMS through the local gateway sandbox (signed protocol) into the same MailDev.
 *
 * Printed: the time from the clerk's confirmation until every recipient was handed over (the
 * broadcast `sent`), and until MailDev held every message (the last delivery into the
 * sandboxes); the goal is 60 s or less. The rate limits are configured for the benchmark
 * (BROADCAST_EMAIL_RATE / BROADCAST_SMS_RATE 1000 a second, 32 sends in flight a batch); a town's
 * production limits are its relay's and gateway's.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { DEMO_CLERK } from "../db/seeds/demo.ts";
import { sendBroadcast } from "../app/broadcasts.ts";
import {
  freePort,
  type OutputOptions,
  startMailDev,
  startSmsSandbox,
  startTemporal,
  startWorker,
} from "./services/mod.ts";

export interface BroadcastBenchOptions {
  db: Kysely<Database>;
  databaseUrl: string;
  sessionSecret: string;
  tenantId: string;
  /** Subscribers (half e-mail, half SMS). */
  count: number;
  output: OutputOptions;
  say: (line: string) => void;
  /** Registers a started service, so that the bench stops it on every exit path. */
  track: (service: { stop(): Promise<void> }) => void;
}

export interface BroadcastBenchResult {
  count: number;
  email: number;
  sms: number;
  /** Confirmation → every recipient handed over (the broadcast `sent`), seconds. */
  handedOverSeconds: number | null;
  /** Confirmation → MailDev holding every message, seconds. */
  deliveredSeconds: number | null;
  sent: number;
  failed: number;
  inMailDev: number;
}

const TASK_QUEUE = "bench-broadcast";

async function mailCount(webUrl: string): Promise<number> {
  const res = await fetch(`${webUrl}/email`);
  if (!res.ok) return 0;
  return ((await res.json()) as unknown[]).length;
}

export async function benchBroadcast(o: BroadcastBenchOptions): Promise<BroadcastBenchResult> {
  o.say("bench: starting MailDev, the SMS sandbox, Temporal and a worker for the broadcast…");
  const maildev = await startMailDev({ ...o.output });
  o.track(maildev);
  const sandbox = await startSmsSandbox({ smtpUrl: maildev.smtpUrl, ...o.output });
  o.track(sandbox);
  const temporal = await startTemporal({ headless: true, ...o.output });
  o.track(temporal);
  const worker = await startWorker({
    DATABASE_URL: o.databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: Deno.env.get("TEMPORAL_NAMESPACE") || "default",
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    SESSION_SECRET: o.sessionSecret,
    APP_ENV: "production",
    // A pool of SMTP connections (nodemailer's URL options), as a town's relay would get.
    SMTP_URL: `${maildev.smtpUrl}/?pool=true&maxConnections=8`,
    ...sandbox.env,
    // Receipts go nowhere here (no web is told the secret): a closed port.
    SMS_CALLBACK_ORIGIN: `http://127.0.0.1:${freePort()}`,
    BROADCAST_EMAIL_RATE: "1000",
    BROADCAST_SMS_RATE: "1000",
    BROADCAST_CONCURRENCY: "32",
    BROADCAST_BATCH_SIZE: "500",
  }, o.output);
  o.track(worker);

  const run = crypto.randomUUID().slice(0, 8);
  const email = Math.ceil(o.count / 2);
  const sms = o.count - email;
  o.say(`bench: ${o.count} subscribers (${email} e-mail, ${sms} SMS)…`);
  await sql`insert into subscribers
      (tenant_id, channel, address, status, unsubscribe_token, all_streets, confirmed_at)
    select ${o.tenantId}::uuid,
      case when i <= ${email} then 'email' else 'sms' end,
      case when i <= ${email} then 'bench-' || ${run} || '-' || i || '@example.cz'
        else '+420601' || lpad(i::text, 6, '0') end,
      'active', 'bench-' || ${run} || '-' || i, true, now()
    from generate_series(1, ${o.count}::int) i
    on conflict do nothing`.execute(o.db);
  await sql`insert into subscriber_topics (tenant_id, subscriber_id, topic)
    select tenant_id, id, 'culture' from subscribers
    where tenant_id = ${o.tenantId}::uuid and unsubscribe_token like ${`bench-${run}-%`}
    on conflict do nothing`.execute(o.db);
  const clerk = await o.db.selectFrom("clerks").select("id").where("tenant_id", "=", o.tenantId)
    .where("username", "=", DEMO_CLERK.username).executeTakeFirstOrThrow();
  const before = await mailCount(maildev.webUrl);

  o.say("bench: broadcasting…");
  const t0 = performance.now();
  const r = await sendBroadcast({ db: o.db, taskQueue: TASK_QUEUE }, {
    tenantId: o.tenantId,
    clerkId: clerk.id,
  }, {
    idempotencyKey: `bench-${run}`,
    values: {
      templateId: "",
      subject: `Koncert na návsi (${run})`,
      body: "Zveme vás na koncert dechové hudby v sobotu v 17 hodin na návsi.",
      smsBody: "Koncert dechovky v sobotu v 17:00 na navsi.",
      values: {},
      channels: ["email", "sms"],
      topics: ["culture"],
      everyone: false,
      streetIds: [],
      crisis: false,
      publishNews: false,
      publishNotice: false,
      when: "now",
      sendAt: "",
    },
    now: new Date(),
    origin: "http://localhost",
  });
  if (!r.ok) throw new Error(`the broadcast was refused: ${JSON.stringify(r.errors)}`);

  let handedOver: number | null = null;
  let delivered: number | null = null;
  let sent = 0;
  let failed = 0;
  let inMailDev = 0;
  const deadline = performance.now() + 600_000;
  let lastSay = performance.now();
  while (performance.now() < deadline) {
    const row = await sql<{ status: string; sent: string; failed: string }>`
      select b.status,
        (select count(*) from broadcast_recipients r where r.broadcast_id = b.id
          and r.status in ('sent', 'delivered')) as sent,
        (select count(*) from broadcast_recipients r where r.broadcast_id = b.id
          and r.status = 'failed') as failed
      from broadcasts b where b.id = ${r.id}::uuid`.execute(o.db);
    const b = row.rows[0];
    sent = Number(b.sent);
    failed = Number(b.failed);
    if (handedOver === null && b.status === "sent") handedOver = performance.now();
    if (handedOver !== null) {
      inMailDev = (await mailCount(maildev.webUrl)) - before;
      if (inMailDev >= sent) {
        delivered = performance.now();
        break;
      }
    }
    if (performance.now() - lastSay > 10_000) {
      o.say(`bench: broadcast ${b.status}, ${sent} of ${o.count} handed over…`);
      lastSay = performance.now();
    }
    await new Promise((res) => setTimeout(res, handedOver === null ? 200 : 1000));
  }
  return {
    count: o.count,
    email,
    sms,
    handedOverSeconds: handedOver === null ? null : (handedOver - t0) / 1000,
    deliveredSeconds: delivered === null ? null : (delivered - t0) / 1000,
    sent,
    failed,
    inMailDev,
  };
}

export function broadcastSummary(r: BroadcastBenchResult): string[] {
  const s = (v: number | null) => v === null ? "not within 10 minutes" : `${v.toFixed(1)} s`;
  return [
    `broadcast: ${r.count} subscribers (${r.email} e-mail, ${r.sms} SMS), ${r.sent} handed over, ` +
    `${r.failed} failed, ${r.inMailDev} in the sandboxes`,
    `broadcast: every recipient handed over in ${s(r.handedOverSeconds)}; the last delivery ` +
    `into the sandboxes after ${s(r.deliveredSeconds)} (goal ≤ 60 s)`,
  ];
}
