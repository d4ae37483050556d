/**
 * The town's OpenID provider keeps what it issued across a restart of the web process: its
 * grants, access and refresh tokens live in PostgreSQL and its signing key is the town's stored
 * one, so a client's refresh token and access token work against the new process and the ID
 * tokens are signed with the same key (as an operator meets it: a real web process, restarted).
 */
import * as oidc from "openid-client";
import { assert, assertEquals } from "./assert.ts";
import { demoTowns, hasServices, shared } from "./support/app.ts";
import { TestClient } from "./support/client.ts";
import { insertPerson } from "./support/people.ts";
import { getDb } from "../lib/db.ts";
import { registerClient } from "../app/oidc_clients.ts";
import { freePort, startWeb, type WebService } from "../scripts/services/mod.ts";

const opts = { ...shared, ignore: !hasServices };

function remoteClient(web: WebService): TestClient {
  return new TestClient(async (req) => {
    const url = new URL(req.url);
    const body = req.method === "GET" || req.method === "HEAD"
      ? undefined
      : await req.arrayBuffer();
    return await fetch(`${web.url}${url.pathname}${url.search}`, {
      method: req.method,
      headers: req.headers,
      body,
      redirect: "manual",
    });
  }, "127.0.0.1");
}

Deno.test({
  name: "[oidc idp] refresh and access tokens and the signing key survive a restart of the web",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const web = await startWeb({
      ...Deno.env.toObject(),
      PORT: String(freePort()),
      LOG_LEVEL: "error",
    });
    try {
      const clerk = await getDb().selectFrom("clerks").select("id")
        .where("tenant_id", "=", lipnice.id).executeTakeFirstOrThrow();
      const redirectUri = "http://127.0.0.1:9/callback";
      const app = await registerClient({ db: getDb() }, {
        tenantId: lipnice.id,
        clerkId: clerk.id,
        requestId: null,
      }, {
        name: "Vodárna – odečty",
        redirectUris: redirectUri,
        firstParty: "on",
        agenda: "voda",
        backchannelLogoutUri: "",
        clientType: "confidential",
      });
      assert(app.ok && app.secret);
      const config = await oidc.discovery(
        new URL(`${web.url}/oidc`),
        app.clientId,
        app.secret,
        oidc.ClientSecretBasic(app.secret),
        { execute: [oidc.allowInsecureRequests] },
      );
      const person = await insertPerson(lipnice.id, {
        prefix: "restart",
        givenName: "Hana",
        familyName: "Vodová",
      });
      const c = remoteClient(web);
      await c.loginCitizen(person.username, person.password);
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: "openid profile offline_access",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state: "restart",
      });
      let res = await c.get(url.pathname + url.search);
      for (let i = 0; i < 5 && !res.headers.get("location")?.startsWith(redirectUri); i++) {
        const next = new URL(res.headers.get("location")!, web.url);
        await res.body?.cancel();
        res = await c.get(next.pathname + next.search);
      }
      const set = await oidc.authorizationCodeGrant(
        config,
        new URL(res.headers.get("location")!),
        { pkceCodeVerifier: verifier, expectedState: "restart" },
      );
      const kid = (await (await fetch(`${web.url}/oidc/jwks`)).json()).keys[0].kid;

      await web.restart();

      const after = (await (await fetch(`${web.url}/oidc/jwks`)).json()).keys[0].kid;
      assertEquals(after, kid, "the same signing key after the restart");
      const info = await oidc.fetchUserInfo(config, set.access_token, set.claims()!.sub);
      assertEquals(info.family_name, "Vodová");
      const refreshed = await oidc.refreshTokenGrant(config, set.refresh_token!);
      assertEquals(refreshed.claims()!.sub, set.claims()!.sub);
    } finally {
      await web.stop();
    }
  },
});
