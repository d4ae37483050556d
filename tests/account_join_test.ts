/**
 * One person, one account, whatever the provider (domain/account_join.ts, app/account_join.ts,
 * /prihlaseni/spojeni), on the real database: which account an identity is offered to join
 * (a match, no match, two matches, a low level, an account nobody verified), that nothing is
 * joined without the confirmation only the account's holder can give, and — through the real
 * stand-ins — a first NIA login that makes the account from NIA's attributes, then a Bank iD
 * login of the same person offered the join, confirmed by signing in through NIA, after which
 * both providers open the one account.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { loginAtProvider } from "./support/oidc.ts";
import { answerAtStandIn, niaConfigured, postToPortal, startNiaLogin } from "./support/nia_saml.ts";
import { getDb } from "../lib/db.ts";
import { config } from "../lib/config.ts";
import { issueSession, SESSION_COOKIE } from "../lib/session.ts";
import type { ExternalIdentityClaims } from "../lib/oidc.ts";
import { linkExternalIdentity } from "../db/repositories/external_identities.ts";
import { confirmJoin, findJoinOffer } from "../app/account_join.ts";
import { defaultDeps } from "../app/deps.ts";
import type { LevelOfAssurance } from "../domain/identity.ts";
import type { Tenant } from "../lib/state.ts";

const opts = { ...shared, ignore: !hasServices };

/** A person nobody else uses: unique names, a birth date and an address of their own. */
function somebody(): Omit<ExternalIdentityClaims, "provider" | "subject" | "levelOfAssurance"> {
  const n = crypto.getRandomValues(new Uint32Array(1))[0];
  return {
    givenName: "Věra",
    familyName: `Spojovaná ${n.toString(36)}`,
    birthDate: `19${50 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}`,
    address: `Zahradní ${n % 1000}, 250 82 Lipnice nad Hájem`,
    email: null,
  };
}

type Person = ReturnType<typeof somebody>;

/** An account whose attributes an identity of `provider` at `loa` verified (as a login makes). */
async function accountVerifiedBy(
  tenant: Tenant,
  who: Person,
  provider: string | null,
  loa: LevelOfAssurance = "substantial",
): Promise<string> {
  const db = getDb();
  const { id } = await db.insertInto("persons").values({
    tenant_id: tenant.id,
    username: `spojeni.${crypto.randomUUID().slice(0, 8)}`,
    given_name: who.givenName,
    family_name: who.familyName,
    birth_date: who.birthDate,
    address: who.address,
    password_hash: null,
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  if (provider) {
    await linkExternalIdentity(db, tenant.id, {
      personId: id,
      provider,
      subject: `${provider}-${crypto.randomUUID()}`,
      levelOfAssurance: loa,
    });
  }
  return id;
}

function claims(who: Person, provider: string, loa: LevelOfAssurance): ExternalIdentityClaims {
  return { ...who, provider, subject: `${provider}-${crypto.randomUUID()}`, levelOfAssurance: loa };
}

function signInContext(tenant: Tenant) {
  return { tenant, requestId: crypto.randomUUID(), t: (k: string) => k, userAgent: null };
}

async function audited(action: string, subjectId: string) {
  return await getDb().selectFrom("audit_log").select(["action", "details"])
    .where("action", "=", action).where("subject_id", "=", subjectId).execute();
}

Deno.test({
  name: "[account join] the one account verified with the same attributes is offered, else none",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    // A match: names, birth date and address as NIA verified them; the address written
    // otherwise by the bank (case, diacritics, spacing of the postal code, punctuation).
    const vera = somebody();
    const account = await accountVerifiedBy(lipnice, vera, "nia");
    const bank = {
      ...vera,
      familyName: vera.familyName.toUpperCase(),
      address: vera.address!.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase()
        .replace(",", "").replace("250 82", "25082"),
    };
    const offer = await findJoinOffer(db, lipnice.id, claims(bank, "bankid", "substantial"));
    assertEquals(offer, { kind: "offer", personId: account, providers: ["nia"] });
    // High is substantial or more.
    assertEquals(
      (await findJoinOffer(db, lipnice.id, claims(vera, "mojeid", "high"))).kind,
      "offer",
    );

    // Below substantial: never, even with every attribute the same.
    assertEquals(await findJoinOffer(db, lipnice.id, claims(vera, "bankid", "low")), {
      kind: "none",
      reason: "lowLoa",
    });
    // No match: another birth date, another address, a name without its diacritics.
    for (
      const other of [
        { ...vera, birthDate: "1901-01-01" },
        { ...vera, address: "Polní 1, 250 82 Lipnice nad Hájem" },
        { ...vera, givenName: "Vera" },
      ]
    ) {
      assertEquals(await findJoinOffer(db, lipnice.id, claims(other, "bankid", "high")), {
        kind: "none",
        reason: "noMatch",
      });
    }
    // An address on one side only does not count against the match.
    assertEquals(
      (await findJoinOffer(db, lipnice.id, claims({ ...vera, address: null }, "bankid", "high")))
        .kind,
      "offer",
    );
    // The same provider's other identity is not joined automatically.
    assertEquals(await findJoinOffer(db, lipnice.id, claims(vera, "nia", "high")), {
      kind: "none",
      reason: "sameProvider",
    });
    // The other town's accounts are not considered.
    const { dubova } = await demoTowns();
    assertEquals((await findJoinOffer(db, dubova.id, claims(vera, "bankid", "high"))).kind, "none");
  },
});

Deno.test({
  name: "[account join] two matching accounts, or an account nobody verified, make a new account",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const twins = somebody();
    await accountVerifiedBy(lipnice, twins, "nia");
    await accountVerifiedBy(lipnice, twins, "mojeid");
    assertEquals(await findJoinOffer(db, lipnice.id, claims(twins, "bankid", "high")), {
      kind: "none",
      reason: "ambiguous",
    });
    // Typed in by the person (no identity), or verified only at low: not verified attributes.
    const typed = somebody();
    await accountVerifiedBy(lipnice, typed, null);
    assertEquals(
      (await findJoinOffer(db, lipnice.id, claims(typed, "bankid", "high"))).kind,
      "none",
    );
    const low = somebody();
    await accountVerifiedBy(lipnice, low, "nia", "low");
    assertEquals((await findJoinOffer(db, lipnice.id, claims(low, "bankid", "high"))).kind, "none");
  },
});

Deno.test({
  name: "[account join] nothing is joined without the confirmation of the account's holder",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const deps = defaultDeps();
    const vera = somebody();
    const account = await accountVerifiedBy(lipnice, vera, "nia");
    const bank = claims(vera, "bankid", "substantial");
    const session = (personId: string, method: string) =>
      issueSession(
        db,
        config().sessionSecret,
        lipnice.id,
        {
          kind: "person",
          personId,
          levelOfAssurance: "low",
        },
        method,
        null,
      );
    const linked = () =>
      db.selectFrom("external_identities").select("person_id").where("tenant_id", "=", lipnice.id)
        .where("provider", "=", "bankid").where("subject", "=", bank.subject).execute();

    // Not signed in; signed in to another account; signed in to it with the password alone,
    // or through the very provider that is joining: refused, audited, nothing linked.
    const other = await accountVerifiedBy(lipnice, somebody(), "nia");
    const attempts = [
      { confirmer: null, code: "notSignedIn" },
      { confirmer: { personId: other, method: "oidc:nia" }, code: "notThisAccount" },
      { confirmer: { personId: account, method: "password" }, code: "weakSession" },
      { confirmer: { personId: account, method: "oidc:bankid" }, code: "weakSession" },
    ] as const;
    for (const { confirmer, code } of attempts) {
      const who = confirmer
        ? {
          personId: confirmer.personId,
          sessionId: (await session(confirmer.personId, confirmer.method)).sessionId,
          authMethod: confirmer.method,
        }
        : null;
      const outcome = await confirmJoin(deps, signInContext(lipnice), who, account, bank);
      assertEquals(outcome, { ok: false, code });
      assertEquals(await linked(), []);
    }
    const refusals = await audited("identity.join_refused", account);
    assertEquals(
      refusals.map((r) => (r.details as { reason: string }).reason).sort(),
      ["notSignedIn", "notThisAccount", "weakSession", "weakSession"],
    );
    assert(!JSON.stringify(refusals).includes("Spojovaná"), "no names in the audit log");

    // Signed in through NIA (the account's own provider): joined, the confirming session
    // replaced by one at the bank's level, audited.
    const nia = await session(account, "oidc:nia");
    const joined = await confirmJoin(
      deps,
      signInContext(lipnice),
      {
        personId: account,
        sessionId: nia.sessionId,
        authMethod: "oidc:nia",
      },
      account,
      bank,
    );
    assert(joined.ok);
    assertEquals((await linked()).map((r) => r.person_id), [account]);
    assertEquals((await audited("identity.joined", account)).length, 1);
    const sessions = await db.selectFrom("sessions").select(["id", "revoked_at", "auth_method"])
      .where("person_id", "=", account).where("id", "in", [nia.sessionId, joined.session.sessionId])
      .execute();
    assert(sessions.find((s) => s.id === nia.sessionId)?.revoked_at, "the NIA session ended");
    assertEquals(
      sessions.find((s) => s.id === joined.session.sessionId)?.auth_method,
      "oidc:bankid",
    );
  },
});

/** The in-process portal is addressed as http://localhost (no port). */
const PORTAL = "http://localhost/";
const KAREL_NIA = "Přihlásit jako Karel Černý \\(úroveň značná\\)";

async function niaLogin(c: TestClient, next: string): Promise<Response> {
  const { location } = await startNiaLogin(c, new URLSearchParams({ next }).toString());
  const form = await answerAtStandIn(location, KAREL_NIA);
  return await postToPortal(c, "/saml/acs", form.fields);
}

async function bankIdLogin(c: TestClient): Promise<Response> {
  const start = await c.get("/prihlaseni/oidc/bankid?next=/ucet");
  assertEquals(start.status, 303);
  const callback = await loginAtProvider(
    new URL(start.headers.get("location")!),
    KAREL_NIA,
    PORTAL,
  );
  return await c.get(callback.pathname + callback.search);
}

Deno.test({
  name:
    "[account join] NIA's first login makes the account; Bank iD of the same person joins it after an NIA sign-in",
  ...opts,
  ignore: opts.ignore || !niaConfigured || !Deno.env.get("OIDC_PROVIDERS"),
  async fn() {
    await demoTowns();
    const db = getDb();
    // The national portal's tile: /prihlaseni/nia, no registration, straight to /ucet.
    const first = await client();
    const res = await niaLogin(first, "/ucet");
    assertEquals(res.status, 303, await res.clone().text());
    assertEquals(res.headers.get("location"), "/ucet");
    const account = await first.page("/ucet");
    assertStringIncludes(account, "Karel Černý");
    assertStringIncludes(account, "Ověřené údaje");
    assertStringIncludes(account, "Krátká 2, 250 82 Lipnice nad Hájem");
    assertStringIncludes(account, "Identita občana (NIA), úroveň záruky značná");
    const karel = await db.selectFrom("external_identities").select("person_id")
      .where("provider", "=", "nia").where("subject", "=", "test-karel-cerny")
      .executeTakeFirstOrThrow();
    const person = await db.selectFrom("persons").select(["birth_date", "address", "password_hash"])
      .where("id", "=", karel.person_id).executeTakeFirstOrThrow();
    assertEquals(person.birth_date, "1958-02-14");
    assertEquals(person.password_hash, null, "no password: NIA signs Karel in");
    const email = await db.selectFrom("person_contacts").select(["kind", "value"])
      .where("person_id", "=", karel.person_id).execute();
    assertEquals(email, [{ kind: "email", value: "karel.cerny@example.cz" }], "NIA's e-mail");
    const level = await db.selectFrom("sessions").select("level_of_assurance")
      .where("person_id", "=", karel.person_id).execute();
    assertEquals(level.map((l) => l.level_of_assurance), ["substantial"], "NIA's level");
    // The tile link takes local paths only: anything else returns to /ucet.
    for (const next of ["https://evil.example/", "//evil.example/ucet", "/\\evil.example"]) {
      const start = await first.get(`/prihlaseni/nia?${new URLSearchParams({ next })}`);
      await start.body?.cancel();
      assertEquals(new URL(start.headers.get("location")!).searchParams.get("RelayState"), "/ucet");
    }

    // Bank iD, same person, another browser: an offer, not a second account.
    const c = await client();
    const bank = await bankIdLogin(c);
    assertEquals(bank.status, 303);
    assertEquals(bank.headers.get("location"), "/prihlaseni/spojeni");
    assert(!c.cookies.has(SESSION_COOKIE), "nobody is signed in yet");
    const offer = await c.get("/prihlaseni/spojeni");
    assertEquals(offer.status, 200);
    assertEquals(offer.headers.get("cache-control"), "private, no-store");
    const html = await offer.text();
    assertStringIncludes(html, "Už u nás máte účet");
    assertStringIncludes(html, "Kdy účty spojíme");
    assertStringIncludes(html, "Bez vašeho potvrzení nic nespojíme.");
    assertStringIncludes(html, 'href="/prihlaseni/nia?next=%2Fprihlaseni%2Fspojeni"');
    assertEquals((await audited("identity.join_offered", karel.person_id)).length, 1);
    const bankLinks = () =>
      db.selectFrom("external_identities").select("person_id")
        .where("provider", "=", "bankid").where("subject", "=", "test-karel-cerny").execute();

    // "Ano, spojit účty" before signing in to the account: refused, nothing linked.
    const early = await c.post("/prihlaseni/spojeni", { action: "confirm" });
    assertEquals(early.status, 403);
    assertStringIncludes(await early.text(), "nejdřív se prosím přihlaste");
    assertEquals(await bankLinks(), []);

    // Signing in through NIA comes back to the offer, now with the confirmation button.
    const back = await niaLogin(c, "/prihlaseni/spojeni");
    assertEquals(back.headers.get("location"), "/prihlaseni/spojeni");
    assertStringIncludes(await c.page("/prihlaseni/spojeni"), "Ano, spojit účty");
    const joined = await c.post("/prihlaseni/spojeni", { action: "confirm" });
    assertEquals(joined.status, 303, await joined.clone().text());
    assertEquals(joined.headers.get("location"), "/ucet");
    assertEquals((await bankLinks()).map((r) => r.person_id), [karel.person_id]);
    const both = await c.page("/ucet");
    assertStringIncludes(both, "Bank iD, úroveň záruky značná");
    assertStringIncludes(both, "Identita občana (NIA), úroveň záruky značná");

    // From now on Bank iD opens the same account, with no offer.
    const later = await client();
    const again = await bankIdLogin(later);
    assertEquals(again.headers.get("location"), "/ucet");
    const session = await db.selectFrom("sessions").select("person_id")
      .where("auth_method", "=", "oidc:bankid").where("person_id", "=", karel.person_id)
      .where("revoked_at", "is", null).execute();
    assertEquals(session.length, 2, "the joined session and the later login");
    const accounts = await db.selectFrom("persons").select("id")
      .where("given_name", "=", "Karel").where("family_name", "=", "Černý").execute();
    assertEquals(accounts.length, 1, "one person, one account");
  },
});
