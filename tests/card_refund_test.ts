/**
 * Refunds of card payments end to end over HTTP, against the local ČSOB sandbox and the test
 * run's worker: a citizen pays by card; the town's clerk finds the payment in the list, gives a
 * reason, confirms, and the `cardRefund` workflow returns the money — payment/reverse while the
 * payment waits for settlement (status 7 → 5), payment/refund once settled (8 → 10) — and
 * reverses the ledger: the obligation is owed again, the card payment is refunded, one audit
 * entry each for the request and the refund, one message to the payer. A second request changes
 * nothing; another town's clerk gets 404, a clerk without the fees agenda 403.
 */
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "./assert.ts";
import { ApplicationFailure } from "@temporalio/activity";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { waitFor } from "./support/wait.ts";
import {
  cardCitizen,
  cardObligation,
  cardPaymentRow,
  cardStateIs,
  payByCard,
  SANDBOX,
} from "./support/card_fixture.ts";
import { getDb } from "../lib/db.ts";
import { DEMO_CLERK, SECOND_TOWN_CLERK } from "../db/seeds/demo.ts";
import { createCardRefundActivities } from "../activities/card_refunds.ts";
import type { CsobClient } from "../lib/payments/csob.ts";

const DEMO_CLERK_USERNAME = DEMO_CLERK.username;

const opts = { ...shared, ignore: !hasServices || !SANDBOX };

async function balance(obligationId: string) {
  return await getDb().selectFrom("obligation_balances").select(["state", "paid_halere"])
    .where("obligation_id", "=", obligationId).executeTakeFirstOrThrow();
}

async function gatewayStatus(payId: string): Promise<number> {
  const record = await (await fetch(`${SANDBOX}/_sandbox/payments/${payId}`)).json();
  return record.status;
}

async function auditOf(id: string) {
  return await getDb().selectFrom("audit_log").select(["action", "actor_type"])
    .where("subject_id", "=", id).where("action", "like", "%refund%").orderBy("id").execute();
}

async function clerk(): Promise<TestClient> {
  const c = await client();
  await c.loginClerk();
  return c;
}

/** The clerk's two steps: the reason, the confirmation (which states the consequence). */
async function refundByForm(c: TestClient, id: string, reason: string): Promise<void> {
  const path = `/urad/platby/karty/${id}`;
  const review = await c.post(path, { action: "review", reason });
  assertEquals(review.status, 200);
  const html = await review.text();
  assertStringIncludes(
    html,
    "Peníze se vrátí na kartu plátce a předpisy budou znovu k zaplacení.",
  );
  const done = await c.post(path, { action: "refund", reason });
  await done.body?.cancel();
  assertEquals(done.status, 303);
  assertEquals(done.headers.get("location"), path);
}

async function refundedOnce(
  a: Awaited<ReturnType<typeof cardCitizen>>,
  id: string,
  obligation: string,
  expectedStatus: number,
) {
  const db = getDb();
  await waitFor(cardStateIs(id, "refunded"), { what: "the refund" });
  const cp = await cardPaymentRow(id);
  assertEquals(await gatewayStatus(cp.pay_id!), expectedStatus);
  assertEquals((await balance(obligation)).state, "unpaid");
  const payment = await db.selectFrom("payments").selectAll().where("card_payment_id", "=", id)
    .executeTakeFirstOrThrow();
  assert(payment.refunded_at, "the payment is marked refunded");
  assertEquals(payment.refund_reason, "Platba omylem");
  assertEquals(await auditOf(id), [
    { action: "card_payment.refund_requested", actor_type: "clerk" },
    { action: "payment.card_refunded", actor_type: "system" },
  ]);
  await waitFor(async () => {
    const m = await db.selectFrom("outbox_messages").select(["recipient"])
      .where("idempotency_key", "=", `card-refund/${id}`).execute();
    return m.length ? m : null;
  }, { what: "the payer's message" });
  const messages = await db.selectFrom("outbox_messages").select(["recipient", "channel"])
    .where("idempotency_key", "=", `card-refund/${id}`).execute();
  assertEquals(messages, [{ recipient: a.email, channel: "email" }]);
  const moves = await db.selectFrom("card_payment_transitions").select(["from_state", "to_state"])
    .where("card_payment_id", "=", id).where("to_state", "=", "refunded").execute();
  assertEquals(moves.length, 1);
}

Deno.test({
  name: "[card refund] a clerk reverses an unsettled card payment and refunds a settled one",
  ...opts,
  async fn() {
    const db = getDb();
    const a = await cardCitizen();
    const first = await cardObligation(a.tenantId, a.personId, 60_000);
    const id = await payByCard(a.c, [first]);
    assertEquals((await balance(first)).state, "paid");
    const cp = await cardPaymentRow(id);
    assertEquals(await gatewayStatus(cp.pay_id!), 7);

    const c = await clerk();
    const list = await c.page("/urad/platby");
    assertStringIncludes(list, 'href="/urad/platby/karty"');
    const cards = await c.page("/urad/platby/karty");
    assertStringIncludes(cards, `href="/urad/platby/karty/${id}"`);
    const detail = await c.page(`/urad/platby/karty/${id}`);
    assertStringIncludes(detail, "Vrátit platbu");
    assertStringIncludes(detail, "Věra Vrácená");

    // No reason: a Czech error, nothing queued.
    const empty = await c.post(`/urad/platby/karty/${id}`, { action: "review", reason: "  " });
    assertEquals(empty.status, 422);
    assertStringIncludes(await empty.text(), "Důvod vrácení");
    const noReason = await c.post(`/urad/platby/karty/${id}`, { action: "refund", reason: "" });
    assertEquals(noReason.status, 422);
    await noReason.body?.cancel();
    assertEquals(await auditOf(id), []);
    // Junk action: 400.
    const junk = await c.post(`/urad/platby/karty/${id}`, { action: "x", reason: "a" });
    assertEquals(junk.status, 400);
    await junk.body?.cancel();

    // Status 7 (waiting for settlement): payment/reverse → 5.
    await refundByForm(c, id, "Platba omylem");
    await refundedOnce(a, id, first, 5);
    const after = await c.page(`/urad/platby/karty/${id}`);
    assertStringIncludes(after, "Platba byla vrácena na kartu plátce.");
    assert(!after.includes('value="review"'), "no refund form any more");

    // A second request changes nothing.
    const again = await c.post(`/urad/platby/karty/${id}`, {
      action: "refund",
      reason: "Platba omylem",
    });
    await again.body?.cancel();
    assertEquals(again.status, 303);
    const commands = await db.selectFrom("workflow_commands").select("id")
      .where("subject_type", "=", "card_refund").where("subject_id", "=", id).execute();
    assertEquals(commands.length, 1);
    assertEquals((await auditOf(id)).length, 2);
    assertEquals((await balance(first)).state, "unpaid");

    // Status 8 (settled at the gateway): payment/refund → 10.
    const second = await cardObligation(a.tenantId, a.personId, 25_000);
    const id2 = await payByCard(a.c, [second]);
    const payId2 = (await cardPaymentRow(id2)).pay_id!;
    const settle = await fetch(`${SANDBOX}/_sandbox/settle/${payId2}`, { method: "POST" });
    await settle.body?.cancel();
    assertEquals(settle.status, 200);
    assertEquals(await gatewayStatus(payId2), 8);
    await refundByForm(c, id2, "Platba omylem");
    await refundedOnce(a, id2, second, 10);
  },
});

Deno.test({
  name: "[card refund] another town's clerk gets 404, a clerk without the fees agenda 403",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const a = await cardCitizen();
    const o = await cardObligation(a.tenantId, a.personId, 10_000);
    const id = await payByCard(a.c, [o]);

    const foreign = await client("dubova.localhost");
    await foreign.loginClerk(
      SECOND_TOWN_CLERK.username,
      SECOND_TOWN_CLERK.password,
      SECOND_TOWN_CLERK.phone,
    );
    const get = await foreign.get(`/urad/platby/karty/${id}`);
    await get.body?.cancel();
    assertEquals(get.status, 404);
    const post = await foreign.post(`/urad/platby/karty/${id}`, {
      action: "refund",
      reason: "cizí obec",
    });
    await post.body?.cancel();
    assertEquals(post.status, 404);
    const foreignList = await foreign.page("/urad/platby/karty");
    assert(!foreignList.includes(id), "another town's list does not show it");

    const suffix = crypto.randomUUID().slice(0, 6);
    const password = "Jiny-Urednik-2026-heslo";
    const phone = `+42077${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    await getDb().insertInto("clerks").values({
      tenant_id: lipnice.id,
      username: `karty-${suffix}`,
      display_name: "Úředník desky",
      email: `karty-${suffix}@lipnice.example`,
      phone,
      password_hash: await hash(password, { algorithm: 2 }),
      roles: ["notices"],
    }).execute();
    const other = await client();
    await other.loginClerk(`karty-${suffix}`, password, phone);
    for (const path of ["/urad/platby/karty", `/urad/platby/karty/${id}`]) {
      const res = await other.get(path);
      await res.body?.cancel();
      assertEquals(res.status, 403, path);
    }
    const refused = await other.post(`/urad/platby/karty/${id}`, {
      action: "refund",
      reason: "bez role",
    });
    await refused.body?.cancel();
    assertEquals(refused.status, 403);
    assertEquals((await cardPaymentRow(id)).state, "captured");
    assertEquals(
      (await getDb().selectFrom("workflow_commands").select("id")
        .where("subject_type", "=", "card_refund").where("subject_id", "=", id).execute()).length,
      0,
    );
  },
});

Deno.test({
  name:
    "[card refund] a gateway status that cannot be returned fails for good and the clerk sees why",
  ...opts,
  async fn() {
    const a = await cardCitizen();
    const o = await cardObligation(a.tenantId, a.personId, 15_000);
    const id = await payByCard(a.c, [o]);
    // A gateway that says the payment was cancelled (3): neither reverse nor refund applies.
    const calls: string[] = [];
    const fake = {
      status: (payId: string) => {
        calls.push(`status ${payId}`);
        return Promise.resolve({
          payId,
          dttm: "",
          resultCode: 0,
          resultMessage: "OK",
          paymentStatus: 3,
        });
      },
      reverse: () => Promise.reject(new Error("must not be called")),
      refund: () => Promise.reject(new Error("must not be called")),
    } as unknown as CsobClient;
    const acts = createCardRefundActivities({ db: getDb(), csob: fake });
    const ref = { tenantId: a.tenantId, cardPaymentId: id };
    const err = await assertRejects(
      () => acts.refundCardAtGateway(ref),
      ApplicationFailure,
    ) as ApplicationFailure;
    assertEquals(err.type, "NotRefundable");
    assertEquals(err.nonRetryable, true);
    assertEquals(calls.length, 1);
    await acts.failCardRefund({ ...ref, reason: err.message });
    assertEquals((await cardPaymentRow(id)).state, "captured");
    assertEquals((await balance(o)).state, "paid");

    const c = await clerk();
    const page = await c.page(`/urad/platby/karty/${id}`);
    assertStringIncludes(page, "Platbu se nepodařilo vrátit");
    assertStringIncludes(page, "paymentStatus 3");
    assert(!page.includes('value="review"'), "no refund form after a failure");

    // The ledger step alone (as a retried activity would run it): once — one move, one reversal.
    const first = await acts.recordCardRefund({
      ...ref,
      clerkId: (await getDb().selectFrom("clerks").select("id")
        .where("tenant_id", "=", a.tenantId).where("username", "=", DEMO_CLERK_USERNAME)
        .executeTakeFirstOrThrow()).id,
      reason: "Platba omylem",
      origin: "http://localhost",
      operation: "reverse",
    });
    assertEquals(first.refunded, true);
    const second = await acts.recordCardRefund({
      ...ref,
      clerkId: crypto.randomUUID(),
      reason: "znovu",
      origin: "http://localhost",
      operation: "reverse",
    });
    assertEquals(second.refunded, false);
    assertEquals((await balance(o)).state, "unpaid");
    assertEquals(
      (await getDb().selectFrom("payment_allocations as pa")
        .innerJoin("payments as p", "p.id", "pa.payment_id")
        .select("pa.id").where("p.card_payment_id", "=", id).where("pa.kind", "=", "refund")
        .execute()).length,
      1,
    );
  },
});
