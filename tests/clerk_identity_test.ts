/**
 * The office's identity work end to end: a clerk finds a citizen, checks an ID document in
 * person and grants an agenda (the citizen's account shows it), every view of the person is
 * audited, bad input is refused in Czech; the town's administrator creates a clerk who signs in
 * with an SMS code and sees only what the roles allow, changes roles, deactivates (ending the
 * clerk's sessions); and nothing of another town is ever visible.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { maildevUrl } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { DEMO_ADMIN } from "../db/seeds/demo.ts";
import { sql } from "kysely";
import { addContact, insertPerson } from "../db/repositories/persons.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };
const run = crypto.randomUUID().slice(0, 6);
const randomPhone = () => `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
const ADMIN = [DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone] as const;

async function clerkId(tenantId: string, username: string): Promise<string> {
  const row = await getDb().selectFrom("clerks").select("id")
    .where("tenant_id", "=", tenantId).where("username", "=", username)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function status(c: TestClient, path: string): Promise<number> {
  const res = await c.get(path);
  await res.body?.cancel();
  return res.status;
}

async function liveGrants(personId: string) {
  return await getDb().selectFrom("agenda_authorizations").selectAll()
    .where("person_id", "=", personId).where("revoked_at", "is", null).execute();
}

Deno.test({
  name: "[clerk identity] a clerk finds a citizen, checks an ID document and grants an agenda",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const clerk = await client();
    await clerk.loginClerk(); // "urednik": roles notices and identity
    const urednik = await clerkId(lipnice.id, "urednik");

    const found = await clerk.get("/urad/osoby?q=tomas.horak%40example.cz");
    assertEquals(found.status, 200);
    assertMatch(found.headers.get("content-type") ?? "", /^text\/html/);
    const list = await found.text();
    assertStringIncludes(list, "Tomáš Horák");
    assertStringIncludes(list, "tomas.horak.1001");
    const personId = /href="\/urad\/osoby\/([0-9a-f-]{36})"/.exec(list)?.[1];
    assert(personId, "the result links to the person");
    // Without diacritics, surname first, by phone: the same person.
    for (const q of ["horak tomas", "777 111 222"]) {
      assertStringIncludes(await clerk.page(`/urad/osoby?q=${encodeURIComponent(q)}`), personId);
    }
    const tooShort = await clerk.get("/urad/osoby?q=ho");
    assertEquals(tooShort.status, 422);
    assertStringIncludes(
      await tooShort.text(),
      "Text je příliš krátký, nejmenší počet znaků je 3.",
    );

    const person = await db.selectFrom("persons").select("birth_date")
      .where("id", "=", personId).executeTakeFirstOrThrow();
    const viewsBefore = await db.selectFrom("audit_log").select("id")
      .where("action", "=", "person.viewed").where("subject_id", "=", personId).execute();
    const detail = await clerk.page(`/urad/osoby/${personId}`);
    assertStringIncludes(detail, "tomas.horak.1001");
    assertStringIncludes(detail, "tomas.horak@example.cz");
    const views = await db.selectFrom("audit_log").selectAll()
      .where("action", "=", "person.viewed").where("subject_id", "=", personId).execute();
    assertEquals(views.length, viewsBefore.length + 1, "the view is in the audit log");
    const view = views.at(-1)!;
    assertEquals([view.actor_type, view.actor_id, view.subject_type], [
      "clerk",
      urednik,
      "person",
    ]);

    // No confirmation, markup in the number: refused in Czech, nothing stored.
    const bad = await clerk.post(`/urad/osoby/${personId}`, {
      action: "grant",
      agenda: "poplatky",
      documentType: "id_card",
      documentNumber: "<b>203414821</b>",
      birthDate: "2999-01-01",
    });
    assertEquals(bad.status, 422);
    const badHtml = await bad.text();
    assertStringIncludes(badHtml, "Formulář obsahuje chyby");
    assertStringIncludes(badHtml, "Pole nesmí obsahovat HTML značky ani entity.");
    assertStringIncludes(badHtml, "Potvrďte prosím, že jste totožnost ověřil(a) podle dokladu.");
    if (person.birth_date === null) {
      assertStringIncludes(badHtml, "Datum narození musí být v minulosti.");
    }
    assert(!badHtml.includes("<b>203414821</b>"), "markup is escaped");
    assertEquals(await liveGrants(personId), []);

    const grant = {
      action: "grant",
      agenda: "poplatky",
      documentType: "id_card",
      documentNumber: "203 414 821",
      birthDate: "1984-03-15",
      confirmed: "on",
    };
    const grantedBefore = await db.selectFrom("audit_log").select("id")
      .where("action", "=", "authorization.granted").where("subject_id", "=", personId).execute();
    const ok = await clerk.post(`/urad/osoby/${personId}`, grant);
    assertEquals(ok.status, 303);
    assertEquals(ok.headers.get("location"), `/urad/osoby/${personId}?udeleno=poplatky`);
    const again = await clerk.post(`/urad/osoby/${personId}`, grant); // a double submit
    assertEquals(again.status, 303);
    assertEquals(again.headers.get("location"), `/urad/osoby/${personId}?jiz-udeleno=poplatky`);
    const grants = await liveGrants(personId);
    assertEquals(grants.length, 1, "one authorization");
    assertEquals(
      [grants[0].agenda, grants[0].source, grants[0].granted_by, grants[0].evidence],
      ["poplatky", "clerk", urednik, "občanský průkaz …4821"],
    );
    const leaked = await db.selectFrom("audit_log").select("id")
      .where(sql<boolean>`details::text like '%414821%' or details::text like '%414 821%'`)
      .execute();
    assertEquals(leaked, [], "the full document number is stored nowhere");
    // Only this test's entries: other suites may have granted him other agendas before.
    const known = new Set(grantedBefore.map((r) => r.id));
    const granted = (await db.selectFrom("audit_log").selectAll()
      .where("action", "=", "authorization.granted").where("subject_id", "=", personId)
      .execute()).filter((r) => !known.has(r.id));
    assertEquals(granted.length, 1, "the double submit is audited once");
    assertEquals(granted[0].actor_id, urednik);
    assertEquals(granted[0].details, { agenda: "poplatky", documentType: "id_card" });
    const shown = await clerk.page(`/urad/osoby/${personId}?udeleno=poplatky`);
    assertStringIncludes(shown, "Oprávnění k agendě Poplatky a odpady bylo uděleno.");
    assertStringIncludes(shown, "podle dokladu občanský průkaz …4821");

    const citizen = await client();
    await citizen.loginCitizen();
    assertMatch(
      await citizen.page("/ucet"),
      /Poplatky a odpady<\/strong>:\s*oprávnění uděleno na úřadě/,
    );

    // Revoking needs a reason; then the account shows the agenda without authorization again.
    const noReason = await clerk.post(`/urad/osoby/${personId}`, {
      action: "revoke",
      authorization: grants[0].id,
      reason: "",
    });
    assertEquals(noReason.status, 422);
    assertStringIncludes(await noReason.text(), "Vyplňte prosím toto pole.");
    const revoked = await clerk.post(`/urad/osoby/${personId}`, {
      action: "revoke",
      authorization: grants[0].id,
      reason: "Udělено omylem.",
      _confirm: "ano",
    });
    assertEquals(revoked.status, 303);
    assertEquals(revoked.headers.get("location"), `/urad/osoby/${personId}?odvolano=poplatky`);
    assertEquals(await liveGrants(personId), []);
    const revokedRow = await db.selectFrom("agenda_authorizations")
      .select(["revoked_reason", "revoked_by"]).where("id", "=", grants[0].id)
      .executeTakeFirstOrThrow();
    assertEquals(revokedRow.revoked_reason, "Udělено omylem.");
    assert(revokedRow.revoked_by !== null, "who revoked it is kept");
    assertMatch(await citizen.page("/ucet"), /Poplatky a odpady<\/strong>:\s*bez oprávnění/);
    if (person.birth_date === null) {
      // The demo citizen is shared with other suites: leave him as the seed made him.
      await db.updateTable("persons").set({ birth_date: null }).where("id", "=", personId)
        .execute();
    }
  },
});

Deno.test({
  name:
    "[clerk identity] the admin creates a clerk, who sees only what the roles allow until deactivated",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const admin = await client();
    await admin.loginClerk(...ADMIN);
    const adminId = await clerkId(lipnice.id, "spravce");
    assertStringIncludes(await admin.page("/urad"), 'href="/urad/urednici"');
    const list = await admin.page("/urad/urednici");
    assertStringIncludes(list, "urednik");
    const count = async () =>
      Number(
        (await db.selectFrom("clerks").select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()).n,
      );
    const before = await count();

    const bad = await admin.post("/urad/urednici/novy", {
      displayName: "<i>Jana</i>",
      username: "Jana Nová",
      email: `${"x".repeat(300)}@example.cz`,
      phone: "",
      password: "kratke",
      passwordAgain: "kratke",
      roles: "superuser",
    });
    assertEquals(bad.status, 422);
    const badHtml = await bad.text();
    for (
      const message of [
        "Pole nesmí obsahovat HTML značky ani entity.",
        "Uživatelské jméno smí obsahovat jen malá písmena bez diakritiky",
        "Zadejte platnou e-mailovou adresu",
        "Vyplňte prosím toto pole.",
        "Heslo musí mít alespoň 12 znaků.",
        "Vyberte jednu z nabízených možností.",
      ]
    ) assertStringIncludes(badHtml, message);
    assertEquals(await count(), before);

    const username = `deska.${run}`;
    const phone = randomPhone();
    const password = "Vodni-mlyn-pod-hrazi";
    const fields = {
      displayName: "Jana Nováková",
      username,
      email: `${username}@lipnice-nad-hajem.example`,
      phone,
      password,
      passwordAgain: password,
      roles: "notices",
    };
    const taken = await admin.post("/urad/urednici/novy", { ...fields, username: "urednik" });
    assertEquals(taken.status, 422);
    assertStringIncludes(await taken.text(), "Toto uživatelské jméno už v obci používá jiný účet.");
    // A name shaped like a citizen's generated one is refused, so neither can shadow the other.
    const citizenLike = await admin.post("/urad/urednici/novy", {
      ...fields,
      username: "tomas.horak.1001",
    });
    assertEquals(citizenLike.status, 422);
    assertStringIncludes(await citizenLike.text(), "tak vypadají jména občanů");
    const created = await admin.post("/urad/urednici/novy", fields);
    assertEquals(created.status, 303);
    const location = created.headers.get("location") ?? "";
    assertMatch(location, /^\/urad\/urednici\/[0-9a-f-]{36}\?zalozeno=1$/);
    const newId = location.split("/")[3].split("?")[0];
    const twice = await admin.post("/urad/urednici/novy", fields);
    assertEquals(twice.status, 422, "a second submit creates no second account");
    assertEquals(await count(), before + 1);
    const row = await db.selectFrom("clerks").selectAll().where("id", "=", newId)
      .executeTakeFirstOrThrow();
    assertEquals([row.tenant_id, row.username, row.phone, row.roles, row.active], [
      lipnice.id,
      username,
      phone,
      ["notices"],
      true,
    ]);
    assertMatch(row.password_hash, /^\$argon2id\$/);
    const audits = await db.selectFrom("audit_log").selectAll().where("subject_id", "=", newId)
      .execute();
    assertEquals(audits.map((a) => [a.action, a.actor_id]), [["clerk.created", adminId]]);
    assert(!JSON.stringify(audits).includes(password), "no password in the audit log");

    // The new clerk signs in with an SMS code and may post notices, nothing more.
    const clerk = await client();
    await clerk.loginClerk(username, password, phone);
    // First the administrator's password is replaced (tests/clerk_accounts_test.ts).
    const own = await clerk.post("/urad/heslo", {
      currentPassword: password,
      password: `${password}-vlastni`,
      passwordAgain: `${password}-vlastni`,
    });
    assertEquals(own.status, 303);
    await own.body?.cancel();
    const home = await clerk.page("/urad");
    assert(!home.includes('href="/urad/osoby"'), "no link to what the roles do not allow");
    assertEquals(await status(clerk, "/urad/uredni-deska/novy"), 200);
    const forbidden = await clerk.get("/urad/osoby");
    assertEquals(forbidden.status, 403);
    assertStringIncludes(await forbidden.text(), "Přístup odepřen");
    assertEquals(await status(clerk, "/urad/urednici"), 403);
    assertEquals(await status(clerk, `/urad/urednici/${newId}`), 403);

    // New roles apply at the clerk's next request.
    const roles = new URLSearchParams({ action: "roles", _csrf: await admin.csrfToken() });
    roles.append("roles", "identity");
    roles.append("roles", "agenda:voda");
    const changed = await admin.request(`/urad/urednici/${newId}`, {
      method: "POST",
      body: roles,
    });
    assertEquals(changed.status, 303);
    assertEquals(await status(clerk, "/urad/osoby"), 200);
    assertEquals(await status(clerk, "/urad/uredni-deska/novy"), 403);
    const noRole = await admin.post(`/urad/urednici/${newId}`, { action: "roles" });
    assertEquals(noRole.status, 422);
    assertStringIncludes(await noRole.text(), "Vyberte alespoň jednu roli.");

    // The admin cannot lock themselves out.
    const ownRole = await admin.post(`/urad/urednici/${adminId}`, {
      action: "roles",
      roles: "notices",
    });
    assertEquals(ownRole.status, 409);
    assertStringIncludes(await ownRole.text(), "Sami sobě roli Správce odebrat nemůžete.");
    const ownAccount = await admin.post(`/urad/urednici/${adminId}`, { action: "deactivate" });
    assertEquals(ownAccount.status, 409);
    assertStringIncludes(await ownAccount.text(), "Vlastní účet deaktivovat nemůžete.");
    const adminRow = await db.selectFrom("clerks").select(["roles", "active"])
      .where("id", "=", adminId).executeTakeFirstOrThrow();
    assertEquals(adminRow, { roles: ["notices", "identity", "admin"], active: true });

    // Deactivation ends the clerk's session at once, and the password no longer works.
    const off = await admin.post(`/urad/urednici/${newId}`, {
      action: "deactivate",
      deactivateReason: "Odchod z úřadu",
      _confirm: "ano",
    });
    assertEquals(off.status, 303);
    const after = await clerk.get("/urad");
    await after.body?.cancel();
    assertEquals(after.status, 303);
    assertMatch(after.headers.get("location") ?? "", /^\/prihlaseni/);
    const live = await db.selectFrom("sessions").select("id").where("clerk_id", "=", newId)
      .where("revoked_at", "is", null).execute();
    assertEquals(live, []);
    const relogin = await (await client()).post("/prihlaseni", { identifier: username, password });
    assertEquals(relogin.status, 401);
    await relogin.body?.cancel();
    assertStringIncludes(await admin.page("/urad/urednici"), "účet je deaktivován");

    const on = await admin.post(`/urad/urednici/${newId}`, { action: "reactivate" });
    assertEquals(on.status, 303);
    const history = await db.selectFrom("audit_log").select("action")
      .where("subject_id", "=", newId).orderBy("id").execute();
    assertEquals(history.map((h) => h.action), [
      "clerk.created",
      "clerk.password_changed",
      "clerk.roles_changed",
      "clerk.deactivated",
      "clerk.reactivated",
    ]);
    assertStringIncludes(await admin.page(`/urad/urednici/${newId}`), "Účet znovu aktivován");
  },
});

Deno.test({
  name:
    "[clerk identity] a clerk of Lipnice sees nothing of Dubová: not its people, not its clerks",
  ...opts,
  async fn() {
    const { lipnice, dubova } = await demoTowns();
    const db = getDb();
    const email = `zdenka.${run}@example.cz`;
    const stranger = await insertPerson(db, dubova.id, {
      username: `zdenka.dubska.${run}`,
      givenName: "Zdeňka",
      familyName: "Dubská",
      passwordHash: null,
      status: "active",
    });
    await addContact(db, dubova.id, stranger, "email", email, true);
    const dubovaClerk = await db.selectFrom("clerks").select("id")
      .where("tenant_id", "=", dubova.id).executeTakeFirst();

    const admin = await client();
    await admin.loginClerk(...ADMIN);
    const viewsBefore = await db.selectFrom("audit_log").select("id")
      .where("subject_id", "=", stranger).execute();
    for (const path of [`/urad/osoby/${stranger}`, "/urad/osoby/nejake-id"]) {
      const res = await admin.get(path);
      assertEquals(res.status, 404, path);
      assertStringIncludes(await res.text(), "Stránka nenalezena");
    }
    const grant = await admin.post(`/urad/osoby/${stranger}`, {
      action: "grant",
      agenda: "voda",
      documentType: "passport",
      documentNumber: "45100457",
      birthDate: "1970-01-01",
      confirmed: "on",
    });
    assertEquals(grant.status, 404);
    await grant.body?.cancel();
    assertEquals(await liveGrants(stranger), []);
    for (const q of [email, "Dubská", `zdenka.dubska.${run}`]) {
      const html = await admin.page(`/urad/osoby?q=${encodeURIComponent(q)}`);
      assert(!html.includes(stranger), q);
      assertStringIncludes(html, "Hledání neodpovídá žádná osoba.");
    }
    assertEquals(
      (await db.selectFrom("audit_log").select("id").where("subject_id", "=", stranger).execute())
        .length,
      viewsBefore.length,
      "no view was recorded: there was nothing to see",
    );

    if (dubovaClerk) {
      assertEquals(await status(admin, `/urad/urednici/${dubovaClerk.id}`), 404);
      const off = await admin.post(`/urad/urednici/${dubovaClerk.id}`, {
        action: "deactivate",
        deactivateReason: "Pokus o cizí účet",
      });
      assertEquals(off.status, 404);
      await off.body?.cancel();
      const row = await db.selectFrom("clerks").select("active").where("id", "=", dubovaClerk.id)
        .executeTakeFirstOrThrow();
      assertEquals(row.active, true);
      assert(!(await admin.page("/urad/urednici")).includes(dubovaClerk.id));
    }

    // The Lipnice session means nothing on Dubová's host.
    const elsewhere = await client("dubova.localhost");
    for (const [name, value] of admin.cookies) elsewhere.cookies.set(name, value);
    const res = await elsewhere.get("/urad/osoby");
    await res.body?.cancel();
    assertEquals(res.status, 303);
    assertMatch(res.headers.get("location") ?? "", /^\/prihlaseni/);
    assert(lipnice.id !== dubova.id);
  },
});
