/**
 * Subscriptions without an account (issue 13) over HTTP: double opt-in by the e-mailed link and
 * by the SMS code (both read from MailDev), the same answer and one row when an address asks
 * again, Czech errors with 422 for bad input, changing topics and streets, unsubscribing by the
 * page's button, by RFC 8058 one-click (no session, no CSRF token) and by an SMS keyword, and a
 * consent event for every step.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField, type TestClient } from "./support/client.ts";
import { maildevUrl, watchInbox, watchSmsCode } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { unsubscribeBySmsKeyword } from "../app/subscriptions.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };

async function postForm(
  c: TestClient,
  path: string,
  fields: [string, string][],
  csrf = true,
): Promise<Response> {
  const body = new URLSearchParams(fields);
  if (csrf) body.set("_csrf", await c.csrfToken());
  return c.request(path, { method: "POST", body });
}

async function subscriber(tenantId: string, address: string) {
  return await getDb().selectFrom("subscribers").selectAll().where("tenant_id", "=", tenantId)
    .where("address", "=", address).execute();
}

async function consents(subscriberId: string) {
  return (await getDb().selectFrom("consent_events").select(["action", "source", "details"])
    .where("subscriber_id", "=", subscriberId).orderBy("id").execute())
    .map((e) =>
      `${e.action}:${e.source}:${(e.details as { consentVersion?: string }).consentVersion}`
    );
}

async function topicsOf(subscriberId: string) {
  return (await getDb().selectFrom("subscriber_topics").select("topic")
    .where("subscriber_id", "=", subscriberId).orderBy("topic").execute()).map((r) => r.topic);
}

async function streetsOf(subscriberId: string) {
  return (await getDb().selectFrom("subscriber_streets").innerJoin(
    "streets",
    "streets.id",
    "subscriber_streets.street_id",
  ).select("streets.name").where("subscriber_id", "=", subscriberId).orderBy("name").execute())
    .map((r) => r.name);
}

function confirmToken(text: string): string {
  const m = /\/odber\/potvrdit\?token=([\w-]+)/.exec(text);
  assert(m, text);
  return m[1];
}

Deno.test({
  name: "[subscriptions] an e-mail is subscribed by double opt-in, once, and unsubscribed by link",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const email = `odber.${crypto.randomUUID().slice(0, 8)}@example.cz`;
    const c = await client();
    const form = await c.page("/odber");
    assertStringIncludes(form, "Krizové zprávy");
    assertStringIncludes(form, "Celá část Hájek");

    const inbox = await watchInbox(email);
    const sent = await postForm(c, "/odber", [
      ["address", email.toUpperCase()],
      ["topic", "outages"],
      ["topic", "waste"],
      ["part", "Hájek"],
      ["consent", "yes"],
    ]);
    assertEquals(sent.status, 200);
    const sentHtml = await sent.text();
    assertStringIncludes(sentHtml, "Zkontrolujte e-mail");
    const [row] = await subscriber(lipnice.id, email);
    assertEquals(row.status, "pending");
    assertEquals(row.channel, "email");
    assertEquals(await topicsOf(row.id), ["outages", "waste"]);
    assertEquals(await streetsOf(row.id), ["Hájecká", "K Lesu", "Myslivecká", "Pod Strání"]);
    assertEquals(row.confirm_secret_hash?.length, 64, "only the sha256 of the link's token");

    const mail = await inbox();
    assertStringIncludes(mail.subject, "potvrďte odběr zpráv");
    const token = confirmToken(mail.text);
    assert(!JSON.stringify(row).includes(token), "the token itself is not stored");
    const ask = await c.get(`/odber/potvrdit?token=${token}`);
    assertEquals(ask.status, 200);
    assertStringIncludes(await ask.text(), "Potvrdit odběr");
    assertEquals(
      (await subscriber(lipnice.id, email))[0].status,
      "pending",
      "GET confirms nothing",
    );
    const confirmed = await postForm(c, "/odber/potvrdit", [["token", token]]);
    assertEquals(confirmed.status, 200);
    const confirmedHtml = await confirmed.text();
    assertStringIncludes(confirmedHtml, "Odběr je potvrzený");
    assertStringIncludes(confirmedHtml, `/odber/odhlasit/${row.unsubscribe_token}`);
    assertEquals((await subscriber(lipnice.id, email))[0].status, "active");
    // The link works once.
    const again = await postForm(c, "/odber/potvrdit", [["token", token]]);
    assertEquals(again.status, 404);
    await again.body?.cancel();

    // Asking again: the same answer, no second row, a new link; what it follows stays until
    // the new choice is confirmed.
    const inbox2 = await watchInbox(email);
    const repeat = await postForm(c, "/odber", [
      ["address", email],
      ["topic", "culture"],
      ["consent", "yes"],
    ]);
    assertEquals(repeat.status, 200);
    const repeatHtml = await repeat.text();
    assertStringIncludes(repeatHtml, "Zkontrolujte e-mail");
    const other = await postForm(c, "/odber", [
      ["address", `nikdo.${crypto.randomUUID().slice(0, 8)}@example.cz`],
      ["topic", "culture"],
      ["consent", "yes"],
    ]);
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, "");
    assertEquals(strip(await other.text()), strip(repeatHtml), "nothing tells them apart");
    assertEquals((await subscriber(lipnice.id, email)).length, 1);
    assertEquals((await subscriber(lipnice.id, email))[0].status, "active");
    assertEquals(await topicsOf(row.id), ["outages", "waste"]);
    const token2 = confirmToken((await inbox2()).text);
    assertEquals((await postForm(c, "/odber/potvrdit", [["token", token2]])).status, 200);
    assertEquals(await topicsOf(row.id), ["culture"]);
    assertEquals(await streetsOf(row.id), [], "none chosen: the whole town");

    // The manage page: what it follows and since when; changing topics and streets.
    const manage = await c.page(`/odber/odhlasit/${row.unsubscribe_token}`);
    assertStringIncludes(manage, "Kultura a akce");
    assertStringIncludes(manage, "Souhlas udělen");
    assertStringIncludes(manage, "Celá obec");
    assert(!manage.includes(email), "the address is masked");
    const mill = await getDb().selectFrom("streets").select("id").where(
      "tenant_id",
      "=",
      lipnice.id,
    )
      .where("name", "=", "Mlýnská").executeTakeFirstOrThrow();
    const noTopic = await postForm(c, `/odber/sprava/${row.unsubscribe_token}`, [
      ["street", mill.id],
    ]);
    assertEquals(noTopic.status, 422);
    assertStringIncludes(await noTopic.text(), "Vyberte alespoň jedno téma.");
    const changed = await postForm(c, `/odber/sprava/${row.unsubscribe_token}`, [
      ["topic", "council"],
      ["street", mill.id],
    ]);
    assertEquals(changed.status, 303);
    await changed.body?.cancel();
    assertEquals(await topicsOf(row.id), ["council"]);
    assertEquals(await streetsOf(row.id), ["Mlýnská"]);

    // Unsubscribe by the page's button (with the CSRF token; without it, refused).
    const forged = await postForm(
      c,
      `/odber/odhlasit/${row.unsubscribe_token}`,
      [["x", "1"]],
      false,
    );
    assertEquals(forged.status, 403);
    await forged.body?.cancel();
    const out = await postForm(c, `/odber/odhlasit/${row.unsubscribe_token}`, []);
    assertEquals(out.status, 200);
    assertStringIncludes(await out.text(), "Odběr je zrušený");
    assertEquals((await subscriber(lipnice.id, email))[0].status, "unsubscribed");
    assertEquals(await consents(row.id), [
      "requested:form:2026-12-04",
      "confirmed:link:2026-12-04",
      "requested:form:2026-12-04",
      "confirmed:link:2026-12-04",
      "changed:link:2026-12-04",
      "withdrawn:unsubscribe_link:2026-12-04",
    ]);
    // Another town does not know the token.
    const foreign = await (await client("dubova.localhost")).get(
      `/odber/odhlasit/${row.unsubscribe_token}`,
    );
    assertEquals(foreign.status, 404);
    await foreign.body?.cancel();
  },
});

Deno.test({
  name: "[subscriptions] a phone is confirmed by the SMS code; one-click and STOP unsubscribe",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
    const phone = `+4207${digits}`;
    const c = await client();
    const nextCode = await watchSmsCode(phone);
    const sent = await postForm(c, "/odber", [
      ["address", `7${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`],
      ["topic", "crisis"],
      ["consent", "yes"],
    ]);
    assertEquals(sent.status, 200);
    const html = await sent.text();
    assertStringIncludes(html, "Kód ze SMS");
    assertEquals(hiddenField(html, "phone"), phone);
    const code = await nextCode();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const bad = await postForm(c, "/odber/kod", [["phone", phone], ["code", wrong]]);
    assertEquals(bad.status, 422);
    assertStringIncludes(await bad.text(), "Kód není správný");
    const [row] = await subscriber(lipnice.id, phone);
    assertEquals([row.status, row.confirm_attempts], ["pending", 1]);
    // An unknown number is answered like a wrong code.
    const unknown = await postForm(c, "/odber/kod", [["phone", "+420600000001"], ["code", code]]);
    assertEquals(unknown.status, 422);
    assertStringIncludes(await unknown.text(), "Kód není správný");
    const ok = await postForm(c, "/odber/kod", [["phone", phone], ["code", code]]);
    assertEquals(ok.status, 200);
    assertStringIncludes(await ok.text(), "Odběr je potvrzený");
    assertEquals((await subscriber(lipnice.id, phone))[0].status, "active");

    // RFC 8058 one-click: a mail provider's POST, no cookie, no token.
    const provider = await client();
    const oneClick = await provider.request(`/odber/odhlasit/${row.unsubscribe_token}`, {
      method: "POST",
      body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }),
    });
    assertEquals(oneClick.status, 200);
    await oneClick.body?.cancel();
    assertEquals((await subscriber(lipnice.id, phone))[0].status, "unsubscribed");
    // Any other body without a token is still refused; a second one-click is answered alike.
    const other = await provider.request(`/odber/odhlasit/${row.unsubscribe_token}`, {
      method: "POST",
      body: new URLSearchParams({ "List-Unsubscribe": "Two-Click" }),
    });
    assertEquals(other.status, 403);
    await other.body?.cancel();
    const twice = await provider.request(`/odber/odhlasit/${row.unsubscribe_token}`, {
      method: "POST",
      body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }),
    });
    assertEquals(twice.status, 200);
    await twice.body?.cancel();
    const unknownToken = await provider.request(`/odber/odhlasit/${"x".repeat(43)}`, {
      method: "POST",
      body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }),
    });
    assertEquals(unknownToken.status, 404);
    await unknownToken.body?.cancel();

    // Subscribed again (code), then STOP by SMS.
    const nextCode2 = await watchSmsCode(phone);
    await (await postForm(c, "/odber", [["address", phone], ["topic", "waste"], [
      "consent",
      "yes",
    ]])).body?.cancel();
    const ok2 = await postForm(c, "/odber/kod", [["phone", phone], ["code", await nextCode2()]]);
    assertEquals(ok2.status, 200);
    await ok2.body?.cancel();
    assertEquals((await subscriber(lipnice.id, phone))[0].status, "active");
    assertEquals(await unsubscribeBySmsKeyword(lipnice.id, phone, "Prosím volejte"), "not-keyword");
    assertEquals(await unsubscribeBySmsKeyword(lipnice.id, "+420600000002", "STOP"), "unknown");
    assertEquals(await unsubscribeBySmsKeyword(lipnice.id, phone, " odhlásit "), "unsubscribed");
    assertEquals((await subscriber(lipnice.id, phone))[0].status, "unsubscribed");
    assertEquals(await consents(row.id), [
      "requested:form:2026-12-04",
      "confirmed:code:2026-12-04",
      "withdrawn:one_click:2026-12-04",
      "requested:form:2026-12-04",
      "confirmed:code:2026-12-04",
      "withdrawn:sms_keyword:2026-12-04",
    ]);
  },
});

Deno.test({
  name: "[subscriptions] bad input gets Czech errors and a 422, and nothing is stored or sent",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const c = await client();
    const before = await getDb().selectFrom("subscribers").select((eb) => eb.fn.countAll().as("n"))
      .where("tenant_id", "=", lipnice.id).executeTakeFirstOrThrow();
    const cases: [[string, string][], string[]][] = [
      [[["address", "jan.novak@"], ["topic", "crisis"], ["consent", "yes"]], [
        "E-mailová adresa není platná",
      ]],
      [[["address", "12345"], ["topic", "crisis"], ["consent", "yes"]], [
        "Telefonní číslo není platné",
      ]],
      [[["address", "jan@example.cz"], ["consent", "yes"]], ["Vyberte alespoň jedno téma."]],
      [[["address", "jan@example.cz"], ["topic", "crisis"]], ["je potřeba souhlas"]],
      [[["address", ""], ["topic", "nesmysl"]], [
        "Vyplňte prosím toto pole.",
        "Vyberte alespoň jedno téma.",
      ]],
    ];
    for (const [fields, messages] of cases) {
      const res = await postForm(c, "/odber", fields);
      assertEquals(res.status, 422, JSON.stringify(fields));
      const html = await res.text();
      assertStringIncludes(html, "gov-form-message");
      for (const m of messages) assertStringIncludes(html, m);
    }
    const after = await getDb().selectFrom("subscribers").select((eb) => eb.fn.countAll().as("n"))
      .where("tenant_id", "=", lipnice.id).executeTakeFirstOrThrow();
    assertEquals(after.n, before.n);
    const noCode = await postForm(c, "/odber/kod", [["phone", "+420777000999"], ["code", "12"]]);
    assertEquals(noCode.status, 422);
    await noCode.body?.cancel();
    const badToken = await c.get("/odber/potvrdit?token=short");
    assertEquals(badToken.status, 404);
    await badToken.body?.cancel();
  },
});

Deno.test({
  name: "[subscriptions] two requests at once for a new address answer alike and make one row",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const email = `soubezne.${crypto.randomUUID().slice(0, 8)}@example.cz`;
    const c = await client();
    const fields: [string, string][] = [["address", email], ["topic", "waste"], [
      "consent",
      "yes",
    ]];
    await c.csrfToken(); // the CSRF cookie first, so both requests carry the same
    const answers = await Promise.all([
      postForm(c, "/odber", fields),
      postForm(c, "/odber", fields),
    ]);
    for (const res of answers) {
      assertEquals(res.status, 200);
      assertStringIncludes(await res.text(), "Zkontrolujte e-mail");
    }
    const rows = await subscriber(lipnice.id, email);
    assertEquals(rows.length, 1);
    assertEquals(await consents(rows[0].id), [
      "requested:form:2026-12-04",
      "requested:form:2026-12-04",
    ]);
  },
});
