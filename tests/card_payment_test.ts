/**
 * Card payments end to end, as a browser without JavaScript does them, against the local ČSOB
 * eAPI 1.9 sandbox (CSOB_URL, CSOB_SANDBOX_ORIGIN) and the test run's worker: the portal's
 * form → the attempt's page → the gateway's card page (and its 3-D Secure page) → the signed
 * return → the workflow asks payment/status and books; the ledger, the transitions, the audit
 * log and the payer's message afterwards. Also: the same key again, another selection with the
 * same key (409), a replayed and a tampered return, a declined and a cancelled card, a return
 * that never comes, a payment never made, and the money found (or not) on the bank statement.
 */
import { hash } from "@node-rs/argon2";
import { Client, Connection } from "@temporalio/client";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { waitFor } from "./support/wait.ts";
import { getDb } from "../lib/db.ts";
import { createPaymentOrder, insertLedgerObligation } from "../db/repositories/ledger.ts";
import { createCardPayment, listCardPaymentTransitions } from "../db/repositories/card_payments.ts";
import { createCardPaymentActivities } from "../activities/card_payments.ts";
import { csobClient, CsobSignatureError, generateKeyPairPem } from "../lib/payments/csob.ts";
import { ApplicationFailure } from "@temporalio/activity";
import { startCardPayment } from "../app/card_payments.ts";
import type { CardPaymentTimings } from "../domain/workflows.ts";
import type { CardPaymentState } from "../db/schema.ts";
import { formatCzk } from "../domain/money.ts";

const SANDBOX = Deno.env.get("CSOB_SANDBOX_ORIGIN");
const opts = { ...shared, ignore: !hasServices || !SANDBOX };

const CARDS = {
  success: "4000 0000 0000 0002",
  challenge: "4000 0000 0000 3063",
  declined: "4000 0000 0000 0069",
};

// ---------------------------------------------------------------------------------------------
// Fixtures

async function citizen() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const suffix = crypto.randomUUID().slice(0, 8);
  const username = `karta.obcan.${suffix}`;
  const password = "Karta-obcan-heslo-2026";
  const email = `karta.${suffix}@example.cz`;
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: "Karel",
    family_name: "Platil",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("person_contacts").values({
    tenant_id: lipnice.id,
    person_id: person.id,
    kind: "email",
    value: email,
    verified_at: new Date(),
  }).execute();
  const c = await client();
  await c.loginCitizen(username, password);
  return { c, personId: person.id, tenantId: lipnice.id, email };
}

/** An obligation of the person (a waste fee), unpaid. */
async function obligation(tenantId: string, personId: string, amountHalere: number) {
  const vs = `7${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const id = await insertLedgerObligation(getDb(), tenantId, {
    personId,
    kind: "waste_fee",
    agenda: "poplatky",
    year: 2026,
    title: `Poplatek za odpady ${vs}`,
    amountHalere,
    dueDate: "2026-12-31",
    variableSymbol: vs,
    account: "CZ6508000000192000145399",
    sourceKey: `card-test-${vs}`,
  });
  assert(id);
  return id;
}

async function balance(obligationId: string) {
  return await getDb().selectFrom("obligation_balances").select(["state", "paid_halere"])
    .where("obligation_id", "=", obligationId).executeTakeFirstOrThrow();
}

async function cardPayment(id: string) {
  return await getDb().selectFrom("card_payments").selectAll().where("id", "=", id)
    .executeTakeFirstOrThrow();
}

function stateIs(id: string, ...states: CardPaymentState[]) {
  return async () => {
    const cp = await cardPayment(id);
    return states.includes(cp.state) ? cp : null;
  };
}

async function commandsOf(id: string) {
  return await getDb().selectFrom("workflow_commands").select(["kind", "name", "command_key"])
    .where("subject_type", "=", "card_payment").where("subject_id", "=", id).orderBy("seq")
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The browser's side

function attr(html: string, re: RegExp, what: string): string {
  const m = re.exec(html);
  if (!m) throw new Error(`no ${what} in the page: ${html.slice(0, 400)}`);
  return m[1].replaceAll("&amp;", "&");
}

/** Posts the portal's card form; returns the attempt's id (from the 303). */
async function startByForm(
  c: TestClient,
  obligationIds: string[],
  key: string,
): Promise<{ id: string; res: Response }> {
  const form = new URLSearchParams();
  for (const id of obligationIds) form.append("obligation", id);
  form.set("idempotency_key", key);
  form.set("_csrf", await c.csrfToken());
  const res = await c.request("/ucet/platby/karta", { method: "POST", body: form });
  await res.body?.cancel();
  assertEquals(res.status, 303);
  const m = /^\/ucet\/platby\/karta\/([0-9a-f-]{36})\?platit=1$/.exec(
    res.headers.get("location") ?? "",
  );
  assert(m, `redirected to ${res.headers.get("location")}`);
  return { id: m[1], res };
}

/** The attempt's page right after the form: it hands the browser over to the gateway. */
async function gatewayUrlOf(c: TestClient, id: string): Promise<string> {
  const html = await waitFor(async () => {
    const page = await c.page(`/ucet/platby/karta/${id}?platit=1`);
    return page.includes('http-equiv="refresh" content="0;url=') ? page : null;
  }, { what: "the hand-off to the gateway" });
  const url = attr(html, /content="0;url=([^"]+)"/, "meta refresh");
  assertEquals(attr(html, /<a href="([^"]+)" rel="noreferrer"/, "the gateway link"), url);
  assert(url.startsWith(Deno.env.get("CSOB_URL")!), url);
  return url;
}

function hidden(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]] = m[2].replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
      .replaceAll("&amp;", "&");
  }
  return fields;
}

interface GatewayReturn {
  action: string;
  fields: Record<string, string>;
}

/**
 * At the sandbox: opens the gateway's page (payment/process → the card page), pays with `card`
 * (through the 3-D Secure page with `code` when asked), or cancels; returns the signed return
 * form the gateway's page would submit to the portal.
 */
async function payAtGateway(
  processUrl: string,
  how: { card: string; code?: string } | "cancel",
): Promise<GatewayReturn> {
  const process = await fetch(processUrl, { redirect: "manual" });
  await process.body?.cancel();
  assertEquals(process.status, 303, "payment/process sends the browser to the card page");
  const cardUrl = new URL(process.headers.get("location")!, SANDBOX).href;
  const cardPage = await (await fetch(cardUrl)).text();
  assertStringIncludes(cardPage, "Platba kartou");
  const token = hidden(cardPage).token;
  const body = how === "cancel"
    ? new URLSearchParams({ token, action: "cancel" })
    : new URLSearchParams({
      token,
      action: "pay",
      cardNumber: how.card,
      expiry: "12/30",
      cvc: "123",
    });
  let res = await fetch(cardUrl, { method: "POST", body, redirect: "manual" });
  if (res.status === 303) {
    await res.body?.cancel();
    const challengeUrl = new URL(res.headers.get("location")!, SANDBOX).href;
    const challenge = await (await fetch(challengeUrl)).text();
    assertStringIncludes(challenge, "Ověření platby (3-D Secure)");
    assert(how !== "cancel" && how.code, "a challenge needs a code");
    res = await fetch(challengeUrl, {
      method: "POST",
      body: new URLSearchParams({
        token: hidden(challenge).token,
        action: "confirm",
        code: how.code,
      }),
      redirect: "manual",
    });
  }
  assertEquals(res.status, 200);
  const html = await res.text();
  assertStringIncludes(html, "Vracíme vás do obchodu");
  const action = attr(html, /<form method="post" action="([^"]+)" id="return">/, "return form");
  return { action, fields: hidden(html) };
}

/** The gateway's page submits the return: cross-site, from the gateway's origin. */
async function deliverReturn(
  c: TestClient,
  ret: GatewayReturn,
  fields = ret.fields,
): Promise<Response> {
  assertEquals(new URL(ret.action).pathname, "/platby/navrat");
  return await c.request("/platby/navrat", {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { origin: SANDBOX! },
  });
}

async function returnLeadsTo(c: TestClient, ret: GatewayReturn, id: string): Promise<void> {
  const res = await deliverReturn(c, ret);
  await res.body?.cancel();
  assertEquals(res.status, 303);
  assertEquals(res.headers.get("location"), `/ucet/platby/karta/${id}`);
}

// ---------------------------------------------------------------------------------------------

Deno.test({
  name:
    "[card payment] two obligations paid by card: the return is verified, the gateway asked, booked once, in order",
  ...opts,
  async fn() {
    const a = await citizen();
    const db = getDb();
    const waste = await obligation(a.tenantId, a.personId, 80_000);
    const water = await obligation(a.tenantId, a.personId, 45_050);
    const key = crypto.randomUUID();
    const { id } = await startByForm(a.c, [waste, water], key);
    const processUrl = await gatewayUrlOf(a.c, id);
    const started = await cardPayment(id);
    assertEquals(started.state, "started");
    assertEquals(Number(started.amount_halere), 125_050);

    // A double click (the same key, the same selection): the same attempt, no second init.
    const again = await startByForm(a.c, [water, waste], key);
    assertEquals(again.id, id);
    assertEquals(
      (await db.selectFrom("card_payments").select("id").where("person_id", "=", a.personId)
        .execute()).length,
      1,
    );
    assertEquals((await cardPayment(id)).pay_id, started.pay_id);
    // The same key with another selection: 409, in Czech.
    const form = new URLSearchParams({ obligation: waste, idempotency_key: key });
    form.set("_csrf", await a.c.csrfToken());
    const conflict = await a.c.request("/ucet/platby/karta", { method: "POST", body: form });
    assertEquals(conflict.status, 409);
    assertMatch(conflict.headers.get("content-type") ?? "", /^text\/html/);
    assertStringIncludes(await conflict.text(), "s jiným výběrem předpisů");

    // The gateway's order is the payment order's variable symbol, for the whole amount.
    const order = await db.selectFrom("payment_orders").selectAll()
      .where("id", "=", started.payment_order_id).executeTakeFirstOrThrow();
    const record = await (await fetch(`${SANDBOX}/_sandbox/payments/${started.pay_id}`)).json();
    assertEquals(record.orderNo, order.variable_symbol);
    assertEquals(record.totalAmount, 125_050);
    assertEquals(record.returnMethod, "POST");
    assertEquals(record.closePayment, true);
    assertEquals(record.cart.length, 1);

    const ret = await payAtGateway(processUrl, { card: CARDS.success });
    // The return comes without the person's cookies (a cross-site POST): no session needed.
    const stranger = await client();
    await returnLeadsTo(stranger, ret, id);
    const captured = await waitFor(stateIs(id, "captured"), { what: "the booking" });
    assert(captured.auth_code, "the authorisation code is kept");
    assertEquals(captured.gateway_status, 7);

    // Both obligations are paid, by one payment split over them.
    assertEquals((await balance(waste)).state, "paid");
    assertEquals((await balance(water)).state, "paid");
    const payments = await db.selectFrom("payments").selectAll().where("card_payment_id", "=", id)
      .execute();
    assertEquals(payments.length, 1);
    assertEquals([payments[0].kind, Number(payments[0].amount_halere)], ["card", 125_050]);
    assertEquals(payments[0].payer_person_id, a.personId);
    const allocations = await db.selectFrom("payment_allocations").select(["obligation_id"])
      .select((eb) => eb.cast<number>("amount_halere", "integer").as("amount"))
      .where("payment_id", "=", payments[0].id).orderBy("id").execute();
    assertEquals(
      allocations.map((x) => [x.obligation_id, x.amount]).sort(),
      [[waste, 80_000], [water, 45_050]].sort(),
    );
    const moves = await listCardPaymentTransitions(db, a.tenantId, id);
    assertEquals(moves.map((m) => `${m.from_state}→${m.to_state}`), [
      "created→started",
      "started→authorised",
      "authorised→captured",
    ]);
    const audit = await db.selectFrom("audit_log").select(["action", "actor_type", "actor_id"])
      .where("subject_id", "=", id).orderBy("id").execute();
    assertEquals(audit.map((x) => [x.action, x.actor_type]), [
      ["card_payment.started", "person"],
      ["payment.card_booked", "system"],
    ]);
    assertEquals(audit[0].actor_id, a.personId);
    const message = await db.selectFrom("outbox_messages").select(["recipient", "channel"])
      .where("idempotency_key", "=", `card-payment/${id}:captured`).execute();
    assertEquals(message, [{ recipient: a.email, channel: "email" }]);

    // The page says so, with the receipt.
    const page = await a.c.page(`/ucet/platby/karta/${id}`);
    assertStringIncludes(page, "Zaplaceno");
    assertStringIncludes(page, `/ucet/platby/${payments[0].id}/potvrzeni.pdf`);
    assertStringIncludes(page, formatCzk(125_050));

    // A replayed return (a reload, a back button): nothing new is queued or booked.
    const before = await commandsOf(id);
    await returnLeadsTo(stranger, ret, id);
    await returnLeadsTo(a.c, ret, id);
    assertEquals(await commandsOf(id), before);
    assertEquals(
      before.filter((x) => x.kind === "signal").map((x) => x.name),
      ["gatewayReturned"],
    );
    const after = await db.selectFrom("payments").select("id").where("card_payment_id", "=", id)
      .execute();
    assertEquals(after.length, 1);
    // The same key once more, now that it is paid: still the same attempt (no new payment).
    assertEquals((await startByForm(a.c, [waste, water], key)).id, id);
    // Another person's obligation cannot be paid by this one.
    const b = await citizen();
    const theirs = await obligation(b.tenantId, b.personId, 10_000);
    const foreign = new URLSearchParams({
      obligation: theirs,
      idempotency_key: crypto.randomUUID(),
    });
    foreign.set("_csrf", await a.c.csrfToken());
    const refused = await a.c.request("/ucet/platby/karta", { method: "POST", body: foreign });
    assertEquals(refused.status, 422);
    assertStringIncludes(await refused.text(), "Vybraný předpis nebyl nalezen");
    // And the attempt's page is the payer's only.
    const peek = await b.c.get(`/ucet/platby/karta/${id}`);
    assertEquals(peek.status, 404);
    await peek.body?.cancel();
  },
});

Deno.test({
  name: "[card payment] a tampered or unsigned return is refused with 400 and changes nothing",
  ...opts,
  async fn() {
    const a = await citizen();
    const fee = await obligation(a.tenantId, a.personId, 50_000);
    const { id } = await startByForm(a.c, [fee], crypto.randomUUID());
    const ret = await payAtGateway(await gatewayUrlOf(a.c, id), { card: CARDS.declined });
    assertEquals(ret.fields.paymentStatus, "6");
    const before = await commandsOf(id);
    for (
      const fields of [
        { ...ret.fields, paymentStatus: "7" }, // "declined" made "paid"
        { ...ret.fields, payId: ret.fields.payId.replace(/^./, (ch) => ch === "a" ? "b" : "a") },
        { ...ret.fields, signature: "" },
        Object.fromEntries(Object.entries(ret.fields).filter(([k]) => k !== "signature")),
        { ...ret.fields, signature: ret.fields.signature.slice(8) },
      ]
    ) {
      const res = await deliverReturn(a.c, ret, fields);
      assertEquals(res.status, 400);
      assertMatch(res.headers.get("content-type") ?? "", /^text\/html/);
      assertStringIncludes(await res.text(), "Výsledek platby nelze ověřit");
    }
    const empty = await a.c.get("/platby/navrat");
    assertEquals(empty.status, 400);
    await empty.body?.cancel();
    assertEquals(await commandsOf(id), before);
    assertEquals((await cardPayment(id)).state, "started");

    // The genuine return: declined, nothing booked, the obligation still unpaid.
    await returnLeadsTo(a.c, ret, id);
    await waitFor(stateIs(id, "failed"), { what: "the declined payment to fail" });
    assertEquals((await balance(fee)).state, "unpaid");
    assertEquals(
      (await getDb().selectFrom("payments").select("id").where("card_payment_id", "=", id)
        .execute()).length,
      0,
    );
    const page = await a.c.page(`/ucet/platby/karta/${id}`);
    assertStringIncludes(page, "Platba neproběhla");
    assertStringIncludes(page, "Zkusit zaplatit znovu");
  },
});

Deno.test({
  name: "[card payment] through the 3-D Secure page; a cancelled payment is cancelled",
  ...opts,
  async fn() {
    const a = await citizen();
    const fee = await obligation(a.tenantId, a.personId, 33_300);
    const { id } = await startByForm(a.c, [fee], crypto.randomUUID());
    const ret = await payAtGateway(await gatewayUrlOf(a.c, id), {
      card: CARDS.challenge,
      code: "123456",
    });
    await returnLeadsTo(a.c, ret, id);
    await waitFor(stateIs(id, "captured"), { what: "the 3-D Secure payment to be booked" });
    assertEquals((await balance(fee)).state, "paid");

    // A double click: two posts of one form at once start one attempt.
    const other = await obligation(a.tenantId, a.personId, 12_000);
    const key = crypto.randomUUID();
    const [second, twin] = await Promise.all([
      startByForm(a.c, [other], key),
      startByForm(a.c, [other], key),
    ]);
    assertEquals(twin.id, second.id);
    const attempts = await getDb().selectFrom("card_payments").select("id")
      .where("idempotency_key", "=", key).execute();
    assertEquals(attempts.length, 1);
    const cancelled = await payAtGateway(await gatewayUrlOf(a.c, second.id), "cancel");
    assertEquals(cancelled.fields.paymentStatus, "3");
    await returnLeadsTo(a.c, cancelled, second.id);
    await waitFor(stateIs(second.id, "cancelled"), { what: "the cancellation" });
    assertEquals((await balance(other)).state, "unpaid");
    assertStringIncludes(await a.c.page(`/ucet/platby/karta/${second.id}`), "Platba byla zrušena");
  },
});

// ---------------------------------------------------------------------------------------------
// The workflow's timers, shortened

async function startDirect(
  a: Awaited<ReturnType<typeof citizen>>,
  obligationIds: string[],
  timings: CardPaymentTimings,
) {
  const r = await startCardPayment(
    { db: getDb(), now: () => new Date(), timings, readyWaitMs: 15_000 },
    { tenantId: a.tenantId, personId: a.personId, onBehalfOf: null, requestId: null },
    {
      obligationIds,
      idempotencyKey: crypto.randomUUID(),
      returnOrigin: "http://localhost:8000",
    },
  );
  assert(r.kind === "ok" && r.redirectUrl, JSON.stringify(r));
  return { id: r.cardPaymentId, processUrl: r.redirectUrl };
}

Deno.test({
  name:
    "[card payment] a return that never comes: the workflow asks payment/status and books; an unpaid one expires",
  ...opts,
  async fn() {
    const a = await citizen();
    const fee = await obligation(a.tenantId, a.personId, 20_000);
    const paid = await startDirect(a, [fee], { returnTimeoutMs: 3_000 });
    await payAtGateway(paid.processUrl, { card: CARDS.success }); // …and the browser is closed
    await waitFor(stateIs(paid.id, "captured"), { what: "the booking without a return" });
    assertEquals((await balance(fee)).state, "paid");
    assertEquals(await commandsOf(paid.id).then((c) => c.filter((x) => x.kind === "signal")), []);

    const other = await obligation(a.tenantId, a.personId, 20_000);
    const never = await startDirect(a, [other], {
      returnTimeoutMs: 1_000,
      pollIntervalMs: 500,
      pollAttempts: 2,
    });
    await waitFor(stateIs(never.id, "expired"), { what: "the expiry" });
    const moves = await listCardPaymentTransitions(getDb(), a.tenantId, never.id);
    assertEquals(moves.map((m) => m.to_state), ["started", "expired"]);
    assertEquals((await balance(other)).state, "unpaid");
    assertStringIncludes(await a.c.page(`/ucet/platby/karta/${never.id}`), "nebyla dokončena");
  },
});

Deno.test({
  name:
    "[card payment] the acquirer's credit on the statement settles it; without it a clerk is told",
  ...opts,
  async fn() {
    const a = await citizen();
    const db = getDb();
    const timings = {
      returnTimeoutMs: 2_000,
      settlementPollMs: 1_000,
      settlementFlagAfterMs: 4_000,
      settlementGiveUpMs: 8_000,
    };
    const one = await startDirect(a, [await obligation(a.tenantId, a.personId, 15_000)], timings);
    const two = await startDirect(a, [await obligation(a.tenantId, a.personId, 16_000)], timings);
    // The first comes back from the gateway; the second's browser is closed (polled).
    await returnLeadsTo(a.c, await payAtGateway(one.processUrl, { card: CARDS.success }), one.id);
    await payAtGateway(two.processUrl, { card: CARDS.success });
    await waitFor(stateIs(one.id, "captured"), { what: "the first booking" });
    await waitFor(stateIs(two.id, "captured"), { what: "the second booking" });

    // Reconciliation (helper D's) marks the statement line of the acquirer's credit.
    const statement = await db.insertInto("bank_statements").values({
      tenant_id: a.tenantId,
      identity: `gpc:test:${crypto.randomUUID()}`,
      format: "gpc",
      account: "CZ6508000000192000145399",
      statement_number: "1",
      statement_date: "2026-12-02",
      file_name: "vypis.gpc",
      file_sha256: crypto.randomUUID(),
      source: "upload",
      line_count: 1,
    }).returning("id").executeTakeFirstOrThrow();
    const line = await db.insertInto("statement_lines").values({
      tenant_id: a.tenantId,
      statement_id: statement.id,
      line_no: 1,
      account: "CZ6508000000192000145399",
      bank_ref: crypto.randomUUID(),
      booking_date: "2026-12-02",
      amount_halere: 15_000,
    }).returning("id").executeTakeFirstOrThrow();
    await db.updateTable("card_payments").set({ settled_line_id: line.id })
      .where("id", "=", one.id).execute();

    await waitFor(stateIs(one.id, "settled"), { what: "the settlement" });
    const flagged = await waitFor(async () => {
      const cp = await cardPayment(two.id);
      return cp.flagged_at ? cp : null;
    }, { what: "the flag", timeoutMs: 30_000 });
    assertEquals(flagged.state, "captured");
    assertStringIncludes(flagged.flag_reason ?? "", "nedorazily");
    assertEquals((await cardPayment(one.id)).flagged_at, null);
    const audit = await db.selectFrom("audit_log").select("action").where("subject_id", "=", two.id)
      .orderBy("id").execute();
    assertEquals(audit.map((x) => x.action), [
      "card_payment.started",
      "payment.card_booked",
      "card_payment.flagged",
    ]);
    assertStringIncludes(await a.c.page(`/ucet/platby/karta/${one.id}`), "připsáno na účet obce");

    // Both workflows end: settled, and flagged then given up on (the money never came).
    const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
    try {
      const temporal = new Client({ connection });
      const settled = temporal.workflow.getHandle(`lipnice/card-payment/${one.id}`);
      const givenUp = temporal.workflow.getHandle(`lipnice/card-payment/${two.id}`);
      assertEquals(await settled.result(), { state: "settled", booked: true, flagged: false });
      assertEquals(await givenUp.result(), { state: "captured", booked: true, flagged: true });
      // `SAVE_HISTORY_DIR=… npm test -- tests/card_payment_test.ts` refreshes the histories.
      const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
      if (saveTo) {
        const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
        for (const [name, handle] of [["paid-settled", settled], ["flagged", givenUp]] as const) {
          await Deno.writeTextFile(
            `${saveTo}/card-payment-${name}.json`,
            historyToJSON(await handle.fetchHistory()),
          );
        }
      }
    } finally {
      await connection.close();
    }
  },
});

Deno.test({
  name:
    "[card payment] a gateway answer whose signature does not verify is refused: nothing is taken from it",
  ...opts,
  async fn() {
    const a = await citizen();
    const db = getDb();
    // A client that trusts another key than the gateway's: every answer fails verification.
    const { publicKeyPem } = await generateKeyPairPem();
    const impostor = csobClient({
      url: Deno.env.get("CSOB_URL")!,
      merchantId: Deno.env.get("CSOB_MERCHANT_ID")!,
      merchantPrivateKeyPem: Deno.env.get("CSOB_MERCHANT_PRIVATE_KEY")!,
      gatewayPublicKeyPem: publicKeyPem,
    });
    const activities = createCardPaymentActivities({ db, csob: impostor });

    // payment/init: refused for good (a retry would start another payment at the gateway).
    const fee = await obligation(a.tenantId, a.personId, 9_900);
    const id = await db.transaction().execute(async (trx) => {
      const order = await createPaymentOrder(trx, a.tenantId, {
        payerPersonId: a.personId,
        idempotencyKey: crypto.randomUUID(),
        requestHash: "x",
        account: "CZ6508000000192000145399",
        dueDate: "2026-12-31",
        items: [{ obligationId: fee, amountHalere: 9_900 }],
        year: 2026,
      });
      const { payment } = await createCardPayment(trx, a.tenantId, {
        tenantSlug: "lipnice",
        personId: a.personId,
        paymentOrderId: order.id,
        idempotencyKey: crypto.randomUUID(),
        requestHash: "x",
        amountHalere: 9_900,
      });
      return payment.id;
    });
    const ref = { tenantId: a.tenantId, cardPaymentId: id };
    const refused = await activities.initCardPayment({
      ...ref,
      returnUrl: "http://localhost:8000/platby/navrat",
      ttlSec: 900,
      language: "cs",
    }).then(() => null, (e) => e);
    assert(refused instanceof ApplicationFailure, String(refused));
    assertEquals([refused.type, refused.nonRetryable], ["GatewayRefused", true]);
    const untouched = await cardPayment(id);
    assertEquals([untouched.state, untouched.pay_id], ["created", null]);

    // payment/status of a real attempt: refused (and retried by the workflow), nothing stored.
    const paid = await obligation(a.tenantId, a.personId, 9_900);
    const started = await startDirect(a, [paid], {
      returnTimeoutMs: 60_000,
      pollAttempts: 1,
      pollIntervalMs: 1_000,
    });
    const before = await cardPayment(started.id);
    const error = await activities.checkCardPaymentStatus({
      tenantId: a.tenantId,
      cardPaymentId: started.id,
    }).then(() => null, (e) => e);
    assert(error instanceof CsobSignatureError, String(error));
    const after = await cardPayment(started.id);
    assertEquals(
      [after.state, after.gateway_status, after.result_code],
      [before.state, before.gateway_status, before.result_code],
    );
  },
});
