/**
 * The history of communication at /ucet/zpravy, over HTTP with the worker delivering: a case
 * notification (SMS, through the gateway sandbox, its receipt back to the portal) and a code
 * (e-mail) appear, the code's content never (its body is cleared once sent and never shown even
 * before); a broadcast that reached the person appears with its text; another person's messages
 * never appear; the search ignores diacritics; the filters narrow by channel and kind; bad
 * input is a Czech 400; nobody signed in is sent to sign in; the page is private.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared, testApp } from "./support/app.ts";
import { waitFor } from "./support/wait.ts";
import { getDb } from "../lib/db.ts";
import { config } from "../lib/config.ts";
import { sendMessage } from "../lib/messaging.ts";
import { DEMO_CITIZEN, DEMO_CITIZENS } from "../db/seeds/demo.ts";

const opts = { ...shared, ignore: !hasServices };

async function personId(tenantId: string, username: string): Promise<string> {
  const row = await getDb().selectFrom("persons").select("id")
    .where("tenant_id", "=", tenantId).where("username", "=", username)
    .executeTakeFirstOrThrow();
  return row.id;
}

const outbox = (id: string) =>
  getDb().selectFrom("outbox_messages").select(["status", "body", "sent_at"])
    .where("id", "=", id).executeTakeFirstOrThrow();

/** The portal on the port the worker's receipts go to (tenant origin), while `fn` runs. */
async function servingOnPort<T>(fn: () => Promise<T>): Promise<{ value: T; served: boolean }> {
  let server: Deno.HttpServer | undefined;
  try {
    const app = testApp();
    server = Deno.serve(
      { hostname: "127.0.0.1", port: config().port, onListen: () => {} },
      (req) => app.fetch(req),
    );
  } catch {
    server = undefined; // the port is taken: the receipt will not reach this process
  }
  try {
    return { value: await fn(), served: server !== undefined };
  } finally {
    await server?.shutdown();
  }
}

Deno.test({
  name:
    "[messages] /ucet/zpravy: a case update and a code appear (never the code), a broadcast too, nobody else's; search and filters",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const me = await personId(lipnice.id, DEMO_CITIZEN.username);
    const other = await personId(lipnice.id, DEMO_CITIZENS[1].username);
    const n = String(Math.floor(Math.random() * 9e6) + 1e6);
    const code = String(Math.floor(Math.random() * 9e5) + 1e5);
    const phone = `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

    const { value: ids, served } = await servingOnPort(async () => {
      const caseId = await sendMessage(db, lipnice.id, {
        idempotencyKey: `history-test:case:${n}`,
        channel: "sms",
        recipient: phone,
        subject: null,
        body: `Žádost o kácení stromů č. ${n} byla schválena.`,
        personId: me,
        kind: "case",
        secret: false,
      });
      const codeId = await sendMessage(db, lipnice.id, {
        idempotencyKey: `history-test:code:${n}`,
        channel: "email",
        recipient: DEMO_CITIZEN.email,
        subject: `Ověřovací kód ${n}`,
        body: `Váš ověřovací kód je ${code}.`,
        personId: me,
        kind: "code",
        secret: true,
      });
      await sendMessage(db, lipnice.id, {
        idempotencyKey: `history-test:other:${n}`,
        channel: "email",
        recipient: DEMO_CITIZENS[1].email,
        subject: `Cizí zpráva ${n}`,
        body: `Kácení stromů ${n}: zpráva pro někoho jiného.`,
        personId: other,
        kind: "case",
        secret: false,
      });
      await waitFor(async () => (await outbox(codeId)).sent_at && (await outbox(caseId)).sent_at, {
        what: "both messages sent by the worker",
        timeoutMs: 30_000,
      });
      // The SMS went through the gateway sandbox; its receipt comes back to this process.
      await waitFor(async () => (await outbox(caseId)).status === "delivered" || undefined, {
        what: "the SMS delivery receipt",
        timeoutMs: 10_000,
      }).catch((e) => {
        if (served) throw e;
      });
      return { caseId, codeId };
    });
    const caseRow = await outbox(ids.caseId);
    assertEquals(caseRow.body, `Žádost o kácení stromů č. ${n} byla schválena.`);
    if (served) assertEquals(caseRow.status, "delivered");
    const codeRow = await outbox(ids.codeId);
    assertEquals([codeRow.body, codeRow.status], [null, "sent"]);

    // A broadcast that reached the person as a resident with an account.
    const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
      .executeTakeFirstOrThrow();
    const broadcast = await db.insertInto("broadcasts").values({
      tenant_id: lipnice.id,
      idempotency_key: `history-test:${n}`,
      subject: `Odstávka vody ${n}`,
      body: `Ve čtvrtek ${n} nepoteče voda v ulici Lipová.`,
      sms_body: null,
      channels: ["email"],
      send_at: new Date(),
      status: "sent",
      created_by: clerk.id,
    }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("broadcast_recipients").values({
      tenant_id: lipnice.id,
      broadcast_id: broadcast.id,
      person_id: me,
      channel: "email",
      address: DEMO_CITIZEN.email,
      batch: 0,
      status: "delivered",
      sent_at: new Date(),
    }).execute();

    const c = await client();
    const anonymous = await c.get("/ucet/zpravy");
    assert([302, 303].includes(anonymous.status), `anonymous: ${anonymous.status}`);
    await anonymous.body?.cancel();
    await c.loginCitizen();

    const res = await c.get("/ucet/zpravy");
    assertEquals(res.status, 200);
    assertStringIncludes(res.headers.get("cache-control") ?? "", "no-store");
    const html = await res.text();
    assertStringIncludes(html, `Žádost o kácení stromů č. ${n} byla schválena.`);
    assertStringIncludes(html, `Ověřovací kód ${n}`);
    assertStringIncludes(html, "Obsah se z bezpečnostních důvodů neukládá.");
    assert(!html.includes(code), "the code itself is never shown");
    assertStringIncludes(html, `Odstávka vody ${n}`);
    assertStringIncludes(html, "Zpráva obce");
    assert(!html.includes(`Cizí zpráva ${n}`), "another person's message");
    assert(!html.includes("zpráva pro někoho jiného"), "another person's message");

    // Search without diacritics finds the text with them; only it.
    let found = await c.page(`/ucet/zpravy?q=${encodeURIComponent(`kaceni stromu ${n}`)}`);
    assertStringIncludes(found, `Žádost o kácení stromů č. ${n} byla schválena.`);
    assert(!found.includes(`Odstávka vody ${n}`));
    assert(!found.includes(`Cizí zpráva ${n}`));
    found = await c.page(`/ucet/zpravy?q=ODSTAVKA+VODY+${n}`);
    assertStringIncludes(found, `Odstávka vody ${n}`);
    found = await c.page(`/ucet/zpravy?q=nic+takoveho+${n}`);
    assertStringIncludes(found, "Hledání ani filtrům neodpovídá žádná zpráva.");

    // Filters by channel and kind.
    found = await c.page(`/ucet/zpravy?kanal=sms&q=${n}`);
    assertStringIncludes(found, `kácení stromů č. ${n}`);
    assert(!found.includes(`Ověřovací kód ${n}`));
    found = await c.page(`/ucet/zpravy?druh=code&q=${n}`);
    assertStringIncludes(found, `Ověřovací kód ${n}`);
    assert(!found.includes(`kácení stromů č. ${n}`));
    found = await c.page(`/ucet/zpravy?druh=broadcast`);
    assertStringIncludes(found, `Odstávka vody ${n}`);
    // A stale bookmark's unknown filter value is dropped; typed nonsense is a Czech 400.
    assertStringIncludes(await c.page("/ucet/zpravy?druh=neznamy"), `kácení stromů č. ${n}`);
    for (const bad of ["strana=abc", `q=${"a".repeat(201)}`]) {
      const r = await c.get(`/ucet/zpravy?${bad}`);
      assertEquals(r.status, 400, bad);
      assertStringIncludes(await r.text(), 'lang="cs"');
    }
  },
});
