/**
 * The citizen's JSON API over HTTP: 401 with WWW-Authenticate for anonymous requests, the same
 * person and town scoping as the pages, POST /api/v1/me/payments once per Idempotency-Key (the
 * same body → the same order, another body → 409), CSRF and content type on the POST, problems
 * as application/problem+json in Czech; and the OpenAPI document describing it.
 */
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { client, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { ledgerWorld, signedIn } from "./support/ledger_fixture.ts";
import { getDb } from "../lib/db.ts";
import { parseSpayd } from "../domain/spayd.ts";

const opts = { ...shared, ignore: !hasServices };

interface Api {
  status: number;
  headers: Headers;
  // deno-lint-ignore no-explicit-any
  body: any;
}

async function call(c: TestClient, path: string, init: RequestInit = {}): Promise<Api> {
  const res = await c.request(path, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch { /* not JSON: keep the text */ }
  return { status: res.status, headers: res.headers, body };
}

/** The CSRF token the API hands out on a GET. */
async function apiToken(c: TestClient): Promise<string> {
  const res = await c.get("/api/v1/me/obligations");
  await res.body?.cancel();
  const token = res.headers.get("x-csrf-token");
  assert(token, "a GET of the API gives the CSRF token");
  return token;
}

function post(
  c: TestClient,
  body: unknown,
  headers: Record<string, string>,
): Promise<Api> {
  return call(c, "/api/v1/me/payments", {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });
}

Deno.test({
  name: "[api] anonymous requests get 401 problem+json with WWW-Authenticate",
  ...opts,
  async fn() {
    const anonymous = await client();
    for (const path of ["/api/v1/me/obligations", "/api/v1/me/payments"]) {
      const r = await call(anonymous, path);
      assertEquals(r.status, 401, path);
      assertMatch(r.headers.get("content-type") ?? "", /^application\/problem\+json/);
      assertMatch(r.headers.get("www-authenticate") ?? "", /^Cookie realm="portal-obcana"/);
      assertEquals(r.body.status, 401);
      assertEquals(r.body.title, "Nejste přihlášeni");
    }
    // A clerk is no person: the same.
    const clerk = await client();
    await clerk.loginClerk();
    assertEquals((await call(clerk, "/api/v1/me/obligations")).status, 401);
  },
});

Deno.test({
  name: "[api] GET /api/v1/me/obligations: the household's, each with its SPAYD; nobody else's",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const payer = await signedIn(w.payer);
    const r = await call(payer, "/api/v1/me/obligations");
    assertEquals(r.status, 200);
    assertMatch(r.headers.get("content-type") ?? "", /^application\/json/);
    assertEquals(r.headers.get("cache-control"), "private, no-store");
    const ids = r.body.obligations.map((o: { id: string }) => o.id).sort();
    assertEquals(ids, [w.o.dog, w.o.waste, w.o.water].sort());
    // deno-lint-ignore no-explicit-any
    const water = r.body.obligations.find((o: any) => o.id === w.o.water);
    assertEquals(water.personId, w.household.id);
    assertEquals(water.amountHalere, 45_050);
    assertEquals(water.outstandingHalere, 45_050);
    assertEquals(water.state, "unpaid");
    assertEquals(water.variableSymbol, w.vs.water);
    assertEquals(water.constantSymbol, "308");
    assertEquals(water.account.iban, w.lipnice.iban);
    assertEquals(water.billing.consumption, 16.75);
    const spayd = parseSpayd(water.spayd);
    assertEquals(spayd.AM, "450.50");
    assertEquals(spayd["X-VS"], w.vs.water);
    // deno-lint-ignore no-explicit-any
    assertEquals(r.body.obligations.find((o: any) => o.id === w.o.dog).overdue, true);

    const stranger = await signedIn(w.stranger);
    const theirs = await call(stranger, "/api/v1/me/obligations");
    assertEquals(theirs.body.obligations.map((o: { id: string }) => o.id), [w.o.strangers]);
    const foreign = await signedIn(w.foreign, "dubova");
    const abroad = await call(foreign, "/api/v1/me/obligations");
    assertEquals(abroad.body.obligations.map((o: { id: string }) => o.id), [w.o.foreign]);
  },
});

Deno.test({
  name: "[api] POST /api/v1/me/payments: once per Idempotency-Key, 409 for another body",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const db = getDb();
    const payer = await signedIn(w.payer);
    const token = await apiToken(payer);
    const key = crypto.randomUUID();
    const auth = { "x-csrf-token": token, "idempotency-key": key };
    const body = { obligations: [w.o.dog, w.o.water], method: "qr" };

    const first = await post(payer, body, auth);
    assertEquals(first.status, 201, JSON.stringify(first.body));
    const order = first.body.paymentOrder;
    assertEquals(first.headers.get("location"), `/ucet/platby/prikaz/${order.id}`);
    assertEquals(order.amountHalere, 95_050);
    assertMatch(order.variableSymbol, /^9\d{9}$/);
    const spayd = parseSpayd(order.spayd);
    assertEquals(spayd.AM, "950.50");
    assertEquals(spayd["X-VS"], order.variableSymbol);

    // The same key and body (ids in another order): the same order, 200.
    const again = await post(payer, { obligations: [w.o.water, w.o.dog], method: "qr" }, auth);
    assertEquals(again.status, 200);
    assertEquals(again.headers.get("idempotent-replayed"), "true");
    assertEquals(again.body.paymentOrder, order);
    // Another body with the key: 409, in Czech.
    const other = await post(payer, { obligations: [w.o.waste], method: "qr" }, auth);
    assertEquals(other.status, 409);
    assertMatch(other.headers.get("content-type") ?? "", /^application\/problem\+json/);
    assertEquals(other.body.title, "Klíč Idempotency-Key už byl použit");
    const card = await post(payer, { obligations: [w.o.dog, w.o.water], method: "card" }, auth);
    assertEquals(card.status, 409, "the same key with the other method is another request");
    const orders = await db.selectFrom("payment_orders").select("id")
      .where("payer_person_id", "=", w.payer.id).execute();
    assertEquals(orders.map((o) => o.id), [order.id]);

    // Without the key: 400; not JSON: 415; a malformed body: 400; someone else's obligation: 422.
    const noKey = await post(payer, body, { "x-csrf-token": token });
    assertEquals(noKey.status, 400);
    assertEquals(noKey.body.title, "Chybí hlavička Idempotency-Key");
    const form = await call(payer, "/api/v1/me/payments", {
      method: "POST",
      body: new URLSearchParams({ obligations: w.o.dog, method: "qr" }),
      headers: { ...auth, "idempotency-key": crypto.randomUUID() },
    });
    assertEquals(form.status, 415);
    for (const bad of ["{", "[]", '{"obligations":"x","method":"qr"}', '{"obligations":[]}']) {
      const r = await post(payer, bad, { ...auth, "idempotency-key": crypto.randomUUID() });
      assertEquals(r.status, 400, bad);
    }
    const empty = await post(payer, { obligations: [], method: "qr" }, {
      ...auth,
      "idempotency-key": crypto.randomUUID(),
    });
    assertEquals(empty.status, 422);
    assertEquals(empty.body.code, "none");
    for (const id of [w.o.strangers, w.o.foreign, "nic"]) {
      const r = await post(payer, { obligations: [id], method: "qr" }, {
        ...auth,
        "idempotency-key": crypto.randomUUID(),
      });
      assertEquals(r.status, 422, id);
      assertEquals(r.body.code, "notFound");
    }

    // CSRF: without the header token, or with a foreign Origin, nothing happens.
    const forged = await post(payer, body, { "idempotency-key": crypto.randomUUID() });
    assertEquals(forged.status, 403);
    const crossSite = await post(payer, body, {
      ...auth,
      "idempotency-key": crypto.randomUUID(),
      origin: "https://utocnik.example",
    });
    assertEquals(crossSite.status, 403);
    assertEquals(
      (await db.selectFrom("payment_orders").select("id").where("payer_person_id", "=", w.payer.id)
        .execute()).length,
      1,
    );

    // The payments list: the household's, with receipts.
    const payments = await call(payer, "/api/v1/me/payments");
    assertEquals(payments.status, 200);
    assertEquals(payments.body.payments, []);
  },
});

Deno.test({
  name: "[api] /api/v1/openapi.json: OpenAPI 3.1 of the API, public and cacheable",
  ...opts,
  async fn() {
    const anonymous = await client();
    const res = await anonymous.get("/api/v1/openapi.json");
    assertEquals(res.status, 200);
    assertMatch(res.headers.get("cache-control") ?? "", /^public/);
    const etag = res.headers.get("etag")!;
    const doc = await res.json();
    assertEquals(doc.openapi, "3.1.0");
    assert(doc.paths["/me/obligations"].get);
    assert(doc.paths["/me/payments"].get);
    const pay = doc.paths["/me/payments"].post;
    for (const status of ["200", "201", "400", "401", "409", "422"]) {
      assert(pay.responses[status], status);
    }
    assertEquals(doc.components.parameters.IdempotencyKey.in, "header");
    assertEquals(doc.components.securitySchemes.sessionCookie.in, "cookie");
    // Every $ref points at something the document has.
    const refs = JSON.stringify(doc).match(/"#\/components\/[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const path = JSON.parse(ref).slice(2).split("/");
      // deno-lint-ignore no-explicit-any
      assert(path.reduce((node: any, part: string) => node?.[part], doc), ref);
    }
    const cached = await anonymous.get("/api/v1/openapi.json", {
      headers: { "if-none-match": etag },
    });
    assertEquals(cached.status, 304);
    await cached.body?.cancel();
  },
});

Deno.test({
  name: "[api] POST /api/v1/me/payments with method card starts one card payment per key",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const db = getDb();
    const payer = await signedIn(w.payer);
    const token = await apiToken(payer);
    const auth = { "x-csrf-token": token, "idempotency-key": crypto.randomUUID() };
    const body = { obligations: [w.o.waste], method: "card" };
    const first = await post(payer, body, auth);
    assertEquals(first.status, 201, JSON.stringify(first.body));
    assertEquals(first.body.method, "card");
    assertMatch(first.body.cardPayment.id, /^[0-9a-f-]{36}$/);
    const again = await post(payer, body, auth);
    assertEquals(again.status, 200);
    assertEquals(again.body.cardPayment.id, first.body.cardPayment.id);
    const attempts = await db.selectFrom("card_payments").select(["id", "amount_halere"])
      .where("person_id", "=", w.payer.id).execute();
    assertEquals(attempts.map((a) => a.id), [first.body.cardPayment.id]);
    assertEquals(Number(attempts[0].amount_halere), 80_000);
    // The same key for a QR payment is another request.
    const qr = await post(payer, { obligations: [w.o.waste], method: "qr" }, auth);
    assertEquals(qr.status, 409);
  },
});
