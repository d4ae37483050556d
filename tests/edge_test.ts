/**
 * The web edge of issue 7, on the portal itself: redirect targets from input, the Host header,
 * links in e-mails from the town's configured origin, caching of personal responses, a
 * download's own CSP, and the rate limits of anonymous forms that cause work.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared, testApp } from "./support/app.ts";
import { maildevUrl, watchHeldInbox } from "./support/maildev.ts";
import { CONTROL_CHARACTERS, hex } from "../lib/web/testdata/characters.ts";
import { DEMO_CITIZENS } from "../db/seeds/demo.ts";
import { getDb } from "../lib/db.ts";
import { tenantOrigin } from "../lib/http/tenant.ts";
import { enforceAnonymousForm, RateLimitedError } from "../lib/http/ratelimit.ts";
import { RATE_LIMITS } from "../lib/http/ratelimit_backend.ts";
import type { Context as HonoContext } from "hono";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };
const CITIZEN = DEMO_CITIZENS[0];

Deno.test({
  name: "[edge] a sign-in with a control character or another site in next lands on /ucet",
  ...opts,
  async fn() {
    const c = await client();
    const targets = [
      ...CONTROL_CHARACTERS.map((ch) => `/${ch}/evil.example`),
      "//evil.example",
      "/\\evil.example",
      "/%2F/evil.example",
      "https://evil.example/",
    ];
    for (const next of targets) {
      const res = await c.post("/prihlaseni", {
        identifier: CITIZEN.username,
        password: CITIZEN.password,
        next,
      });
      await res.body?.cancel();
      // A next the edge refuses outright (a control character in a form field) is a 400 before
      // anything else happens; any other is replaced by the default.
      if (res.status === 400) continue;
      assertEquals(res.status, 303, JSON.stringify(next));
      assertEquals(res.headers.get("location"), "/ucet", hex(next[1]) + JSON.stringify(next));
    }
    const switched = await c.post("/ucet/jednat-za", {
      representation: "self",
      next: "/\t/evil.example",
    });
    await switched.body?.cancel();
    assertEquals(switched.status, 303);
    assertEquals(switched.headers.get("location"), "/ucet");
    for (const start of ["/prihlaseni/nia", "/prihlaseni/oidc/bankid"]) {
      const link = await c.get(`${start}?next=${encodeURIComponent("/\v/evil.example")}`);
      await link.body?.cancel();
      assert(link.status < 500, `the identity-provider link answered ${link.status}`);
      // NIA's tile link: the foreign `next` never travels on as the RelayState.
      const to = link.headers.get("location");
      if (start === "/prihlaseni/nia" && to) {
        assertEquals(new URL(to).searchParams.get("RelayState"), "/ucet");
      }
    }
  },
});

Deno.test({
  name: "[edge] a malformed Host is a Czech 400 on every path, an unknown one a 404 page",
  ...opts,
  async fn() {
    await demoTowns();
    const app = testApp();
    for (const path of ["/", "/healthz", "/uredni-deska", "/prihlaseni"]) {
      for (const host of ["localhost:abc", "local host", "[::1", "localhost:99999"]) {
        const res = await app.fetch(new Request(`http://localhost${path}`, { headers: { host } }));
        assertEquals(res.status, 400, `${host} ${path}`);
        assertStringIncludes(await res.text(), "Chybný požadavek");
      }
    }
    // An absolute-form target naming the other town does not choose it over Host.
    const absolute = await app.fetch(
      new Request("http://dubova.localhost/uredni-deska", { headers: { host: "localhost" } }),
    );
    await absolute.body?.cancel();
    assertEquals(absolute.status, 400);
    const unknown = await app.fetch(
      new Request("http://nikde.example/", { headers: { host: "nikde.example" } }),
    );
    assertEquals(unknown.status, 404);
    assertStringIncludes(await unknown.text(), "Pro tuto adresu není nastavena žádná obec.");
    const long = await (await client()).get(`/uredni-deska/${"a".repeat(300)}`);
    assertEquals(long.status, 404);
    assertStringIncludes(await long.text(), "Stránka nenalezena");
    for (const query of ["?q=%00", "?agenda=%00", "?q=%FF"]) {
      const res = await (await client()).get(`/uredni-deska${query}`);
      assertEquals(res.status, 400, query);
      assertMatch(await res.text(), /nepovolené řídicí znaky|není platně zakódován/);
    }
  },
});

Deno.test({
  name: "[edge] the password-reset link comes from the town's origin, not from the request's Host",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const c = await client("localhost:6666");
    const nextMail = await watchHeldInbox(CITIZEN.email);
    const res = await c.post("/zapomenute-heslo", { identifier: CITIZEN.email });
    await res.body?.cancel();
    assertEquals(res.status, 200);
    const mail = await nextMail();
    const link = /(https?:\/\/[^\s/]+)\/obnova-hesla\?/.exec(mail.text)?.[1];
    assertEquals(link, tenantOrigin(lipnice));
    assert(!mail.text.includes(":6666"), "the request's port is not in the e-mail");
  },
});

Deno.test({
  name: "[edge] personal pages and every response to a session are private, no-store",
  ...opts,
  async fn() {
    const anonymous = await client();
    const board = await anonymous.get("/uredni-deska");
    await board.body?.cancel();
    assert(
      board.headers.get("cache-control") !== "private, no-store",
      "public pages stay cacheable",
    );
    const c = await client();
    await c.loginCitizen(CITIZEN.username, CITIZEN.password);
    for (const path of ["/ucet", "/uredni-deska", "/", "/ucet/nastaveni"]) {
      const res = await c.get(path);
      await res.body?.cancel();
      assertEquals(res.headers.get("cache-control"), "private, no-store", path);
    }
    const redirect = await anonymous.get("/urad");
    await redirect.body?.cancel();
    assertEquals(redirect.headers.get("cache-control"), "private, no-store", "/urad");
  },
});

Deno.test({
  name: "[edge] a representation document keeps its own strict CSP",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const person = await db.selectFrom("persons").select("id").where("tenant_id", "=", lipnice.id)
      .where("username", "=", CITIZEN.username).executeTakeFirstOrThrow();
    const representation = await db.insertInto("representations").values({
      tenant_id: lipnice.id,
      idempotency_key: `edge-${crypto.randomUUID()}`,
      representative_id: person.id,
      kind: "power_of_attorney",
      represented_name: "Zdeňka Horáková",
      scope: ["poplatky"],
      document_name: "plná\u000bmoc\u202e.pdf",
      document_type: "application/pdf",
      document: new TextEncoder().encode("%PDF-1.4 plná moc"),
    }).returning("id").executeTakeFirstOrThrow();
    const c = await client();
    await c.loginCitizen(CITIZEN.username, CITIZEN.password);
    const res = await c.get(`/ucet/zastoupeni/${representation.id}/dokument`);
    await res.body?.cancel();
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("content-security-policy"), "default-src 'none'; sandbox");
    assertEquals(res.headers.get("cache-control"), "private, no-store");
    assertMatch(res.headers.get("content-disposition") ?? "", /^attachment; filename="[ -~]+"/);
  },
});

Deno.test({
  name: "[edge] anonymous forms are limited per address and per town",
  ...opts,
  async fn() {
    const previous = Deno.env.get("TRUST_PROXY");
    Deno.env.set("TRUST_PROXY", "1");
    try {
      const fake = (ip: string, tenantId: string) => ({
        hono: {
          req: { raw: new Request("http://localhost/", { headers: { "x-forwarded-for": ip } }) },
          header: () => {},
        } as unknown as HonoContext,
        state: { tenant: { id: tenantId } },
      });
      const refused = async (ctx: ReturnType<typeof fake>) => {
        try {
          await enforceAnonymousForm(ctx, "accessibility-report");
          return false;
        } catch (error) {
          if (error instanceof RateLimitedError) return true;
          throw error;
        }
      };
      const town = crypto.randomUUID();
      const perAddress = RATE_LIMITS.anonymousFormIp.tokens;
      for (let i = 0; i < perAddress; i++) assert(!await refused(fake("192.0.2.1", town)));
      assert(await refused(fake("192.0.2.1", town)), "one address: refused after its tokens");
      assert(!await refused(fake("192.0.2.2", town)), "another address still may");
      const other = crypto.randomUUID();
      let refusals = 0;
      for (let i = 0; i < RATE_LIMITS.anonymousFormTenant.tokens + 5; i++) {
        if (await refused(fake(`198.51.${i >> 8}.${i & 255}`, other))) refusals++;
      }
      assertEquals(refusals, 5, "many addresses: the town's bucket runs out");
    } finally {
      if (previous === undefined) Deno.env.delete("TRUST_PROXY");
      else Deno.env.set("TRUST_PROXY", previous);
    }
  },
});
