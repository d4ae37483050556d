/**
 * The delivery activity (activities/messages.ts) and what it records on the message: a sent
 * message keeps its body unless it is secret (a code is cleared); a permanent refusal (the SMTP
 * server's 5xx, the SMS gateway's 4xx) is recorded as failed with a reason that names no
 * address and ends the delivery without retrying (a non-retryable failure); a temporary one
 * (SMTP 4xx, a connection refused, the gateway's 503) is thrown for Temporal to retry and leaves
 * the message queued. Fake mailer and SMS sender; the runner's database.
 */
import { assertEquals, assertRejects } from "./assert.ts";
import { demoTowns, hasServices, shared } from "./support/app.ts";
import { getDb } from "../lib/db.ts";
import { enqueueMessage } from "../db/repositories/outbox.ts";
import { createMessageActivities } from "../activities/messages.ts";
import { permanentSmtpRejection } from "../lib/worker/mail.ts";
import { SmsRefused } from "../lib/worker/sms.ts";
import type { Mailer } from "../lib/worker/mail.ts";
import type { SmsSender } from "../lib/worker/sms.ts";
import { ApplicationFailure } from "@temporalio/activity";

const opts = { ...shared, ignore: !hasServices };

function smtpError(code: number, response: string) {
  return Object.assign(new Error(`Can't send mail - all recipients were rejected: ${response}`), {
    code: "EENVELOPE",
    responseCode: code,
    response,
  });
}

Deno.test("[delivery] an SMTP 5xx is permanent and reported by its codes only; 4xx is not", () => {
  assertEquals(
    permanentSmtpRejection(
      smtpError(550, "550 5.1.1 <jan@example.cz>: Recipient address rejected: User unknown"),
    ),
    "SMTP 550 5.1.1",
  );
  assertEquals(permanentSmtpRejection(smtpError(554, "554 Transaction failed")), "SMTP 554");
  assertEquals(permanentSmtpRejection(smtpError(451, "451 4.7.1 Try again later")), null);
  assertEquals(permanentSmtpRejection(new Error("connect ECONNREFUSED 127.0.0.1:25")), null);
  assertEquals(permanentSmtpRejection(null), null);
});

async function message(channel: "email" | "sms", secret: boolean) {
  const { lipnice } = await demoTowns();
  const { id } = await enqueueMessage(getDb(), lipnice.id, {
    idempotencyKey: `delivery-test:${crypto.randomUUID()}`,
    channel,
    recipient: channel === "email" ? "jan.novak@example.cz" : "+420777000999",
    subject: channel === "email" ? "Předmět" : null,
    body: secret ? "Váš kód je 123456" : "Vaše podání bylo přijato.",
    personId: null,
    kind: secret ? "code" : "case",
    secret,
  });
  return { tenantId: lipnice.id, messageId: id };
}

const row = (id: string) =>
  getDb().selectFrom("outbox_messages").select(["status", "body", "error", "sent_at", "failed_at"])
    .where("id", "=", id).executeTakeFirstOrThrow();

function activities(fail?: { mail?: unknown; sms?: unknown }) {
  const sent: string[] = [];
  const mailer: Mailer = {
    send: (m) => {
      if (fail?.mail) return Promise.reject(fail.mail);
      sent.push(m.messageId);
      return Promise.resolve();
    },
    close: () => {},
  };
  const sms: SmsSender = {
    send: (_to, _text, id, o) => {
      if (fail?.sms) return Promise.reject(fail.sms);
      sent.push(`${id} ${o?.callbackUrl}`);
      return Promise.resolve();
    },
  };
  return { ...createMessageActivities({ db: getDb(), mailer, sms }), sent };
}

Deno.test({
  name: "[delivery] sent: a case message keeps its body, a code's is cleared; never sent twice",
  ...opts,
  async fn() {
    const a = activities();
    const kept = await message("sms", false);
    const code = await message("email", true);
    assertEquals(await a.deliverMessage(kept), "sent");
    assertEquals(await a.deliverMessage(code), "sent");
    assertEquals(await a.deliverMessage(code), "already-sent");
    assertEquals(a.sent.length, 2);
    // The SMS carries its gateway id and the town's receipt URL.
    assertEquals(
      a.sent[0],
      `m-${kept.messageId} http://localhost:${Deno.env.get("PORT") ?? 8000}/api/v1/sms/dorucenky`,
    );
    const k = await row(kept.messageId);
    assertEquals([k.status, k.body], ["sent", "Vaše podání bylo přijato."]);
    const c = await row(code.messageId);
    assertEquals([c.status, c.body], ["sent", null]);
  },
});

Deno.test({
  name:
    "[delivery] a permanent refusal is recorded as failed without retrying; a temporary one is retried",
  ...opts,
  async fn() {
    const refusedMail = activities({
      mail: smtpError(550, "550 5.1.1 <jan.novak@example.cz>: Recipient address rejected"),
    });
    const m = await message("email", true);
    const err = await assertRejects(() => refusedMail.deliverMessage(m), ApplicationFailure);
    assertEquals((err as ApplicationFailure).nonRetryable, true);
    assertEquals((err as ApplicationFailure).type, "MessageRefused");
    let r = await row(m.messageId);
    assertEquals([r.status, r.error, r.body, r.sent_at], ["failed", "SMTP 550 5.1.1", null, null]);
    assertEquals(r.failed_at instanceof Date, true);
    // A retry of the workflow finds it failed and sends nothing.
    assertEquals(await activities().deliverMessage(m), "already-sent");

    const s = await message("sms", false);
    await assertRejects(
      () => activities({ sms: new SmsRefused(400) }).deliverMessage(s),
      ApplicationFailure,
    );
    r = await row(s.messageId);
    assertEquals([r.status, r.error, r.body], [
      "failed",
      "SMS gateway 400",
      "Vaše podání bylo přijato.",
    ]);

    for (
      const temporary of [
        smtpError(451, "451 4.7.1 Greylisted"),
        new Error("connect ECONNREFUSED 127.0.0.1:1025"),
      ]
    ) {
      const t = await message("email", false);
      const e = await assertRejects(() => activities({ mail: temporary }).deliverMessage(t));
      assertEquals(e instanceof ApplicationFailure, false);
      assertEquals((await row(t.messageId)).status, "queued");
    }
    const t = await message("sms", false);
    const e = await assertRejects(() =>
      activities({ sms: new Error("SMS gateway answered 503") }).deliverMessage(t)
    );
    assertEquals(e instanceof ApplicationFailure, false);
    assertEquals((await row(t.messageId)).status, "queued");
  },
});

Deno.test({
  name:
    "[delivery] a message the gateway already reported delivered (a crash before marking it sent) is not sent again",
  ...opts,
  async fn() {
    const m = await message("sms", true);
    await getDb().updateTable("outbox_messages").set({
      status: "delivered",
      delivered_at: new Date(),
    })
      .where("id", "=", m.messageId).execute();
    const a = activities();
    assertEquals(await a.deliverMessage(m), "already-sent");
    assertEquals(a.sent, []);
    const r = await row(m.messageId);
    assertEquals([r.status, r.body, r.sent_at instanceof Date], ["delivered", null, true]);
  },
});
