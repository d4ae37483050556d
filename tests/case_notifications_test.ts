/**
 * How a person hears about their cases, as they chose in /ucet/nastaveni: the setting's form
 * (CSRF, 303, stored and audited; SMS only with a verified phone), and a case's notifications
 * going by SMS (through the dev SMS outbox into MailDev) when the person chose SMS, by both
 * channels when they chose both.
 */
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { waitFor } from "./support/client.ts";
import { maildevUrl, watchInbox } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { createOutcomeWaiter } from "../lib/outcomes.ts";
import { translator } from "../lib/i18n.ts";
import { smsInboxAddress } from "../lib/worker/sms.ts";
import { decideCase, fileCase } from "../app/cases.ts";
import { grantAuthorization } from "../db/repositories/authorizations.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };

/** A citizen of Lipnice with a verified e-mail and, unless told, a verified phone; signed in. */
async function citizen(withPhone = true) {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const suffix = crypto.randomUUID().slice(0, 8);
  const username = `oznameni.${suffix}`;
  const password = "Oznameni-heslo-2026";
  const email = `oznameni.${suffix}@example.cz`;
  const phone = `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: "Eva",
    family_name: "Dvořáková",
    address: "Na Výsluní 12, 123 45 Lipnice nad Hájem",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
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

async function choiceOf(personId: string): Promise<string> {
  const row = await getDb().selectFrom("persons").select("case_notifications")
    .where("id", "=", personId).executeTakeFirstOrThrow();
  return row.case_notifications;
}

Deno.test({
  name:
    "[routes] POST /ucet/nastaveni stores how case notifications go (CSRF checked, 303, audited; SMS only with a verified phone)",
  ...opts,
  async fn() {
    const a = await citizen();
    const page = await a.c.get("/ucet/nastaveni");
    assertEquals(page.status, 200);
    const html = await page.text();
    assertStringIncludes(html, "Oznámení o podáních");
    assertStringIncludes(html, 'value="sms"');
    assertStringIncludes(html, "E-mailem i SMS");

    const forged = await a.c.request("/ucet/nastaveni", {
      method: "POST",
      body: new URLSearchParams({ section: "notifications", caseNotifications: "sms" }),
    });
    assertEquals(forged.status, 403);
    await forged.body?.cancel();
    assertEquals(await choiceOf(a.personId), "email");

    const saved = await a.c.post("/ucet/nastaveni", {
      section: "notifications",
      caseNotifications: "sms",
    });
    assertEquals(saved.status, 303);
    assertEquals(saved.headers.get("location"), "/ucet/nastaveni?ulozeno=1");
    await saved.body?.cancel();
    assertEquals(await choiceOf(a.personId), "sms");
    const audit = await getDb().selectFrom("audit_log").select(["action", "details"])
      .where("actor_id", "=", a.personId).where("action", "=", "person.case_notifications")
      .execute();
    assertEquals(audit.length, 1);
    assertEquals((audit[0].details as { choice: string }).choice, "sms");
    assertStringIncludes(await a.c.page("/ucet/nastaveni"), 'value="sms" checked');

    const tampered = await a.c.post("/ucet/nastaveni", {
      section: "notifications",
      caseNotifications: "fax",
    });
    assertEquals(tampered.status, 303);
    assertEquals(tampered.headers.get("location"), "/ucet/nastaveni");
    await tampered.body?.cancel();
    assertEquals(await choiceOf(a.personId), "sms");

    // Without a verified phone, SMS is neither offered nor stored.
    const b = await citizen(false);
    const noPhone = await b.c.page("/ucet/nastaveni");
    assert(!noPhone.includes('value="sms"'), "SMS not offered without a verified phone");
    const refused = await b.c.post("/ucet/nastaveni", {
      section: "notifications",
      caseNotifications: "sms",
    });
    assertEquals(refused.status, 303);
    assertEquals(refused.headers.get("location"), "/ucet/nastaveni");
    await refused.body?.cancel();
    assertEquals(await choiceOf(b.personId), "email");
  },
});

const ctx = { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" };

function dog() {
  return {
    givenName: "Eva",
    familyName: "Dvořáková",
    birthNumber: "800101/1007",
    address: {
      street: "Na Výsluní",
      houseNumber: "12",
      town: "Lipnice nad Hájem",
      postalCode: "123 45",
    },
    email: "eva.dvorakova@example.cz",
    phone: "",
    dogs: [{
      name: "Alík",
      breed: "jezevčík",
      birthDate: "2020-04-01",
      chipNumber: "203164000123456",
      keptSince: "2021-01-01",
    }],
    action: "register",
    deregistrationDate: "",
    reduction: "none",
    proof: [],
  };
}

async function messages(caseId: string) {
  return await getDb().selectFrom("outbox_messages")
    .select(["idempotency_key", "channel", "recipient"])
    .where("idempotency_key", "like", `case/${caseId}:%`).orderBy("idempotency_key").execute();
}

Deno.test({
  name:
    "[case notifications] a person who chose SMS gets the case's updates by SMS; one who chose both, by both",
  ...opts,
  async fn() {
    const db = getDb();
    const a = await citizen();
    await grantAuthorization(db, a.tenantId, {
      personId: a.personId,
      agenda: "poplatky",
      source: "clerk",
    });
    const chose = await a.c.post("/ucet/nastaveni", {
      section: "notifications",
      caseNotifications: "sms",
    });
    assertEquals(chose.status, 303);
    await chose.body?.cancel();
    const actor = { tenantId: a.tenantId, personId: a.personId, onBehalfOf: null, requestId: null };

    const nextSms = await watchInbox(smsInboxAddress(a.phone));
    const nextMail = await watchInbox(a.email);
    const filed = await fileCase({ db, now: () => new Date() }, actor, ctx, {
      slug: "poplatek-ze-psa",
      values: dog(),
      files: [],
      idempotencyKey: crypto.randomUUID(),
    });
    assert(filed.ok, JSON.stringify(filed));
    const sms = await nextSms(30_000);
    assertStringIncludes(sms.text, filed.ok ? filed.reference : "");
    assertEquals(await messages(filed.caseId), [
      { idempotency_key: `case/${filed.caseId}:filed:1`, channel: "sms", recipient: a.phone },
    ]);

    // A clerk's step, recorded by the workflow's activity, goes the same way.
    const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", a.tenantId)
      .where("username", "=", "urednik").executeTakeFirstOrThrow();
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    try {
      await waitFor(
        async () =>
          (await db.selectFrom("workflow_commands").select("status")
            .where("subject_id", "=", filed.caseId).execute())
            .every((r) => r.status !== "pending") || null,
        { what: "the case's workflow to start", timeoutMs: 30_000 },
      );
      const returned = await decideCase(
        { db, outcomes, waitMs: 1000 },
        { tenantId: a.tenantId, clerkId: clerk.id, requestId: null, roles: ["agenda:poplatky"] },
        { caseId: filed.caseId, decision: "return", text: "Doplňte prosím plemeno." },
      );
      assert(returned.ok, JSON.stringify(returned));
      const again = await nextSms(60_000);
      assertStringIncludes(again.text, filed.reference);
    } finally {
      await outcomes.close();
    }
    const all = await messages(filed.caseId);
    assert(all.every((m) => m.channel === "sms"), JSON.stringify(all));
    assertEquals(all.length, 2);
    // No e-mail reached the person's inbox about the case.
    await assertRejects(() => nextMail(1500));

    // Both: the filing confirmed by e-mail and by SMS, each once.
    const both = await a.c.post("/ucet/nastaveni", {
      section: "notifications",
      caseNotifications: "both",
    });
    assertEquals(both.status, 303);
    await both.body?.cancel();
    const second = await fileCase({ db, now: () => new Date() }, actor, ctx, {
      slug: "poplatek-ze-psa",
      values: { ...dog(), dogs: [{ ...dog().dogs[0], chipNumber: "203164000999999" }] },
      files: [],
      idempotencyKey: crypto.randomUUID(),
    });
    assert(second.ok, JSON.stringify(second));
    assertEquals(await messages(second.caseId), [
      { idempotency_key: `case/${second.caseId}:filed:1`, channel: "email", recipient: a.email },
      { idempotency_key: `case/${second.caseId}:filed:1:sms`, channel: "sms", recipient: a.phone },
    ]);
  },
});

Deno.test({
  name: "[case notifications] a person who chose English hears about their case in English, " +
    "whatever language the filing's page was in; the choice is stored, audited, checked",
  ...opts,
  async fn() {
    const db = getDb();
    const a = await citizen(false);
    await grantAuthorization(db, a.tenantId, {
      personId: a.personId,
      agenda: "poplatky",
      source: "clerk",
    });
    const settings = await a.c.page("/ucet/nastaveni");
    assertStringIncludes(settings, "Jazyk zpráv od obce");
    // A value not offered: a Czech 422, nothing stored.
    const bad = await a.c.post("/ucet/nastaveni", { section: "language", language: "de" });
    assertEquals(bad.status, 422);
    await bad.body?.cancel();
    const chose = await a.c.post("/ucet/nastaveni", { section: "language", language: "en" });
    assertEquals(chose.status, 303);
    await chose.body?.cancel();
    const row = await db.selectFrom("persons").select("language").where("id", "=", a.personId)
      .executeTakeFirstOrThrow();
    assertEquals(row.language, "en");
    const audit = await db.selectFrom("audit_log").select(["action", "details"])
      .where("tenant_id", "=", a.tenantId).where("subject_id", "=", a.personId)
      .where("action", "=", "person.message_language").execute();
    assertEquals(audit.map((x) => x.details), [{ language: "en" }]);
    assertStringIncludes(await a.c.page("/ucet/nastaveni"), 'value="en" checked');

    // Filed from a Czech page (ctx is Czech): the receipt is in English all the same.
    const actor = { tenantId: a.tenantId, personId: a.personId, onBehalfOf: null, requestId: null };
    const nextMail = await watchInbox(a.email);
    const filed = await fileCase({ db, now: () => new Date() }, actor, ctx, {
      slug: "poplatek-ze-psa",
      values: { ...dog(), dogs: [{ ...dog().dogs[0], chipNumber: "203164000888888" }] },
      files: [],
      idempotencyKey: crypto.randomUUID(),
    });
    assert(filed.ok, JSON.stringify(filed));
    const receipt = await nextMail(30_000);
    assertEquals(receipt.subject, `Submission ${filed.reference} received – Lipnice`);
    assertStringIncludes(receipt.text, "your submission “Dog fee registration” was received");
    assert(!receipt.text.includes("Podání"), receipt.text);
  },
});
