/**
 * Single sign-on into the town's agenda systems in Chromium (issue 16, part 3): the town's admin
 * registers the library's application at /urad/aplikace (axe at 1280 and 320 px; the secret is
 * shown once), the library's demo app "Moje výpůjčky" (scripts/library_app.ts) runs with it; a
 * citizen signed in to the portal opens the library app and gets in without a second login,
 * sees their name and loans; logging out of the portal ends the library app's session too
 * (back-channel logout through the outbox and the worker).
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
  signIn,
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
