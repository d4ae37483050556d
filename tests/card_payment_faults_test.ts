/**
 * Card payments under faults, as an operator meets them: a worker of its own (task queue of its
 * own) SIGKILLed between the gateway's return and the booking — the return recorded, the
 * authorisation moved, the booking not yet run — and restarted; a worker killed while the
 * person is at the gateway, the return arriving while no worker runs; and the booking step run
 * again after it committed (a worker killed before it could report). Each payment is booked
 * exactly once, with one allocation per obligation and one message to the payer.
 */
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { waitFor } from "./support/wait.ts";
import { getDb } from "../lib/db.ts";
import { insertLedgerObligation } from "../db/repositories/ledger.ts";
import { listCardPaymentTransitions } from "../db/repositories/card_payments.ts";
import { startCardPayment } from "../app/card_payments.ts";
import { createCardPaymentActivities } from "../activities/card_payments.ts";
import type { CardPaymentTimings } from "../domain/workflows.ts";
import type { CardPaymentState } from "../db/schema.ts";
import { startWorker } from "../scripts/services/mod.ts";

const SANDBOX = Deno.env.get("CSOB_SANDBOX_ORIGIN");
const opts = { ...shared, ignore: !hasServices || !SANDBOX };

async function payer() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const suffix = crypto.randomUUID().slice(0, 8);
  const username = `karta.pad.${suffix}`;
  const password = "Karta-pad-heslo-2026";
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: "Petra",
    family_name: "Výpadková",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("person_contacts").values({
    tenant_id: lipnice.id,
    person_id: person.id,
    kind: "email",
    value: `karta.pad.${suffix}@example.cz`,
    verified_at: new Date(),
  }).execute();
  const c = await client();
  await c.loginCitizen(username, password);
  return { c, personId: person.id, tenantId: lipnice.id };
}

async function obligation(tenantId: string, personId: string, amountHalere: number) {
  const vs = `6${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const id = await insertLedgerObligation(getDb(), tenantId, {
    personId,
    kind: "rent",
    agenda: "poplatky",
    year: 2026,
    amountHalere,
    dueDate: "2026-12-31",
    variableSymbol: vs,
    account: "CZ6508000000192000145399",
    sourceKey: `card-fault-${vs}`,
  });
  assert(id);
  return id;
}

function hidden(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]] = m[2].replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
      .replaceAll("&amp;", "&");
  }
  return fields;
}

/** Pays at the sandbox's card page with the success card; the signed return's fields. */
async function payAtGateway(processUrl: string): Promise<Record<string, string>> {
  const process = await fetch(processUrl, { redirect: "manual" });
  await process.body?.cancel();
  const cardUrl = new URL(process.headers.get("location")!, SANDBOX).href;
  const token = hidden(await (await fetch(cardUrl)).text()).token;
  const res = await fetch(cardUrl, {
    method: "POST",
    body: new URLSearchParams({
      token,
      action: "pay",
      cardNumber: "4000000000000002",
      expiry: "12/30",
      cvc: "123",
    }),
  });
  const html = await res.text();
  assertStringIncludes(html, 'action="http://localhost');
  return hidden(html);
}

async function deliverReturn(c: TestClient, fields: Record<string, string>, id: string) {
  const res = await c.request("/platby/navrat", {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { origin: SANDBOX! },
  });
  await res.body?.cancel();
  assertEquals(res.status, 303);
  assertEquals(res.headers.get("location"), `/ucet/platby/karta/${id}`);
}

function stateIs(id: string, state: CardPaymentState) {
  return async () => {
    const cp = await getDb().selectFrom("card_payments").selectAll().where("id", "=", id)
      .executeTakeFirstOrThrow();
    return cp.state === state ? cp : null;
  };
}

async function start(
  a: Awaited<ReturnType<typeof payer>>,
  obligationIds: string[],
  taskQueue: string | undefined,
  timings: CardPaymentTimings = {},
) {
  const r = await startCardPayment(
    { db: getDb(), now: () => new Date(), taskQueue, timings, readyWaitMs: 30_000 },
    { tenantId: a.tenantId, personId: a.personId, onBehalfOf: null, requestId: null },
    { obligationIds, idempotencyKey: crypto.randomUUID(), returnOrigin: "http://localhost:8000" },
  );
  assert(r.kind === "ok" && r.redirectUrl, JSON.stringify(r));
  return { id: r.cardPaymentId, processUrl: r.redirectUrl };
}

/** Exactly one payment, its allocations, one message; the moves in order. */
async function bookedOnce(tenantId: string, id: string, obligations: Record<string, number>) {
  const db = getDb();
  const payments = await db.selectFrom("payments").select(["id", "amount_halere"])
    .where("card_payment_id", "=", id).execute();
  assertEquals(payments.length, 1, `card payment ${id} booked once`);
  const allocations = await db.selectFrom("payment_allocations")
    .select(["obligation_id", "amount_halere"]).where("payment_id", "=", payments[0].id).execute();
  assertEquals(
    Object.fromEntries(allocations.map((x) => [x.obligation_id, Number(x.amount_halere)])),
    obligations,
  );
  for (const o of Object.keys(obligations)) {
    const b = await db.selectFrom("obligation_balances").select("state")
      .where("obligation_id", "=", o).executeTakeFirstOrThrow();
    assertEquals(b.state, "paid");
  }
  const messages = await db.selectFrom("outbox_messages").select("id")
    .where("tenant_id", "=", tenantId)
    .where("idempotency_key", "like", `card-payment/${id}:captured%`).execute();
  assertEquals(messages.length, 1, "one message to the payer");
  const moves = await listCardPaymentTransitions(db, tenantId, id);
  assertEquals(moves.map((m) => m.to_state), ["started", "authorised", "captured"]);
}

Deno.test({
  name:
    "[faults] a worker SIGKILLed between the gateway's return and the booking: after a restart each payment is booked once",
  ...opts,
  async fn() {
    const taskQueue = `card-faults-${crypto.randomUUID()}`;
    const worker = await startWorker({ ...Deno.env.toObject(), TEMPORAL_TASK_QUEUE: taskQueue });
    try {
      const a = await payer();
      // Three payments in flight at once, each paused between its authorisation and booking.
      const amounts = [11_100, 22_200, 33_300];
      const payments = [];
      for (const amount of amounts) {
        const o = await obligation(a.tenantId, a.personId, amount);
        const p = await start(a, [o], taskQueue, { testPauseBeforeBookingMs: 4_000 });
        payments.push({ ...p, obligation: o, amount });
      }
      for (const p of payments) {
        const fields = await payAtGateway(p.processUrl);
        await deliverReturn(a.c, fields, p.id);
      }
      // The return is recorded and acted on: each moved to authorised, none booked yet.
      for (const p of payments) {
        await waitFor(stateIs(p.id, "authorised"), {
          what: "the authorisation",
          timeoutMs: 30_000,
        });
      }
      const killed = await worker.kill("SIGKILL");
      assertEquals(killed.signal, "SIGKILL");
      // The pause ends while no worker runs: nothing is booked by anyone.
      await new Promise((r) => setTimeout(r, 5_000));
      for (const p of payments) {
        assertEquals((await stateIs(p.id, "authorised")()) !== null, true);
        const none = await getDb().selectFrom("payments").select("id")
          .where("card_payment_id", "=", p.id).execute();
        assertEquals(none, []);
      }
      await worker.restart();
      for (const p of payments) {
        await waitFor(stateIs(p.id, "captured"), {
          what: "the booking after the restart",
          timeoutMs: 60_000,
        });
        await bookedOnce(a.tenantId, p.id, { [p.obligation]: p.amount });
      }
    } finally {
      await worker.stop();
    }
  },
});

Deno.test({
  name:
    "[faults] the gateway's return arrives while the worker is down: after a restart it is booked once",
  ...opts,
  async fn() {
    const taskQueue = `card-faults-${crypto.randomUUID()}`;
    const worker = await startWorker({ ...Deno.env.toObject(), TEMPORAL_TASK_QUEUE: taskQueue });
    try {
      const a = await payer();
      const o1 = await obligation(a.tenantId, a.personId, 40_000);
      const o2 = await obligation(a.tenantId, a.personId, 2_550);
      const p = await start(a, [o1, o2], taskQueue);
      const killed = await worker.kill("SIGKILL");
      assertEquals(killed.signal, "SIGKILL");
      const fields = await payAtGateway(p.processUrl);
      await deliverReturn(a.c, fields, p.id);
      // Delivered to Temporal by the test run's relay while this payment's worker is dead.
      await waitFor(async () => {
        const rows = await getDb().selectFrom("workflow_commands").select("status")
          .where("subject_id", "=", p.id).where("kind", "=", "signal").execute();
        return rows.length === 1 && rows[0].status === "done";
      }, { what: "the return's signal to be delivered" });
      assertEquals((await stateIs(p.id, "started")()) !== null, true);
      // A reload of the return page, and the gateway's page submitted twice: still one signal.
      await deliverReturn(a.c, fields, p.id);
      await worker.restart();
      await waitFor(stateIs(p.id, "captured"), {
        what: "the booking after the restart",
        timeoutMs: 60_000,
      });
      await bookedOnce(a.tenantId, p.id, { [o1]: 40_000, [o2]: 2_550 });
    } finally {
      await worker.stop();
    }
  },
});

Deno.test({
  name: "[faults] the booking step run again after it committed books nothing and tells no one",
  ...opts,
  async fn() {
    const a = await payer();
    const o = await obligation(a.tenantId, a.personId, 7_700);
    const p = await start(a, [o], undefined);
    const fields = await payAtGateway(p.processUrl);
    await deliverReturn(a.c, fields, p.id);
    await waitFor(stateIs(p.id, "captured"), { what: "the booking" });
    // The activity once more, as Temporal retries it when a worker died before reporting.
    const activities = createCardPaymentActivities({ db: getDb() });
    const again = await activities.bookCardPayment({
      tenantId: a.tenantId,
      cardPaymentId: p.id,
      origin: "http://localhost:8000",
    });
    assertEquals(again.booked, false);
    assert(again.paymentId);
    await bookedOnce(a.tenantId, p.id, { [o]: 7_700 });
    const audit = await getDb().selectFrom("audit_log").select("action")
      .where("subject_id", "=", p.id).where("action", "=", "payment.card_booked").execute();
    assertEquals(audit.length, 1);
  },
});
