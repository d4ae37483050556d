/**
 * Single sign-on into the town's agenda systems in Chromium (issue 16, part 3): the town's admin
 * registers the library's application at /urad/aplikace (axe at 1280 and 320 px; the secret is
 * shown once), the library's demo app "Moje výpůjčky" (scripts/library_app.ts) runs with it; a
 * citizen signed in to the portal opens the library app and gets in without a second login,
 * sees their name and loans; logging out of the portal ends the library app's session too
 * (back-channel logout through the outbox and the worker). A citizen withdraws a third-party
 * application's access at /ucet/aplikace; the admin sees the logout the application refused and
 * rotates its secret at /urad/aplikace/<id> (axe at each step, 320 px).
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  auditForeignPage,
  BrowserSuite,
  browserTest,
  choose,
  DEMO_ADMIN,
  followToForeignPage,
  pathOf,
  setChecked,
  shot,
  signIn,
  throughHandoff,
} from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { insertPerson } from "../support/people.ts";
import { waitFor } from "../support/wait.ts";
import { freePort } from "../../scripts/services/mod.ts";
import { getDb } from "../../lib/db.ts";
import { registerClient } from "../../app/oidc_clients.ts";
import { startLibraryApp } from "../../scripts/library_app.ts";

const suite = new BrowserSuite();
const shots = Deno.env.get("SCREENSHOT_DIR");

Deno.test({
  name:
    "[browser] the admin registers the library app; a signed-in citizen gets into it without a second login and the portal's logout ends its session",
  ...browserTest,
  async fn() {
    const libraryPort = freePort();
    const libraryOrigin = `http://localhost:${libraryPort}`;
    const admin = await suite.newPage({ width: 1280, height: 900 });
    let library: Deno.HttpServer | undefined;
    try {
      // The admin's registry: register a first-party client of the library agenda.
      await signIn(admin, DEMO_ADMIN);
      await admin.visit("/urad/aplikace");
      assertEquals(await admin.headings(1), ["Aplikace přihlašované přes portál"]);
      await admin.fill("Název aplikace (povinné)", "Městská knihovna – Moje výpůjčky");
      await admin.fill("Návratové adresy (redirect URI) (povinné)", `${libraryOrigin}/callback`);
      await admin.fill(
        "Adresa pro odhlášení (back-channel logout URI)",
        `${libraryOrigin}/backchannel-logout`,
      );
      await admin.fill("Adresy po odhlášení", `${libraryOrigin}/?odhlaseno`);
      await choose(admin, "Agenda aplikace", "Knihovna");
      await setChecked(admin, "Aplikace obce (občan nebude žádán o souhlas)");
      await admin.press("Registrovat aplikaci");
      const shown = await admin.mainText();
      assertStringIncludes(shown, "Aplikace „Městská knihovna – Moje výpůjčky“ je registrována.");
      assertStringIncludes(shown, "znovu jej nezobrazí");
      const codes = await admin.page.$$eval(
        ".client-credentials code",
        (els) => els.map((e) => (e as HTMLElement).innerText.trim()),
      );
      assertEquals(codes.length, 2, "client_id and secret shown");
      const [clientId, secret] = codes;
      if (shots) {
        await admin.page.screenshot({ path: `${shots}/aplikace-1280.png`, fullPage: true });
      }
      // The list afterwards: the secret is not there any more; also at 320 px.
      await admin.visit("/urad/aplikace");
      assert(!(await admin.mainText()).includes(secret), "the secret is shown once only");
      assertStringIncludes(await admin.mainText(), clientId);
      await admin.page.setViewport({ width: 320, height: 720 });
      await admin.visit("/urad/aplikace");
      assert(await admin.scrollWidth() <= 320, "the registry fits 320 px");
      if (shots) await admin.page.screenshot({ path: `${shots}/aplikace-320.png`, fullPage: true });

      const baseUrl = new URL(admin.url("/")).origin;
      library = startLibraryApp({
        port: libraryPort,
        issuer: `${baseUrl}/oidc`,
        clientId,
        clientSecret: secret,
        origin: libraryOrigin,
      });

      // A citizen signed in to the portal.
      const { lipnice } = await demoTowns();
      const person = await insertPerson(lipnice.id, {
        prefix: "knihovna",
        givenName: "Věra",
        familyName: "Čtenářová",
      });
      const p = await suite.newPage({ width: 1024, height: 768 });
      try {
        await signIn(p, { username: person.username, password: person.password });
        assertEquals(pathOf(p), "/ucet");

        // The library app: not signed in there yet.
        const first = await p.page.goto(`${libraryOrigin}/`, { waitUntil: "load" });
        await auditForeignPage(p, first!);
        assertEquals(await p.headings(1), ["Moje výpůjčky"]);
        // Its sign-in goes through the portal and comes straight back: no second login.
        await followToForeignPage(
          p,
          async () => (await p.link("Přihlásit se přes Portál občana")).click(),
        );
        assertEquals(new URL(p.page.url()).origin, libraryOrigin);
        const inside = await p.mainText();
        assertStringIncludes(inside, "Přihlášen(a): Věra Čtenářová");
        assertStringIncludes(inside, "Vypůjčené knihy");
        if (shots) await p.page.screenshot({ path: `${shots}/knihovna.png`, fullPage: true });
        await p.page.setViewport({ width: 320, height: 720 });
        const narrow = await p.page.reload({ waitUntil: "load" });
        await auditForeignPage(p, narrow!);
        await p.page.setViewport({ width: 1024, height: 768 });

        // Logging out of the portal ends the library's session (back-channel logout).
        await p.visit("/ucet");
        await p.press("Odhlásit se");
        await waitFor(async () => {
          const res = await p.page.goto(`${libraryOrigin}/`, { waitUntil: "load" });
          return res?.ok() && (await p.mainText()).includes("Přihlaste se účtem Portálu občana");
        }, { timeoutMs: 60_000, what: "the library app's session ended by the portal's logout" });
        assert(!(await p.mainText()).includes("Věra Čtenářová"));

        // Signing out of the portal from the library app (RP-initiated logout): the portal
        // asks (at 320 px too), then ends its session and sends the person back to the app.
        await signIn(p, { username: person.username, password: person.password });
        await p.page.goto(`${libraryOrigin}/`, { waitUntil: "load" });
        await followToForeignPage(
          p,
          async () => (await p.link("Přihlásit se přes Portál občana")).click(),
        );
        assertStringIncludes(await p.mainText(), "Přihlášen(a): Věra Čtenářová");
        await p.page.setViewport({ width: 320, height: 720 });
        await p.follow(async () => (await p.button("Odhlásit se i z Portálu občana")).click());
        assertEquals(pathOf(p), "/oidc/session/end");
        assertEquals(await p.headings(1), ["Odhlásit se z Portálu občana Lipnice nad Hájem?"]);
        const asked = await p.mainText();
        assertStringIncludes(asked, "Městská knihovna – Moje výpůjčky");
        assertStringIncludes(asked, `vás vrátíme do aplikace na adrese localhost:${libraryPort}`);
        assert(await p.scrollWidth() <= 320, "the confirmation fits 320 px");
        await shot(p, "oidc-end-session-320");
        // The portal's page saying so sends the browser straight back to the app (that page is
        // audited in the consent and NIA tests; here the refresh is followed, not held).
        await (await p.button("Ano, odhlásit se")).click();
        await p.page.waitForFunction(
          (origin) => location.origin === origin && document.readyState === "complete",
          { timeout: 30_000 },
          libraryOrigin,
        );
        assertEquals(new URL(p.page.url()).origin, libraryOrigin);
        assertStringIncludes(await p.mainText(), "Byli jste odhlášeni.");
        await p.visit("/prihlaseni");
        assertEquals(await p.headings(1), ["Přihlášení"]);
      } finally {
        await p.close();
      }
    } finally {
      await admin.close();
      await library?.shutdown();
    }
  },
});

Deno.test({
  name:
    "[browser] a third-party application gets a consent page in Czech that passes axe at 1024 and 320 px",
  ...browserTest,
  async fn() {
    const { lipnice } = await demoTowns();
    const admin = await getDb().selectFrom("clerks").select("id")
      .where("tenant_id", "=", lipnice.id).executeTakeFirstOrThrow();
    const registered = await registerClient({ db: getDb() }, {
      tenantId: lipnice.id,
      clerkId: admin.id,
      requestId: null,
    }, {
      name: "Svozová společnost – Moje popelnice",
      redirectUris: "http://127.0.0.1:9/callback",
      firstParty: "",
      agenda: "poplatky",
      backchannelLogoutUri: "",
      clientType: "public",
    });
    assert(registered.ok);
    const person = await insertPerson(lipnice.id, {
      prefix: "souhlas",
      givenName: "Jiří",
      familyName: "Souhlasný",
    });
    const p = await suite.newPage({ width: 1024, height: 768 });
    try {
      await signIn(p, { username: person.username, password: person.password });
      const q = new URLSearchParams({
        client_id: registered.clientId,
        response_type: "code",
        scope: "openid profile agendas",
        redirect_uri: "http://127.0.0.1:9/callback",
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        code_challenge_method: "S256",
        state: "souhlas",
      });
      await p.visit(`/oidc/auth?${q}`);
      assertEquals(pathOf(p).startsWith("/oidc/interaction/"), true);
      assertEquals(await p.headings(1), ["Povolit aplikaci přístup?"]);
      const text = await p.mainText();
      assertStringIncludes(text, "Svozová společnost – Moje popelnice");
      assertStringIncludes(text, "zda máte oprávnění pro agendu Poplatky a odpady");
      await p.button("Povolit");
      await p.button("Nepovolit");
      if (shots) await p.page.screenshot({ path: `${shots}/souhlas-1024.png`, fullPage: true });
      await p.page.setViewport({ width: 320, height: 720 });
      const narrow = await p.page.reload({ waitUntil: "load" });
      await p.audit(narrow!);
      assert(await p.scrollWidth() <= 320, "the consent page fits 320 px");
      if (shots) await p.page.screenshot({ path: `${shots}/souhlas-320.png`, fullPage: true });
    } finally {
      await p.close();
    }
  },
});

Deno.test({
  name:
    "[browser] a citizen withdraws an application's access at /ucet/aplikace; the admin sees its failed logout and rotates its secret (axe, 320 px)",
  ...browserTest,
  async fn() {
    let logouts = 0;
    // The application: a page after sign-in, and a back-channel logout URI that refuses (400).
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
      await req.body?.cancel();
      if (new URL(req.url).pathname === "/backchannel") {
        logouts++;
        return new Response("invalid_request", { status: 400 });
      }
      return new Response(
        `<!doctype html><html lang="cs"><head><meta charset="utf-8"><title>Moje popelnice</title>` +
          `</head><body><main><h1>Moje popelnice</h1><p>Přihlášeno.</p></main></body></html>`,
        { headers: { "content-type": "text/html; charset=utf-8" } },
      );
    });
    const origin = `http://127.0.0.1:${server.addr.port}`;
    const { lipnice } = await demoTowns();
    const clerk = await getDb().selectFrom("clerks").select("id")
      .where("tenant_id", "=", lipnice.id).executeTakeFirstOrThrow();
    const name = `Moje popelnice ${crypto.randomUUID().slice(0, 4)}`;
    const registered = await registerClient({ db: getDb() }, {
      tenantId: lipnice.id,
      clerkId: clerk.id,
      requestId: null,
    }, {
      name,
      redirectUris: `${origin}/callback`,
      firstParty: "",
      agenda: "poplatky",
      backchannelLogoutUri: `${origin}/backchannel`,
      clientType: "confidential",
    });
    assert(registered.ok);
    const person = await insertPerson(lipnice.id, {
      prefix: "odvolani",
      givenName: "Hana",
      familyName: "Odvolávající",
    });
    const p = await suite.newPage({ width: 1024, height: 768 });
    const admin = await suite.newPage({ width: 1280, height: 900 });
    try {
      await signIn(p, { username: person.username, password: person.password });
      const q = new URLSearchParams({
        client_id: registered.clientId,
        response_type: "code",
        scope: "openid profile agendas",
        redirect_uri: `${origin}/callback`,
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        code_challenge_method: "S256",
        state: "odvolani",
      });
      await p.visit(`/oidc/auth?${q}`);
      assertEquals(await p.headings(1), ["Povolit aplikaci přístup?"]);
      // Through the hand-off page: the consent's POST cannot itself end at the application.
      await throughHandoff(
        p,
        async () => (await p.button("Povolit")).click(),
        (url) => url.includes("/oidc/auth/"),
        "Pokračovat do aplikace",
      );
      assertEquals(new URL(p.page.url()).origin, origin);

      // The account: the application, what it learns, when it last signed in; 320 px too.
      await p.visit("/ucet");
      await p.followLink("Aplikace, do kterých se přihlašuji přes portál");
      assertEquals(await p.headings(1), ["Aplikace přihlašované přes portál"]);
      assertEquals((await p.headings(2))[0], name);
      const listed = await p.mainText();
      assertStringIncludes(listed, "vaše jméno a příjmení");
      assertStringIncludes(listed, "zda máte oprávnění pro agendu Poplatky a odpady");
      assertStringIncludes(listed, "Naposledy jste se přihlásili");
      if (shots) {
        await p.page.screenshot({ path: `${shots}/ucet-aplikace-1024.png`, fullPage: true });
      }
      await p.page.setViewport({ width: 320, height: 720 });
      await p.audit((await p.page.reload({ waitUntil: "load" }))!);
      assert(await p.scrollWidth() <= 320, "the page fits 320 px");
      if (shots) {
        await p.page.screenshot({ path: `${shots}/ucet-aplikace-320.png`, fullPage: true });
      }

      // "Odebrat přístup", confirmed.
      await p.press(`Odebrat přístup: ${name}`);
      assertEquals(await p.headings(1), [`Opravdu odebrat přístup aplikaci „${name}“?`]);
      assert(await p.scrollWidth() <= 320, "the confirmation fits 320 px");
      if (shots) {
        await p.page.screenshot({
          path: `${shots}/ucet-aplikace-potvrzeni-320.png`,
          fullPage: true,
        });
      }
      await p.press("Ano, odebrat přístup");
      assertEquals(pathOf(p), "/ucet/aplikace");
      const after = await p.mainText();
      assertStringIncludes(after, "Přístup aplikace je odebrán.");
      assert(!after.includes(name), "the application is gone from the list");
      if (shots) await p.page.screenshot({ path: `${shots}/ucet-aplikace-odebrano-320.png` });

      // The application refused the logout token: the admin sees the failed delivery.
      await waitFor(async () => {
        const d = await getDb().selectFrom("oidc_logout_deliveries").select("status")
          .where("client_id", "=", registered.clientId).executeTakeFirst();
        return d?.status === "failed";
      }, { timeoutMs: 60_000, what: "the logout delivery marked failed" });
      assertEquals(logouts, 1);
      await signIn(admin, DEMO_ADMIN);
      await admin.visit("/urad/aplikace");
      await admin.followLink(name);
      assertEquals(await admin.headings(1), [name]);
      assertStringIncludes(await admin.mainText(), "client answered 400");
      if (shots) await admin.page.screenshot({ path: `${shots}/aplikace-detail-1280.png` });
      // The secret leaked: the tokens issued so far go with it.
      await setChecked(
        admin,
        "Zneplatnit i tokeny vydané dosud (když klíč unikl): uživatelé aplikace se budou muset přihlásit znovu",
      );
      await admin.press("Vyměnit tajný klíč");
      assertEquals(await admin.headings(1), [`Opravdu vyměnit tajný klíč aplikace „${name}“?`]);
      assertStringIncludes(await admin.mainText(), "obnovovací tokeny");
      if (shots) await admin.page.screenshot({ path: `${shots}/aplikace-potvrzeni-1280.png` });
      await admin.press("Ano, vyměnit tajný klíč");
      assertStringIncludes(await admin.mainText(), `Aplikace „${name}“ má nový tajný klíč.`);
      if (shots) await admin.page.screenshot({ path: `${shots}/aplikace-novy-klic-1280.png` });
      await admin.page.setViewport({ width: 320, height: 720 });
      await admin.visit(`/urad/aplikace/${registered.id}`);
      assert(await admin.scrollWidth() <= 320, "the client's page fits 320 px");
      if (shots) {
        await admin.page.screenshot({ path: `${shots}/aplikace-detail-320.png`, fullPage: true });
      }
    } finally {
      await p.close();
      await admin.close();
      await server.shutdown();
    }
  },
});
