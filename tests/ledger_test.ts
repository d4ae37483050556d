/**
 * The citizen's ledger over HTTP (the in-process portal): `/ucet` shows what the payer and their
 * household owe, unpaid first, and nothing of a stranger or of another town; an obligation's
 * page has its QR Platba; paying two obligations at once makes one payment order with its own
 * symbol and one QR code of the sum, once per idempotency key; payments have receipts; credit
 * moves onto what is owed; the calendar feed lists the due dates until it is revoked.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, hasServices, shared } from "./support/app.ts";
import { hiddenField, type TestClient } from "./support/client.ts";
import { ledgerWorld, signedIn, uniqueVs } from "./support/ledger_fixture.ts";
import { getDb } from "../lib/db.ts";
import { bookPayment, findObligation, insertLedgerObligation } from "../db/repositories/ledger.ts";
import { parseSpayd } from "../domain/spayd.ts";
import { unfoldLines } from "../domain/ics.ts";

const opts = { ...shared, ignore: !hasServices };

/** The QR Platba string a page shows as text beside its code. */
function spaydOf(html: string): string {
  const m = /<code>(SPD\*[^<]+)<\/code>/.exec(html);
  assert(m, "the page shows a QR Platba string");
  return m[1];
}

/** POSTs the /ucet pay form: ticked obligations, the form's key, the CSRF token. */
async function pay(
  c: TestClient,
  ids: string[],
  key: string,
  action = "qr",
): Promise<Response> {
  const body = new URLSearchParams({ action, idempotency_key: key, _csrf: await c.csrfToken() });
  for (const id of ids) body.append("obligation", id);
  return await c.request("/ucet", { method: "POST", body });
}

async function status(c: TestClient, path: string): Promise<number> {
  const res = await c.get(path);
  await res.body?.cancel();
  return res.status;
}

Deno.test({
  name: "[ledger] /ucet: the household's unpaid obligations by person with totals, nobody else's",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const payer = await signedIn(w.payer);
    const res = await payer.get("/ucet");
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("cache-control"), "private, no-store");
    const html = await res.text();
    assertStringIncludes(html, "Platby a poplatky");
    assertStringIncludes(html, "Co mám zaplatit");
    assertStringIncludes(html, `${w.payer.name} (vy)`);
    assertStringIncludes(html, w.household.name);
    for (const vs of [w.vs.dog, w.vs.waste, w.vs.water]) assertStringIncludes(html, vs);
    for (const vs of [w.vs.strangers, w.vs.foreign]) assert(!html.includes(vs), vs);
    // 500 + 800 + 450.50 Kč, the dog fee overdue (said in words).
    assertMatch(html, /Celkem k zaplacení: 1(\s|&nbsp;| )750,50(\s|&nbsp;| )Kč/);
    assertStringIncludes(html, "po splatnosti");
    assertStringIncludes(html, "Vodné a stočné");
    assertStringIncludes(html, `href="/ucet/predpisy/${w.o.water}"`);
    assertStringIncludes(html, 'formaction="/ucet/platby/karta"');
    const key = hiddenField(html, "idempotency_key");
    assertMatch(key, /^[0-9a-f-]{36}$/);
    // The overdue dog fee comes first in the payer's table (the earliest due).
    assert(html.indexOf(w.vs.dog) < html.indexOf(w.vs.waste));

    // The stranger sees only their own.
    const stranger = await signedIn(w.stranger);
    const theirs = await stranger.page("/ucet");
    assertStringIncludes(theirs, w.vs.strangers);
    for (const vs of [w.vs.dog, w.vs.waste, w.vs.water]) assert(!theirs.includes(vs), vs);
  },
});

Deno.test({
  name: "[ledger] an obligation's page: facts, QR Platba of what is left; another's is 404",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const payer = await signedIn(w.payer);
    const res = await payer.get(`/ucet/predpisy/${w.o.dog}`);
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("cache-control"), "private, no-store");
    const html = await res.text();
    const spayd = parseSpayd(spaydOf(html));
    assertEquals(spayd.ACC, w.lipnice.iban);
    assertEquals(spayd.AM, "500.00");
    assertEquals(spayd.CC, "CZK");
    assertEquals(spayd["X-VS"], w.vs.dog);
    assertEquals(spayd["X-SS"], "1341");
    assertEquals(spayd.MSG, `Poplatek ze psů ${w.today.slice(0, 4)} – Jana Malá`);
    // Overdue: the QR code asks to pay today, not at a date in the past.
    assertEquals(spayd.DT, w.today.replaceAll("-", ""));
    assertStringIncludes(html, "po splatnosti");
    assertStringIncludes(html, "<svg");
    assertStringIncludes(html, 'action="/ucet/platby/karta"');
    assertStringIncludes(html, `name="obligation" value="${w.o.dog}"`);

    // The household's water bill: period, meter, consumption, constant symbol.
    const water = await payer.page(`/ucet/predpisy/${w.o.water}`);
    assertStringIncludes(water, "V-4711");
    assertStringIncludes(water, "16,75 m³");
    assertEquals(parseSpayd(spaydOf(water))["X-KS"], "308");
    assertEquals(parseSpayd(spaydOf(water)).AM, "450.50");

    // Not the payer's: a stranger's, another town's, a malformed id.
    for (const id of [w.o.strangers, w.o.foreign, "nic", crypto.randomUUID()]) {
      assertEquals(await status(payer, `/ucet/predpisy/${id}`), 404, id);
    }
    // The household member does not represent the payer: the payer's dog fee is not theirs.
    const member = await signedIn(w.household);
    assertEquals(await status(member, `/ucet/predpisy/${w.o.dog}`), 404);
    assertEquals(await status(member, `/ucet/predpisy/${w.o.water}`), 200);
    // Anonymous: the account's sign-in redirect.
    assertEquals(await status(await client(), `/ucet/predpisy/${w.o.dog}`), 303);
  },
});

Deno.test({
  name: "[ledger] two obligations paid at once: one order, one VS, one QR of the sum, once per key",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const db = getDb();
    const payer = await signedIn(w.payer);
    const key = hiddenField(await payer.page("/ucet"), "idempotency_key");

    const first = await pay(payer, [w.o.dog, w.o.water], key);
    assertEquals(first.status, 303);
    const location = first.headers.get("location")!;
    assertMatch(location, /^\/ucet\/platby\/prikaz\/[0-9a-f-]{36}$/);
    const orderId = location.split("/").pop()!;
    // A double click sends the same key: the same order, nothing new.
    const again = await pay(payer, [w.o.water, w.o.dog], key);
    assertEquals(again.status, 303);
    assertEquals(again.headers.get("location"), location);
    const orders = await db.selectFrom("payment_orders").selectAll()
      .where("payer_person_id", "=", w.payer.id).execute();
    assertEquals(orders.length, 1);
    const order = orders[0];
    assertEquals(order.id, orderId);
    assertEquals(Number(order.amount_halere), 50_000 + 45_050);
    assertMatch(order.variable_symbol, /^9\d{9}$/);
    const audit = await db.selectFrom("audit_log").select(["action", "actor_id"])
      .where("subject_id", "=", orderId).execute();
    assertEquals(audit, [{ action: "payment_order.created", actor_id: w.payer.id }]);

    // The order's page: its own symbol, one QR code of the sum, what it pays.
    const page = await payer.get(location);
    assertEquals(page.status, 200);
    assertEquals(page.headers.get("cache-control"), "private, no-store");
    const html = await page.text();
    const spayd = parseSpayd(spaydOf(html));
    assertEquals(spayd.AM, "950.50");
    assertEquals(spayd["X-VS"], order.variable_symbol);
    assertEquals(spayd.ACC, w.lipnice.iban);
    assertEquals(html.match(/<figure class="qr-platba"/g)?.length, 1, "one QR code");
    assertStringIncludes(html, w.vs.dog);
    assertStringIncludes(html, w.vs.water);
    assertStringIncludes(html, "čeká na platbu");

    // The same key with another selection: 409, nothing new; nothing ticked: 422.
    const other = await pay(payer, [w.o.waste], key);
    assertEquals(other.status, 409);
    assertStringIncludes(await other.text(), "jiným výběrem");
    const none = await pay(payer, [], crypto.randomUUID());
    assertEquals(none.status, 422);
    assertStringIncludes(await none.text(), "Vyberte alespoň jeden předpis");
    const strangers = await pay(payer, [w.o.strangers], crypto.randomUUID());
    assertEquals(strangers.status, 422);
    assertStringIncludes(await strangers.text(), "nebyl nalezen");
    const foreign = await pay(payer, [w.o.foreign], crypto.randomUUID());
    assertEquals(foreign.status, 422);
    await foreign.body?.cancel();
    assertEquals(
      (await db.selectFrom("payment_orders").select("id").where("payer_person_id", "=", w.payer.id)
        .execute()).length,
      1,
    );

    // Only the payer who made it sees the order.
    assertEquals(await status(await signedIn(w.stranger), location), 404);
    assertEquals(await status(await signedIn(w.household), location), 404);
    assertEquals(await status(await signedIn(w.foreign, "dubova"), location), 404);

    // The bank pays the order's symbol: the reconciliation splits it back to both obligations.
    const paymentId = await db.transaction().execute((trx) =>
      bookPayment(trx, w.lipnice.id, {
        kind: "bank",
        amountHalere: 95_050,
        receivedOn: w.today,
        variableSymbol: order.variable_symbol,
        paymentOrderId: order.id,
        payerName: "MALÁ JANA",
        sourceKey: `ledger-test-${crypto.randomUUID()}`,
      })
    );
    assert(paymentId);
    for (const id of [w.o.dog, w.o.water]) {
      const o = await findObligation(db, w.lipnice.id, [w.payer.id, w.household.id], id);
      assertEquals(o?.state, "paid", id);
    }
    const paid = await payer.page(location);
    assertStringIncludes(paid, "Platební příkaz je zaplacen");
    assert(!paid.includes('class="qr-platba"'), "no QR code for a paid order");
    const account = await payer.page("/ucet");
    assertMatch(account, /Celkem k zaplacení: 800,00(\s|&nbsp;| )Kč/);
    assertStringIncludes(account, "Zaplaceno a uzavřeno");
  },
});

Deno.test({
  name: "[ledger] /ucet/platby lists the household's payments with a private receipt PDF each",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const db = getDb();
    const paymentId = (await db.transaction().execute((trx) =>
      bookPayment(trx, w.lipnice.id, {
        kind: "bank",
        amountHalere: 20_000,
        receivedOn: w.today,
        variableSymbol: w.vs.water,
        obligationId: w.o.water,
        sourceKey: `ledger-test-${crypto.randomUUID()}`,
      })
    ))!;
    const payer = await signedIn(w.payer);
    const list = await payer.get("/ucet/platby");
    assertEquals(list.status, 200);
    assertEquals(list.headers.get("cache-control"), "private, no-store");
    const html = await list.text();
    assertStringIncludes(html, `/ucet/platby/${paymentId}/potvrzeni.pdf`);
    assertStringIncludes(html, "bankovním převodem");
    assertMatch(html, /200,00(\s|&nbsp;| )Kč/);
    assertStringIncludes(html, "Vodné a stočné");
    // The water bill is now partly paid.
    const detail = await payer.page(`/ucet/predpisy/${w.o.water}`);
    assertStringIncludes(detail, "částečně zaplaceno");
    assertEquals(parseSpayd(spaydOf(detail)).AM, "250.50");

    const pdf = await payer.get(`/ucet/platby/${paymentId}/potvrzeni.pdf`);
    assertEquals(pdf.status, 200);
    assertEquals(pdf.headers.get("content-type"), "application/pdf");
    assertEquals(pdf.headers.get("cache-control"), "private, no-store");
    assertMatch(
      pdf.headers.get("content-disposition") ?? "",
      /^attachment; filename="[\x20-\x7e]+\.pdf"/,
    );
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    assertEquals(new TextDecoder().decode(bytes.slice(0, 5)), "%PDF-");

    // The household member sees the payment to their bill; a stranger and another town do not.
    const member = await signedIn(w.household);
    assertStringIncludes(await member.page("/ucet/platby"), paymentId);
    const stranger = await signedIn(w.stranger);
    assert(!(await stranger.page("/ucet/platby")).includes(paymentId));
    assertEquals(await status(stranger, `/ucet/platby/${paymentId}/potvrzeni.pdf`), 404);
    const foreign = await signedIn(w.foreign, "dubova");
    assertEquals(await status(foreign, `/ucet/platby/${paymentId}/potvrzeni.pdf`), 404);
    assertEquals(await status(payer, `/ucet/platby/${crypto.randomUUID()}/potvrzeni.pdf`), 404);
  },
});

Deno.test({
  name: "[ledger] a household member's credit moves onto what they owe, audited",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const db = getDb();
    const { insertLedgerObligation } = await import("../db/repositories/ledger.ts");
    // The household member overpaid an old fee by 100 Kč.
    const old = (await insertLedgerObligation(db, w.lipnice.id, {
      personId: w.household.id,
      kind: "admin_fee",
      agenda: "poplatky",
      year: 2025,
      amountHalere: 10_000,
      dueDate: "2025-06-30",
      variableSymbol: `8${w.vs.water.slice(1)}`,
      account: w.lipnice.iban,
    }))!;
    await db.transaction().execute((trx) =>
      bookPayment(trx, w.lipnice.id, {
        kind: "bank",
        amountHalere: 20_000,
        receivedOn: "2025-06-01",
        obligationId: old,
        sourceKey: `ledger-test-${crypto.randomUUID()}`,
      })
    );
    const payer = await signedIn(w.payer);
    const html = await payer.page("/ucet");
    assertMatch(html, /Přeplatek: 100,00(\s|&nbsp;| )Kč/);
    const body = new URLSearchParams({
      action: "credit",
      person: w.household.id,
      _csrf: await payer.csrfToken(),
    });
    const res = await payer.request("/ucet", { method: "POST", body });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/ucet?preplatek=10000#platby");
    const water = await findObligation(db, w.lipnice.id, [w.household.id], w.o.water);
    assertEquals(water?.paid_halere, 10_000);
    const audit = await db.selectFrom("audit_log").select(["action", "actor_id", "details"])
      .where("subject_id", "=", w.household.id).where("action", "=", "ledger.credit_applied")
      .execute();
    assertEquals(audit.length, 1);
    assertEquals(audit[0].actor_id, w.payer.id);
    // No credit left: a Czech refusal, 422; a stranger's person id: 404.
    const again = await payer.request("/ucet", {
      method: "POST",
      body: new URLSearchParams({
        action: "credit",
        person: w.household.id,
        _csrf: await payer.csrfToken(),
      }),
    });
    assertEquals(again.status, 422);
    assertStringIncludes(await again.text(), "nemá žádný přeplatek");
    const foreign = await payer.request("/ucet", {
      method: "POST",
      body: new URLSearchParams({
        action: "credit",
        person: w.stranger.id,
        _csrf: await payer.csrfToken(),
      }),
    });
    assertEquals(foreign.status, 404);
    await foreign.body?.cancel();
  },
});

Deno.test({
  name: "[ledger] the private calendar feed lists the household's due dates until revoked",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const db = getDb();
    const payer = await signedIn(w.payer);
    const created = await payer.request("/ucet/kalendar", {
      method: "POST",
      body: new URLSearchParams({ action: "create", _csrf: await payer.csrfToken() }),
    });
    assertEquals(created.status, 200);
    assertEquals(created.headers.get("referrer-policy"), "no-referrer");
    const html = await created.text();
    const url = /value="(https?:\/\/[^"]+\/kalendar\/([A-Za-z0-9_-]{43})\.ics)"/.exec(html);
    assert(url, "the new address is shown");
    const token = url[2];
    const stored = await db.selectFrom("calendar_tokens").selectAll()
      .where("person_id", "=", w.payer.id).execute();
    assertEquals(stored.length, 1);
    assert(!stored[0].token_hash.includes(token), "only the token's hash is stored");

    // The feed needs no session.
    const feed = await (await client()).get(`/kalendar/${token}.ics`);
    assertEquals(feed.status, 200);
    assertEquals(feed.headers.get("content-type"), "text/calendar; charset=utf-8");
    assertEquals(feed.headers.get("cache-control"), "private, no-store");
    const ics = await feed.text();
    assert(!/[^\r]\n/.test(ics), "CRLF line ends");
    const lines = unfoldLines(ics);
    assertEquals(lines[0], "BEGIN:VCALENDAR");
    assert(lines.includes("METHOD:PUBLISH"));
    for (const id of [w.o.dog, w.o.waste, w.o.water]) {
      assert(lines.includes(`UID:obligation-${id}@localhost`), id);
    }
    assert(!ics.includes(w.o.strangers));
    assertEquals(lines.filter((l) => l === "BEGIN:VEVENT").length, 3);
    assert(lines.some((l) => l.startsWith("SUMMARY:Splatnost: Poplatek ze psů")));
    assert(lines.some((l) => l.includes(`Variabilní symbol: ${w.vs.water}`)));
    assert(lines.includes("TRIGGER:-P3D"));

    // Another town's host does not know the token; a made-up one is not a feed.
    assertEquals(await status(await client("dubova.localhost"), `/kalendar/${token}.ics`), 404);
    assertEquals(await status(await client(), `/kalendar/${"A".repeat(43)}.ics`), 404);
    assertEquals(await status(await client(), "/kalendar/kratky.ics"), 404);

    // The page lists it; another person cannot revoke it; its owner can, and it is gone.
    const list = await payer.get("/ucet/kalendar");
    assertEquals(list.headers.get("referrer-policy"), "no-referrer");
    const listed = await list.text();
    assert(!listed.includes(token), "the token is not shown again");
    const id = hiddenField(listed, "id");
    assertEquals(id, stored[0].id);
    const stranger = await signedIn(w.stranger);
    const foreignRevoke = await stranger.request("/ucet/kalendar", {
      method: "POST",
      body: new URLSearchParams({ action: "revoke", id, _csrf: await stranger.csrfToken() }),
    });
    assertEquals(foreignRevoke.status, 404);
    await foreignRevoke.body?.cancel();
    assertEquals(await status(await client(), `/kalendar/${token}.ics`), 200);
    const revoked = await payer.request("/ucet/kalendar", {
      method: "POST",
      body: new URLSearchParams({ action: "revoke", id, _csrf: await payer.csrfToken() }),
    });
    assertEquals(revoked.status, 303);
    assertEquals(await status(await client(), `/kalendar/${token}.ics`), 404);
    const actions = await db.selectFrom("audit_log").select("action")
      .where("subject_id", "=", id).orderBy("id").execute();
    assertEquals(actions.map((a) => a.action), ["calendar.created", "calendar.revoked"]);
  },
});

Deno.test({
  name: "[ledger] /ucet shows the latest ten closed obligations; /ucet/predpisy all, page by page",
  ...opts,
  async fn() {
    const w = await ledgerWorld();
    const db = getDb();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const vs = uniqueVs();
      const id = (await insertLedgerObligation(db, w.lipnice.id, {
        personId: w.payer.id,
        sourceKey: `ledger-history-${crypto.randomUUID()}`,
        kind: "rent",
        agenda: "poplatky",
        year: 2025,
        title: `Nájemné historie ${i + 1}`,
        amountHalere: 100_000,
        dueDate: `2025-${String(i + 1).padStart(2, "0")}-15`,
        variableSymbol: vs,
        account: w.lipnice.iban,
      }))!;
      await db.transaction().execute((trx) =>
        bookPayment(trx, w.lipnice.id, {
          kind: "bank",
          amountHalere: 100_000,
          receivedOn: `2025-${String(i + 1).padStart(2, "0")}-10`,
          variableSymbol: vs,
          obligationId: id,
          sourceKey: `ledger-history-${crypto.randomUUID()}`,
        })
      );
      ids.push(id);
    }
    const payer = await signedIn(w.payer);
    const account = await payer.page("/ucet");
    // Newest due first: December … March on the account, January and February only in the list.
    assertStringIncludes(account, ids[11]);
    assertStringIncludes(account, ids[2]);
    assert(!account.includes(ids[0]) && !account.includes(ids[1]));
    assertStringIncludes(account, 'href="/ucet/predpisy"');
    const res = await payer.get("/ucet/predpisy");
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("cache-control"), "private, no-store");
    const all = await res.text();
    for (const id of ids) assertStringIncludes(all, id);
    const stranger = await signedIn(w.stranger);
    const theirs = await stranger.page("/ucet/predpisy");
    for (const id of ids) assert(!theirs.includes(id));
    // A page number out of range shows the first page, never an error.
    assertEquals(await status(payer, "/ucet/predpisy?strana=999999999999"), 200);
  },
});
