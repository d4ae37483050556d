/**
 * National-identity login through the portal's own routes, against the local OpenID provider
 * the test runner starts (NIA-like claims and levels of assurance): new persons, returning
 * persons by (provider, subject), pairing with a local account, agenda authorization by
 * level, and Czech errors for forged or replayed callbacks.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared, signedInCitizen } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { maildevUrl, watchSmsCode } from "./support/maildev.ts";
import { loginAtProvider } from "./support/oidc.ts";
import { getDb } from "../lib/db.ts";
import { linkExternalIdentity } from "../db/repositories/external_identities.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl || !Deno.env.get("OIDC_PROVIDERS") };
/** The in-process portal is addressed as http://localhost (no port). */
const PORTAL = "http://localhost/";

/** Starts a login at `provider`, signs in at the provider as `person`, returns the callback. */
async function atProvider(c: TestClient, person: string, provider = "nia"): Promise<Response> {
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
    assertStringIncludes(await c.page("/prihlaseni"), "Identita občana (NIA)");
    const res = await atProvider(c, "Přihlásit jako Jan Novák \\(úroveň značná\\)");
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/ucet");
    const account = await c.page("/ucet");
    assertStringIncludes(account, "Jan Novák");
    assertStringIncludes(account, "značná (elektronická identita)");
    assertStringIncludes(account, "oprávnění získáno přihlášením elektronickou identitou");
    assert(!account.includes("bez oprávnění"));

    // Signing in again finds the same person by (provider, subject), never a second one.
    const again = await client();
    await atProvider(again, "Přihlásit jako Jan Novák \\(úroveň značná\\)");
    const rows = await personBySubject("nia", "test-jan-novak");
    assertEquals(rows.length, 1);
    // The same person through another provider is another identity (subjects are per provider).
    const bank = await client();
    await atProvider(bank, "Přihlásit jako Jan Novák \\(úroveň značná\\)", "bankid");
    assertEquals((await personBySubject("bankid", "test-jan-novak")).length, 1);
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
    const linked = await personBySubject("nia", "test-marie-prochazkova");
    assertEquals(linked.map((r) => r.id), [local.id]);
    const audit = await getDb().selectFrom("audit_log").select("action")
      .where("subject_id", "=", local.id).where("action", "=", "identity.paired")
      .executeTakeFirst();
    assert(audit, "the pairing is in the audit log");
  },
});

Deno.test({
  name: "[oidc login] a password session steps up: the identity is linked and the agendas unlock",
  ...opts,
  async fn() {
    const c = await signedInCitizen("lipnice");
    // A password session cannot see agendas: the account asks for a step-up, not a refusal.
    const before = await c.page("/ucet");
    assertStringIncludes(before, "Chcete vidět platby a závazky?");
    assertStringIncludes(before, `href="/prihlaseni/oidc/mojeid?next=%2Fucet"`);
    const res = await atProvider(c, "Přihlásit jako Eva Svobodová \\(úroveň vysoká\\)", "mojeid");
    assertEquals(res.status, 303);
    const rows = await personBySubject("mojeid", "test-eva-svobodova");
    assertEquals(rows.map((r) => r.given_name), ["Jiný"], "linked to the signed-in account");
    const after = await c.page("/ucet");
    assertStringIncludes(after, "vysoká (elektronická identita)");
    assert(!after.includes("Chcete vidět platby a závazky?"), "the step-up is done");
  },
});

Deno.test({
  name: "[oidc login] unknown providers, forged and replayed callbacks get Czech errors, never 500",
  ...opts,
  async fn() {
    const c = await client();
    assertEquals((await c.get("/prihlaseni/oidc/neznamy")).status, 404);
    const forged = await c.get("/prihlaseni/oidc/nia/callback?code=abc&state=podvrh");
    assertEquals(forged.status, 400);
    assertMatch(await forged.text(), /přihlášení|Přihlášení/);

    const start = await c.get("/prihlaseni/oidc/nia?next=/ucet");
    const callback = await loginAtProvider(
      new URL(start.headers.get("location")!),
      "Přihlásit jako Jan Novák \\(úroveň značná\\)",
      PORTAL,
    );
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
      provider: "nia",
      subject: `race-${crypto.randomUUID()}`,
      levelOfAssurance: "substantial",
    } as const;
    assertEquals(await linkExternalIdentity(db, lipnice.id, { personId: a, ...link }), a);
    assertEquals(await linkExternalIdentity(db, lipnice.id, { personId: b, ...link }), a);
  },
});
