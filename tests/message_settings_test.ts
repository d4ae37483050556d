/**
 * A person's message settings at /ucet/nastaveni (issue 13): payment reminders by e-mail, SMS,
 * both or none (and the reminders honour "none"), town news per topic and channel with streets
 * stored as the person's own active subscriber rows (so a broadcast reaches them by the one
 * audience query), quiet hours across midnight, Czech errors with 422, an audit entry for each
 * change and a consent event for each subscription change.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { getDb } from "../lib/db.ts";
import { hash } from "@node-rs/argon2";
import { paymentReminderRecipients } from "../app/case_notifications.ts";
import { countAudience } from "../db/repositories/subscribers.ts";
import { insertLedgerObligation } from "../db/repositories/ledger.ts";
import { remindObligation } from "../activities/payment_reminders.ts";

const opts = { ...shared, ignore: !hasServices };

async function citizen(withPhone: boolean) {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const n = crypto.randomUUID().slice(0, 8);
  const username = `zpravy.${n}`;
  const password = "Zpravy-obcan-heslo-2026";
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: "Alena",
    family_name: "Zprávová",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  const email = `zpravy.${n}@example.cz`;
  const phone = `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  await db.insertInto("person_contacts").values([
    {
      tenant_id: lipnice.id,
      person_id: person.id,
      kind: "email",
      value: email,
      verified_at: new Date(),
    },
    ...(withPhone
      ? [{
        tenant_id: lipnice.id,
        person_id: person.id,
        kind: "phone" as const,
        value: phone,
        verified_at: new Date(),
      }]
      : []),
  ]).execute();
  const c = await client();
  await c.loginCitizen(username, password);
  return { c, personId: person.id, tenantId: lipnice.id, email, phone };
}

async function post(c: TestClient, fields: [string, string][]): Promise<Response> {
  const body = new URLSearchParams(fields);
  body.set("_csrf", await c.csrfToken());
  return await c.request("/ucet/nastaveni", { method: "POST", body });
}

async function audits(personId: string) {
  return (await getDb().selectFrom("audit_log").select("action").where("actor_id", "=", personId)
    .where("action", "like", "person.%").orderBy("id").execute()).map((r) => r.action);
}

Deno.test({
  name: "[settings] payment reminders by e-mail, SMS, both or none; none means no reminder",
  ...opts,
  async fn() {
    const { c, personId, tenantId, email, phone } = await citizen(true);
    const html = await c.page("/ucet/nastaveni");
    assertStringIncludes(html, "Upomínky plateb");
    assertStringIncludes(html, "Hodiny klidu pro SMS");
    assertStringIncludes(html, "Výpadky vody a elektřiny");
    const db = getDb();
    assertEquals(await paymentReminderRecipients(db, tenantId, personId), [
      { channel: "email", recipient: email },
    ]);
    const both = await post(c, [["section", "reminders"], ["reminders", "both"]]);
    assertEquals(both.status, 303);
    await both.body?.cancel();
    assertEquals(await paymentReminderRecipients(db, tenantId, personId), [
      { channel: "email", recipient: email },
      { channel: "sms", recipient: phone },
    ]);
    const none = await post(c, [["section", "reminders"], ["reminders", "none"]]);
    assertEquals(none.status, 303);
    await none.body?.cancel();
    assertEquals(await paymentReminderRecipients(db, tenantId, personId), "none");
    const bogus = await post(c, [["section", "reminders"], ["reminders", "fax"]]);
    assertEquals(bogus.status, 422);
    await bogus.body?.cancel();

    // The daily reminder itself: "none" sends nothing (recorded, no recipient); e-mail sends one.
    const tenant = await db.selectFrom("tenants").select("iban").where("id", "=", tenantId)
      .executeTakeFirstOrThrow();
    const due = "2033-05-20";
    const owed = async () =>
      (await insertLedgerObligation(db, tenantId, {
        personId,
        sourceKey: `settings-test:${crypto.randomUUID()}`,
        kind: "waste_fee",
        agenda: "poplatky",
        year: 2033,
        title: "Odpad 2033",
        amountHalere: 90_000,
        dueDate: due,
        variableSymbol: `7${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`,
        account: tenant.iban,
      }))!;
    const first = await owed();
    const day = { tenantId, kind: "before_due" as const, today: "2033-05-17" };
    assertEquals(await remindObligation(db, { ...day, obligationId: first }), {
      outcome: "no-recipient",
      messages: 0,
    });
    await (await post(c, [["section", "reminders"], ["reminders", "email"]])).body?.cancel();
    const second = await owed();
    assertEquals(await remindObligation(db, { ...day, obligationId: second }), {
      outcome: "sent",
      messages: 1,
    });
    const reminders = await db.selectFrom("outbox_messages").select("kind")
      .where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
    assertEquals(reminders.map((r) => r.kind), ["reminder"]);
    // In the language the person chose: English after they switched.
    await (await post(c, [["section", "language"], ["language", "en"]])).body?.cancel();
    const third = await owed();
    assertEquals(await remindObligation(db, { ...day, obligationId: third }), {
      outcome: "sent",
      messages: 1,
    });
    const texts = await db.selectFrom("outbox_messages").select(["subject", "body"])
      .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
      .orderBy("created_at").execute();
    assertEquals(texts.length, 2);
    assertStringIncludes(texts[0].subject ?? "", "Odpad 2033");
    const [czech, english] = texts.map((x) => x.body ?? "");
    assert(czech.startsWith("Dobrý den"), czech.slice(0, 60));
    assert(english.startsWith("Hello"), english.slice(0, 60));

    const noPhone = await citizen(false);
    assertEquals(await audits(personId), [
      "person.reminder_notifications",
      "person.reminder_notifications",
      "person.reminder_notifications",
      "person.message_language",
    ]);
    const sms = await post(noPhone.c, [["section", "reminders"], ["reminders", "sms"]]);
    assertEquals(sms.status, 422);
    assertStringIncludes(await sms.text(), "až budete mít ověřené telefonní číslo");
  },
});

Deno.test({
  name: "[settings] town news per topic and channel are the person's own active subscriber rows",
  ...opts,
  async fn() {
    const { c, personId, tenantId, email, phone } = await citizen(true);
    const db = getDb();
    const mill = await db.selectFrom("streets").select("id").where("tenant_id", "=", tenantId)
      .where("name", "=", "Mlýnská").executeTakeFirstOrThrow();
    const main = await db.selectFrom("streets").select("id").where("tenant_id", "=", tenantId)
      .where("name", "=", "Husova").executeTakeFirstOrThrow();
    const water = {
      topics: ["outages" as const],
      everyone: false,
      channels: ["email", "sms"] as ("email" | "sms")[],
    };
    const audience = async () => ({
      mill: await countAudience(db, tenantId, { ...water, streetIds: [mill.id] }),
      main: await countAudience(db, tenantId, { ...water, streetIds: [main.id] }),
    });
    const before = await audience();
    const saved = await post(c, [
      ["section", "news"],
      ["news-crisis", "both"],
      ["news-outages", "sms"],
      ["news-culture", "email"],
      ["news-waste", "none"],
      ["news-council", "none"],
      ["street", mill.id],
    ]);
    assertEquals(saved.status, 303);
    await saved.body?.cancel();
    const rows = await db.selectFrom("subscribers").select(["id", "channel", "address", "status"])
      .where("person_id", "=", personId).orderBy("channel").execute();
    assertEquals(rows.map((r) => [r.channel, r.address, r.status]), [
      ["email", email, "active"],
      ["sms", phone, "active"],
    ]);
    const topics = async (id: string) =>
      (await db.selectFrom("subscriber_topics").select("topic").where("subscriber_id", "=", id)
        .orderBy("topic").execute()).map((r) => r.topic);
    assertEquals(await topics(rows[0].id), ["crisis", "culture"]);
    assertEquals(await topics(rows[1].id), ["crisis", "outages"]);
    const page = await c.page("/ucet/nastaveni");
    assertStringIncludes(page, `value="${mill.id}" checked`);

    // The broadcast audience finds them: outages in Mlýnská by SMS, not in Husova.
    const after = await audience();
    assertEquals(after.mill.sms - before.mill.sms, 1);
    assertEquals(after.mill.email - before.mill.email, 0);
    assertEquals(after.main, before.main);

    // All none: both rows withdrawn.
    const off = await post(c, [["section", "news"]]);
    assertEquals(off.status, 303);
    await off.body?.cancel();
    const withdrawn = await db.selectFrom("subscribers").select("status")
      .where("person_id", "=", personId).execute();
    assertEquals(withdrawn.map((r) => r.status), ["unsubscribed", "unsubscribed"]);
    const consents = await db.selectFrom("consent_events").select(["action", "source", "channel"])
      .where("person_id", "=", personId).orderBy("id").execute();
    assertEquals(consents.map((e) => `${e.channel}:${e.action}:${e.source}`), [
      "email:confirmed:settings",
      "sms:confirmed:settings",
      "email:withdrawn:settings",
      "sms:withdrawn:settings",
    ]);
    assertEquals(await audits(personId), [
      "person.news_subscriptions",
      "person.news_subscriptions",
    ]);
  },
});

Deno.test({
  name: "[settings] quiet hours may span midnight; a bad time gets a Czech error and a 422",
  ...opts,
  async fn() {
    const { c, personId } = await citizen(true);
    const db = getDb();
    const quiet = () =>
      db.selectFrom("persons").select(["quiet_hours_from", "quiet_hours_to"]).where(
        "id",
        "=",
        personId,
      )
        .executeTakeFirstOrThrow();
    const ok = await post(c, [["section", "quiet"], ["quietFrom", "22:00"], ["quietTo", "7:00"]]);
    assertEquals(ok.status, 303);
    await ok.body?.cancel();
    assertEquals(await quiet(), { quiet_hours_from: 1320, quiet_hours_to: 420 });
    assertStringIncludes(await c.page("/ucet/nastaveni"), 'value="07:00"');
    const bad = await post(c, [["section", "quiet"], ["quietFrom", "25:00"], ["quietTo", "7:00"]]);
    assertEquals(bad.status, 422);
    const html = await bad.text();
    assertStringIncludes(html, "Zadejte čas ve tvaru hodiny:minuty");
    assertStringIncludes(html, 'value="25:00"');
    const half = await post(c, [["section", "quiet"], ["quietFrom", "22:00"], ["quietTo", ""]]);
    assertEquals(half.status, 422);
    await half.body?.cancel();
    assertEquals(await quiet(), { quiet_hours_from: 1320, quiet_hours_to: 420 });
    const none = await post(c, [["section", "quiet"], ["quietFrom", ""], ["quietTo", ""]]);
    assertEquals(none.status, 303);
    await none.body?.cancel();
    assertEquals(await quiet(), { quiet_hours_from: null, quiet_hours_to: null });
    assertEquals(await audits(personId), ["person.quiet_hours", "person.quiet_hours"]);
  },
});
