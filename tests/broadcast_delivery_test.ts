/**
 * The broadcast's batch activity (activities/broadcasts.ts) with a fake mailer and SMS sender,
 * on a town of its own in the runner's database (no outbox command is written, so no worker
 * takes these rows): a temporary failure goes back to the queue for later with the error, a
 * permanent one (SMTP 5xx, a gateway's refusal) fails the recipient without its address in the
 * reason, attempts run out into a failure; a row a crash left in `sending` is resent with the
 * same Message-ID and a sent one never again; a cancelled broadcast sends nothing; a number that
 * had its SMS for the hour waits.
 */
import { assert, assertEquals } from "./assert.ts";
import { demoTowns, hasServices, shared } from "./support/app.ts";
import { getDb } from "../lib/db.ts";
import { createBroadcastActivities } from "../activities/broadcasts.ts";
import { SmsRefused } from "../lib/worker/sms.ts";
import type { Mailer, OutgoingMail } from "../lib/worker/mail.ts";
import type { SmsSender } from "../lib/worker/sms.ts";
import { broadcastMessageId } from "../domain/broadcasts.ts";

const opts = { ...shared, ignore: !hasServices };

async function town(): Promise<{ tenantId: string; clerkId: string }> {
  await demoTowns();
  const db = getDb();
  const slug = `doruceni-${crypto.randomUUID().slice(0, 8)}`;
  const tenant = await db.insertInto("tenants").values({
    slug,
    name: "Doručovací",
    official_name: "Obec Doručovací",
    ico: "00000055",
    iban: "CZ6508000000192000145399",
    address: "Náves 1",
    email: "podatelna@doruceni.invalid",
    phone: "+420000000055",
    hosts: [`${slug}.localhost`],
    settings: "{}",
  }).returning("id").executeTakeFirstOrThrow();
  const clerk = await db.insertInto("clerks").values({
    tenant_id: tenant.id,
    username: "zpravy",
    display_name: "Test",
    email: `zpravy@${slug}.example`,
    phone: "+420778000000",
    password_hash: "x",
    roles: ["messages"],
  }).returning("id").executeTakeFirstOrThrow();
  return { tenantId: tenant.id, clerkId: clerk.id };
}

async function broadcast(
  t: { tenantId: string; clerkId: string },
  recipients: { channel: "email" | "sms"; address: string; status?: string; attempts?: number }[],
  status: "sending" | "cancelled" = "sending",
) {
  const db = getDb();
  const b = await db.insertInto("broadcasts").values({
    tenant_id: t.tenantId,
    idempotency_key: crypto.randomUUID(),
    subject: "Test",
    body: "Text.",
    sms_body: "SMS text.",
    topics: ["culture"],
    channels: ["email", "sms"],
    send_at: new Date(),
    status,
    created_by: t.clerkId,
  }).returning("id").executeTakeFirstOrThrow();
  const ids: Record<string, string> = {};
  for (const r of recipients) {
    const row = await db.insertInto("broadcast_recipients").values({
      tenant_id: t.tenantId,
      broadcast_id: b.id,
      channel: r.channel,
      address: r.address,
      batch: 0,
      status: (r.status ?? "queued") as "queued",
      attempts: r.attempts ?? 0,
    }).returning("id").executeTakeFirstOrThrow();
    ids[r.address] = row.id;
  }
  return { id: b.id, ids };
}

function fakes(fail: Record<string, unknown> = {}) {
  const mails: OutgoingMail[] = [];
  const texts: { to: string; id: string }[] = [];
  const mailer: Mailer = {
    send: (m) => {
      if (fail[m.to]) return Promise.reject(fail[m.to]);
      mails.push(m);
      return Promise.resolve();
    },
    close: () => {},
  };
  const sms: SmsSender = {
    send: (to, _text, id) => {
      if (fail[to]) return Promise.reject(fail[to]);
      texts.push({ to, id });
      return Promise.resolve();
    },
  };
  const activities = createBroadcastActivities({ db: getDb(), mailer, sms }, () => ({
    emailRate: 1000,
    smsRate: 1000,
    smsPerNumberPerHour: 3,
    batchSize: 500,
    concurrency: 2,
  }));
  return { mails, texts, activities };
}

const rowOf = (id: string) =>
  getDb().selectFrom("broadcast_recipients")
    .select(["status", "attempts", "error", "not_before", "sent_at", "failed_at"])
    .where("id", "=", id).executeTakeFirstOrThrow();

const smtp = (code: number) =>
  Object.assign(new Error(`${code} <jan@example.cz>: mailbox unavailable`), {
    code: "EENVELOPE",
    responseCode: code,
  });

Deno.test({
  name: "[broadcasts] a temporary failure is retried later, a permanent one fails the recipient",
  ...opts,
  async fn() {
    const t = await town();
    const b = await broadcast(t, [
      { channel: "email", address: "ok@example.cz" },
      { channel: "email", address: "later@example.cz" },
      { channel: "email", address: "gone@example.cz" },
      { channel: "email", address: "tired@example.cz", attempts: 4 },
      { channel: "sms", address: "+420777100200" },
    ]);
    const f = fakes({
      "later@example.cz": smtp(451),
      "gone@example.cz": smtp(550),
      "tired@example.cz": new Error("connect ECONNREFUSED 127.0.0.1:25"),
      "+420777100200": new SmsRefused(400),
    });
    const r = await f.activities.sendBroadcastBatch({
      tenantId: t.tenantId,
      broadcastId: b.id,
      batch: 0,
      origin: "http://doruceni.localhost",
      crisis: false,
    });
    assertEquals(r.sent, 1);
    assertEquals(r.failed, 3);
    assertEquals(r.dueNow, 0);
    assert(r.nextAt, "the retry's time");
    assertEquals(f.mails.map((m) => m.messageId), [broadcastMessageId(b.ids["ok@example.cz"])]);

    const later = await rowOf(b.ids["later@example.cz"]);
    assertEquals(later.status, "queued");
    assertEquals(later.attempts, 1);
    const wait = later.not_before!.getTime() - Date.now();
    assert(wait > 20_000 && wait <= 30_000, `retried in about 30 s (${wait})`);
    const gone = await rowOf(b.ids["gone@example.cz"]);
    assertEquals(gone.status, "failed");
    assert(gone.failed_at);
    assert(!gone.error!.includes("jan@example.cz"), `no address in the reason: ${gone.error}`);
    assertEquals((await rowOf(b.ids["tired@example.cz"])).status, "failed", "attempts ran out");
    assertEquals((await rowOf(b.ids["+420777100200"])).status, "failed", "the gateway refused");
  },
});

Deno.test({
  name:
    "[broadcasts] a row a crash left in sending is resent with its Message-ID; a sent one never",
  ...opts,
  async fn() {
    const t = await town();
    const b = await broadcast(t, [
      { channel: "email", address: "inflight@example.cz", status: "sending", attempts: 1 },
      { channel: "email", address: "done@example.cz", status: "sent", attempts: 1 },
      { channel: "email", address: "next@example.cz" },
    ]);
    const f = fakes();
    const input = {
      tenantId: t.tenantId,
      broadcastId: b.id,
      batch: 0,
      origin: "http://doruceni.localhost",
      crisis: false,
    };
    await f.activities.sendBroadcastBatch(input);
    assertEquals(
      f.mails.map((m) => m.messageId).sort(),
      [
        broadcastMessageId(b.ids["inflight@example.cz"]),
        broadcastMessageId(b.ids["next@example.cz"]),
      ].sort(),
    );
    const unsubscribe = f.mails[0].headers?.["List-Unsubscribe-Post"];
    assertEquals(unsubscribe, "List-Unsubscribe=One-Click");
    // A second run of the same batch (a retried activity): nothing is sent again.
    await f.activities.sendBroadcastBatch(input);
    assertEquals(f.mails.length, 2);
    for (const a of ["inflight@example.cz", "done@example.cz", "next@example.cz"]) {
      assertEquals((await rowOf(b.ids[a])).status, "sent", a);
    }
  },
});

Deno.test({
  name: "[broadcasts] a cancelled broadcast sends nothing; a number over its hourly SMS waits",
  ...opts,
  async fn() {
    const t = await town();
    const cancelled = await broadcast(
      t,
      [{ channel: "email", address: "x@example.cz" }],
      "cancelled",
    );
    const f = fakes();
    const r = await f.activities.sendBroadcastBatch({
      tenantId: t.tenantId,
      broadcastId: cancelled.id,
      batch: 0,
      origin: "http://doruceni.localhost",
      crisis: false,
    });
    assertEquals(r.stopped, true);
    assertEquals(f.mails.length, 0);

    // Three SMS to the number in the last hour (earlier broadcasts), then a fourth waits.
    const phone = "+420777300400";
    for (let i = 0; i < 3; i++) {
      const earlier = await broadcast(t, [{ channel: "sms", address: phone, status: "sent" }]);
      await getDb().updateTable("broadcast_recipients")
        .set({ sent_at: new Date(Date.now() - (50 - i * 10) * 60_000) })
        .where("id", "=", earlier.ids[phone]).execute();
    }
    const fourth = await broadcast(t, [{ channel: "sms", address: phone }]);
    const r2 = await f.activities.sendBroadcastBatch({
      tenantId: t.tenantId,
      broadcastId: fourth.id,
      batch: 0,
      origin: "http://doruceni.localhost",
      crisis: false,
    });
    assertEquals(f.texts.length, 0);
    const row = await rowOf(fourth.ids[phone]);
    assertEquals(row.status, "queued");
    const wait = row.not_before!.getTime() - Date.now();
    assert(wait > 9 * 60_000 && wait <= 10 * 60_000, `an hour after the oldest (${wait})`);
    assertEquals(r2.dueNow, 0);
    assertEquals(r2.nextAt, row.not_before!.toISOString());
  },
});

Deno.test({
  name: "[broadcasts] a crisis broadcast of the town goes first: an ordinary batch waits for it",
  ...opts,
  async fn() {
    const t = await town();
    const ordinary = await broadcast(t, [{ channel: "email", address: "bezna@example.cz" }]);
    const crisis = await broadcast(t, [{ channel: "email", address: "krize@example.cz" }]);
    await getDb().updateTable("broadcasts").set({ crisis: true }).where("id", "=", crisis.id)
      .execute();
    const f = fakes();
    const input = (id: string, isCrisis: boolean) => ({
      tenantId: t.tenantId,
      broadcastId: id,
      batch: 0,
      origin: "http://doruceni.localhost",
      crisis: isCrisis,
    });
    const waiting = await f.activities.sendBroadcastBatch(input(ordinary.id, false));
    assertEquals(waiting.waitMs, 2000);
    assertEquals(f.mails.length, 0, "nothing ordinary while the crisis one sends");
    await f.activities.sendBroadcastBatch(input(crisis.id, true));
    assertEquals(f.mails.map((m) => m.to), ["krize@example.cz"]);
    // The crisis broadcast ends; the ordinary one goes on.
    await f.activities.finishBroadcast({ tenantId: t.tenantId, broadcastId: crisis.id });
    const after = await f.activities.sendBroadcastBatch(input(ordinary.id, false));
    assertEquals(after.waitMs, null);
    assertEquals(f.mails.map((m) => m.to), ["krize@example.cz", "bezna@example.cz"]);
  },
});
