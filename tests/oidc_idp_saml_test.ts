/**
 * Single logout started by NIA (a signed SAML2 LogoutRequest to /saml/slo) ends the portal
 * session and, through the outbox, the agenda systems' sessions too: the client that got tokens
 * under that portal session receives a signed back-channel logout token.
 */
import * as oidc from "openid-client";
import { decodeJwt } from "jose";
import { assert, assertEquals } from "./assert.ts";
import { client, demoTowns, hasServices, shared, testApp } from "./support/app.ts";
import {
  answerAtStandIn,
  forgeLogoutRequest,
  niaConfigured,
  postToPortal,
  startNiaLogin,
} from "./support/nia_saml.ts";
import { waitFor } from "./support/wait.ts";
import { getDb } from "../lib/db.ts";
import { registerClient } from "../app/oidc_clients.ts";
import { logoutReceiver } from "./support/logout_receiver.ts";

const opts = { ...shared, ignore: !hasServices || !niaConfigured };

Deno.test({
  name: "[oidc idp] NIA's single logout sends the agenda system a back-channel logout token",
  ...opts,
  async fn() {
    const server = logoutReceiver();
    const received = server.received;
    try {
      const { lipnice } = await demoTowns();
      const clerk = await getDb().selectFrom("clerks").select("id")
        .where("tenant_id", "=", lipnice.id).executeTakeFirstOrThrow();
      const redirectUri = "http://127.0.0.1:9/callback";
      const app = await registerClient({ db: getDb() }, {
        tenantId: lipnice.id,
        clerkId: clerk.id,
        requestId: null,
      }, {
        name: "Knihovna – NIA odhlášení",
        redirectUris: redirectUri,
        firstParty: "on",
        agenda: "knihovna",
        backchannelLogoutUri: server.uri,
        clientType: "public",
      });
      assert(app.ok);
      const config = await oidc.discovery(
        new URL("http://localhost/oidc"),
        app.clientId,
        undefined,
        oidc.None(),
        {
          execute: [oidc.allowInsecureRequests],
          [oidc.customFetch]: async (url, init) =>
            await testApp().fetch(new Request(url, init as RequestInit)),
        },
      );

      // Signed in through the NIA stand-in (SAML2), at level substantial.
      const c = await client();
      const { location } = await startNiaLogin(c, "next=/ucet");
      const form = await answerAtStandIn(location, "Přihlásit jako Jan Novák \\(úroveň značná\\)");
      const acs = await postToPortal(c, "/saml/acs", form.fields);
      assertEquals(acs.status, 303);
      await acs.body?.cancel();

      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: "openid profile agendas",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state: "nia",
      });
      let res = await c.get(url.pathname + url.search);
      for (let i = 0; i < 5 && !res.headers.get("location")?.startsWith(redirectUri); i++) {
        const next = new URL(res.headers.get("location")!, "http://localhost");
        await res.body?.cancel();
        res = await c.get(next.pathname + next.search);
      }
      const set = await oidc.authorizationCodeGrant(config, new URL(res.headers.get("location")!), {
        pkceCodeVerifier: verifier,
        expectedState: "nia",
      });
      const claims = set.claims()!;
      assertEquals(claims.acr, "http://eidas.europa.eu/LoA/substantial");
      const info = await oidc.fetchUserInfo(config, set.access_token, claims.sub);
      assertEquals(info.family_name, "Novák");

      // NIA ends the SAML session: the portal's and the library's end with it.
      const session = await getDb().selectFrom("oidc_client_sessions").select("session_id")
        .where("client_id", "=", app.clientId).executeTakeFirstOrThrow();
      const saml = await getDb().selectFrom("saml_sessions").selectAll()
        .where("session_id", "=", session.session_id).executeTakeFirstOrThrow();
      const slo = await postToPortal(c, "/saml/slo", {
        SAMLRequest: forgeLogoutRequest(saml.name_id, saml.session_index!),
      });
      assertEquals(slo.status, 303);
      await slo.body?.cancel();
      await waitFor(() => received.length > 0, { timeoutMs: 60_000, what: "the logout token" });
      const token = decodeJwt(received[0]);
      assertEquals(token.sub, claims.sub);
      assertEquals(token.sid, claims.sid);
      assertEquals(token.aud, app.clientId);
    } finally {
      await server.shutdown();
    }
  },
});
