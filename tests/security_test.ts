/**
 * Security properties that hold for the whole router, not one page: CSRF on every unsafe
 * route, headers, cookie flags, session tokens that are forged, unsigned, expired or revoked.
 */
import { SignJWT, UnsecuredJWT } from "jose";
import {
  assert,
  assertEquals,
  assertMatch,
  assertNotMatch,
  assertStringIncludes,
} from "./assert.ts";
import { client, demoTowns, hasServices, shared, signedInCitizen } from "./support/app.ts";
import { manifest } from "../routes.gen.ts";
import { getDb } from "../lib/db.ts";
import { DEMO_CITIZEN, DEMO_CLERK } from "../db/seeds/demo.ts";
import { derivedKey } from "../lib/crypto.ts";
import { SESSION_COOKIE, SESSION_ISSUER } from "../lib/session.ts";
import { config } from "../lib/config.ts";
import { CSRF_EXEMPT_PATHS } from "../lib/http/csrf.ts";

const opts = { ...shared, ignore: !hasServices || !Deno.env.get("MAILDEV_URL") };
const UNSAFE = ["POST", "PUT", "PATCH", "DELETE"] as const;

/** Every (method, path) the router answers with a state change, params filled in. */
function unsafeRoutes(): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  for (const [file, mod] of Object.entries(manifest.routes)) {
    const handler = (mod as { handler?: unknown }).handler;
    if (!handler || file.includes("/_")) continue;
    const methods = typeof handler === "function"
      ? [...UNSAFE]
      : UNSAFE.filter((m) => m in (handler as Record<string, unknown>));
    const path = file.replace(/^\.\/routes/, "").replace(/\.tsx?$/, "").replace(/\/index$/, "/")
      .replace(/\[\.\.\.[^\]]+\]/g, "a/b").replace(/\[[^\]]+\]/g, crypto.randomUUID()) || "/";
    // Exempt, and tested below: it carries the card gateway's signature instead.
    if (CSRF_EXEMPT_PATHS.has(path)) continue;
    for (const method of methods) out.push({ method, path });
  }
  return out;
}

Deno.test({
  name: "[security] every unsafe route refuses a request without a valid CSRF token",
  ...opts,
  async fn() {
    const routes = unsafeRoutes();
    assert(routes.length >= 4, "the router has state-changing routes to check");
    const c = await client();
    await c.loginClerk(); // signed in, so a refusal is the CSRF check and not a login redirect
    const before = await getDb().selectFrom("notices").select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    for (const { method, path } of routes) {
      for (
        const token of [false, "forged-token", (await c.csrfToken()).slice(0, -2) + "xx"] as const
      ) {
        const body = new URLSearchParams({ title: "CSRF", reason: "x", description: "x" });
        if (token) body.set("_csrf", token);
        const res = await c.request(path, { method, body });
        assertEquals(res.status, 403, `${method} ${path} with token ${token}`);
        assertStringIncludes(await res.text(), "Platnost formuláře vypršela", `${method} ${path}`);
      }
    }
    const after = await getDb().selectFrom("notices").select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    assertEquals(after.n, before.n);
  },
});

Deno.test({
  name:
    "[security] the routes without a CSRF token are the card gateway's signed return (unsigned: 400), the SMS gateway's signed receipts and inbound SMS (tests/sms_receipts_test.ts), NIA's signed SAML2 messages (tests/nia_saml_test.ts) and the OpenID provider's client-authenticated endpoints (tests/oidc_idp_test.ts)",
  ...opts,
  async fn() {
    assertEquals([...CSRF_EXEMPT_PATHS], [
      "/platby/navrat",
      "/api/v1/sms/dorucenky",
      "/api/v1/sms/prichozi",
      "/saml/acs",
      "/saml/slo",
      "/oidc/token",
      "/oidc/token/revocation",
      "/oidc/me",
    ]);
    const signals = () =>
      getDb().selectFrom("workflow_commands").select((eb) => eb.fn.countAll().as("n"))
        .where("name", "=", "gatewayReturned").executeTakeFirstOrThrow();
    const before = await signals();
    const c = await client();
    await c.loginCitizen(); // a session changes nothing: the signature is the only proof
    for (
      const fields of [
        {},
        { payId: "a1b2c3d4e5f6a7b", dttm: "20261130120000", resultCode: "0" },
        {
          payId: "a1b2c3d4e5f6a7b",
          dttm: "20261130120000",
          resultCode: "0",
          resultMessage: "OK",
          paymentStatus: "7",
          signature: btoa("forged"),
        },
      ] as Record<string, string>[]
    ) {
      const res = await c.request("/platby/navrat", {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { origin: "https://utocnik.example" },
      });
      assertEquals(res.status, 400);
      assertStringIncludes(await res.text(), "Výsledek platby nelze ověřit");
    }
    // Only that exact path: a neighbour is still guarded.
    const res = await c.request("/platby/navrat/", { method: "POST", body: "x=1" });
    assertNotMatch(String(res.status), /^2/);
    await res.body?.cancel();
    assertEquals(await signals(), before);
  },
});

Deno.test({
  name: "[security] a valid token from a foreign Origin is refused",
  ...opts,
  async fn() {
    const c = await client();
    const token = await c.csrfToken();
    const res = await c.post(
      "/prihlaseni",
      { identifier: DEMO_CLERK.username, password: DEMO_CLERK.password },
      {
        csrf: token,
        headers: { origin: "https://utocnik.example" },
      },
    );
    assertEquals(res.status, 403);
    await res.body?.cancel();
  },
});

Deno.test({
  name:
    "[security] a page with scripts carries a nonce CSP, one without scripts allows none; framing is refused",
  ...opts,
  async fn() {
    const c = await client();
    // The defect form hydrates an island: its scripts carry this response's nonce.
    const form = await c.get("/zivotni-situace/hlaseni-zavady/formular");
    const html = await form.text();
    const csp = form.headers.get("content-security-policy") ?? "";
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
    assert(nonce, `a nonce CSP: ${csp}`);
    assertStringIncludes(html, `nonce="${nonce}"`);
    // A reading page has no script at all, so it gets no nonce and may run none.
    const board = await c.get("/uredni-deska");
    assertNotMatch(await board.text(), /<script(?![^>]*type="application\/(ld\+)?json")/);
    const boardCsp = board.headers.get("content-security-policy") ?? "";
    assertStringIncludes(boardCsp, "script-src 'none'");
    for (const policy of [csp, boardCsp]) {
      assertNotMatch(policy, /unsafe-inline|unsafe-eval/);
      assertStringIncludes(policy, "frame-ancestors 'none'");
      assertStringIncludes(policy, "object-src 'none'");
    }
    assertEquals(board.headers.get("x-content-type-options"), "nosniff");
    assertEquals(board.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
    assertMatch(board.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  },
});

Deno.test({
  name: "[security] session and CSRF cookies are __Host-, HttpOnly, Secure and SameSite",
  ...opts,
  async fn() {
    const c = await client();
    const res = await c.loginClerk(); // the response of the SMS step sets the session
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((v) => v.startsWith(`${SESSION_COOKIE}=`));
    assert(session, "a session cookie is set at login");
    for (const flag of [/; HttpOnly/i, /; Secure/i, /; SameSite=Lax/i, /; Path=\//]) {
      assertMatch(session, flag);
    }
    assertNotMatch(session, /; Domain=/i);
    const fresh = await client();
    const reading = await fresh.get("/uredni-deska");
    await reading.body?.cancel();
    assertEquals(reading.headers.getSetCookie(), [], "a page without a form sets no cookie");
    const first = await fresh.get("/prihlaseni");
    await first.body?.cancel();
    const csrf = first.headers.getSetCookie().find((v) => v.startsWith("__Host-csrf="));
    assert(csrf, "a CSRF cookie is set with the first form");
    for (const flag of [/; HttpOnly/i, /; Secure/i, /; SameSite=Lax/i, /; Path=\//]) {
      assertMatch(csrf, flag);
    }
  },
});

Deno.test({
  name: "[security] forged, unsigned, expired and revoked session tokens do not sign anyone in",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const signedIn = await client();
    await signedIn.loginClerk();
    const real = signedIn.cookies.get(SESSION_COOKIE)!;
    const claims = JSON.parse(atob(real.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    const audience = `portal-obcana:${lipnice.id}`;

    const forged = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("not-the-server-secret-not-the-server-secret"));
    const unsigned = new UnsecuredJWT(claims).encode();
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })
      .setProtectedHeader({ alg: "HS256" })
      .sign(await derivedKey(config().sessionSecret, "session"));
    const wrongAudience = await new SignJWT({ ...claims, aud: "portal-obcana:someone-else" })
      .setProtectedHeader({ alg: "HS256" })
      .sign(await derivedKey(config().sessionSecret, "session"));
    assertEquals(claims.iss, SESSION_ISSUER);
    assertEquals(claims.aud, audience);

    for (const [what, token] of Object.entries({ forged, unsigned, expired, wrongAudience })) {
      const c = await client();
      const res = await c.get("/urad", { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
      await res.body?.cancel();
      assertEquals(res.status, 303, what);
      assertMatch(res.headers.get("location") ?? "", /^\/prihlaseni\?next=/, what);
    }

    // Logging out revokes the server-side row: the same (valid-looking) token stops working.
    const logout = await signedIn.post("/odhlaseni", {});
    assertEquals(logout.status, 303);
    const reuse = await (await client()).get("/urad", {
      headers: { cookie: `${SESSION_COOKIE}=${real}` },
    });
    await reuse.body?.cancel();
    assertEquals(reuse.status, 303);
  },
});

Deno.test({
  name: "[security] the clerk workspace needs a clerk, and the login never redirects off-site",
  ...opts,
  async fn() {
    const anonymous = await client();
    const res = await anonymous.get("/urad/uredni-deska/novy");
    await res.body?.cancel();
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/prihlaseni?next=%2Furad%2Furedni-deska%2Fnovy");
    for (const next of ["//utocnik.example/", "https://utocnik.example/", "/\\utocnik.example"]) {
      const c = await client();
      const login = await c.post("/prihlaseni", {
        identifier: DEMO_CITIZEN.username,
        password: DEMO_CITIZEN.password,
        next,
      });
      await login.body?.cancel();
      assertEquals(login.headers.get("location"), "/ucet", next);
    }
  },
});

Deno.test({
  name: "[security] logins and failed logins are in the audit log, without the password",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const c = await client();
    const failed = await c.post("/prihlaseni", {
      identifier: "urednik",
      password: "spatne-heslo-123",
    });
    assertEquals(failed.status, 401);
    assertStringIncludes(await failed.text(), "Přihlášení se nepodařilo");
    const rows = await getDb().selectFrom("audit_log").select(["action", "details", "request_id"])
      .where("tenant_id", "=", lipnice.id).where("action", "in", [
        "auth.login_failed",
        "auth.login",
      ])
      .orderBy("id", "desc").limit(20).execute();
    assert(rows.some((r) => r.action === "auth.login_failed"));
    assert(rows.some((r) => r.action === "auth.login"));
    assert(rows.every((r) => !JSON.stringify(r).includes("spatne-heslo")));
    assert(rows.every((r) => r.request_id !== null));
  },
});

Deno.test({
  name: "[security] an unknown host gets a Czech 404, and operator endpoints work without a town",
  ...opts,
  async fn() {
    await demoTowns();
    const c = await client("neznama-obec.example");
    const res = await c.get("/");
    assertEquals(res.status, 404);
    assertEquals(res.headers.get("content-type"), "text/html; charset=utf-8");
    assertStringIncludes(await res.text(), "Stránka nenalezena");
    const health = await c.get("/healthz");
    assertEquals(health.status, 200);
    assertEquals(await health.json(), { status: "ok" });
    const ready = await c.get("/readyz");
    assertEquals(ready.status, 200);
    const checks = (await ready.json()).checks;
    assertEquals(checks.database, true);
    assertEquals(typeof checks.outbox.pending, "number");
  },
});

Deno.test({
  name: "[security] a session ends after 30 idle minutes and after 8 hours in any case",
  ...opts,
  async fn() {
    for (
      const [what, change] of [
        ["idle", { last_seen_at: new Date(Date.now() - 31 * 60 * 1000) }],
        ["absolute", { expires_at: new Date(Date.now() - 1000) }],
      ] as const
    ) {
      const c = await signedInCitizen("lipnice");
      assertEquals((await c.get("/ucet")).status, 200, what);
      const token = c.cookies.get(SESSION_COOKIE)!;
      const sessionId: string = JSON.parse(
        atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")),
      ).sid;
      await getDb().updateTable("sessions").set(change).where("id", "=", sessionId).execute();
      const res = await c.get("/ucet");
      await res.body?.cancel();
      assertEquals(res.status, 303, what);
      assertMatch(res.headers.get("location") ?? "", /^\/prihlaseni/, what);
    }
  },
});
