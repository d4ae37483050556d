/**
 * The portal as the town's OpenID provider (issue 16, part 3), driven as a client application
 * would with openid-client against the in-process portal: discovery per town host, PKCE
 * required, state and nonce round trip, refresh and revocation, a client of one town refused by
 * another town's issuer, pairwise subjects per client, the agenda claim only for the client's
 * agenda, consent asked for a third-party client and skipped for a first-party one, single sign-on
 * from the portal session, and back-channel logout when the person logs out of the portal; a
 * citizen withdrawing an application's access at /ucet/aplikace, the admin rotating a client's
 * secret and seeing its failed logout deliveries at /urad/aplikace/<id>.
 */
import * as oidc from "openid-client";
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared, testApp } from "./support/app.ts";
import { hiddenField, type TestClient } from "./support/client.ts";
import { insertPerson } from "./support/people.ts";
import { waitFor } from "./support/wait.ts";
import { sql } from "kysely";
import { getDb } from "../lib/db.ts";
import { clientDetail, disableClient, registerClient, townClients } from "../app/oidc_clients.ts";
import { DEMO_ADMIN } from "../db/seeds/demo.ts";
import type { Agenda } from "../domain/identity.ts";
import { logoutReceiver } from "./support/logout_receiver.ts";

const opts = { ...shared, ignore: !hasServices };
const appFetch: oidc.CustomFetch = async (url, init) =>
  await testApp().fetch(new Request(url, init as RequestInit));

async function adminOf(tenantId: string): Promise<string> {
  const row = await getDb().selectFrom("clerks").select("id").where("tenant_id", "=", tenantId)
    .executeTakeFirstOrThrow();
  return row.id;
}

interface App {
  clientId: string;
  secret: string | null;
  redirectUri: string;
}

async function registerApp(
  town: "lipnice" | "dubova",
  o: {
    firstParty: boolean;
    agenda?: Agenda;
    logoutUri?: string;
    confidential?: boolean;
    redirectUri?: string;
    postLogoutRedirectUris?: string;
  },
): Promise<App> {
  const tenant = (await demoTowns())[town];
  const redirectUri = o.redirectUri ?? "http://127.0.0.1:9/callback";
  const r = await registerClient({ db: getDb() }, {
    tenantId: tenant.id,
    clerkId: await adminOf(tenant.id),
    requestId: null,
  }, {
    name: `Testovací aplikace ${crypto.randomUUID().slice(0, 6)}`,
    redirectUris: redirectUri,
    postLogoutRedirectUris: o.postLogoutRedirectUris ?? "",
    firstParty: o.firstParty ? "on" : "",
    agenda: o.agenda ?? "",
    backchannelLogoutUri: o.logoutUri ?? "",
    clientType: o.confidential === false ? "public" : "confidential",
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { clientId: r.clientId, secret: r.secret, redirectUri };
}

/** A first-party app of Lipnice registered for a test, with the town and the registry row's id. */
async function registeredTownApp() {
  const app = await registerApp("lipnice", { firstParty: true });
  const tenant = (await demoTowns()).lipnice;
  const id = (await townClients({ db: getDb() }, tenant.id))
    .find((x) => x.clientId === app.clientId)!.id;
  return { app, tenant, id };
}

function configFor(host: string, app: App): Promise<oidc.Configuration> {
  return oidc.discovery(
    new URL(`http://${host}/oidc`),
    app.clientId,
    app.secret ?? undefined,
    app.secret ? oidc.ClientSecretBasic(app.secret) : oidc.None(),
    { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: appFetch },
  );
}

/**
 * Follows the portal's redirects (as a browser would) until one leaves for the client; and the
 * hand-off page's instant refresh (`/prihlaseni/pokracovat`, after a form's POST).
 */
async function follow(c: TestClient, url: string, redirectUri: string): Promise<Response> {
  let next = url;
  for (let i = 0; i < 10; i++) {
    const u = new URL(next, `http://${c.host}`);
    const res = await c.get(u.pathname + u.search);
    const location = res.headers.get("location");
    if (res.status === 200 && u.pathname === "/prihlaseni/pokracovat") {
      const refresh = /<meta http-equiv="refresh" content="0;url=([^"]+)"/.exec(await res.text());
      assert(refresh, "the hand-off page refreshes");
      assert(refresh[1].startsWith("/oidc/"), refresh[1]);
      next = refresh[1].replaceAll("&amp;", "&");
      continue;
    }
    if (res.status !== 303 && res.status !== 302) return res;
    await res.body?.cancel();
    if (location!.startsWith(redirectUri)) return res;
    next = location!;
  }
  throw new Error("too many redirects");
}

interface Flow {
  callback: URL;
  verifier: string;
  state: string;
  nonce: string;
}

async function authorize(
  c: TestClient,
  config: oidc.Configuration,
  app: App,
  scope = "openid profile agendas offline_access",
): Promise<Flow> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: app.redirectUri,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const res = await follow(c, url.href, app.redirectUri);
  assertEquals(res.status, 303, `authorization ended with ${res.status}`);
  return { callback: new URL(res.headers.get("location")!), verifier, state, nonce };
}

function tokens(config: oidc.Configuration, flow: Flow) {
  return oidc.authorizationCodeGrant(config, flow.callback, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
}

async function citizen(town: "lipnice" | "dubova" = "lipnice") {
  const tenant = (await demoTowns())[town];
  const person = await insertPerson(tenant.id, {
    prefix: "sso",
    givenName: "Eliška",
    familyName: "Řezníčková",
  });
  const c = await client(town === "lipnice" ? "localhost" : "dubova.localhost");
  await c.loginCitizen(person.username, person.password);
  return { c, person, tenant };
}

Deno.test({
  name: "[oidc idp] each town has its own discovery document and issuer, PKCE S256 and pairwise",
  ...opts,
  async fn() {
    await demoTowns();
    const issuers = [];
    for (const host of ["localhost", "dubova.localhost"]) {
      const res = await testApp().fetch(
        new Request(`http://${host}/oidc/.well-known/openid-configuration`),
      );
      assertEquals(res.status, 200);
      assertMatch(res.headers.get("content-type") ?? "", /application\/json/);
      const doc = await res.json();
      assertEquals(doc.issuer, `http://${host}/oidc`);
      assertEquals(doc.authorization_endpoint, `http://${host}/oidc/auth`);
      assertEquals(doc.code_challenge_methods_supported, ["S256"]);
      assertEquals(doc.subject_types_supported, ["pairwise"]);
      assertEquals(doc.backchannel_logout_supported, true);
      assert(doc.acr_values_supported.includes("http://eidas.europa.eu/LoA/substantial"));
      const jwks = await (await testApp().fetch(new Request(doc.jwks_uri))).json();
      assertEquals(jwks.keys.length, 1);
      assertEquals(jwks.keys[0].d, undefined, "no private part in the JWKS");
      issuers.push(jwks.keys[0].kid);
    }
    assert(issuers[0] !== issuers[1], "each town signs with its own key");
  },
});

Deno.test({
  name: "[oidc idp] an authorization request without a PKCE code_challenge is refused",
  ...opts,
  async fn() {
    const app = await registerApp("lipnice", { firstParty: true });
    const { c } = await citizen();
    const q = new URLSearchParams({
      client_id: app.clientId,
      response_type: "code",
      scope: "openid",
      redirect_uri: app.redirectUri,
      state: "s1",
    });
    const res = await c.get(`/oidc/auth?${q}`);
    assertEquals(res.status, 303);
    const back = new URL(res.headers.get("location")!);
    assertEquals(back.origin + back.pathname, app.redirectUri);
    assertEquals(back.searchParams.get("error"), "invalid_request");
    assertStringIncludes(back.searchParams.get("error_description") ?? "", "PKCE");
    assertEquals(back.searchParams.get("state"), "s1");
    assertEquals(back.searchParams.get("code"), null);
  },
});

Deno.test({
  name:
    "[oidc idp] a signed-in person gets into a first-party app without a prompt: state, nonce, claims, refresh, revocation",
  ...opts,
  async fn() {
    const app = await registerApp("lipnice", { firstParty: true, agenda: "knihovna" });
    const config = await configFor("localhost", app);
    const { c, person } = await citizen();
    const flow = await authorize(c, config, app);
    assertEquals(flow.callback.searchParams.get("state"), flow.state);
    const set = await tokens(config, flow);
    const claims = set.claims()!;
    assertEquals(claims.iss, "http://localhost/oidc");
    assertEquals(claims.aud, app.clientId);
    assertEquals(claims.nonce, flow.nonce);
    assert(claims.sub !== person.id, "the subject is pairwise, not the person's id");
    assertEquals(claims.acr, "http://eidas.europa.eu/LoA/low");
    assertEquals(decodeProtectedHeader(set.id_token!).alg, "ES256");
    const info = await oidc.fetchUserInfo(config, set.access_token, claims.sub);
    assertEquals(info.given_name, "Eliška");
    assertEquals(info.family_name, "Řezníčková");
    assertEquals(info.agendas, []);

    // A wrong state or nonce is refused by the client library (the values round-trip).
    const other = await authorize(c, config, app);
    let refused = false;
    try {
      await oidc.authorizationCodeGrant(config, other.callback, {
        pkceCodeVerifier: other.verifier,
        expectedState: "another-state",
        expectedNonce: other.nonce,
      });
    } catch {
      refused = true;
    }
    assert(refused, "a callback with another state is refused");

    // The grants and tokens live in PostgreSQL, not in memory.
    const stored = await getDb().selectFrom("oidc_payloads").select("model")
      .where(sql<boolean>`payload @> ${JSON.stringify({ clientId: app.clientId })}::jsonb`)
      .execute();
    assert(stored.some((r) => r.model === "Grant"), "the grant is stored");

    // Refresh, then revoke the refresh token: it no longer refreshes.
    assert(set.refresh_token, "a refresh token is issued");
    const refreshed = await oidc.refreshTokenGrant(config, set.refresh_token!);
    assert(refreshed.access_token && refreshed.access_token !== set.access_token);
    const current = refreshed.refresh_token ?? set.refresh_token!;
    await oidc.tokenRevocation(config, current);
    let revoked = false;
    try {
      await oidc.refreshTokenGrant(config, current);
    } catch (e) {
      revoked = String((e as { error?: string }).error ?? e).includes("invalid_grant");
    }
    assert(revoked, "a revoked refresh token is refused with invalid_grant");
    const left = await getDb().selectFrom("oidc_payloads").select("model")
      .where(sql<boolean>`payload @> ${JSON.stringify({ clientId: app.clientId })}::jsonb`)
      .where("model", "=", "RefreshToken").execute();
    assertEquals(left.length, 0, "revoking removes the grant's refresh tokens");
  },
});

Deno.test({
  name:
    "[oidc idp] a rotation keeps the tokens issued so far unless the admin revokes them with it (a leaked secret); audited with the count",
  ...opts,
  async fn() {
    const { app, tenant, id } = await registeredTownApp();
    const { c } = await citizen();
    const first = await tokens(
      await configFor("localhost", app),
      await authorize(c, await configFor("localhost", app), app),
    );
    assert(first.refresh_token);
    const admin = await client();
    await admin.loginClerk(DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone);
    const rotate = async (revoke: boolean) => {
      const fields: Record<string, string> = {
        action: "rotate",
        ...(revoke ? { revoke: "ano" } : {}),
      };
      const asked = await admin.post(`/urad/aplikace/${id}`, fields);
      const confirm = await asked.text();
      assertStringIncludes(confirm, revoke ? "Zneplatnit" : "Ponechat do vypršení");
      if (revoke) assertStringIncludes(confirm, "obnovovací tokeny");
      const done = await admin.post(`/urad/aplikace/${id}`, {
        ...fields,
        ...(revoke ? { revoke: hiddenField(confirm, "revoke") } : {}),
        _confirm: "ano",
      });
      assertEquals(done.status, 200);
      return /<dd><code class="break-all">([A-Za-z0-9_-]{20,})<\/code><\/dd>/.exec(
        await done.text(),
      )![1];
    };
    assertStringIncludes(
      await admin.page(`/urad/aplikace/${id}`),
      "Zneplatnit i tokeny vydané dosud",
    );

    // A plain rotation: the refresh token issued before still refreshes (with the new secret).
    const second = await rotate(false);
    const config2 = await configFor("localhost", { ...app, secret: second });
    const refreshed = await oidc.refreshTokenGrant(config2, first.refresh_token!);
    assert(refreshed.access_token);
    const current = refreshed.refresh_token ?? first.refresh_token!;

    // With "revoke": neither the refresh token nor the access token works any more.
    const third = await rotate(true);
    const config3 = await configFor("localhost", { ...app, secret: third });
    let refused = "";
    try {
      await oidc.refreshTokenGrant(config3, current);
    } catch (e) {
      refused = String((e as { error?: string }).error ?? e);
    }
    assertStringIncludes(refused, "invalid_grant");
    let userinfo = "";
    try {
      await oidc.fetchUserInfo(config3, refreshed.access_token, oidc.skipSubjectCheck);
    } catch (e) {
      userinfo = String((e as { error?: string }).error ?? (e as Error).message);
    }
    assert(userinfo !== "", "the revoked access token no longer reads the userinfo");
    // The person's consent stays: the grant is still there.
    const left = await getDb().selectFrom("oidc_payloads").select("model")
      .where(sql<boolean>`payload @> ${JSON.stringify({ clientId: app.clientId })}::jsonb`)
      .execute();
    assert(left.some((r) => r.model === "Grant"), "the grant stays");
    assert(!left.some((r) => r.model === "AccessToken" || r.model === "RefreshToken"));
    const audit = await getDb().selectFrom("audit_log").select(["action", "details"])
      .where("tenant_id", "=", tenant.id).where("subject_id", "=", id).orderBy("id").execute();
    assertEquals(audit.map((a) => a.action), [
      "oidc_client.registered",
      "oidc_client.secret_rotated",
      "oidc_client.secret_rotated",
    ]);
    const details = audit.map((a) => a.details as Record<string, unknown>);
    assertEquals(details[1].tokensRevoked, undefined);
    assert(Number(details[2].tokensRevoked) >= 2, JSON.stringify(details[2]));
  },
});

Deno.test({
  name:
    "[oidc idp] pairwise subjects differ per client; an app sees only its own agenda authorization",
  ...opts,
  async fn() {
    const library = await registerApp("lipnice", { firstParty: true, agenda: "knihovna" });
    const water = await registerApp("lipnice", { firstParty: true, agenda: "voda" });
    const fees = await registerApp("lipnice", { firstParty: true, agenda: "poplatky" });
    const { c, person, tenant } = await citizen();
    for (const agenda of ["knihovna", "voda"]) {
      await getDb().insertInto("agenda_authorizations").values({
        tenant_id: tenant.id,
        person_id: person.id,
        agenda,
        source: "clerk",
      }).execute();
    }
    const seen: Record<string, { sub: string; agendas: unknown }> = {};
    for (const [name, app] of [["library", library], ["water", water], ["fees", fees]] as const) {
      const config = await configFor("localhost", app);
      const set = await tokens(config, await authorize(c, config, app));
      const sub = set.claims()!.sub;
      const info = await oidc.fetchUserInfo(config, set.access_token, sub);
      seen[name] = { sub, agendas: info.agendas };
    }
    assertEquals(seen.library.agendas, ["knihovna"]);
    assertEquals(seen.water.agendas, ["voda"]);
    assertEquals(seen.fees.agendas, []);
    assertEquals(new Set(Object.values(seen).map((s) => s.sub)).size, 3);
  },
});

Deno.test({
  name:
    "[oidc idp] a third-party app needs the person's consent on a portal page; a first-party one does not",
  ...opts,
  async fn() {
    const app = await registerApp("lipnice", { firstParty: false });
    const config = await configFor("localhost", app);
    const { c } = await citizen();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: app.redirectUri,
      scope: "openid profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
      state: "st",
    });
    const res = await follow(c, url.href, app.redirectUri);
    assertEquals(res.status, 200);
    const html = await res.text();
    assertStringIncludes(html, "Povolit aplikaci přístup?");
    assertStringIncludes(html, "vaše jméno a příjmení");
    // No back-channel logout URI: the page does not promise a logout with the portal's.
    assert(!html.includes("Odhlášením z portálu se odhlásíte i z aplikace."));
    const action = /action="(\/oidc\/interaction\/[^"]+)"/.exec(html)![1];
    // Nobody else's browser can answer it.
    const stranger = (await citizen()).c;
    const foreign = await stranger.post(action, { decision: "allow" });
    assertEquals(foreign.status, 400);
    await foreign.body?.cancel();
    // "Nepovolit" sends the application access_denied.
    const denied = await c.post(action, { decision: "deny" });
    assertEquals(denied.status, 303);
    const back = await follow(c, denied.headers.get("location")!, app.redirectUri);
    const answer = new URL(back.headers.get("location")!);
    assertEquals(answer.searchParams.get("error"), "access_denied");
    // Allowed, the code comes back; the next login asks no more.
    const flow = await authorizeWithConsent(c, config, app);
    const set = await tokens(config, flow);
    assert(set.claims()!.sub);
    const again = await authorize(c, config, app, "openid profile");
    assert(again.callback.searchParams.get("code"), "no second consent page");
  },
});

async function authorizeWithConsent(c: TestClient, config: oidc.Configuration, app: App) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: app.redirectUri,
    scope: "openid profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const page = await follow(c, url.href, app.redirectUri);
  const action = /action="(\/oidc\/interaction\/[^"]+)"/.exec(await page.text())![1];
  const allowed = await c.post(action, { decision: "allow" });
  assertEquals(allowed.status, 303);
  assertMatch(allowed.headers.get("location")!, /^\/prihlaseni\/pokracovat\?dalsi=%2Foidc%2F/);
  const res = await follow(c, allowed.headers.get("location")!, app.redirectUri);
  return { callback: new URL(res.headers.get("location")!), verifier, state, nonce };
}

Deno.test({
  name: "[oidc idp] a client of one town is refused by another town's issuer",
  ...opts,
  async fn() {
    const app = await registerApp("lipnice", { firstParty: true });
    const { c } = await citizen("dubova");
    const q = new URLSearchParams({
      client_id: app.clientId,
      response_type: "code",
      scope: "openid",
      redirect_uri: app.redirectUri,
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    });
    const res = await c.get(`/oidc/auth?${q}`);
    assertEquals(res.status, 400);
    assertStringIncludes(await res.text(), "Přihlášení do aplikace se nezdařilo");
    // And its secret opens no token endpoint there either.
    const token = await testApp().fetch(
      new Request("http://dubova.localhost/oidc/token", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${btoa(`${app.clientId}:${app.secret}`)}`,
        },
        body: "grant_type=authorization_code&code=x&redirect_uri=" +
          encodeURIComponent(app.redirectUri) + "&code_verifier=" + "a".repeat(43),
      }),
    );
    assertEquals(token.status, 401);
    assertEquals((await token.json()).error, "invalid_client");
  },
});

Deno.test({
  name:
    "[oidc idp] a person not signed in goes through /prihlaseni and back; a portal logout sends a signed back-channel logout token",
  ...opts,
  async fn() {
    const server = logoutReceiver();
    const received = server.received;
    try {
      const logoutUri = server.uri;
      const app = await registerApp("lipnice", { firstParty: true, logoutUri });
      const config = await configFor("localhost", app);
      const tenant = (await demoTowns()).lipnice;
      const person = await insertPerson(tenant.id, {
        prefix: "sso",
        givenName: "Ota",
        familyName: "Pavel",
      });
      const c = await client();
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: app.redirectUri,
        scope: "openid profile",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state: "st2",
      });
      const start = await c.get(url.pathname + url.search);
      const interaction = start.headers.get("location")!;
      const login = await c.get(new URL(interaction, "http://localhost").pathname);
      assertEquals(login.status, 303);
      const loginUrl = login.headers.get("location")!;
      assertMatch(loginUrl, /^\/prihlaseni\?next=%2Foidc%2Finteraction%2F/);
      const signIn = await c.post(loginUrl, {
        identifier: person.username,
        password: person.password,
        next: decodeURIComponent(loginUrl.split("next=")[1]),
      });
      assertEquals(signIn.status, 303);
      // Through the hand-off page: a browser stops a form's redirect chain at another site.
      assertMatch(signIn.headers.get("location")!, /^\/prihlaseni\/pokracovat\?dalsi=%2Foidc%2F/);
      const back = await follow(c, signIn.headers.get("location")!, app.redirectUri);
      const callback = new URL(back.headers.get("location")!);
      const set = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: "st2",
      });
      const { sub, sid } = set.claims()!;

      const out = await c.post("/odhlaseni", {});
      assertEquals(out.status, 303);
      await waitFor(() => received.length > 0, { timeoutMs: 60_000, what: "the logout token" });
      const token = received[0];
      const jwks = await (await testApp().fetch(new Request("http://localhost/oidc/jwks"))).json();
      const header = decodeProtectedHeader(token);
      assertEquals(header.typ, "logout+jwt");
      const key = await importJWK(jwks.keys.find((k: { kid: string }) => k.kid === header.kid));
      const { payload } = await jwtVerify(token, key, {
        issuer: "http://localhost/oidc",
        audience: app.clientId,
      });
      assertEquals(payload.sub, sub);
      assertEquals(payload.sid, sid);
      assert("http://schemas.openid.net/event/backchannel-logout" in (payload.events as object));
      assertEquals(decodeJwt(token).nonce, undefined);
      await waitFor(async () => {
        const d = await getDb().selectFrom("oidc_logout_deliveries").select("status")
          .where("client_id", "=", app.clientId).executeTakeFirst();
        return d?.status === "sent";
      }, { timeoutMs: 30_000, what: "the delivery marked sent" });
    } finally {
      await server.shutdown();
    }
  },
});

Deno.test({
  name:
    "[oidc idp] a client the admin disables signs nobody in and its refresh tokens stop working; both steps audited",
  ...opts,
  async fn() {
    const app = await registerApp("lipnice", { firstParty: true });
    const config = await configFor("localhost", app);
    const { c, tenant } = await citizen();
    const set = await tokens(config, await authorize(c, config, app));
    const row = await getDb().selectFrom("oidc_clients").select(["id", "secret_hash"])
      .where("client_id", "=", app.clientId).executeTakeFirstOrThrow();
    assert(row.secret_hash && row.secret_hash !== app.secret, "only the secret's hash is kept");
    const r = await disableClient({ db: getDb() }, {
      tenantId: tenant.id,
      clerkId: await adminOf(tenant.id),
      requestId: null,
    }, row.id);
    assertEquals(r.ok, true);
    let refused = "";
    try {
      await oidc.refreshTokenGrant(config, set.refresh_token!);
    } catch (e) {
      // 401 with a WWW-Authenticate challenge naming the error (openid-client keeps it in cause).
      const err = e as { error?: string; cause?: unknown; status?: number };
      refused = `${err.status ?? ""} ${err.error ?? ""} ${JSON.stringify(err.cause ?? "")}`;
    }
    assertStringIncludes(refused, "invalid_client");
    const res = await c.get(`/oidc/auth?client_id=${app.clientId}&response_type=code&scope=openid`);
    assertEquals(res.status, 400);
    await res.body?.cancel();
    const audit = await getDb().selectFrom("audit_log").select("action")
      .where("tenant_id", "=", tenant.id).where("subject_id", "=", row.id).orderBy("id").execute();
    assertEquals(audit.map((a) => a.action), ["oidc_client.registered", "oidc_client.disabled"]);
  },
});

Deno.test({
  name:
    "[oidc idp] a client refusing the logout token (4xx) is not retried: the delivery fails where the admin sees it",
  ...opts,
  async fn() {
    let calls = 0;
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
      await req.body?.cancel();
      calls++;
      return new Response("invalid_request", { status: 400 });
    });
    try {
      const app = await registerApp("lipnice", {
        firstParty: true,
        logoutUri: `http://127.0.0.1:${server.addr.port}/backchannel`,
      });
      const config = await configFor("localhost", app);
      const { c, tenant } = await citizen();
      await tokens(config, await authorize(c, config, app, "openid"));
      const out = await c.post("/odhlaseni", {});
      assertEquals(out.status, 303);
      const failed = await waitFor(async () => {
        const d = await getDb().selectFrom("oidc_logout_deliveries")
          .select(["status", "last_error"]).where("client_id", "=", app.clientId)
          .executeTakeFirst();
        return d?.status === "failed" ? d : null;
      }, { timeoutMs: 60_000, what: "the delivery marked failed" });
      assertStringIncludes(failed.last_error ?? "", "400");
      assertEquals(calls, 1, "a 4xx is not retried");
      const listed = (await townClients({ db: getDb() }, tenant.id))
        .find((x) => x.clientId === app.clientId);
      assertEquals(listed?.failedLogouts, 1);
      // The admin sees the failed delivery itself: when, and which error.
      const detail = await clientDetail({ db: getDb() }, tenant.id, listed!.id);
      assertEquals(detail?.failed.length, 1);
      assertStringIncludes(detail!.failed[0].error ?? "", "client answered 400");
      assert(detail!.failed[0].failedAt, "when it was given up");
      const admin = await client();
      await admin.loginClerk(DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone);
      const registry = await admin.page("/urad/aplikace");
      assertStringIncludes(registry, `href="/urad/aplikace/${listed!.id}#nedorucena"`);
      const page = await admin.page(`/urad/aplikace/${listed!.id}`);
      assertStringIncludes(page, "Nedoručená odhlášení");
      assertStringIncludes(page, "client answered 400");
    } finally {
      await server.shutdown();
    }
  },
});

Deno.test({
  name:
    "[oidc idp] 'log out everywhere' sends a logout token for each portal session the app got tokens under",
  ...opts,
  async fn() {
    const server = logoutReceiver();
    const received = server.received;
    try {
      const app = await registerApp("lipnice", {
        firstParty: true,
        logoutUri: server.uri,
      });
      const config = await configFor("localhost", app);
      const { c, person } = await citizen();
      const phone = await client();
      await phone.loginCitizen(person.username, person.password);
      const sids = [];
      for (const browser of [c, phone]) {
        const set = await tokens(config, await authorize(browser, config, app, "openid"));
        sids.push(set.claims()!.sid);
      }
      assert(sids[0] && sids[1] && sids[0] !== sids[1], "a sid per portal session");
      const out = await c.post("/odhlaseni/vsude", {});
      assertEquals(out.status, 303);
      await waitFor(() => received.length >= 2, { timeoutMs: 60_000, what: "two logout tokens" });
      const got = received.map((t) => decodeJwt(t).sid).sort();
      assertEquals(got, [...sids].sort());
    } finally {
      await server.shutdown();
    }
  },
});

Deno.test({
  name:
    "[oidc idp] a password change ends the other portal sessions and an account deletion every one — each with a logout token to the app",
  ...opts,
  async fn() {
    const server = logoutReceiver();
    const received = server.received;
    try {
      const app = await registerApp("lipnice", {
        firstParty: true,
        logoutUri: server.uri,
      });
      const config = await configFor("localhost", app);
      const { c, person } = await citizen();
      const phone = await client();
      await phone.loginCitizen(person.username, person.password);
      const sids: string[] = [];
      for (const browser of [c, phone]) {
        const set = await tokens(config, await authorize(browser, config, app, "openid"));
        sids.push(String(set.claims()!.sid));
      }
      const newPassword = "Modry-kos-na-jeraby-7";
      const changed = await c.post("/ucet/nastaveni/heslo", {
        currentPassword: person.password,
        password: newPassword,
        passwordAgain: newPassword,
      });
      await changed.body?.cancel();
      assertEquals(changed.status, 303);
      await waitFor(() => received.length >= 1, { timeoutMs: 60_000, what: "the phone's token" });
      assertEquals(received.map((t) => decodeJwt(t).sid), [sids[1]], "only the other session");

      const gone = await c.post("/ucet/nastaveni/zrusit-ucet", { currentPassword: newPassword });
      await gone.body?.cancel();
      assertEquals(gone.status, 303);
      await waitFor(() => received.length >= 2, { timeoutMs: 60_000, what: "the last token" });
      assertEquals(received.map((t) => decodeJwt(t).sid).sort(), [...sids].sort());
    } finally {
      await server.shutdown();
    }
  },
});

function refreshRefusal(config: oidc.Configuration, refreshToken: string): Promise<string> {
  return oidc.refreshTokenGrant(config, refreshToken).then(
    () => "accepted",
    (e) => {
      const err = e as { error?: string; cause?: unknown; status?: number };
      return `${err.status ?? ""} ${err.error ?? ""} ${JSON.stringify(err.cause ?? "")}`;
    },
  );
}

Deno.test({
  name:
    "[oidc idp] a citizen sees the apps they allowed and withdraws one: its refresh token stops working, the app gets a logout token, it is audited and consent is asked again",
  ...opts,
  async fn() {
    const server = logoutReceiver();
    const received = server.received;
    try {
      const app = await registerApp("lipnice", {
        firstParty: false,
        logoutUri: server.uri,
      });
      const name = (await townClients({ db: getDb() }, (await demoTowns()).lipnice.id))
        .find((x) => x.clientId === app.clientId)!.name;
      const config = await configFor("localhost", app);
      const { c, person, tenant } = await citizen();
      const set = await tokens(config, await authorizeWithConsent(c, config, app));
      assert(set.refresh_token, "a refresh token");
      const { sid } = set.claims()!;

      // The account page lists it: what it receives and when it was last used.
      const listed = await c.get("/ucet/aplikace");
      assertEquals(listed.status, 200);
      assertEquals(listed.headers.get("cache-control"), "private, no-store");
      const html = await listed.text();
      assertStringIncludes(html, name);
      assertStringIncludes(html, "vaše jméno a příjmení");
      assertStringIncludes(html, "Naposledy jste se přihlásili");
      assertStringIncludes(html, "Odebrat přístup");
      // Nobody else sees it, nor can withdraw it.
      const stranger = (await citizen()).c;
      assert(!(await stranger.page("/ucet/aplikace")).includes(name));
      const foreign = await stranger.post("/ucet/aplikace", {
        action: "withdraw",
        clientId: app.clientId,
        _confirm: "ano",
      });
      assertEquals(foreign.status, 404);
      await foreign.body?.cancel();
      assertEquals(await refreshRefusal(config, set.refresh_token!), "accepted");

      // Without the confirmation, a confirmation page; nothing is withdrawn yet.
      const asked = await c.post("/ucet/aplikace", { action: "withdraw", clientId: app.clientId });
      assertEquals(asked.status, 200);
      assertStringIncludes(await asked.text(), `Opravdu odebrat přístup aplikaci „${name}“?`);
      const fresh = await tokens(config, await authorize(c, config, app, "openid profile"));
      const done = await c.post("/ucet/aplikace", {
        action: "withdraw",
        clientId: app.clientId,
        _confirm: "ano",
      });
      assertEquals(done.status, 303);
      assertEquals(done.headers.get("location"), "/ucet/aplikace?odebrano=1");
      await done.body?.cancel();
      const after = await c.page("/ucet/aplikace?odebrano=1");
      assertStringIncludes(after, "Přístup aplikace je odebrán.");
      assert(!after.includes(name), "the app is no longer listed");

      // Its refresh tokens (both grants' ones) stop working at once.
      assertStringIncludes(await refreshRefusal(config, set.refresh_token!), "invalid_grant");
      assertStringIncludes(await refreshRefusal(config, fresh.refresh_token!), "invalid_grant");
      // The app is told to log the person out (back-channel logout for that session).
      await waitFor(() => received.length > 0, { timeoutMs: 60_000, what: "the logout token" });
      assertEquals(decodeJwt(received[0]).sid, sid);
      assertEquals(decodeJwt(received[0]).aud, app.clientId);
      // Audited as the person's action.
      const audit = await getDb().selectFrom("audit_log").select(["actor_type", "actor_id"])
        .where("tenant_id", "=", tenant.id).where("action", "=", "oidc_grant.withdrawn")
        .where("actor_id", "=", person.id).execute();
      assertEquals(audit.map((a) => a.actor_type), ["person"]);
      // The next sign-in asks for consent again.
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: app.redirectUri,
        scope: "openid profile",
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: "S256",
        state: "again",
      });
      const again = await follow(c, url.href, app.redirectUri);
      assertEquals(again.status, 200);
      assertStringIncludes(await again.text(), "Povolit aplikaci přístup?");
      // A second withdrawal finds nothing to withdraw.
      const twice = await c.post("/ucet/aplikace", {
        action: "withdraw",
        clientId: app.clientId,
        _confirm: "ano",
      });
      assertEquals(twice.status, 404);
      await twice.body?.cancel();
      // Allowed again in the same portal session, the app is owed a logout token again when
      // the person logs out of the portal (one per use, not one per session for ever).
      await tokens(config, await authorizeWithConsent(c, config, app));
      const out = await c.post("/odhlaseni", {});
      await out.body?.cancel();
      assertEquals(out.status, 303);
      await waitFor(() => received.length >= 2, { timeoutMs: 60_000, what: "a second token" });
      assertEquals(received.map((t) => decodeJwt(t).sid), [sid, sid]);
    } finally {
      await server.shutdown();
    }
  },
});

Deno.test({
  name:
    "[oidc idp] the admin rotates a client's secret after a confirmation: the new one shown once works, the old one is refused at once; audited",
  ...opts,
  async fn() {
    const { app, tenant, id } = await registeredTownApp();
    const tokenCall = (secret: string) =>
      testApp().fetch(
        new Request("http://localhost/oidc/token", {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            authorization: `Basic ${btoa(`${app.clientId}:${secret}`)}`,
          },
          body: "grant_type=authorization_code&code=nothing&redirect_uri=" +
            encodeURIComponent(app.redirectUri) + "&code_verifier=" + "a".repeat(43),
        }),
      );
    // The old secret authenticates the client (the code itself is no good: invalid_grant).
    const before = await tokenCall(app.secret!);
    assertEquals((await before.json()).error, "invalid_grant");

    const admin = await client();
    await admin.loginClerk(DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone);
    const detail = await admin.page(`/urad/aplikace/${id}`);
    assertStringIncludes(detail, "Vyměnit tajný klíč");
    const asked = await admin.post(`/urad/aplikace/${id}`, { action: "rotate" });
    assertEquals(asked.status, 200);
    assertStringIncludes(await asked.text(), "Opravdu vyměnit tajný klíč aplikace");
    assertEquals((await (await tokenCall(app.secret!)).json()).error, "invalid_grant");

    const rotated = await admin.post(`/urad/aplikace/${id}`, { action: "rotate", _confirm: "ano" });
    assertEquals(rotated.status, 200);
    assertEquals(rotated.headers.get("cache-control"), "private, no-store");
    const html = await rotated.text();
    assertStringIncludes(html, "má nový tajný klíč");
    const newSecret =
      /<dd><code class="break-all">([A-Za-z0-9_-]{20,})<\/code><\/dd>/.exec(html)![1];
    assert(newSecret !== app.secret);
    // The old secret is refused at once; the new one works (with a real sign-in too).
    const old = await tokenCall(app.secret!);
    assertEquals(old.status, 401);
    assertEquals((await old.json()).error, "invalid_client");
    assertEquals((await (await tokenCall(newSecret)).json()).error, "invalid_grant");
    const config = await configFor("localhost", { ...app, secret: newSecret });
    const { c } = await citizen();
    const set = await tokens(config, await authorize(c, config, { ...app, secret: newSecret }));
    assert(set.access_token);
    // Shown once: the page afterwards does not have it.
    assert(!(await admin.page(`/urad/aplikace/${id}`)).includes(newSecret));
    const audit = await getDb().selectFrom("audit_log").select(["action", "details"])
      .where("tenant_id", "=", tenant.id).where("subject_id", "=", id).orderBy("id").execute();
    assertEquals(audit.map((a) => a.action), [
      "oidc_client.registered",
      "oidc_client.secret_rotated",
    ]);
    assert(!JSON.stringify(audit).includes(newSecret), "no secret in the audit log");
    // A public client has no secret to rotate.
    const pub = await registerApp("lipnice", { firstParty: true, confidential: false });
    const pubId = (await townClients({ db: getDb() }, tenant.id))
      .find((x) => x.clientId === pub.clientId)!.id;
    assert(!(await admin.page(`/urad/aplikace/${pubId}`)).includes("Vyměnit tajný klíč"));
    const refused = await admin.post(`/urad/aplikace/${pubId}`, {
      action: "rotate",
      _confirm: "ano",
    });
    assertEquals(refused.status, 409);
    assertStringIncludes(await refused.text(), "Tajný klíč lze vyměnit jen");
  },
});

Deno.test({
  name: "[oidc idp] an application asks the portal to sign the person out (RP-initiated logout): " +
    "checked first (400s in Czech, nothing ended), confirmed, the session ended, back to the " +
    "registered address with its state; nobody signed in goes straight back",
  ...opts,
  async fn() {
    const signedOut = "http://127.0.0.1:9/odhlaseno";
    const app = await registerApp("lipnice", {
      firstParty: true,
      postLogoutRedirectUris: `${signedOut}\nhttp://127.0.0.1:9/jinam`,
    });
    const other = await registerApp("lipnice", { firstParty: true });
    const config = await configFor("localhost", app);
    assertEquals(
      config.serverMetadata().end_session_endpoint,
      "http://localhost/oidc/session/end",
    );
    const { c } = await citizen();
    const idToken = (await tokens(config, await authorize(c, config, app))).id_token!;
    const end = (q: Record<string, string>) => `/oidc/session/end?${new URLSearchParams(q)}`;
    const stillIn = async () => {
      const res = await c.get("/ucet");
      await res.body?.cancel();
      return res.status === 200;
    };

    // Refused before anything is shown or ended.
    const refusals: [Record<string, string>, string][] = [
      [
        { id_token_hint: idToken, post_logout_redirect_uri: "http://127.0.0.1:9/cizi" },
        "u ní není registrována",
      ],
      [
        { id_token_hint: "eyJ.nic.neplati", post_logout_redirect_uri: signedOut },
        "neplatný doklad",
      ],
      [
        { id_token_hint: idToken, client_id: other.clientId, post_logout_redirect_uri: signedOut },
        "patří jiné aplikaci",
      ],
      [{ post_logout_redirect_uri: signedOut }, "neuvedla, kdo je"],
      [{ client_id: "app-neexistuje" }, "není u obce registrována"],
    ];
    for (const [q, message] of refusals) {
      const res = await c.get(end(q));
      assertEquals(res.status, 400, JSON.stringify(q));
      assertStringIncludes(await res.text(), message);
    }
    assert(await stillIn(), "a refused request ends nothing");

    // The page asks; it names the application and where the person goes afterwards.
    const q = { id_token_hint: idToken, post_logout_redirect_uri: signedOut, state: "s t&ate" };
    const asked = await c.get(end(q));
    assertEquals(asked.status, 200);
    assertEquals(asked.headers.get("cache-control"), "private, no-store");
    const page = await asked.text();
    assertStringIncludes(page, "Odhlásit se z Portálu občana Lipnice nad Hájem?");
    assertStringIncludes(page, "vás vrátíme do aplikace na adrese 127.0.0.1:9");
    assert(await stillIn(), "asking ends nothing");
    // Without the confirmation field the POST only asks again.
    const again = await c.post("/oidc/session/end", q);
    assertEquals(again.status, 200);
    await again.body?.cancel();
    assert(await stillIn());

    // Confirmed: the portal session ends, the browser goes back with the state.
    const done = await c.post("/oidc/session/end", {
      // The page carries the request on (the helper reads the field as HTML, so no `&` here).
      id_token_hint: hiddenField(page, "id_token_hint"),
      post_logout_redirect_uri: hiddenField(page, "post_logout_redirect_uri"),
      state: q.state,
      _confirm: "ano",
    });
    // Through a page of the portal's own: a 303 to the application after a form's POST would
    // be stopped by the browser (the CSP's form-action applies to the whole redirect chain).
    assertEquals(done.status, 303);
    const handoff = done.headers.get("location")!;
    assert(handoff.startsWith("/oidc/session/end?"), handoff);
    await done.body?.cancel();
    const back = `${signedOut}?state=s%20t%26ate`;
    const handoffPage = await c.get(handoff);
    assertEquals(handoffPage.status, 200);
    assert(
      !(handoffPage.headers.get("cache-control") ?? "").includes("public"),
      "the hand-off is not cached",
    );
    const handoffHtml = await handoffPage.text();
    assertStringIncludes(handoffHtml, `<meta http-equiv="refresh" content="0;url=${back}"`);
    assertStringIncludes(handoffHtml, `href="${back}"`);
    assertStringIncludes(handoffHtml, "Byli jste odhlášeni");
    assert(!(await stillIn()), "the portal session has ended");
    const session = await c.get("/ucet");
    assertStringIncludes(session.headers.get("location") ?? "", "/prihlaseni");
    await session.body?.cancel();

    // Nobody signed in any more: straight back, the expired hint still names the client.
    const anonymous = await client();
    const straight = await anonymous.get(
      end({ id_token_hint: idToken, post_logout_redirect_uri: signedOut }),
    );
    assertEquals(straight.status, 303);
    assertEquals(straight.headers.get("location"), signedOut);
    await straight.body?.cancel();
    // The provider's own logout pages are not served.
    for (const path of ["/oidc/session/end/success", "/oidc/session/end/confirm"]) {
      const res = await anonymous.get(path);
      assertEquals(res.status, 404, path);
      await res.body?.cancel();
    }
    const plain = await anonymous.get("/oidc/session/end");
    assertEquals(plain.status, 303);
    assertEquals(plain.headers.get("location"), "/prihlaseni?odhlaseno=1");
    await plain.body?.cancel();
  },
});
