/**
 * The SMS gateway's delivery receipts, `POST /api/v1/sms/dorucenky` (lib/sms_gateway.ts,
 * app/sms_receipts.ts): only a fresh signature with the gateway's secret is believed (401
 * otherwise, nothing changed), the message moves forward only (delivered is never undone), an
 * id the town never sent is a 200 and ignored, and another town's message is not touched. And
 * inbound SMS, `POST /api/v1/sms/prichozi`: a signed STOP or ODHLÁSIT withdraws the number.
 */
import { assertEquals } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { getDb } from "../lib/db.ts";
import { config } from "../lib/config.ts";
import { enqueueMessage } from "../db/repositories/outbox.ts";
import { gatewayMessageId } from "../domain/messaging.ts";
import { INBOUND_PATH, RECEIPT_PATH, signedHeaders, signGatewayBody } from "../lib/sms_gateway.ts";

const opts = { ...shared, ignore: !hasServices || !Deno.env.get("SMS_GATEWAY_SECRET") };

async function smsMessage(tenantId: string): Promise<string> {
  const { id } = await enqueueMessage(getDb(), tenantId, {
    idempotencyKey: `receipt-test:${crypto.randomUUID()}`,
    channel: "sms",
    recipient: "+420777000111",
    subject: null,
    body: "Vaše žádost byla vyřízena.",
    personId: null,
    kind: "case",
    secret: false,
  });
  return id;
}

function status(id: string) {
  return getDb().selectFrom("outbox_messages")
    .select(["status", "delivered_at", "failed_at", "error"]).where("id", "=", id)
    .executeTakeFirstOrThrow();
}

function receipt(id: string, s: "delivered" | "failed", extra: Record<string, unknown> = {}) {
  return JSON.stringify({ id, status: s, at: new Date().toISOString(), ...extra });
}

async function post(
  host: string,
  body: string,
  headers: Record<string, string>,
  path = RECEIPT_PATH,
) {
  const c = await client(host);
  const res = await c.request(path, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  return { status: res.status, json: await res.json() };
}

Deno.test({
  name: "[sms receipts] a bad, stale or missing signature is a 401 and changes nothing",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const id = await smsMessage(lipnice.id);
    const body = receipt(gatewayMessageId({ table: "outbox_messages", id }), "delivered");
    const secret = config().smsGatewaySecret;
    const now = String(Math.floor(Date.now() / 1000));
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    for (
      const headers of [
        {} as Record<string, string>,
        { "x-timestamp": now },
        { "x-timestamp": now, "x-signature": signGatewayBody("x".repeat(40), now, body) },
        { "x-timestamp": now, "x-signature": signGatewayBody(secret, now, body + " ") },
        { "x-timestamp": old, "x-signature": signGatewayBody(secret, old, body) },
        { "x-timestamp": "abc", "x-signature": signGatewayBody(secret, "abc", body) },
      ]
    ) {
      const res = await post("localhost", body, headers);
      assertEquals(res.status, 401, JSON.stringify(Object.keys(headers)));
      assertEquals(res.json.title, "Neplatný podpis");
    }
    assertEquals((await status(id)).status, "queued");
  },
});

Deno.test({
  name: "[sms receipts] delivered is recorded and never undone; a failed one keeps its reason",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const secret = config().smsGatewaySecret;
    const id = await smsMessage(lipnice.id);
    const ref = gatewayMessageId({ table: "outbox_messages", id });
    let body = receipt(ref, "delivered");
    let res = await post("localhost", body, signedHeaders(secret, body));
    assertEquals([res.status, res.json.outcome], [200, "recorded"]);
    let row = await status(id);
    assertEquals(row.status, "delivered");
    assertEquals(row.delivered_at instanceof Date, true);
    body = receipt(ref, "failed", { error: "late" });
    res = await post("localhost", body, signedHeaders(secret, body));
    assertEquals([res.status, res.json.outcome], [200, "unchanged"]);
    row = await status(id);
    assertEquals([row.status, row.failed_at, row.error], ["delivered", null, null]);

    const failing = await smsMessage(lipnice.id);
    body = receipt(gatewayMessageId({ table: "outbox_messages", id: failing }), "failed", {
      error: "Číslo\nneexistuje",
    });
    res = await post("localhost", body, signedHeaders(secret, body));
    assertEquals(res.status, 200);
    row = await status(failing);
    assertEquals([row.status, row.error], ["failed", "Číslo neexistuje"]);
    body = receipt(gatewayMessageId({ table: "outbox_messages", id: failing }), "delivered");
    res = await post("localhost", body, signedHeaders(secret, body));
    assertEquals((await status(failing)).status, "failed");
  },
});

Deno.test({
  name: "[sms receipts] an unknown id or another town's message is a 200 and changes nothing",
  ...opts,
  async fn() {
    const { dubova } = await demoTowns();
    const secret = config().smsGatewaySecret;
    const theirs = await smsMessage(dubova.id);
    for (
      const id of [
        gatewayMessageId({ table: "outbox_messages", id: theirs }), // Dubová's, posted to Lipnice
        gatewayMessageId({ table: "outbox_messages", id: crypto.randomUUID() }),
        "b-999999999999",
        "nonsense",
      ]
    ) {
      const body = receipt(id, "failed");
      const res = await post("localhost", body, signedHeaders(secret, body));
      assertEquals([res.status, res.json.outcome], [200, "unknown"], id);
    }
    assertEquals((await status(theirs)).status, "queued");
    // A signed body that is not a receipt: 400.
    for (const body of ["{", "[]", JSON.stringify({ id: "m-x", status: "read", at: "now" })]) {
      const res = await post("localhost", body, signedHeaders(secret, body));
      assertEquals(res.status, 400, body);
    }
  },
});

Deno.test({
  name:
    "[sms inbound] a signed STOP from a subscribed number withdraws it; other text is ignored; unsigned is a 401",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const secret = config().smsGatewaySecret;
    const phone = `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const sub = await getDb().insertInto("subscribers").values({
      tenant_id: lipnice.id,
      channel: "sms",
      address: phone,
      status: "active",
      unsubscribe_token: crypto.randomUUID().replaceAll("-", ""),
      confirmed_at: new Date(),
    }).returning("id").executeTakeFirstOrThrow();
    const state = async () =>
      (await getDb().selectFrom("subscribers").select("status").where("id", "=", sub.id)
        .executeTakeFirstOrThrow()).status;
    const send = (text: string, sign = true) => {
      const body = JSON.stringify({ from: phone, text, at: new Date().toISOString() });
      return post("localhost", body, sign ? signedHeaders(secret, body) : {}, INBOUND_PATH);
    };
    let res = await send("STOP", false);
    assertEquals(res.status, 401);
    assertEquals(await state(), "active");
    res = await send("Děkuji za informaci");
    assertEquals([res.status, res.json.outcome], [200, "not-keyword"]);
    assertEquals(await state(), "active");
    res = await send(" odhlásit ");
    assertEquals([res.status, res.json.outcome], [200, "unsubscribed"]);
    assertEquals(await state(), "unsubscribed");
    const bad = JSON.stringify({ from: "777 123 456", text: "STOP" });
    res = await post("localhost", bad, signedHeaders(secret, bad), INBOUND_PATH);
    assertEquals(res.status, 400);
  },
});
