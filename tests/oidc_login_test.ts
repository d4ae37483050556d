/**
 * Bank iD and MojeID logins through the portal's own routes, against the local OpenID provider
 * the test runner starts (eIDAS levels of assurance): new persons, returning persons by
 * (provider, subject), pairing with a local account, agenda authorization by level, and Czech
 * errors for forged or replayed callbacks. NIA is SAML2 only (tests/nia_saml_test.ts): there is
 * no OpenID "nia". Ondřej Kučera is this file's own test person (tests share one database, and
 * the same person through two providers is offered a join: tests/account_join_test.ts).
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { maildevUrl, watchSmsCode } from "./support/maildev.ts";
import { loginAtProvider } from "./support/oidc.ts";
import { getDb } from "../lib/db.ts";
import { linkExternalIdentity } from "../db/repositories/external_identities.ts";
import { hash } from "@node-rs/argon2";
import { AGENDAS } from "../domain/identity.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl || !Deno.env.get("OIDC_PROVIDERS") };
/** The in-process portal is addressed as http://localhost (no port). */
const PORTAL = "http://localhost/";
const ONDREJ = "Přihlásit jako Ondřej Kučera \\(úroveň značná\\)";

/** Starts a login at `provider`, signs in at the provider as `person`, returns the callback. */
async function atProvider(c: TestClient, person: string, provider = "bankid"): Promise<Response> {
  const start = await c.get(`/prihlaseni/oidc/${provider}?next=/ucet`);
  assertEquals(start.status, 303);
  const callback = await loginAtProvider(new URL(start.headers.get("location")!), person, PORTAL);
  return await c.get(callback.pathname + callback.search);
}

async function personBySubject(provider: string, subject: string) {
  return await getDb().selectFrom("external_identities")
    .innerJoin("persons", "persons.id", "external_identities.person_id")
    .select(["persons.id", "persons.given_name", "persons.family_name", "persons.birth_date"])
    .where("provider", "=", provider).where("subject", "=", subject).execute();
}

Deno.test({
  name: "[oidc login] a login at substantial creates the person and unlocks every agenda",
  ...opts,
  async fn() {
    await demoTowns();
    const c = await client();
    const login = await c.page("/prihlaseni");
    assertStringIncludes(login, "Bank iD");
    assert(!login.includes("/prihlaseni/oidc/nia"), "no OpenID fallback for NIA");
    const res = await atProvider(c, ONDREJ);
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/ucet");
    const account = await c.page("/ucet");
    assertStringIncludes(account, "Ondřej Kučera");
    assertStringIncludes(account, "značná (elektronická identita)");
    assertStringIncludes(account, "oprávnění získáno přihlášením elektronickou identitou");
    assert(!account.includes("bez oprávnění"));

    // Signing in again finds the same person by (provider, subject), never a second one.
    const again = await client();
    await atProvider(again, ONDREJ);
    const rows = await personBySubject("bankid", "test-ondrej-kucera");
    assertEquals(rows.length, 1);
    // The same person through another provider is another identity (subjects are per
    // provider): not linked by itself, but offered to join the account (after confirmation).
    const other = await client();
    const offered = await atProvider(other, ONDREJ, "mojeid");
    assertEquals(offered.headers.get("location"), "/prihlaseni/spojeni");
    assertEquals((await personBySubject("mojeid", "test-ondrej-kucera")).length, 0);
    // Declined ("Nejde o váš účet?"): a separate new account, as without a match, audited.
    const separate = await other.post("/prihlaseni/spojeni", { action: "separate" });
    assertEquals(separate.status, 303);
    assertEquals(separate.headers.get("location"), "/ucet");
    const [own] = await personBySubject("mojeid", "test-ondrej-kucera");
    assert(own && own.id !== rows[0].id, "a new account of its own");
    const declined = await getDb().selectFrom("audit_log").select("action")
      .where("subject_id", "=", own.id).where("action", "=", "identity.join_declined").execute();
    assertEquals(declined.length, 1);
    assertStringIncludes(await other.page("/ucet"), "Ondřej Kučera");
  },
});

Deno.test({
  name: "[oidc login] a login at low level signs in but authorizes no agenda",
  ...opts,
  async fn() {
    const c = await client();
    const res = await atProvider(c, "Přihlásit jako Petr Malý \\(úroveň nízká\\)");
    assertEquals(res.status, 303);
    const account = await c.page("/ucet");
    assertStringIncludes(account, "Petr Malý");
    assertStringIncludes(account, "bez oprávnění");
  },
});

Deno.test({
  name: "[oidc login] a matching local account is paired only after an SMS code to its phone",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const local = await getDb().selectFrom("persons").select("id")
      .where("tenant_id", "=", lipnice.id).where("username", "=", "marie.prochazkova.1002")
      .executeTakeFirstOrThrow();
    const c = await client();
    const nextSms = await watchSmsCode("+420777333444");
    const res = await atProvider(c, "Přihlásit jako Marie Procházková \\(úroveň značná\\)");
    assertEquals(res.headers.get("location"), "/prihlaseni/propojeni");
    const page = await c.page("/prihlaseni/propojeni");
    assertStringIncludes(page, "Podle samotného e-mailu účty nikdy nespojujeme.");
    const confirmed = await c.post("/prihlaseni/propojeni", {
      action: "confirm",
      code: await nextSms(),
    });
    assertEquals(confirmed.status, 303);
    const linked = await personBySubject("bankid", "test-marie-prochazkova");
    assertEquals(linked.map((r) => r.id), [local.id]);
    const audit = await getDb().selectFrom("audit_log").select("action")
      .where("subject_id", "=", local.id).where("action", "=", "identity.paired")
      .executeTakeFirst();
    assert(audit, "the pairing is in the audit log");
  },
});

/** A citizen with a password only (level low, no agenda), of these names, signed in. */
async function signedInAs(
  who: { givenName: string; familyName: string; birthDate?: string },
): Promise<{ c: TestClient; personId: string }> {
  const { lipnice } = await demoTowns();
  const username = `krok.${crypto.randomUUID().slice(0, 8)}`;
  const password = "Krok-nahoru-heslo-2026";
  const { id } = await getDb().insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: who.givenName,
    family_name: who.familyName,
    birth_date: who.birthDate ?? null,
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  const c = await client();
  await c.loginCitizen(username, password);
  return { c, personId: id };
}

/** What an identity could have raised: the account's identities, agendas, session levels. */
async function accountState(personId: string) {
  const db = getDb();
  const [identities, agendas, sessions] = await Promise.all([
    db.selectFrom("external_identities").select(["provider", "subject"])
      .where("person_id", "=", personId).execute(),
    db.selectFrom("agenda_authorizations").select("agenda").where("person_id", "=", personId)
      .execute(),
    db.selectFrom("sessions").select("level_of_assurance").where("person_id", "=", personId)
      .where("revoked_at", "is", null).execute(),
  ]);
  return {
    identities: identities.length,
    agendas: agendas.length,
    levels: sessions.map((s) => s.level_of_assurance).sort(),
  };
}

async function refusals(personId: string) {
  return await getDb().selectFrom("audit_log").select(["action", "details"])
    .where("subject_id", "=", personId).where("action", "=", "identity.link_refused").execute();
}

Deno.test({
  name: "[oidc login] a password session steps up: the identity is linked and the agendas unlock",
  ...opts,
  async fn() {
    // The account's person is Eva Svobodová; written without diacritics, and no birth date yet.
    const { c, personId } = await signedInAs({ givenName: "EVA", familyName: "Svobodova" });
    // A password session cannot see agendas: the account asks for a step-up, not a refusal.
    const before = await c.page("/ucet");
    assertStringIncludes(before, "Chcete vidět platby a závazky?");
    assertStringIncludes(before, `href="/prihlaseni/oidc/mojeid?next=%2Fucet"`);
    const res = await atProvider(c, "Přihlásit jako Eva Svobodová \\(úroveň vysoká\\)", "mojeid");
    assertEquals(res.status, 303);
    const rows = await personBySubject("mojeid", "test-eva-svobodova");
    assertEquals(rows.map((r) => r.id), [personId], "linked to the signed-in account");
    assertEquals(rows[0].birth_date, "1990-11-02", "the account learns the proven birth date");
    const after = await c.page("/ucet");
    assertStringIncludes(after, "vysoká (elektronická identita)");
    assert(!after.includes("Chcete vidět platby a závazky?"), "the step-up is done");
    assertEquals((await accountState(personId)).agendas, AGENDAS.length, "every agenda");
  },
});

Deno.test({
  name:
    "[oidc login] another person's identity never joins or raises a signed-in account: refused, audited",
  ...opts,
  async fn() {
    // Each: the signed-in account's person, and the test person chosen at the provider.
    const cases = [
      // Another name and birth date altogether.
      {
        account: { givenName: "Jiří", familyName: "Dvořák" },
        at: "Přihlásit jako Eva Svobodová \\(úroveň vysoká\\)",
        provider: "bankid",
        mismatch: ["givenName", "familyName"],
      },
      // The same names, another birth date: another person.
      {
        account: { givenName: "Jan", familyName: "Novák", birthDate: "1980-01-01" },
        at: "Přihlásit jako Jan Novák \\(úroveň značná\\)",
        provider: "mojeid",
        mismatch: ["birthDate"],
      },
      // The same given name only.
      {
        account: { givenName: "Marie", familyName: "Nováková" },
        at: "Přihlásit jako Marie Procházková \\(úroveň značná\\)",
        provider: "mojeid",
        mismatch: ["familyName"],
      },
    ];
    // Identities no account holds yet (a known identity is a sign-in as its owner instead).
    for (const { account, at, provider, mismatch } of cases) {
      const { c, personId } = await signedInAs(account);
      const before = await accountState(personId);
      const res = await atProvider(c, at, provider);
      assertEquals(res.status, 403, at);
      assertStringIncludes(res.headers.get("content-type") ?? "", "text/html");
      const html = await res.text();
      assertStringIncludes(html, "Identitu nelze připojit k vašemu účtu");
      assertStringIncludes(html, "patří jiné osobě, než na jakou je vedený tento účet");
      assertEquals(await accountState(personId), before, "nothing linked, raised or granted");
      const page = await c.page("/ucet");
      assertStringIncludes(page, "Chcete vidět platby a závazky?", "still a password session");
      const audit = await refusals(personId);
      assertEquals(audit.length, 1);
      const details = audit[0].details as Record<string, unknown>;
      assertEquals(details.mismatch, mismatch);
      // No personal data in the audit entry: neither the provider's nor the account's names.
      const written = JSON.stringify(details);
      for (const value of ["Svobodov", "Novák", "Procházk", "Dvořák", "1980", "1990", "1978"]) {
        assert(!written.includes(value), `${value} in ${written}`);
      }
    }
  },
});

Deno.test({
  name: "[oidc login] stepping up with a linked identity of another person is refused too",
  ...opts,
  async fn() {
    // An identity joined to an account before the rule (or by a clerk's mistake): the personal
    // account's step-up path checks the person again and raises nothing.
    const { lipnice } = await demoTowns();
    const { c, personId } = await signedInAs({ givenName: "Jiný", familyName: "Občan" });
    await linkExternalIdentity(getDb(), lipnice.id, {
      personId,
      provider: "mojeid",
      subject: "test-petr-maly",
      levelOfAssurance: "low",
    });
    const before = await accountState(personId);
    const res = await atProvider(c, "Přihlásit jako Petr Malý \\(úroveň nízká\\)", "mojeid");
    assertEquals(res.status, 403);
    assertStringIncludes(await res.text(), "Identitu nelze připojit k vašemu účtu");
    assertEquals(await accountState(personId), before);
    assertEquals((await refusals(personId)).length, 1);
  },
});

Deno.test({
  name: "[oidc login] unknown providers, forged and replayed callbacks get Czech errors, never 500",
  ...opts,
  async fn() {
    const c = await client();
    assertEquals((await c.get("/prihlaseni/oidc/neznamy")).status, 404);
    // NIA is SAML2 only: no OpenID route answers for it.
    assertEquals((await c.get("/prihlaseni/oidc/nia?next=/ucet")).status, 404);
    const forged = await c.get("/prihlaseni/oidc/bankid/callback?code=abc&state=podvrh");
    assertEquals(forged.status, 400);
    assertMatch(await forged.text(), /přihlášení|Přihlášení/);

    const start = await c.get("/prihlaseni/oidc/bankid?next=/ucet");
    const callback = await loginAtProvider(new URL(start.headers.get("location")!), ONDREJ, PORTAL);
    const first = await c.get(callback.pathname + callback.search);
    assertEquals(first.status, 303);
    const replayed = await c.get(callback.pathname + callback.search);
    assertEquals(replayed.status, 400);
    await replayed.body?.cancel();
  },
});

Deno.test({
  name: "[oidc login] an identity linked concurrently stays with its first owner",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const [a, b] = await Promise.all(
      ["první", "druhý"].map(async (n) =>
        (await db.insertInto("persons").values({
          tenant_id: lipnice.id,
          username: `souběh.${n}.${crypto.randomUUID().slice(0, 6)}`,
          given_name: "Souběh",
          family_name: n,
          password_hash: null,
          status: "active",
          updated_at: new Date(),
        }).returning("id").executeTakeFirstOrThrow()).id
      ),
    );
    const link = {
      provider: "mojeid",
      subject: `race-${crypto.randomUUID()}`,
      levelOfAssurance: "substantial",
    } as const;
    assertEquals(await linkExternalIdentity(db, lipnice.id, { personId: a, ...link }), a);
    assertEquals(await linkExternalIdentity(db, lipnice.id, { personId: b, ...link }), a);
  },
});
