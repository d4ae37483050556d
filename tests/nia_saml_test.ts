/**
 * NIA over SAML2: the portal as a service provider against the local NIA stand-in the test
 * runner starts (scripts/nia_provider.ts) — a full login, the SP metadata, every refusal the
 * assertion checks make (each a Czech page, a 4xx, an audit entry and no session), and single
 * logout in both directions.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import {
  answerAtStandIn,
  forgeLogoutRequest,
  forgeResponse,
  idpEntityId,
  niaConfigured,
  postBinding,
  postToPortal,
  startNiaLogin,
  TEST_PERSON,
} from "./support/nia_saml.ts";
import { ProviderBrowser } from "./support/oidc.ts";
import { assertionXml } from "../scripts/nia/saml_idp.ts";
import { Buffer } from "node:buffer";
import { getDb } from "../lib/db.ts";
import { SESSION_COOKIE } from "../lib/session.ts";

const opts = { ...shared, ignore: !hasServices || !niaConfigured };
const JAN = "Přihlásit jako Jan Novák \\(úroveň značná\\)";

async function loginThroughStandIn(c: TestClient, label = JAN, query = "next=/ucet") {
  const { location } = await startNiaLogin(c, query);
  const form = await answerAtStandIn(location, label);
  assertEquals(form.action, "http://localhost/saml/acs");
  return await postToPortal(c, "/saml/acs", form.fields);
}

/** Asserts a refusal: a 4xx Czech page with `text`, no session, an audit entry `reason`. */
async function assertRefused(c: TestClient, res: Response, text: string, reason: string) {
  const html = await res.text();
  assertEquals(res.status, 400, html.slice(0, 500));
  assertMatch(res.headers.get("content-type") ?? "", /text\/html/);
  assertStringIncludes(html, "Přihlášení se nezdařilo");
  assertStringIncludes(html, text);
  assert(!c.cookies.has(SESSION_COOKIE), "no session");
  const account = await c.get("/ucet");
  await account.body?.cancel();
  assertEquals(account.status, 303, "/ucet still asks to sign in");
  // The refusal's own audit entry: this request's, with its reason.
  const requestId = res.headers.get("x-request-id");
  assert(requestId, "the refusal names its request");
  const audit = await getDb().selectFrom("audit_log").select("details")
    .where("action", "=", "auth.external_login_failed").where("request_id", "=", requestId)
    .execute();
  assertEquals(
    audit.map((a) => (a.details as { reason?: string })?.reason),
    [reason],
    `the audit entry of this refusal (${reason})`,
  );
}

Deno.test({
  name: "[nia saml] a login through the stand-in at substantial signs in and unlocks the agenda",
  ...opts,
  async fn() {
    const c = await client();
    const { location, xml } = await startNiaLogin(c);
    assertStringIncludes(xml, 'Comparison="minimum"');
    assertStringIncludes(xml, "http://eidas.europa.eu/LoA/low");
    assertStringIncludes(xml, "<eidas:SPType>public</eidas:SPType>");
    assertStringIncludes(xml, "naturalperson/PersonIdentifier");
    assertStringIncludes(xml, "naturalperson/CurrentAddress");
    assert(location.searchParams.get("Signature"), "the AuthnRequest is signed");
    const form = await answerAtStandIn(location, JAN);
    const res = await postToPortal(c, "/saml/acs", form.fields);
    assertEquals(res.status, 303, await res.clone().text());
    assertEquals(res.headers.get("location"), "/ucet");
    assert(c.cookies.has(SESSION_COOKIE));
    const account = await c.page("/ucet");
    assertStringIncludes(account, "Jan Novák");
    assertStringIncludes(account, "značná (elektronická identita)");
    assert(!account.includes("bez oprávnění"));
    // The identity is (nia, person identifier): the same record the OpenID login used.
    const ids = await getDb().selectFrom("external_identities").select("person_id")
      .where("provider", "=", "nia").where("subject", "=", "test-jan-novak").execute();
    assertEquals(new Set(ids.map((r) => r.person_id)).size, 1);
    // Posting the same answer again: its request is used up.
    const again = await client();
    await assertRefused(
      again,
      await postToPortal(again, "/saml/acs", form.fields),
      "nepatří k žádnému přihlášení",
      "unknownRequest",
    );
  },
});

Deno.test({
  name: "[nia saml] /saml/metadata publishes the SP with ACS, SLO and both certificates",
  ...opts,
  async fn() {
    const c = await client();
    const res = await c.get("/saml/metadata");
    assertEquals(res.status, 200);
    assertMatch(res.headers.get("content-type")!, /application\/samlmetadata\+xml/);
    assertMatch(res.headers.get("cache-control")!, /public/);
    const xml = await res.text();
    assertStringIncludes(xml, 'entityID="http://localhost/saml/metadata"');
    assertStringIncludes(xml, "SPSSODescriptor");
    assertMatch(xml, /AssertionConsumerService[^>]+Location="http:\/\/localhost\/saml\/acs"/);
    assertMatch(xml, /SingleLogoutService[^>]+Location="http:\/\/localhost\/saml\/slo"/);
    assertStringIncludes(xml, 'use="signing"');
    assertStringIncludes(xml, 'use="encryption"');
    assert(!xml.includes("PRIVATE"));
  },
});

Deno.test({
  name: "[nia saml] forged, foreign, stale and replayed answers are refused in Czech",
  ...opts,
  async fn() {
    const refuse = async (
      make: (requestId: string) => Promise<string>,
      text: string,
      reason: string,
      query?: string,
    ) => {
      const c = await client();
      const { requestId } = await startNiaLogin(c, query);
      const res = await postToPortal(c, "/saml/acs", {
        SAMLResponse: await make(requestId),
        RelayState: "/ucet",
      });
      await assertRefused(c, res, text, reason);
    };
    // A signature that no longer matches (a name changed after signing).
    await refuse(
      (id) =>
        forgeResponse({
          inResponseTo: id,
          afterSigning: (x) => x.replace(">Novák<", ">Nováková<"),
        }),
      "Podpis odpovědi",
      "invalidSignature",
    );
    // Signature wrapping: an unsigned assertion of another person that carries the genuine
    // signed assertion inside (its signature then covers an element the portal does not use).
    await refuse(
      async (id) => {
        return await forgeResponse({
          inResponseTo: id,
          afterSigning: (signed) => {
            const evil = signed.replace(/<(?:ds:)?Signature\b[\s\S]*<\/(?:ds:)?Signature>/, "")
              .replace(/ ID="[^"]+"/, ' ID="_evil"').replace(
                ">test-jan-novak<",
                ">test-eva-svobodova<",
              )
              .replace(">test-jan-novak<", ">test-eva-svobodova<");
            return evil.replace(
              "</saml:Assertion>",
              `<saml:Advice>${signed}</saml:Advice></saml:Assertion>`,
            );
          },
        });
      },
      "Podpis odpovědi",
      "invalidSignature",
    );
    // Signature wrapping, the signed assertion moved: the injected unsigned assertion of
    // another person takes the signed one's ID, the genuine one moved into its Advice.
    await refuse(
      (id) =>
        forgeResponse({
          inResponseTo: id,
          afterSigning: (signed) => {
            const evil = signed.replace(/<(?:ds:)?Signature\b[\s\S]*<\/(?:ds:)?Signature>/, "")
              .replaceAll(">test-jan-novak<", ">test-eva-svobodova<");
            return evil.replace(
              "</saml:Assertion>",
              `<saml:Advice>${signed}</saml:Advice></saml:Assertion>`,
            );
          },
        }),
      "Podpis odpovědi",
      "invalidSignature",
    );
    // An unsigned assertion of another person injected beside the genuine encrypted one.
    await refuse(
      (id) =>
        forgeResponse({
          inResponseTo: id,
          afterEncryption: (xml) =>
            xml.replace(
              /<(\w+:)?EncryptedAssertion\b/,
              (m) =>
                assertionXml({
                  issuer: idpEntityId(),
                  audience: "http://localhost/saml/metadata",
                  destination: "http://localhost/saml/acs",
                  inResponseTo: id,
                  person: { ...TEST_PERSON, subject: "test-eva-svobodova" },
                  loa: "high",
                }) + m,
            ),
        }),
      "Podpis odpovědi",
      "invalidSignature",
    );
    // Signed by a key that is not NIA's.
    const other = await selfSignedKey();
    await refuse(
      (id) => forgeResponse({ inResponseTo: id, signWith: other }),
      "Podpis odpovědi",
      "invalidSignature",
    );
    await refuse(
      (id) => forgeResponse({ inResponseTo: id, audience: "https://jina-sluzba.example/saml" }),
      "určena jiné službě",
      "wrongAudience",
    );
    await refuse(
      (id) => forgeResponse({ inResponseTo: id, issuer: "https://podvodnik.example/idp" }),
      "nevydal poskytovatel identity",
      "wrongIssuer",
    );
    await refuse(
      () => forgeResponse({ inResponseTo: "_neznamy-pozadavek" }),
      "nepatří k žádnému přihlášení",
      "unknownRequest",
    );
    // Answering another town's pending request (Dubová's), posted to Lipnice.
    const dubova = await client("dubova.localhost");
    const foreign = await startNiaLogin(dubova);
    await refuse(
      () => forgeResponse({ inResponseTo: foreign.requestId }),
      "nepatří k žádnému přihlášení",
      "unknownRequest",
    );
    const past = new Date(Date.now() - 20 * 60_000);
    await refuse(
      (id) =>
        forgeResponse({
          inResponseTo: id,
          now: past,
          notOnOrAfter: new Date(Date.now() - 10 * 60_000),
        }),
      "vypršela",
      "expired",
    );
    const future = new Date(Date.now() + 20 * 60_000);
    await refuse(
      (id) => forgeResponse({ inResponseTo: id, now: future, notBefore: future }),
      "ještě nezačala",
      "expired",
    );
    // Unsigned: the signature taken out after signing.
    await refuse(
      (id) =>
        forgeResponse({
          inResponseTo: id,
          afterSigning: (x) => x.replace(/<(?:ds:)?Signature\b[\s\S]*<\/(?:ds:)?Signature>/, ""),
        }),
      "Podpis odpovědi",
      "invalidSignature",
    );
    await refuse(
      (id) => forgeResponse({ inResponseTo: id, loa: "low" }),
      "nižší úroveň záruky",
      "loaTooLow",
      "next=/ucet&uroven=substantial",
    );
  },
});

Deno.test({
  name: "[nia saml] an expired pending request and a replayed assertion id are refused",
  ...opts,
  async fn() {
    const c = await client();
    const { requestId } = await startNiaLogin(c);
    await getDb().updateTable("saml_requests").set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", requestId).execute();
    await assertRefused(
      c,
      await postToPortal(c, "/saml/acs", {
        SAMLResponse: await forgeResponse({ inResponseTo: requestId }),
      }),
      "nepatří k žádnému přihlášení",
      "unknownRequest",
    );
    // The same assertion id answering two requests: accepted once.
    const assertionId = "_opakovane-" + crypto.randomUUID();
    const first = await client();
    const one = await startNiaLogin(first);
    const ok = await postToPortal(first, "/saml/acs", {
      SAMLResponse: await forgeResponse({ inResponseTo: one.requestId, assertionId }),
    });
    await ok.body?.cancel();
    assertEquals(ok.status, 303);
    const second = await client();
    const two = await startNiaLogin(second);
    await assertRefused(
      second,
      await postToPortal(second, "/saml/acs", {
        SAMLResponse: await forgeResponse({ inResponseTo: two.requestId, assertionId }),
      }),
      "už byla jednou použita",
      "replayed",
    );
  },
});

Deno.test({
  name: "[nia saml] logging out of the portal logs out at NIA, and back",
  ...opts,
  async fn() {
    const c = await client();
    const res = await loginThroughStandIn(c);
    await res.body?.cancel();
    assertEquals(res.status, 303);
    // A page of the portal's own sends the browser on to NIA (a form's POST cannot end at
    // another site): its instant refresh and its link carry the LogoutRequest.
    const out = await c.post("/odhlaseni", {});
    assertEquals(out.status, 200);
    const handoff = await out.text();
    const refresh = /<meta http-equiv="refresh" content="0;url=([^"]+)"/.exec(handoff);
    assert(refresh, "the page refreshes on to NIA");
    assertStringIncludes(handoff, "Pokračovat k odhlášení z NIA");
    const location = new URL(refresh[1].replaceAll("&amp;", "&"));
    assertEquals(location.pathname, "/FPSTS/saml2/logout");
    assert(location.searchParams.get("SAMLRequest") && location.searchParams.get("Signature"));
    assert(!c.cookies.has(SESSION_COOKIE));
    const browser = new ProviderBrowser("http://localhost/");
    const answer = await browser.fetch(location.href);
    const form = postBinding(await answer.text());
    assertEquals(form.action, "http://localhost/saml/slo");
    const back = await postToPortal(c, "/saml/slo", form.fields);
    await back.body?.cancel();
    assertEquals(back.status, 303);
    assertEquals(back.headers.get("location"), "/prihlaseni?odhlaseno=1");
  },
});

Deno.test({
  name: "[nia saml] NIA's logout request ends the portal session; a forged one changes nothing",
  ...opts,
  async fn() {
    const c = await client();
    const res = await loginThroughStandIn(c);
    await res.body?.cancel();
    const row = await getDb().selectFrom("saml_sessions").selectAll()
      .orderBy("created_at", "desc").limit(1).executeTakeFirstOrThrow();
    // Unsigned (signature removed): refused, the session lives on.
    const signed = Buffer.from(forgeLogoutRequest(row.name_id, row.session_index!), "base64")
      .toString("utf8");
    const unsigned = signed.replace(/<(?:ds:)?Signature\b[\s\S]*<\/(?:ds:)?Signature>/, "");
    const bad = await postToPortal(c, "/saml/slo", {
      SAMLRequest: Buffer.from(unsigned).toString("base64"),
    });
    assertEquals(bad.status, 400);
    assertStringIncludes(await bad.text(), "Odhlášení se nezdařilo");
    assertEquals((await c.page("/ucet")).includes("Jan Novák"), true);
    // Signed by NIA: the portal session ends, the answer goes back to NIA.
    const ok = await postToPortal(c, "/saml/slo", {
      SAMLRequest: forgeLogoutRequest(row.name_id, row.session_index!),
    });
    await ok.body?.cancel();
    assertEquals(ok.status, 303);
    const to = new URL(ok.headers.get("location")!);
    assertEquals(to.pathname, "/FPSTS/saml2/logout");
    assert(to.searchParams.get("SAMLResponse"));
    const account = await c.get("/ucet");
    await account.body?.cancel();
    assertEquals(account.status, 303, "the portal session has ended");
  },
});

async function selfSignedKey(): Promise<{ signingKey: string; signingCert: string }> {
  const dir = await Deno.makeTempDir();
  const out = await new Deno.Command("openssl", {
    args: ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=evil"]
      .concat(["-keyout", `${dir}/k.pem`, "-out", `${dir}/c.pem`]),
    stdout: "null",
    stderr: "null",
  }).output();
  assert(out.success);
  return {
    signingKey: await Deno.readTextFile(`${dir}/k.pem`),
    signingCert: await Deno.readTextFile(`${dir}/c.pem`),
  };
}

Deno.test({
  name: "[nia saml] logging out at NIA (the stand-in's sessions page) logs out of the portal",
  ...opts,
  async fn() {
    const c = await client();
    const res = await loginThroughStandIn(c, "Přihlásit jako Eva Svobodová \\(úroveň vysoká\\)");
    await res.body?.cancel();
    assertEquals(res.status, 303);
    const base = Deno.env.get("NIA_TEST_BASE_URL")!;
    const browser = new ProviderBrowser("http://localhost/");
    const list = await browser.fetch(`${base}/FPSTS/saml2/sessions`);
    const html = await list.text();
    const index = new RegExp(
      // This portal's session (browser tests run their own portal on another port).
      `name="index" value="([^"]+)"><button type="submit">Odhlásit Eva Svobodová ze služby ` +
        `http://localhost/saml/metadata<`,
    ).exec(html)?.[1];
    assert(index, "the stand-in lists Eva's session");
    const posted = await browser.fetch(`${base}/FPSTS/saml2/sessions/logout`, {
      method: "POST",
      body: new URLSearchParams({ index }),
    });
    const form = postBinding(await posted.text());
    assertEquals(form.action, "http://localhost/saml/slo");
    const ended = await postToPortal(c, "/saml/slo", form.fields);
    await ended.body?.cancel();
    assertEquals(ended.status, 303);
    assertMatch(ended.headers.get("location")!, /\/FPSTS\/saml2\/logout\?SAMLResponse=/);
    const account = await c.get("/ucet");
    await account.body?.cancel();
    assertEquals(account.status, 303, "the portal session has ended");
  },
});

Deno.test({
  name: "[nia saml] a comment inside the NameID is refused, whatever the signature says",
  ...opts,
  async fn() {
    // An identity "test-jan-novak.cizi" signed by NIA, a comment slipped in after signing (the
    // canonical form leaves comments out, so the signature still holds): a parser that reads
    // the first text node only would take it for Jan Novák's "test-jan-novak".
    const c = await client();
    const { requestId } = await startNiaLogin(c);
    const res = await postToPortal(c, "/saml/acs", {
      SAMLResponse: await forgeResponse({
        inResponseTo: requestId,
        person: { ...TEST_PERSON, subject: "test-jan-novak.cizi" },
        afterSigning: (x) => x.replaceAll(">test-jan-novak.cizi<", ">test-jan-novak<!---->.cizi<"),
      }),
    });
    await assertRefused(c, res, "nebyla platná", "invalidResponse");
    const made = await getDb().selectFrom("external_identities").select("id")
      .where("provider", "=", "nia").where("subject", "like", "test-jan-novak%cizi").execute();
    assertEquals(made.length, 0, "no identity was made of it");
  },
});
