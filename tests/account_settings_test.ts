/**
 * The account settings a citizen expects (issue 16, part 6), end to end on the real database,
 * the worker relaying the outbox and MailDev: changing the password, turning the SMS second
 * factor on through a code sent to the phone first (typed with a space) and off again, the
 * security e-mails each change sends, codes with separators at sign-in, the rate limit on
 * sending codes, and the "you have been signed out" message.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { maildevUrl, watchInbox, watchSmsCode } from "./support/maildev.ts";
import { insertPerson, type TestPerson } from "./support/people.ts";
import { getDb } from "../lib/db.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };

async function signedIn(p: TestPerson, password = p.password): Promise<TestClient> {
  const c = await client();
  const res = await c.post("/prihlaseni", { identifier: p.username, password });
  await res.body?.cancel();
  assertEquals(res.status, 303, "signed in");
  assertEquals(res.headers.get("location"), "/ucet");
  return c;
}

async function status(c: TestClient, path: string): Promise<[number, string | null]> {
  const res = await c.get(path);
  await res.body?.cancel();
  return [res.status, res.headers.get("location")];
}

async function audits(personId: string, action: string): Promise<number> {
  const rows = await getDb().selectFrom("audit_log").select("id")
    .where("actor_id", "=", personId).where("action", "=", action).execute();
  return rows.length;
}

async function securityMails(personId: string, subject: string): Promise<number> {
  const rows = await getDb().selectFrom("outbox_messages").select(["subject", "kind", "channel"])
    .where("person_id", "=", personId).where("kind", "=", "account").execute();
  return rows.filter((r) => r.channel === "email" && (r.subject ?? "").includes(subject)).length;
}

async function withPhone(p: TestPerson, tenantId: string): Promise<string> {
  const phone = `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  await getDb().insertInto("person_contacts").values({
    tenant_id: tenantId,
    person_id: p.id,
    kind: "phone",
    value: phone,
    verified_at: new Date(),
  }).execute();
  return phone;
}

Deno.test({
  name:
    "[account] a citizen changes the password: the current one is asked, the policy holds, other devices are signed out and a security e-mail arrives",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const p = await insertPerson(lipnice.id, {
      prefix: "heslo",
      givenName: "Radka",
      familyName: "Bártová",
      email: true,
    });
    const here = await signedIn(p);
    const elsewhere = await signedIn(p);
    assertStringIncludes(await here.page("/ucet/nastaveni"), 'href="/ucet/nastaveni/heslo"');
    const form = await here.page("/ucet/nastaveni/heslo");
    assertStringIncludes(form, 'autocomplete="current-password"');
    assertStringIncludes(form, 'autocomplete="new-password"');

    const good = "Modry-kos-na-jeraby-7";
    const wrong = await here.post("/ucet/nastaveni/heslo", {
      currentPassword: "Tohle-neni-moje-heslo",
      password: good,
      passwordAgain: good,
    });
    assertEquals(wrong.status, 422);
    assertStringIncludes(await wrong.text(), "Dosavadní heslo není správné.");
    const weak = await here.post("/ucet/nastaveni/heslo", {
      currentPassword: p.password,
      password: "kratke",
      passwordAgain: "kratke",
    });
    assertEquals(weak.status, 422);
    assertStringIncludes(await weak.text(), "12");
    const same = await here.post("/ucet/nastaveni/heslo", {
      currentPassword: p.password,
      password: p.password,
      passwordAgain: p.password,
    });
    assertEquals(same.status, 422);
    assertStringIncludes(await same.text(), "Nové heslo musí být jiné než dosavadní heslo.");
    assertEquals(await audits(p.id, "auth.password_changed"), 0, "nothing changed yet");

    const nextMail = await watchInbox(p.email!);
    const changed = await here.post("/ucet/nastaveni/heslo", {
      currentPassword: p.password,
      password: good,
      passwordAgain: good,
    });
    await changed.body?.cancel();
    assertEquals(changed.status, 303);
    assertEquals(changed.headers.get("location"), "/ucet/nastaveni?heslo=zmeneno");
    assertStringIncludes(await here.page("/ucet/nastaveni?heslo=zmeneno"), "Heslo je změněno.");
    assertEquals(await audits(p.id, "auth.password_changed"), 1);
    // This device stays signed in; the other one is signed out.
    assertEquals((await status(here, "/ucet"))[0], 200);
    const [code, location] = await status(elsewhere, "/ucet");
    assertEquals(code, 303);
    assert(location?.startsWith("/prihlaseni"), "the other device must sign in again");
    // The old password no longer signs in; the new one does.
    const old = await (await client()).post("/prihlaseni", {
      identifier: p.username,
      password: p.password,
    });
    assertEquals(old.status, 401);
    await old.body?.cancel();
    await signedIn(p, good);
    // The security e-mail went through the outbox and the worker to the inbox.
    const mail = await nextMail();
    assertStringIncludes(mail.subject, "Heslo bylo změněno");
    assertStringIncludes(mail.text, "Zapomněli jste heslo?");
  },
});

Deno.test({
  name:
    "[account] the SMS second factor turns on only with the code sent to the phone (typed with a space), and off again; each change e-mails the person",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const p = await insertPerson(lipnice.id, {
      prefix: "sms",
      givenName: "Petr",
      familyName: "Šimek",
      email: true,
    });
    const phone = await withPhone(p, lipnice.id);
    const c = await signedIn(p);
    const factorOn = async () =>
      (await getDb().selectFrom("persons").select("sms_second_factor").where("id", "=", p.id)
        .executeTakeFirstOrThrow()).sms_second_factor;

    const settings = await c.page("/ucet/nastaveni");
    assertStringIncludes(settings, "Zapnout ověření kódem ze SMS");
    assertStringIncludes(settings, 'action="/ucet/nastaveni/sms-overeni"');
    // The old one-click switch turns nothing on any more.
    const forged = await c.post("/ucet/nastaveni", { smsSecondFactor: "on" });
    await forged.body?.cancel();
    assertEquals(forged.status, 303);
    assertEquals(await factorOn(), false);

    const nextSms = await watchSmsCode(phone);
    try {
      const sent = await c.post("/ucet/nastaveni/sms-overeni", { action: "send" });
      assertEquals(sent.status, 200);
      const step = await sent.text();
      assertStringIncludes(step, "Kód jsme poslali na číslo +420 *** ***");
      assertStringIncludes(step, 'autocomplete="one-time-code"');
      assertStringIncludes(step, 'inputmode="numeric"');
      assertStringIncludes(step, 'maxlength="20"');
      const code = await nextSms();
      const wrongCode = code === "000000" ? "111111" : "000000";
      const wrong = await c.post("/ucet/nastaveni/sms-overeni", { code: wrongCode });
      assertEquals(wrong.status, 422);
      assertStringIncludes(await wrong.text(), "Kód není správný.");
      assertEquals(await factorOn(), false);
      const nextMail = await watchInbox(p.email!);
      const confirmed = await c.post("/ucet/nastaveni/sms-overeni", {
        code: `${code.slice(0, 3)} ${code.slice(3)}`,
      });
      await confirmed.body?.cancel();
      assertEquals(confirmed.status, 303);
      assertEquals(confirmed.headers.get("location"), "/ucet/nastaveni?sms=zapnuto");
      assertEquals(await factorOn(), true);
      assertEquals(await audits(p.id, "auth.sms_factor_on"), 1);
      assertStringIncludes((await nextMail()).subject, "Ověření kódem ze SMS zapnuto");
    } finally {
      nextSms.release();
    }

    // Signing in now takes the SMS code; a code with a hyphen is read as its six digits.
    const fresh = await client();
    const loginSms = await watchSmsCode(phone);
    try {
      const first = await fresh.post("/prihlaseni", {
        identifier: p.username,
        password: p.password,
      });
      await first.body?.cancel();
      assertEquals(first.headers.get("location"), "/prihlaseni/overeni");
      const code = await loginSms();
      const second = await fresh.post("/prihlaseni/overeni", {
        code: `${code.slice(0, 3)}-${code.slice(3)}`,
      });
      await second.body?.cancel();
      assertEquals(second.status, 303);
      assertEquals(second.headers.get("location"), "/ucet");
    } finally {
      loginSms.release();
    }

    assertStringIncludes(await c.page("/ucet/nastaveni"), "Vypnout ověření kódem ze SMS");
    const off = await c.post("/ucet/nastaveni", { section: "smsOff" });
    await off.body?.cancel();
    assertEquals(off.status, 303);
    assertEquals(await factorOn(), false);
    assertEquals(await audits(p.id, "auth.sms_factor_off"), 1);
    assertEquals(await securityMails(p.id, "Ověření kódem ze SMS vypnuto"), 1);
  },
});

Deno.test({
  name: "[account] codes for the SMS second factor are sent at most three times in 15 minutes",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const p = await insertPerson(lipnice.id, {
      prefix: "limit",
      givenName: "Ivo",
      familyName: "Král",
    });
    await withPhone(p, lipnice.id);
    const c = await signedIn(p);
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await c.post("/ucet/nastaveni/sms-overeni", { action: "send" });
      answers.push(res.status);
      if (res.status === 429) {
        assert(res.headers.get("retry-after"), "Retry-After is said");
        assertStringIncludes(await res.text(), "Příliš mnoho");
      } else await res.body?.cancel();
    }
    assertEquals(answers, [200, 200, 200, 429]);
    const sent = await getDb().selectFrom("outbox_messages").select("id")
      .where("person_id", "=", p.id).where("channel", "=", "sms").execute();
    assertEquals(sent.length, 3);
  },
});

Deno.test({
  name: "[account] logging out lands on the sign-in page saying the person has been signed out",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const p = await insertPerson(lipnice.id, {
      prefix: "odhlas",
      givenName: "Eva",
      familyName: "Malá",
    });
    const c = await signedIn(p);
    const out = await c.post("/odhlaseni", {});
    await out.body?.cancel();
    assertEquals(out.status, 303);
    assertEquals(out.headers.get("location"), "/prihlaseni?odhlaseno=1");
    const page = await c.page("/prihlaseni?odhlaseno=1");
    assertStringIncludes(page, "Byli jste odhlášeni.");
    assertEquals((await status(c, "/ucet"))[0], 303);
  },
});

Deno.test({
  name:
    "[account] a password reset by phone number sends the link by SMS; the answer is the same for a number nobody has",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const p = await insertPerson(lipnice.id, {
      prefix: "telefon",
      givenName: "Jitka",
      familyName: "Nováková",
      email: true,
    });
    const phone = await withPhone(p, lipnice.id);
    const nextSms = await watchSmsCode(phone);
    let code: string;
    try {
      // Typed the way people write numbers: national, with spaces.
      const typed = `${phone.slice(4, 7)} ${phone.slice(7, 10)} ${phone.slice(10)}`;
      const asked = await (await client()).post("/zapomenute-heslo", { identifier: typed });
      assertEquals(asked.status, 200);
      const answer = await asked.text();
      assertStringIncludes(answer, "Pokud účet existuje");
      code = await nextSms();
    } finally {
      nextSms.release();
    }
    const nobody = await (await client()).post("/zapomenute-heslo", {
      identifier: "+420 799 000 111",
    });
    assertEquals(nobody.status, 200);
    assertStringIncludes(await nobody.text(), "Pokud účet existuje");

    const link = `/obnova-hesla?ucet=${p.id}&kod=${code}`;
    const c = await client();
    const form = await c.page(link);
    assertStringIncludes(form, 'autocomplete="new-password"');
    const reset = await c.post("/obnova-hesla", {
      account: p.id,
      code,
      password: "Zlute-kolo-u-rybnika",
      passwordAgain: "Zlute-kolo-u-rybnika",
    });
    await reset.body?.cancel();
    assertEquals(reset.status, 303);
    await signedIn(p, "Zlute-kolo-u-rybnika");
    assertEquals(await securityMails(p.id, "Heslo bylo změněno"), 1, "the reset is told too");
  },
});

Deno.test({
  name:
    "[account] a used or expired reset link says which when opened, with a button that sends a new link",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const p = await insertPerson(lipnice.id, {
      prefix: "odkaz",
      givenName: "Libor",
      familyName: "Dvořák",
      email: true,
    });
    const c = await client();
    const linkOf = async () => {
      const nextMail = await watchInbox(p.email!);
      const asked = await c.post("/zapomenute-heslo", { identifier: p.username });
      await asked.body?.cancel();
      const mail = await nextMail();
      const code = /kod=(\d{6})/.exec(mail.text)?.[1];
      assert(code, "the e-mail carries a reset link");
      return { link: `/obnova-hesla?ucet=${p.id}&kod=${code}`, code };
    };
    const first = await linkOf();
    const told = await watchInbox(p.email!);
    const used = await c.post("/obnova-hesla", {
      account: p.id,
      code: first.code,
      password: "Cervena-strecha-domu",
      passwordAgain: "Cervena-strecha-domu",
    });
    await used.body?.cancel();
    assertEquals(used.status, 303);
    assertStringIncludes((await told()).subject, "Heslo bylo změněno");
    const opened = await c.get(first.link);
    assertEquals(opened.status, 410);
    const usedPage = await opened.text();
    assertStringIncludes(usedPage, "Odkaz už byl použit");
    assertStringIncludes(usedPage, "Poslat nový odkaz");
    assert(!usedPage.includes('name="password"'), "no password form on a dead link");

    // "Send a new link" goes through the forgotten-password form, for the same account.
    const nextMail = await watchInbox(p.email!);
    const again = await c.post("/zapomenute-heslo", {
      identifier: /name="identifier" value="([^"]+)"/.exec(usedPage)![1],
    });
    assertEquals(again.status, 200);
    assertStringIncludes(await again.text(), "Pokud účet existuje");
    const fresh = /kod=(\d{6})/.exec((await nextMail()).text)![1];
    assertEquals((await c.get(`/obnova-hesla?ucet=${p.id}&kod=${fresh}`)).status, 200);

    // The same link ten minutes later.
    await getDb().updateTable("one_time_codes").set({ expires_at: new Date(Date.now() - 1000) })
      .where("person_id", "=", p.id).where("purpose", "=", "password_reset")
      .where("used_at", "is", null).execute();
    const late = await c.get(`/obnova-hesla?ucet=${p.id}&kod=${fresh}`);
    assertEquals(late.status, 410);
    assertStringIncludes(await late.text(), "Platnost odkazu vypršela");
    // A mangled link.
    const mangled = await c.get(`/obnova-hesla?ucet=${p.id}&kod=12345`);
    assertEquals(mangled.status, 410);
    assertStringIncludes(await mangled.text(), "Odkaz není platný");
  },
});

Deno.test({
  name:
    "[account] a new e-mail or phone takes effect only with the code sent to it; the old one is told",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const p = await insertPerson(lipnice.id, {
      prefix: "kontakt",
      givenName: "Hana",
      familyName: "Černá",
      email: true,
    });
    const oldPhone = await withPhone(p, lipnice.id);
    const other = await insertPerson(lipnice.id, {
      prefix: "jiny",
      givenName: "Jan",
      familyName: "Jiný",
      email: true,
    });
    const c = await signedIn(p);
    const contacts = async () =>
      (await getDb().selectFrom("person_contacts").select(["kind", "value", "verified_at"])
        .where("person_id", "=", p.id).execute())
        .filter((r) => r.verified_at).map((r) => `${r.kind}:${r.value}`).sort();
    assertStringIncludes(await c.page("/ucet/nastaveni"), 'href="/ucet/nastaveni/kontakt"');
    assertStringIncludes(await c.page("/ucet/nastaveni/kontakt"), p.email!);

    // Refused before any code is sent.
    for (
      const [value, message] of [
        ["neni-to-adresa", "e-mail"],
        [other.email!, "Tento kontakt patří jinému účtu."],
        [p.email!.toUpperCase(), "Tento kontakt už máte ověřený."],
      ]
    ) {
      const res = await c.post("/ucet/nastaveni/kontakt", {
        action: "start",
        kind: "email",
        email: value,
      });
      assertEquals(res.status, 422, value);
      assertStringIncludes(await res.text(), message);
    }

    const newEmail = `${p.username}.novy@example.cz`;
    const newMail = await watchInbox(newEmail);
    const oldMail = await watchInbox(p.email!);
    const start = await c.post("/ucet/nastaveni/kontakt", {
      action: "start",
      kind: "email",
      email: newEmail,
    });
    await start.body?.cancel();
    assertEquals(start.status, 303);
    assertEquals(start.headers.get("location"), "/ucet/nastaveni/kontakt?overeni=email");
    assertStringIncludes(await c.page("/ucet/nastaveni/kontakt?overeni=email"), newEmail);
    assertEquals(await contacts(), [`email:${p.email}`, `phone:${oldPhone}`], "nothing yet");
    const code = /\b(\d{6})\b/.exec((await newMail()).text)![1];
    const newMailAfter = await watchInbox(newEmail);
    const done = await c.post("/ucet/nastaveni/kontakt", {
      action: "confirm",
      kind: "email",
      code: ` ${code.slice(0, 3)} ${code.slice(3)} `,
    });
    await done.body?.cancel();
    assertEquals(done.status, 303);
    assertEquals(done.headers.get("location"), "/ucet/nastaveni?kontakt=email");
    assertEquals(await contacts(), [`email:${newEmail}`, `phone:${oldPhone}`]);
    assertEquals(await audits(p.id, "person.email_changed"), 1);
    assertStringIncludes((await oldMail()).subject, "E-mail u účtu byl změněn");
    assertStringIncludes((await newMailAfter()).subject, "E-mail u účtu byl změněn");
    // The new address signs in; the old one no longer does.
    const byNew = await (await client()).post("/prihlaseni", {
      identifier: newEmail,
      password: p.password,
    });
    await byNew.body?.cancel();
    assertEquals(byNew.status, 303);
    const byOld = await (await client()).post("/prihlaseni", {
      identifier: p.email!,
      password: p.password,
    });
    await byOld.body?.cancel();
    assertEquals(byOld.status, 401);

    const newPhone = `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const nextSms = await watchSmsCode(newPhone);
    try {
      const res = await c.post("/ucet/nastaveni/kontakt", {
        action: "start",
        kind: "phone",
        phone: newPhone.slice(4),
      });
      await res.body?.cancel();
      assertEquals(res.headers.get("location"), "/ucet/nastaveni/kontakt?overeni=phone");
      const smsCode = await nextSms();
      const wrong = await c.post("/ucet/nastaveni/kontakt", {
        action: "confirm",
        kind: "phone",
        code: smsCode === "000000" ? "111111" : "000000",
      });
      assertEquals(wrong.status, 422);
      assertStringIncludes(await wrong.text(), "Kód není správný.");
      const ok = await c.post("/ucet/nastaveni/kontakt", {
        action: "confirm",
        kind: "phone",
        code: smsCode,
      });
      await ok.body?.cancel();
      assertEquals(ok.headers.get("location"), "/ucet/nastaveni?kontakt=phone");
    } finally {
      nextSms.release();
    }
    assertEquals(await contacts(), [`email:${newEmail}`, `phone:${newPhone}`]);
    const toOldPhone = await getDb().selectFrom("outbox_messages").select("body")
      .where("recipient", "=", oldPhone).where("kind", "=", "account").execute();
    assertEquals(toOldPhone.length, 1, "the old number is told");
    assertStringIncludes(toOldPhone[0].body ?? "", "změněn na jiné číslo");
    assertEquals(await securityMails(p.id, "Telefon u účtu byl změněn"), 1);
  },
});

Deno.test({
  name:
    "[account] deleting the account says what goes and what the town keeps, erases what may go, and the account can no longer sign in",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const p = await insertPerson(lipnice.id, {
      prefix: "zrusit",
      givenName: "Karel",
      familyName: "Veselý",
      email: true,
      address: "Lipnice 12",
    });
    await withPhone(p, lipnice.id);
    await db.insertInto("external_identities").values({
      tenant_id: lipnice.id,
      person_id: p.id,
      provider: "bankid",
      subject: `bankid-${p.id}`,
      level_of_assurance: "substantial",
    }).execute();
    await db.insertInto("drafts").values({
      tenant_id: lipnice.id,
      person_id: p.id,
      form_slug: "poplatek-ze-psa",
      values: JSON.stringify({ dogName: "Rex" }),
      updated_at: new Date(),
      expires_at: new Date(Date.now() + 86_400_000),
    }).execute();
    const c = await signedIn(p);
    const other = await signedIn(p);
    assertStringIncludes(await c.page("/ucet/nastaveni"), 'href="/ucet/nastaveni/zrusit-ucet"');
    const confirmPage = await c.page("/ucet/nastaveni/zrusit-ucet");
    for (
      const said of [
        "Opravdu zrušit účet?",
        "Co smažeme hned",
        "Co musí obec podle zákona ponechat",
        "spisový a skartační plán",
        "nejméně 5 let",
        "Ano, zrušit účet natrvalo",
      ]
    ) assertStringIncludes(confirmPage, said);

    const wrong = await c.post("/ucet/nastaveni/zrusit-ucet", { currentPassword: "nespravne" });
    assertEquals(wrong.status, 422);
    assertStringIncludes(await wrong.text(), "Dosavadní heslo není správné.");
    assertEquals((await status(c, "/ucet"))[0], 200, "nothing happened");

    const goodbye = await watchInbox(p.email!);
    const done = await c.post("/ucet/nastaveni/zrusit-ucet", { currentPassword: p.password });
    await done.body?.cancel();
    assertEquals(done.status, 303);
    assertEquals(done.headers.get("location"), "/prihlaseni?ucet=zrusen");
    assertStringIncludes(await c.page("/prihlaseni?ucet=zrusen"), "Váš účet byl zrušen.");
    assertStringIncludes((await goodbye()).subject, "Účet byl zrušen");

    // Every session ended; the password signs in no more.
    assertEquals((await status(c, "/ucet"))[0], 303);
    assertEquals((await status(other, "/ucet"))[0], 303);
    const again = await (await client()).post("/prihlaseni", {
      identifier: p.username,
      password: p.password,
    });
    await again.body?.cancel();
    assertEquals(again.status, 401);

    // What may go is gone; the row the town's records point at stays, with the name.
    const row = await db.selectFrom("persons").selectAll().where("id", "=", p.id)
      .executeTakeFirstOrThrow();
    assertEquals(row.status, "deleted");
    assert(row.deleted_at, "the deletion time is kept");
    assertEquals([row.given_name, row.family_name], ["Karel", "Veselý"]);
    assertEquals([row.password_hash, row.address], [null, null]);
    for (const table of ["person_contacts", "external_identities", "drafts"] as const) {
      const left = await db.selectFrom(table).select("id").where("person_id", "=", p.id).execute();
      assertEquals(left.length, 0, table);
    }
    assertEquals(await audits(p.id, "person.account_deleted"), 1);
  },
});

Deno.test({
  name:
    "[account] a person without a verified e-mail is told of a password change by SMS to the verified phone",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const p = await insertPerson(lipnice.id, {
      prefix: "bezmailu",
      givenName: "Oldřich",
      familyName: "Bezmailový",
    });
    const phone = await withPhone(p, lipnice.id);
    const c = await signedIn(p);
    const good = "Zeleny-datel-na-buku-4";
    const changed = await c.post("/ucet/nastaveni/heslo", {
      currentPassword: p.password,
      password: good,
      passwordAgain: good,
    });
    await changed.body?.cancel();
    assertEquals(changed.status, 303);
    const told = await getDb().selectFrom("outbox_messages")
      .select(["channel", "recipient", "body", "subject"])
      .where("person_id", "=", p.id).where("kind", "=", "account").execute();
    assertEquals(told.map((m) => [m.channel, m.recipient, m.subject]), [["sms", phone, null]]);
    assertStringIncludes(told[0].body ?? "", "Heslo bylo změněno");
    assertStringIncludes(told[0].body ?? "", "Pokud jste to nebyli vy, kontaktujte úřad.");
  },
});
