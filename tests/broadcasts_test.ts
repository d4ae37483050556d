/**
 * Broadcasts from the office (issue 13), end to end on a town of their own (so no other suite's
 * subscribers join the audience): the clerk's compose form, its Czech errors and preview with the
 * counts per channel, one broadcast per form token, the workflow on the real worker and Temporal
 * (MailDev is checked: a resident of another street gets nothing), quiet hours, cancel mid-way
 * (nothing more is sent), and a worker killed with SIGKILL mid-broadcast (every recipient gets
 * the message once).
 */
import { Client, Connection } from "@temporalio/client";
import { assert, assertEquals } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { type TestClient, waitFor } from "./support/client.ts";
import { maildevUrl } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { hashPassword } from "../lib/password.ts";
import { cancelBroadcast, sendBroadcast } from "../app/broadcasts.ts";
import type { BroadcastFormValues } from "../domain/broadcasts.ts";
import { smsInboxAddress } from "../lib/worker/sms.ts";
import { startWorker } from "../scripts/services/mod.ts";
import { formatPragueDate, pragueStartOfDay } from "../domain/time.ts";

const opts = { ...shared, ignore: !hasServices };

interface Town {
  id: string;
  host: string;
  origin: string;
  clerkId: string;
  clerk: { username: string; password: string; phone: string };
  streets: { lipova: string; dubova: string; hlavni: string };
}

let made: Promise<Town> | undefined;

function rand(n: number): string {
  return String(Math.floor(Math.random() * 10 ** n)).padStart(n, "0");
}

async function makeTown(): Promise<Town> {
  await demoTowns();
  const db = getDb();
  const slug = `zpravy-${crypto.randomUUID().slice(0, 8)}`;
  const host = `${slug}.localhost`;
  const tenant = await db.insertInto("tenants").values({
    slug,
    name: "Zpravodajová",
    official_name: "Obec Zpravodajová",
    ico: "00000066",
    iban: "CZ6508000000192000145399",
    address: "Náves 1, 123 45 Zpravodajová",
    email: "podatelna@zpravy.invalid",
    phone: "+420000000066",
    hosts: [host],
    settings: "{}",
  }).returning("id").executeTakeFirstOrThrow();
  const street = async (name: string, part: string) =>
    (await db.insertInto("streets").values({ tenant_id: tenant.id, name, part })
      .returning("id").executeTakeFirstOrThrow()).id;
  const streets = {
    lipova: await street("Lipová", "Zpravodajová"),
    dubova: await street("Dubová", "Zpravodajová"),
    hlavni: await street("Hlavní", "Horní Zpravodajová"),
  };
  const clerk = { username: "zpravy", password: "Zpravy-Urad-2026", phone: `+420778${rand(6)}` };
  const row = await db.insertInto("clerks").values({
    tenant_id: tenant.id,
    username: clerk.username,
    display_name: "Eva Zpravodajská",
    email: `zpravy@${slug}.example`,
    phone: clerk.phone,
    password_hash: await hashPassword(clerk.password),
    roles: ["messages"],
  }).returning("id").executeTakeFirstOrThrow();
  return {
    id: tenant.id,
    host,
    origin: `http://${host}`,
    clerkId: row.id,
    clerk,
    streets,
  };
}

function town(): Promise<Town> {
  return made ??= makeTown();
}

/** An active subscriber of the town (as /odber leaves one after the double opt-in). */
async function subscriber(
  t: Town,
  s: {
    channel: "email" | "sms";
    address: string;
    topics: string[];
    streetIds?: string[];
    personId?: string | null;
  },
): Promise<string> {
  const db = getDb();
  const row = await db.insertInto("subscribers").values({
    tenant_id: t.id,
    channel: s.channel,
    address: s.address,
    person_id: s.personId ?? null,
    status: "active",
    unsubscribe_token: crypto.randomUUID().replaceAll("-", ""),
    all_streets: !s.streetIds?.length,
    confirmed_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  for (const topic of s.topics) {
    await db.insertInto("subscriber_topics").values({
      tenant_id: t.id,
      subscriber_id: row.id,
      topic: topic as "culture",
    }).execute();
  }
  for (const street of s.streetIds ?? []) {
    await db.insertInto("subscriber_streets").values({
      tenant_id: t.id,
      subscriber_id: row.id,
      street_id: street,
    }).execute();
  }
  return row.id;
}

const uniq = () => crypto.randomUUID().slice(0, 8);

interface MaildevMail {
  id: string;
  subject: string;
  text: string;
  messageId?: string;
  headers?: Record<string, string>;
  to: { address: string }[];
}

async function inbox(): Promise<MaildevMail[]> {
  const res = await fetch(`${maildevUrl}/email`);
  return await res.json() as MaildevMail[];
}

function to(mails: MaildevMail[], address: string): MaildevMail[] {
  return mails.filter((m) => m.to.some((x) => x.address.toLowerCase() === address.toLowerCase()));
}

async function broadcastRow(id: string) {
  return await getDb().selectFrom("broadcasts").selectAll().where("id", "=", id)
    .executeTakeFirstOrThrow();
}

async function recipientStates(id: string) {
  const rows = await getDb().selectFrom("broadcast_recipients")
    .select(["address", "status", "not_before", "channel"]).where("broadcast_id", "=", id)
    .execute();
  return rows;
}

function values(v: Partial<BroadcastFormValues>): BroadcastFormValues {
  return {
    templateId: "",
    subject: "Zpráva",
    body: "Text zprávy.",
    smsBody: "Text SMS.",
    values: {},
    channels: ["email"],
    topics: ["culture"],
    everyone: false,
    streetIds: [],
    crisis: false,
    publishNews: false,
    publishNotice: false,
    when: "now",
    sendAt: "",
    ...v,
  };
}

async function clerkClient(t: Town): Promise<TestClient> {
  const c = await client(t.host);
  await c.loginClerk(t.clerk.username, t.clerk.password, t.clerk.phone);
  return c;
}

/** A POST with repeated names (checkbox groups), with the page's CSRF token. */
async function postForm(
  c: TestClient,
  path: string,
  fields: Record<string, string | string[]>,
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const one of typeof v === "string" ? [v] : v) body.append(k, one);
  }
  body.set("_csrf", await c.csrfToken());
  return await c.request(path, { method: "POST", body });
}

Deno.test({
  name: "[broadcasts] the compose form: Czech errors before anything is sent, 422",
  ...opts,
  async fn() {
    const t = await town();
    const c = await clerkClient(t);
    const list = await c.get("/urad/zpravy");
    assertEquals(list.status, 200);
    await list.body?.cancel();
    const base = {
      _idem: crypto.randomUUID(),
      subject: "Odstávka vody v ulici {ulice}",
      body: "Dne {datum} nepoteče voda v ulici {ulice}.",
      smsBody: "Odstavka vody {ulice} {datum}.",
      ph_ulice: "Lipová",
      ph_datum: "5. 12.",
      channels: ["email", "sms"],
      topics: ["outages"],
      when: "now",
    };
    const cases: [Record<string, string | string[]>, string][] = [
      [{ ...base, ph_datum: "" }, "Doplňte údaj datum"],
      [{ ...base, channels: [] }, "Vyberte alespoň jeden kanál"],
      [{ ...base, smsBody: "Ř".repeat(400) }, "Text SMS je příliš dlouhý"],
      [{ ...base, when: "later", sendAt: "2020-01-01T10:00" }, "minulosti"],
      // Nobody in this town follows outages yet: an empty audience.
      [base, "Zprávu by nedostal nikdo"],
    ];
    for (const [fields, message] of cases) {
      const res = await postForm(c, "/urad/zpravy/nova", fields);
      const html = await res.text();
      assertEquals(res.status, 422, message);
      assert(html.includes(message), `expected «${message}»`);
    }
    const count = await getDb().selectFrom("broadcasts").select((eb) => eb.fn.countAll().as("n"))
      .where("tenant_id", "=", t.id).executeTakeFirstOrThrow();
    assertEquals(Number(count.n), 0, "nothing stored");
    // A citizen's or another town's clerk has no access; the demo clerk of Lipnice has the role.
    const demo = await client();
    await demo.loginClerk();
    const other = await demo.get(`/urad/zpravy`);
    assertEquals(other.status, 200);
    await other.body?.cancel();
  },
});

Deno.test({
  name:
    "[broadcasts] by topic and street: preview counts per channel, one broadcast per form token, " +
    "delivered by the workflow; a resident of another street gets nothing",
  ...opts,
  async fn() {
    const t = await town();
    const id = uniq();
    const onLipova = `lipova-${id}@example.cz`;
    const onDubova = `dubova-${id}@example.cz`;
    const wholeTown = `obec-${id}@example.cz`;
    const otherTopic = `kultura-${id}@example.cz`;
    const phone = `+420779${rand(6)}`;
    await subscriber(t, {
      channel: "email",
      address: onLipova,
      topics: ["outages"],
      streetIds: [t.streets.lipova],
    });
    await subscriber(t, {
      channel: "email",
      address: onDubova,
      topics: ["outages"],
      streetIds: [t.streets.dubova],
    });
    await subscriber(t, { channel: "email", address: wholeTown, topics: ["outages", "waste"] });
    await subscriber(t, { channel: "email", address: otherTopic, topics: ["culture"] });
    await subscriber(t, {
      channel: "sms",
      address: phone,
      topics: ["outages"],
      streetIds: [t.streets.lipova],
    });

    const c = await clerkClient(t);
    const idem = crypto.randomUUID();
    const fields = {
      _idem: idem,
      subject: "Odstávka vody v ulici {ulice} ({kod})",
      body: "Dne {datum} nepoteče voda v ulici {ulice}.",
      smsBody: "Odstavka vody {ulice} {datum} ({kod}).",
      ph_ulice: "Lipová",
      ph_datum: "5. 12. 2026",
      ph_kod: id,
      channels: ["email", "sms"],
      topics: ["outages"],
      streets: [t.streets.lipova],
      publishNews: "ano",
      publishNotice: "ano",
      when: "now",
    };
    const preview = await postForm(c, "/urad/zpravy/nova", fields);
    const html = await preview.text();
    assertEquals(preview.status, 200);
    assert(/data-testid="count-email">2</.test(html), "two e-mail recipients (Lipová, whole town)");
    assert(/data-testid="count-sms">1</.test(html), "one SMS recipient");
    assert(html.includes(`Odstávka vody v ulici Lipová (${id})`), "the subject filled in");
    assert(html.includes("Ano, odeslat"));

    const sent = await postForm(c, "/urad/zpravy/nova", { ...fields, _confirm: "ano" });
    assertEquals(sent.status, 303);
    const location = sent.headers.get("location")!;
    assert(/^\/urad\/zpravy\/[0-9a-f-]{36}\?odeslano=1$/.test(location), location);
    // A double submit: the same broadcast.
    const again = await postForm(c, "/urad/zpravy/nova", { ...fields, _confirm: "ano" });
    assertEquals(again.headers.get("location"), location);
    const broadcastId = location.slice("/urad/zpravy/".length, -"?odeslano=1".length);
    const stored = await getDb().selectFrom("broadcasts").select("id")
      .where("tenant_id", "=", t.id).where("subject", "like", `%(${id})`).execute();
    assertEquals(stored.length, 1);

    const done = await waitFor(async () => {
      const b = await broadcastRow(broadcastId);
      return b.status === "sent" ? b : null;
    }, { what: "the broadcast sent", timeoutMs: 60_000 });
    assertEquals(done.recipients_total, 3);
    // Also on the notice board, through the notice board's own use case and workflow.
    assert(done.notice_id, "a notice filed");
    await waitFor(async () => {
      const n = await getDb().selectFrom("notices").select(["status", "title"])
        .where("id", "=", done.notice_id!).executeTakeFirst();
      return n?.status === "published" && n.title.includes(id);
    }, { what: "the notice published", timeoutMs: 30_000 });

    const mails = await waitFor(async () => {
      const all = await inbox();
      const got = [onLipova, wholeTown, smsInboxAddress(phone)].map((a) => to(all, a));
      return got.every((g) => g.some((m) => m.text.includes(id) || m.subject.includes(id)))
        ? all
        : null;
    }, { what: "the e-mails and the SMS in MailDev", timeoutMs: 30_000 });
    const mine = to(mails, onLipova).filter((m) => m.subject.includes(id));
    assertEquals(mine.length, 1, "once");
    assert(mine[0].text.includes("Odhlášení z odběru"), "an unsubscribe foot");
    const headers = mine[0].headers ?? {};
    assert(
      String(headers["list-unsubscribe"] ?? "").includes("/odber/odhlasit/"),
      "List-Unsubscribe",
    );
    assertEquals(headers["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
    const sms = to(mails, smsInboxAddress(phone)).filter((m) => m.text.includes(id));
    assertEquals(sms.length, 1);
    assert(sms[0].text.includes("Odhlaseni: http"), "the SMS ends with its unsubscribe link");
    // Another street, another topic: nothing.
    assertEquals(to(mails, onDubova).length, 0, "the resident of Dubová got nothing");
    assertEquals(to(mails, otherTopic).length, 0, "a culture-only subscriber got nothing");

    // The report, its live JSON and the news item on the website.
    const report = await c.page(`/urad/zpravy/${broadcastId}`);
    assert(report.includes("Odeslaná"));
    const json = await (await c.get(`/urad/zpravy/${broadcastId}/stav.json`)).json();
    assertEquals(json.status, "sent");
    assertEquals((json.counts.email.sent ?? 0) + (json.counts.email.delivered ?? 0), 2);
    const anon = await client(t.host);
    const news = await anon.get("/aktuality");
    assertEquals(news.status, 200);
    assert(news.headers.get("cache-control")!.includes("public"));
    assert((await news.text()).includes(`Odstávka vody v ulici Lipová (${id})`));
    const history = await getDb().selectFrom("audit_log").select("action")
      .where("subject_id", "=", broadcastId).orderBy("id").execute();
    assertEquals(history.map((h) => h.action), [
      "broadcast.created",
      "broadcast.started",
      "broadcast.sent",
    ]);
  },
});

/**
 * The broadcast's workflow as an operator sees it (id, summary, search attributes); with
 * `SAVE_HISTORY_DIR=… npm test -- tests/broadcasts_test.ts` its history is saved as `name`.
 */
async function checkWorkflow(t: Town, broadcastId: string, name: string, summary: string) {
  const b = await broadcastRow(broadcastId);
  const slug = b.workflow_id!.split("/")[0];
  assertEquals(b.workflow_id, `${slug}/broadcast/${broadcastId}`);
  const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
  try {
    const temporal = new Client({ connection });
    const handle = temporal.workflow.getHandle(b.workflow_id!);
    await handle.result();
    const described = await handle.describe();
    assertEquals(await described.staticSummary(), `${slug} · broadcast${summary}`);
    assertEquals(described.searchAttributes.CaseType, ["broadcast"]);
    assertEquals(described.searchAttributes.TenantId, [t.id]);
    const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
    if (saveTo) {
      const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
      await Deno.writeTextFile(
        `${saveTo}/${name}.json`,
        historyToJSON(await handle.fetchHistory()),
      );
    }
  } finally {
    await connection.close();
  }
}

/** Quiet hours around now in Prague (an hour before to an hour after), in minutes. */
function quietAroundNow(): { from: number; to: number } {
  const now = new Date();
  const start = pragueStartOfDay(formatPragueDate(now));
  const m = Math.floor((now.getTime() - start.getTime()) / 60_000);
  return { from: (m + 1440 - 60) % 1440, to: (m + 60) % 1440 };
}

Deno.test({
  name:
    "[broadcasts] quiet hours: a non-crisis SMS waits until they end; a crisis one goes at once",
  ...opts,
  async fn() {
    const t = await town();
    const db = getDb();
    const quiet = quietAroundNow();
    const person = await db.insertInto("persons").values({
      tenant_id: t.id,
      username: `tichy.obcan.${rand(4)}`,
      given_name: "Tichý",
      family_name: "Občan",
      status: "active",
      quiet_hours_from: quiet.from,
      quiet_hours_to: quiet.to,
      updated_at: new Date(),
    }).returning("id").executeTakeFirstOrThrow();
    const quietPhone = `+420776${rand(6)}`;
    const loudPhone = `+420775${rand(6)}`;
    await subscriber(t, {
      channel: "sms",
      address: quietPhone,
      topics: ["waste"],
      personId: person.id,
    });
    await subscriber(t, { channel: "sms", address: loudPhone, topics: ["waste"] });
    const actor = { tenantId: t.id, clerkId: t.clerkId };
    const send = async (crisis: boolean, text: string) => {
      const r = await sendBroadcast({ db }, actor, {
        idempotencyKey: crypto.randomUUID(),
        values: values({
          subject: text,
          smsBody: text,
          channels: ["sms"],
          topics: crisis ? ["crisis"] : ["waste"],
          crisis,
        }),
        now: new Date(),
        origin: t.origin,
      });
      assert(r.ok, JSON.stringify(r));
      return r.id;
    };
    const id = uniq();
    const normal = await send(false, `Svoz odpadu ${id}`);
    const rows = await waitFor(async () => {
      const r = await recipientStates(normal);
      const loud = r.find((x) => x.address === loudPhone);
      const silent = r.find((x) => x.address === quietPhone);
      return loud && ["sent", "delivered"].includes(loud.status) && silent?.not_before ? r : null;
    }, { what: "the loud number sent, the quiet one deferred", timeoutMs: 60_000 });
    const deferred = rows.find((x) => x.address === quietPhone)!;
    assertEquals(deferred.status, "queued");
    const minutesLeft = (deferred.not_before!.getTime() - Date.now()) / 60_000;
    assert(
      minutesLeft > 55 && minutesLeft <= 61,
      `deferred until quiet hours end (${minutesLeft})`,
    );
    assertEquals((await broadcastRow(normal)).status, "sending", "waits for the deferred one");

    const crisis = await send(true, `KRIZOVA ZPRAVA ${id}`);
    await waitFor(async () => (await broadcastRow(crisis)).status === "sent", {
      what: "the crisis broadcast sent",
      timeoutMs: 60_000,
    });
    const crisisRows = await recipientStates(crisis);
    const toQuiet = crisisRows.find((x) => x.address === quietPhone)!;
    assert(["sent", "delivered"].includes(toQuiet.status), "crisis bypasses quiet hours");

    // Cancelling the waiting broadcast: the deferred SMS is never sent.
    const r = await cancelBroadcast({ db }, actor, {
      broadcastId: normal,
      reason: "Svoz se nekoná",
      now: new Date(),
    });
    assertEquals(r, { ok: true });
    await waitFor(async () => {
      const state = (await recipientStates(normal)).find((x) => x.address === quietPhone);
      return state?.status === "cancelled";
    }, { what: "the deferred SMS cancelled" });
    const sms = to(await inbox(), smsInboxAddress(quietPhone)).filter((m) =>
      m.text.includes(`Svoz odpadu ${id}`)
    );
    assertEquals(sms.length, 0);
    await checkWorkflow(t, normal, "broadcast-deferred-cancelled", `: Svoz odpadu ${id}`);
    await checkWorkflow(t, crisis, "broadcast-crisis-sent", ` · crisis: KRIZOVA ZPRAVA ${id}`);
  },
});

async function bulkSubscribers(t: Town, prefix: string, n: number, topic: string) {
  const addresses: string[] = [];
  for (let i = 0; i < n; i++) {
    const address = `${prefix}-${String(i).padStart(3, "0")}@example.cz`;
    addresses.push(address);
    await subscriber(t, { channel: "email", address, topics: [topic] });
  }
  return addresses;
}

async function countSent(id: string): Promise<number> {
  const rows = await recipientStates(id);
  return rows.filter((r) => r.status === "sent" || r.status === "delivered").length;
}

Deno.test({
  name: "[broadcasts] cancelled mid-way: what was not sent is cancelled and never sent",
  ...opts,
  async fn() {
    const t = await town();
    const taskQueue = `broadcast-cancel-${crypto.randomUUID()}`;
    const worker = await startWorker({
      ...Deno.env.toObject(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      BROADCAST_EMAIL_RATE: "4",
      BROADCAST_CONCURRENCY: "1",
    });
    try {
      const id = uniq();
      const addresses = await bulkSubscribers(t, `zrus-${id}`, 30, "council");
      const db = getDb();
      const actor = { tenantId: t.id, clerkId: t.clerkId };
      const r = await sendBroadcast({ db, taskQueue }, actor, {
        idempotencyKey: crypto.randomUUID(),
        values: values({ subject: `Zastupitelstvo ${id}`, topics: ["council"] }),
        now: new Date(),
        origin: t.origin,
      });
      assert(r.ok);
      await waitFor(async () => (await countSent(r.id)) >= 3, {
        what: "a few sent",
        timeoutMs: 60_000,
      });
      const cancelled = await cancelBroadcast({ db, taskQueue }, actor, {
        broadcastId: r.id,
        reason: "Chybné datum",
        now: new Date(),
      });
      assertEquals(cancelled, { ok: true });
      const atCancel = await countSent(r.id);
      await waitFor(async () => {
        const rows = await recipientStates(r.id);
        return rows.every((x) => x.status !== "sending" && x.status !== "queued");
      }, { what: "nothing left queued" });
      await new Promise((res) => setTimeout(res, 3000));
      const rows = await recipientStates(r.id);
      const sentNow = rows.filter((x) => x.status === "sent" || x.status === "delivered").length;
      assert(sentNow <= atCancel + 1, `at most the one in flight (${atCancel} → ${sentNow})`);
      assertEquals(sentNow + rows.filter((x) => x.status === "cancelled").length, 30);
      assert(rows.some((x) => x.status === "cancelled"));
      assertEquals((await broadcastRow(r.id)).status, "cancelled");
      const mails = (await inbox()).filter((m) => m.subject === `Zastupitelstvo ${id}`);
      assertEquals(mails.length, sentNow, "MailDev holds exactly the sent ones");
      assert(addresses.length === 30);
      // A second cancel: already finished.
      const twice = await cancelBroadcast({ db }, actor, {
        broadcastId: r.id,
        reason: "Znovu",
        now: new Date(),
      });
      assertEquals(twice, { ok: false, code: "alreadyFinished" });
    } finally {
      await worker.stop();
    }
  },
});

Deno.test({
  name: "[broadcasts] a worker killed with SIGKILL mid-broadcast and restarted: every recipient " +
    "gets the message exactly once (one Message-ID each)",
  ...opts,
  async fn() {
    const t = await town();
    const taskQueue = `broadcast-kill-${crypto.randomUUID()}`;
    const env = {
      ...Deno.env.toObject(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      BROADCAST_EMAIL_RATE: "15",
      BROADCAST_CONCURRENCY: "2",
    };
    const worker = await startWorker(env);
    try {
      const id = uniq();
      const n = 90;
      const addresses = await bulkSubscribers(t, `pad-${id}`, n, "culture");
      const db = getDb();
      const r = await sendBroadcast({ db, taskQueue }, { tenantId: t.id, clerkId: t.clerkId }, {
        idempotencyKey: crypto.randomUUID(),
        values: values({ subject: `Koncert ${id}`, topics: ["culture"] }),
        now: new Date(),
        origin: t.origin,
      });
      assert(r.ok);
      await waitFor(async () => (await countSent(r.id)) >= 15, {
        what: "some sent",
        timeoutMs: 60_000,
      });
      const killed = await worker.kill("SIGKILL");
      assertEquals(killed.signal, "SIGKILL");
      const atKill = await countSent(r.id);
      assert(atKill < n, `killed mid-broadcast (${atKill} of ${n})`);
      await worker.restart();
      await waitFor(async () => (await broadcastRow(r.id)).status === "sent", {
        what: "the broadcast finished after the restart",
        timeoutMs: 120_000,
        intervalMs: 500,
      });
      // Every recipient sent (the town's other culture subscribers too).
      const total = (await broadcastRow(r.id)).recipients_total!;
      assert(total >= n);
      assertEquals(await countSent(r.id), total);
      const mails = await waitFor(async () => {
        const got = (await inbox()).filter((m) => m.subject === `Koncert ${id}`);
        const reached = new Set(got.flatMap((m) => m.to.map((x) => x.address)));
        return addresses.every((a) => reached.has(a)) ? got : null;
      }, { what: "every recipient's e-mail in MailDev", timeoutMs: 30_000 });
      for (const address of addresses) {
        const ids = new Set(
          to(mails, address).map((m) => m.messageId ?? m.headers?.["message-id"]),
        );
        assertEquals(ids.size, 1, `${address}: one message (one Message-ID)`);
        assert([...ids][0]?.includes("broadcast-"), "the broadcast's stable Message-ID");
      }
      // A resend after the kill keeps its Message-ID: at most the ones in flight were resent.
      assert(mails.length <= n + 2, `${mails.length} mails for ${n} recipients`);
    } finally {
      await worker.stop();
    }
  },
});

Deno.test({
  name:
    "[broadcasts] sent later: the broadcast waits for its time; cancelled while scheduled, it " +
    "sends nothing",
  ...opts,
  async fn() {
    const t = await town();
    const db = getDb();
    const id = uniq();
    const address = `pozdeji-${id}@example.cz`;
    await subscriber(t, { channel: "email", address, topics: ["waste"] });
    const actor = { tenantId: t.id, clerkId: t.clerkId };
    const at = (ms: number) => {
      // datetime-local in Prague, to the minute: 30 to 90 seconds after `ms` from now.
      const local = new Date(Date.now() + ms + 90_000);
      const start = pragueStartOfDay(formatPragueDate(local));
      const minutes = Math.floor((local.getTime() - start.getTime()) / 60_000);
      const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
      const mm = String(minutes % 60).padStart(2, "0");
      return `${formatPragueDate(local)}T${hh}:${mm}`;
    };
    const later = await sendBroadcast({ db }, actor, {
      idempotencyKey: crypto.randomUUID(),
      values: values({
        subject: `Svoz později ${id}`,
        topics: ["waste"],
        when: "later",
        sendAt: at(0),
      }),
      now: new Date(),
      origin: t.origin,
    });
    assert(later.ok, JSON.stringify(later));
    const scheduled = await broadcastRow(later.id);
    assertEquals(scheduled.status, "scheduled");
    assert(scheduled.send_at.getTime() > Date.now(), "in the future");
    await new Promise((res) => setTimeout(res, 2000));
    assertEquals((await broadcastRow(later.id)).status, "scheduled", "not before its time");
    assertEquals((await recipientStates(later.id)).length, 0, "no recipients written yet");

    const never = await sendBroadcast({ db }, actor, {
      idempotencyKey: crypto.randomUUID(),
      values: values({
        subject: `Svoz nikdy ${id}`,
        topics: ["waste"],
        when: "later",
        sendAt: at(3600_000),
      }),
      now: new Date(),
      origin: t.origin,
    });
    assert(never.ok);
    assertEquals(
      await cancelBroadcast({ db }, actor, {
        broadcastId: never.id,
        reason: "Omylem",
        now: new Date(),
      }),
      { ok: true },
    );
    await waitFor(async () => (await broadcastRow(later.id)).status === "sent", {
      what: "the scheduled broadcast sent at its time",
      timeoutMs: 150_000,
      intervalMs: 1000,
    });
    const sentAt = (await broadcastRow(later.id)).started_at!;
    assert(sentAt.getTime() >= scheduled.send_at.getTime(), "not early");
    assertEquals((await broadcastRow(never.id)).status, "cancelled");
    assertEquals((await recipientStates(never.id)).length, 0, "the cancelled one wrote nobody");
    const mails = to(await inbox(), address);
    assertEquals(mails.filter((m) => m.subject === `Svoz později ${id}`).length, 1);
    assertEquals(mails.filter((m) => m.subject === `Svoz nikdy ${id}`).length, 0);
    await checkWorkflow(t, later.id, "broadcast-scheduled-sent", `: Svoz později ${id}`);
    await checkWorkflow(t, never.id, "broadcast-scheduled-cancelled", `: Svoz nikdy ${id}`);
  },
});
