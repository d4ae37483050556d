/**
 * The SMS gateway sandbox (scripts/sandbox/sms.ts) and the worker's adapter speaking to it
 * (lib/worker/sms.ts): an unsigned submission is refused, an id is delivered once into
 * MailDev, the signed receipt reaches the portal's `/api/v1/sms/dorucenky` and is recorded,
 * and the configured share fails (a temporary 503 the sender retries, or a failed receipt).
 * The sandbox runs in this process, with the runner's MailDev and the portal served on a port.
 */
import { assert, assertEquals, assertRejects } from "./assert.ts";
import { demoTowns, hasServices, shared, testApp } from "./support/app.ts";
import { maildevUrl, watchInbox } from "./support/maildev.ts";
import { waitFor } from "./support/wait.ts";
import { getDb } from "../lib/db.ts";
import { config } from "../lib/config.ts";
import { enqueueMessage } from "../db/repositories/outbox.ts";
import { gatewayMessageId } from "../domain/messaging.ts";
import { RECEIPT_PATH, signedHeaders } from "../lib/sms_gateway.ts";
import { createSmsSender, smsInboxAddress, SmsRefused } from "../lib/worker/sms.ts";
import { createSmsSandbox, fateOf } from "../scripts/sandbox/sms.ts";

const opts = {
  ...shared,
  ignore: !hasServices || !maildevUrl || !Deno.env.get("SMS_GATEWAY_SECRET"),
};
const SMTP_URL = Deno.env.get("SMTP_URL") ?? "smtp://127.0.0.1:1025";

/** A sandbox (fail share as given) and the portal, each on a loopback port, for `fn`. */
async function withSandbox(
  failShare: number,
  fn: (s: { url: string; callbackUrl: string; secret: string }) => Promise<void>,
) {
  const secret = config().smsGatewaySecret;
  const sandbox = createSmsSandbox({ secret, smtpUrl: SMTP_URL, failShare, receiptDelayMs: 50 });
  const gw = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, sandbox.handler);
  const app = testApp();
  const web = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) => app.fetch(req),
  );
  try {
    await fn({
      url: `http://127.0.0.1:${gw.addr.port}/api/v1/sms`,
      callbackUrl: `http://localhost:${web.addr.port}${RECEIPT_PATH}`,
      secret,
    });
  } finally {
    sandbox.close();
    await gw.shutdown();
    await web.shutdown();
  }
}

function randomPhone(): string {
  return `+420 7${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`.replace(" ", "");
}

async function outboxSms(phone: string, town: "lipnice" | "dubova" = "lipnice"): Promise<string> {
  const towns = await demoTowns();
  const { id } = await enqueueMessage(getDb(), towns[town].id, {
    idempotencyKey: `sandbox-test:${crypto.randomUUID()}`,
    channel: "sms",
    recipient: phone,
    subject: null,
    body: "Zkušební zpráva",
    personId: null,
    kind: "other",
    secret: false,
  });
  return id;
}

const rowStatus = async (
  id: string,
) => (await getDb().selectFrom("outbox_messages").select(["status", "error"])
  .where("id", "=", id).executeTakeFirstOrThrow());

async function inboxCount(phone: string): Promise<number> {
  const res = await fetch(`${maildevUrl}/email`);
  const all = (await res.json()) as { to: { address: string }[] }[];
  return all.filter((m) => m.to.some((t) => t.address === smsInboxAddress(phone))).length;
}

Deno.test({
  name: "[sms sandbox] an unsigned or wrongly signed submission is refused (401)",
  ...opts,
  async fn() {
    await withSandbox(0, async ({ url }) => {
      const body = JSON.stringify({ id: "m-x", to: "+420777123456", text: "x", callbackUrl: null });
      let res = await fetch(url, { method: "POST", body });
      assertEquals(res.status, 401);
      await res.body?.cancel();
      res = await fetch(url, {
        method: "POST",
        body,
        headers: signedHeaders("another-secret-another-secret-0123456789", body),
      });
      assertEquals(res.status, 401);
      await res.body?.cancel();
      // The adapter with the wrong secret: refused for good, not retried forever.
      const wrong = createSmsSender({ mailer: null as never }, {
        smsGatewayUrl: url,
        smsGatewayToken: "",
        smsGatewaySecret: "wrong-secret-wrong-secret-wrong-secret",
      });
      await assertRejects(() => wrong.send("+420777123456", "x", "m-y"), SmsRefused);
    });
  },
});

Deno.test({
  name:
    "[sms sandbox] an id is delivered into MailDev once; its signed receipt reaches the portal and is recorded",
  ...opts,
  async fn() {
    await withSandbox(0, async ({ url, callbackUrl, secret }) => {
      const sender = createSmsSender({ mailer: null as never }, {
        smsGatewayUrl: url,
        smsGatewayToken: "",
        smsGatewaySecret: secret,
      });
      const phone = randomPhone();
      const id = await outboxSms(phone);
      const ref = gatewayMessageId({ table: "outbox_messages", id });
      const next = await watchInbox(smsInboxAddress(phone));
      await sender.send(phone, "Zkušební zpráva", ref, { callbackUrl });
      await sender.send(phone, "Zkušební zpráva", ref, { callbackUrl }); // a resend: dropped
      const mail = await next();
      assertEquals(mail.subject.startsWith("SMS pro +420"), true);
      assertEquals(mail.text.trim(), "Zkušební zpráva");
      await waitFor(async () => (await rowStatus(id)).status === "delivered" || undefined, {
        what: "the delivered receipt recorded",
        timeoutMs: 10_000,
      });
      await new Promise((r) => setTimeout(r, 300));
      assertEquals(await inboxCount(phone), 1);
      // A bad number is refused for good (400 → SmsRefused).
      await assertRejects(() => sender.send("123", "x", "m-bad"), SmsRefused);
    });
  },
});

Deno.test({
  name:
    "[sms sandbox] the fail share: a temporary 503 first (delivered on the retry) or a failed receipt",
  ...opts,
  async fn() {
    await withSandbox(1, async ({ url, callbackUrl, secret }) => {
      const sender = createSmsSender({ mailer: null as never }, {
        smsGatewayUrl: url,
        smsGatewayToken: "",
        smsGatewaySecret: secret,
      });
      // Messages until there is one of each fate (half and half with the whole share failing).
      let temporary: { id: string; phone: string } | undefined;
      let failed: { id: string; phone: string } | undefined;
      while (!temporary || !failed) {
        const phone = randomPhone();
        const id = await outboxSms(phone);
        const fate = fateOf(gatewayMessageId({ table: "outbox_messages", id }));
        if (fate < 0.5) temporary ??= { id, phone };
        else failed ??= { id, phone };
      }
      const tRef = gatewayMessageId({ table: "outbox_messages", id: temporary.id });
      const next = await watchInbox(smsInboxAddress(temporary.phone));
      const err = await assertRejects(() =>
        sender.send(temporary!.phone, "Zpráva", tRef, {
          callbackUrl,
        })
      );
      assert(!(err instanceof SmsRefused), "a 503 is temporary: the activity retries");
      await sender.send(temporary.phone, "Zpráva", tRef, { callbackUrl }); // the retry
      await next();

      const fRef = gatewayMessageId({ table: "outbox_messages", id: failed.id });
      await sender.send(failed.phone, "Zpráva", fRef, { callbackUrl });
      await waitFor(async () => (await rowStatus(failed!.id)).status === "failed" || undefined, {
        what: "the failed receipt recorded",
        timeoutMs: 10_000,
      });
      assertEquals((await rowStatus(failed.id)).error, "sandbox: the number is not reachable");
      assertEquals(await inboxCount(failed.phone), 0);
      await waitFor(
        async () => (await rowStatus(temporary!.id)).status === "delivered" || undefined,
        { what: "the retried message's receipt", timeoutMs: 10_000 },
      );
    });
  },
});

Deno.test({
  name:
    "[sms sandbox] a receipt for the second town reaches its own host (dubova.localhost) and is recorded there",
  ...opts,
  async fn() {
    await withSandbox(0, async ({ url, callbackUrl, secret }) => {
      const sender = createSmsSender({ mailer: null as never }, {
        smsGatewayUrl: url,
        smsGatewayToken: "",
        smsGatewaySecret: secret,
      });
      const phone = randomPhone();
      const id = await outboxSms(phone, "dubova");
      const dubovaCallback = callbackUrl.replace("//localhost:", "//dubova.localhost:");
      await sender.send(
        phone,
        "Zkušební zpráva",
        gatewayMessageId({ table: "outbox_messages", id }),
        {
          callbackUrl: dubovaCallback,
        },
      );
      await waitFor(async () => (await rowStatus(id)).status === "delivered" || undefined, {
        what: "the second town's receipt recorded",
        timeoutMs: 10_000,
      });
    });
  },
});
