/**
 * Identity end to end: registration with e-mail and SMS verification (real SMTP to MailDev,
 * the dev SMS outbox), sign-in by user name, e-mail or phone, the SMS second factor, one-time
 * code rules, rate limits, password reset and signing out everywhere.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField, type TestClient } from "./support/client.ts";
import {
  maildevUrl,
  watchEmailCode,
  watchHeldInbox,
  watchInbox,
  watchSms,
  watchSmsCode,
} from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { insertPerson } from "./support/people.ts";
import { DEMO_CITIZEN_SMS } from "../db/seeds/demo.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };
const run = crypto.randomUUID().slice(0, 6);
const randomPhone = () => `+420 7${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
const e164 = (phone: string) => phone.replace(/\s/g, "");

/**
 * Accounts that hold one of these e-mails or phones, or carry this family name: what a test's
 * registration would have created (other test files create people side by side, so a count of
 * every person would not do).
 */
async function personsCount(
  of: { contacts?: readonly string[]; familyName?: string },
): Promise<number> {
  const db = getDb();
  const byContact = of.contacts?.length
    ? await db.selectFrom("person_contacts").select("person_id").distinct()
      .where((eb) => eb.fn("lower", ["value"]), "in", of.contacts.map((c) => c.toLowerCase()))
      .execute()
    : [];
  const byName = of.familyName
    ? await db.selectFrom("persons").select("id").where("family_name", "=", of.familyName)
      .execute()
    : [];
  return new Set([...byContact.map((r) => r.person_id), ...byName.map((r) => r.id)]).size;
}

/** Registers a new citizen through the forms; returns the client (signed in) and the name. */
async function registerCitizen(
  c: TestClient,
  who: { givenName: string; familyName: string; email: string; phone: string; password: string },
): Promise<string> {
  const nextEmail = await watchEmailCode(who.email);
  const nextSms = await watchSmsCode(e164(who.phone));
  const res = await c.post("/registrace", { ...who, passwordAgain: who.password });
  assertEquals(res.status, 303);
  assertEquals(res.headers.get("location"), "/registrace/overeni");
  const [emailCode, phoneCode] = await Promise.all([nextEmail(), nextSms()]);
  const verified = await c.post("/registrace/overeni", { emailCode, phoneCode });
  assertEquals(verified.status, 303);
  const done = await c.page(verified.headers.get("location")!.split("?")[0]);
  const username = /<strong class="username">([^<]+)<\/strong>/.exec(done)?.[1];
  assert(username, "the generated user name is shown");
  return username;
}

Deno.test({
  name:
    "[identity] a citizen registers, verifies e-mail and phone, and signs in by each identifier",
  ...opts,
  async fn() {
    await demoTowns();
    const c = await client();
    const who = {
      givenName: "Kateřina",
      familyName: "Růžičková",
      email: `katerina.${run}@example.cz`,
      phone: randomPhone(),
      password: "Zelene-jablko-na-strome",
    };
    const username = await registerCitizen(c, who);
    assertMatch(username, /^katerina\.ruzickova\.\d{4}$/);
    assertStringIncludes(await c.page("/ucet"), "Kateřina Růžičková");

    for (const identifier of [username, who.email.toUpperCase(), who.phone.replace("+420 ", "")]) {
      const fresh = await client();
      const res = await fresh.post("/prihlaseni", { identifier, password: who.password });
      assertEquals(res.status, 303, identifier);
      assertEquals(res.headers.get("location"), "/ucet", identifier);
    }
  },
});

Deno.test({
  name: "[identity] bad registration input gets Czech errors at the fields and creates nobody",
  ...opts,
  async fn() {
    const c = await client();
    const typed = { familyName: "N".repeat(5000), contacts: ["jan.novak@"] };
    const before = await personsCount(typed);
    const res = await c.post("/registrace", {
      givenName: "<b>Jan</b>",
      familyName: "N".repeat(5000),
      email: "jan.novak@",
      phone: "12345",
      password: "kratke",
      passwordAgain: "jine",
    });
    assertEquals(res.status, 422);
    const html = await res.text();
    for (
      const message of [
        "Pole nesmí obsahovat HTML značky ani entity.",
        "Text je příliš dlouhý, nejvýše 100 znaků.",
        "Zadejte platnou e-mailovou adresu",
        "Zadejte české nebo slovenské číslo mobilního telefonu",
        "Heslo musí mít alespoň 12 znaků.",
      ]
    ) assertStringIncludes(html, message);
    assert(!html.includes("<b>Jan</b>"), "markup is escaped");
    assertEquals(await personsCount(typed), before);
  },
});

/** The verification step's page with what may differ between two registrations masked. */
function stepSkeleton(html: string, who: { email: string; phone: string }): string {
  return html
    .replaceAll(who.email, "EMAIL")
    .replace(/\+420 \*\*\* \*\*\* \d{3}/g, "PHONE")
    .replace(/name="_csrf" value="[^"]*"/g, "CSRF")
    .replace(/nonce="[^"]*"/g, "NONCE");
}

Deno.test({
  name:
    "[identity] registering with another account's e-mail or phone reveals nothing and tells the owner",
  ...opts,
  async fn() {
    const password = "Zelene-jablko-na-strome";
    const register = async (who: { email: string; phone: string }) => {
      const c = await client();
      const res = await c.post("/registrace", {
        givenName: "Tomáš",
        familyName: "Horák",
        ...who,
        password,
        passwordAgain: password,
      });
      assertEquals(res.status, 303);
      assertEquals(res.headers.get("location"), "/registrace/overeni");
      await res.body?.cancel();
      const page = await c.get("/registrace/overeni");
      assertEquals(page.status, 200);
      return { c, html: stepSkeleton(await page.text(), who) };
    };
    const fresh = await register({ email: `tomas.${run}@example.cz`, phone: randomPhone() });

    // The demo citizen's verified e-mail, and the SMS citizen's verified phone.
    const owner = DEMO_CITIZEN_SMS;
    for (
      const who of [
        { email: "tomas.horak@example.cz", phone: randomPhone() },
        { email: `jiny.${run}@example.cz`, phone: owner.phone },
      ]
    ) {
      const before = await personsCount({ contacts: [who.email, who.phone] });
      const told = who.phone === owner.phone
        ? await watchSms(owner.phone)
        : await watchHeldInbox(who.email);
      const taken = await register(who);
      assertEquals(taken.html, fresh.html, "the same step, the same page");
      assertEquals(
        await personsCount({ contacts: [who.email, who.phone] }),
        before,
        "no second account",
      );
      const message = await told();
      assertMatch(message.subject + message.text, /pokusil zaregistrovat/);
      assertStringIncludes(message.text, "/zapomenute-heslo");
      // No code passes the step: there is no account to verify.
      const tried = await taken.c.post("/registrace/overeni", {
        emailCode: "123456",
        phoneCode: "654321",
      });
      assertEquals(tried.status, 422);
      assertStringIncludes(await tried.text(), "Kód není správný.");
    }
  },
});

Deno.test({
  name: "[identity] the SMS second factor: a wrong code is refused, a used code never works again",
  ...opts,
  async fn() {
    const c = await client();
    const phone = DEMO_CITIZEN_SMS.phone;
    let nextSms = await watchSmsCode(phone);
    const first = await c.post("/prihlaseni", {
      identifier: DEMO_CITIZEN_SMS.email,
      password: DEMO_CITIZEN_SMS.password,
    });
    assertEquals(first.headers.get("location"), "/prihlaseni/overeni");
    const code = await nextSms();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const refused = await c.post("/prihlaseni/overeni", { code: wrong });
    assertEquals(refused.status, 422);
    assertStringIncludes(await refused.text(), "Kód není správný.");
    const ok = await c.post("/prihlaseni/overeni", { code });
    assertEquals(ok.status, 303);
    assertEquals(ok.headers.get("location"), "/ucet");

    // The same code in a second sign-in is refused: a code works once.
    const other = await client();
    nextSms = await watchSmsCode(phone);
    await other.post("/prihlaseni", {
      identifier: DEMO_CITIZEN_SMS.username,
      password: DEMO_CITIZEN_SMS.password,
    });
    const fresh = await nextSms();
    const reused = await other.post("/prihlaseni/overeni", { code });
    assertEquals(reused.status, 422);
    // Five wrong tries end the code: even the right one no longer works.
    for (let i = 0; i < 4; i++) await other.post("/prihlaseni/overeni", { code: wrong });
    const tooLate = await other.post("/prihlaseni/overeni", { code: fresh });
    assertEquals(tooLate.status, 422);
    assertStringIncludes(await tooLate.text(), "Platnost kódu vypršela nebo byl kód už použit.");
  },
});

Deno.test({
  name: "[identity] the 6th wrong password inside the window gets 429 and a Czech message",
  ...opts,
  async fn() {
    const c = await client();
    const identifier = `nikdo.${run}`;
    for (let i = 1; i <= 5; i++) {
      const res = await c.post("/prihlaseni", { identifier, password: `spatne-heslo-${i}` });
      assertEquals(res.status, 401, `attempt ${i}`);
      await res.body?.cancel();
    }
    const sixth = await c.post("/prihlaseni", { identifier, password: "spatne-heslo-6" });
    assertEquals(sixth.status, 429);
    assert(Number(sixth.headers.get("retry-after")) > 0, "Retry-After is set");
    assertStringIncludes(await sixth.text(), "Příliš mnoho pokusů.");
  },
});

Deno.test({
  name:
    "[identity] wrong passwords under every name of one account share one bucket: the 6th gets 429",
  ...opts,
  async fn() {
    const who = {
      givenName: "Radek",
      familyName: "Veselý",
      email: `radek.${run}@example.cz`,
      phone: randomPhone(),
      password: "Tri-duby-u-rybnika",
    };
    const username = await registerCitizen(await client(), who);
    const national = e164(who.phone).slice(4); // "7xxxxxxxx"
    const spaced = `+420 ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
    const spellings = [
      username,
      who.email.toUpperCase(),
      national,
      spaced,
      `00420${national}`,
      e164(who.phone),
    ];
    const c = await client();
    for (const [i, identifier] of spellings.slice(0, 5).entries()) {
      const res = await c.post("/prihlaseni", { identifier, password: `spatne-heslo-${i}` });
      assertEquals(res.status, 401, identifier);
      await res.body?.cancel();
    }
    // The sixth try, under yet another spelling, and even with the right password: refused.
    for (const identifier of [spellings[5], username]) {
      const res = await (await client()).post("/prihlaseni", {
        identifier,
        password: who.password,
      });
      assertEquals(res.status, 429, identifier);
      assertStringIncludes(await res.text(), "Příliš mnoho pokusů.");
    }

    // An identifier that names no account is limited by its normalised form.
    const nobody = `7${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const nobodySpellings = [
      nobody,
      `+420${nobody}`,
      `00420 ${nobody}`,
      `+420 ${nobody.slice(0, 3)} ${nobody.slice(3, 6)} ${nobody.slice(6)}`,
      `(+420) ${nobody}`,
    ];
    for (const identifier of nobodySpellings) {
      const res = await c.post("/prihlaseni", { identifier, password: "spatne-heslo" });
      assertEquals(res.status, 401, identifier);
      await res.body?.cancel();
    }
    const sixth = await c.post("/prihlaseni", { identifier: `00420${nobody}`, password: "x" });
    assertEquals(sixth.status, 429);
    await sixth.body?.cancel();
  },
});

Deno.test({
  name: "[identity] a password reset by e-mail sets a new password and ends every old session",
  ...opts,
  async fn() {
    const c = await client();
    const who = {
      givenName: "Ondřej",
      familyName: "Král",
      email: `ondrej.${run}@example.cz`,
      phone: randomPhone(),
      password: "Modra-obloha-nad-lesem",
    };
    const username = await registerCitizen(c, who);
    const other = await client();
    const nextMail = await watchInbox(who.email);
    const asked = await other.post("/zapomenute-heslo", { identifier: who.email });
    assertEquals(asked.status, 200);
    assertStringIncludes(await asked.text(), "Pokud účet existuje");
    const mail = await nextMail();
    const link = /(\/obnova-hesla\?ucet=[0-9a-f-]+&kod=\d{6})/.exec(mail.text)?.[1];
    assert(link, "the e-mail carries a reset link");
    const form = await other.page(link);
    const reset = await other.post("/obnova-hesla", {
      account: hiddenField(form, "account"),
      code: hiddenField(form, "code"),
      password: "Nove-heslo-pro-krale",
      passwordAgain: "Nove-heslo-pro-krale",
    });
    assertEquals(reset.status, 303);
    const old = await c.get("/ucet");
    await old.body?.cancel();
    assertEquals(old.status, 303, "the old session ended");
    const again = await other.post("/obnova-hesla", {
      account: hiddenField(form, "account"),
      code: hiddenField(form, "code"),
      password: "Jeste-jine-heslo-krale",
      passwordAgain: "Jeste-jine-heslo-krale",
    });
    assertEquals(again.status, 422, "the link works once");
    const login = await (await client()).post("/prihlaseni", {
      identifier: username,
      password: "Nove-heslo-pro-krale",
    });
    assertEquals(login.status, 303);

    const unknown = await (await client()).post("/zapomenute-heslo", {
      identifier: `nikdo.${run}@example.cz`,
    });
    assertEquals(unknown.status, 200);
    assertStringIncludes(await unknown.text(), "Pokud účet existuje");
  },
});

Deno.test({
  name: "[identity] signing out everywhere ends the sessions on every device at once",
  ...opts,
  async fn() {
    // A person of its own: signing the demo citizen out everywhere would end the sessions of
    // test files running beside this one.
    const { lipnice } = await demoTowns();
    const who = await insertPerson(lipnice.id, {
      prefix: "vsude",
      givenName: "Ota",
      familyName: "Odhlášený",
    });
    const phone = await client();
    const laptop = await client();
    await phone.loginCitizen(who.username, who.password);
    await laptop.loginCitizen(who.username, who.password);
    assertEquals((await laptop.get("/ucet")).status, 200);
    const res = await phone.post("/odhlaseni/vsude", {});
    assertEquals(res.status, 303);
    const after = await laptop.get("/ucet");
    await after.body?.cancel();
    assertEquals(after.status, 303);
    assertMatch(after.headers.get("location") ?? "", /^\/prihlaseni/);
    const audit = await getDb().selectFrom("audit_log").select("action")
      .where("action", "=", "auth.logout_everywhere").executeTakeFirst();
    assert(audit, "recorded in the audit log");
  },
});

Deno.test({
  name: "[identity] one who registers on the English page hears from the town in English " +
    "afterwards; on the Czech page, in Czech",
  ...opts,
  async fn() {
    const db = getDb();
    for (const lang of ["en", "cs"] as const) {
      const c = await client();
      await (await c.get(`/registrace?lang=${lang}`)).body?.cancel();
      const run = crypto.randomUUID().slice(0, 8);
      const username = await registerCitizen(c, {
        givenName: "Jana",
        familyName: "Nováková",
        email: `jazyk.${lang}.${run}@example.cz`,
        phone: randomPhone(),
        password: "Modra-obloha-nad-lesem",
      });
      const row = await db.selectFrom("persons").select("language")
        .where("username", "=", username).executeTakeFirstOrThrow();
      assertEquals(row.language, lang);
    }
  },
});

Deno.test({
  name: "[identity] codes come in the reader's language: an English page sends an English SMS",
  ...opts,
  async fn() {
    const c = await client();
    await (await c.get("/prihlaseni?lang=en")).body?.cancel();
    const next = await watchSms(DEMO_CITIZEN_SMS.phone);
    const res = await c.post("/prihlaseni", {
      identifier: DEMO_CITIZEN_SMS.username,
      password: DEMO_CITIZEN_SMS.password,
    });
    assertEquals(res.headers.get("location"), "/prihlaseni/overeni");
    const sms = await next();
    assertMatch(sms.text, /^Sign-in code for the Citizen portal of Lipnice nad Hájem: \d{6}\./);
  },
});

/** The page as a person reads it: the per-request tokens (CSRF, CSP nonce) masked. */
const withoutTokens = (html: string) =>
  html.replace(/name="_csrf" value="[^"]*"/g, "CSRF").replace(/nonce="[^"]*"/g, "NONCE");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

Deno.test({
  name:
    "[identity] a reset request is answered alike and as fast for an existing and an unknown account",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const N = 12;
    // N accounts with a verified e-mail (one reset token each: the limit is 3 per identifier).
    const existing: string[] = [];
    for (let i = 0; i < N; i++) {
      const email = `reset.${run}.${i}@example.cz`;
      const { id } = await db.insertInto("persons").values({
        tenant_id: lipnice.id,
        username: `reset.${run}.${i}`,
        given_name: "Reset",
        family_name: "Test",
        password_hash: null,
        status: "active",
        updated_at: new Date(),
      }).returning("id").executeTakeFirstOrThrow();
      await db.insertInto("person_contacts").values({
        tenant_id: lipnice.id,
        person_id: id,
        kind: "email",
        value: email,
        verified_at: new Date(),
      }).execute();
      existing.push(email);
    }
    const unknown = existing.map((_, i) => `nikdo.${run}.${i}@example.cz`);
    const c = await client();
    const ask = async (identifier: string) => {
      const t0 = performance.now();
      const res = await c.post("/zapomenute-heslo", { identifier });
      const html = await res.text();
      return { ms: performance.now() - t0, status: res.status, html: withoutTokens(html) };
    };
    await ask(`zahrati.${run}@example.cz`); // warm up the route

    // Interleaved, so that drift of the machine touches both alike.
    const times = { existing: [] as number[], unknown: [] as number[] };
    let pages: { existing?: string; unknown?: string } = {};
    for (let i = 0; i < N; i++) {
      const a = await ask(existing[i]);
      const b = await ask(unknown[i]);
      assertEquals([a.status, b.status], [200, 200]);
      assertEquals(a.html, b.html, "the same answer, byte for byte apart from the tokens");
      times.existing.push(a.ms);
      times.unknown.push(b.ms);
      pages = { existing: a.html, unknown: b.html };
    }
    assertStringIncludes(pages.existing!, "Pokud účet existuje");
    const ratio = median(times.existing) / median(times.unknown);
    assert(
      ratio < 3 && ratio > 1 / 3,
      `median ${median(times.existing).toFixed(1)} ms (existing) vs ` +
        `${median(times.unknown).toFixed(1)} ms (unknown): ratio ${ratio.toFixed(2)}`,
    );

    // The link still arrives, sent by the workflow, for an existing account.
    const who = `reset.${run}.mail@example.cz`;
    const { id } = await db.insertInto("persons").values({
      tenant_id: lipnice.id,
      username: `reset.${run}.mail`,
      given_name: "Reset",
      family_name: "Pošta",
      password_hash: null,
      status: "active",
      updated_at: new Date(),
    }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("person_contacts").values({
      tenant_id: lipnice.id,
      person_id: id,
      kind: "email",
      value: who,
      verified_at: new Date(),
    }).execute();
    const nextCode = await watchEmailCode(who);
    assertEquals((await ask(who.toUpperCase())).status, 200);
    assertMatch(await nextCode(), /^\d{6}$/);
  },
});
