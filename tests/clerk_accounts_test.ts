/**
 * Clerk accounts (issue 10, item 7): the administrator creates a clerk, who gets a welcome e-mail
 * (where to sign in, that the administrator's password must be changed; never the password),
 * signs in with the password and the SMS code and is kept on the password page until the
 * administrator's password is replaced by one that meets the rules and is not the same; the
 * administrator sees when each clerk last signed in ("nikdy" until the first time). And
 * (item 9) the clerk's case and notice pages name the case's workflow, with a link to the
 * Temporal UI for operators.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { maildevUrl, watchInbox } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { DEMO_ADMIN } from "../db/seeds/demo.ts";
import { config } from "../lib/config.ts";
import { temporalUiWorkflowLink } from "../domain/workflows.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };
const run = crypto.randomUUID().slice(0, 6);
const randomPhone = () => `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

async function redirectOf(res: Response | Promise<Response>) {
  const r = await res;
  await r.body?.cancel();
  return [r.status, r.headers.get("location")] as const;
}

Deno.test({
  name:
    "[clerk accounts] a new clerk gets a welcome e-mail without the password and must change the administrator's password at the first sign-in",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const admin = await client();
    await admin.loginClerk(DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone);

    const username = `uvitani.${run}`;
    const email = `${username}@lipnice-nad-hajem.example`;
    const phone = randomPhone();
    const password = "Hrazeny-rybnik-u-mlyna";
    const nextMail = await watchInbox(email);
    const created = await admin.post("/urad/urednici/novy", {
      displayName: "Alena Procházková",
      username,
      email,
      phone,
      password,
      passwordAgain: password,
      roles: "notices",
    });
    assertEquals(created.status, 303);
    await created.body?.cancel();
    const newId = (created.headers.get("location") ?? "").split("/")[3].split("?")[0];

    // The welcome e-mail: where to sign in and what happens there; never the password.
    const mail = await nextMail(30_000);
    assertStringIncludes(mail.subject, "Váš účet úředníka");
    assertStringIncludes(mail.text, username);
    assertMatch(mail.text, /https?:\/\/[^\s]+\/prihlaseni/);
    assertStringIncludes(mail.text, "musíte změnit na vlastní");
    assert(!mail.text.includes(password), "no password in the e-mail");
    assert(!mail.subject.includes(password));
    const stored = await db.selectFrom("outbox_messages").select("idempotency_key")
      .where("tenant_id", "=", lipnice.id).where("idempotency_key", "=", `clerk-welcome:${newId}`)
      .execute();
    assertEquals(stored.length, 1, "one welcome e-mail");

    // Never signed in yet.
    const before = await admin.page(`/urad/urednici/${newId}`);
    assertMatch(before, /Poslední přihlášení<\/dt>\s*<dd>nikdy<\/dd>/);

    // The first sign-in leads to the password page, and so does every other workspace page.
    const clerk = await client();
    const signedIn = await clerk.loginClerk(username, password, phone);
    assertEquals(signedIn.headers.get("location"), "/urad");
    assertEquals(await redirectOf(clerk.get("/urad")), [303, "/urad/heslo"]);
    assertEquals(await redirectOf(clerk.get("/urad/uredni-deska/novy")), [
      303,
      "/urad/heslo",
    ]);
    assertEquals(
      await redirectOf(clerk.post("/urad/uredni-deska/novy", { title: "Pokus" })),
      [303, "/urad/heslo"],
      "no action either",
    );
    const passwordPage = await clerk.page("/urad/heslo");
    assertStringIncludes(passwordPage, "Heslo vám nastavil správce");
    const loggedIn = await db.selectFrom("clerks").select(["last_login_at", "must_change_password"])
      .where("id", "=", newId).executeTakeFirstOrThrow();
    assert(loggedIn.last_login_at !== null, "the sign-in is recorded");
    assertEquals(loggedIn.must_change_password, true);

    // The same password, or a weak one, is refused in Czech.
    const same = await clerk.post("/urad/heslo", {
      currentPassword: password,
      password,
      passwordAgain: password,
    });
    assertEquals(same.status, 422);
    assertStringIncludes(await same.text(), "Nové heslo musí být jiné než dosavadní heslo.");
    const weak = await clerk.post("/urad/heslo", {
      currentPassword: password,
      password: "kratke",
      passwordAgain: "kratke",
    });
    assertEquals(weak.status, 422);
    assertStringIncludes(await weak.text(), "Heslo musí mít alespoň 12 znaků.");
    const own = "Vlastni-heslo-u-hraze-2026";
    // Without the current password (someone at a session left open) nothing changes.
    const stranger = await clerk.post("/urad/heslo", {
      currentPassword: "Nekdo-jiny-u-stolu",
      password: own,
      passwordAgain: own,
    });
    assertEquals(stranger.status, 422);
    assertStringIncludes(await stranger.text(), "Dosavadní heslo není správné.");
    assertEquals(await redirectOf(clerk.get("/urad")), [303, "/urad/heslo"]);

    assertEquals(
      await redirectOf(
        clerk.post("/urad/heslo", { currentPassword: password, password: own, passwordAgain: own }),
      ),
      [303, "/urad"],
    );
    assertEquals((await clerk.get("/urad")).status, 200);
    assertEquals((await clerk.get("/urad/uredni-deska/novy")).status, 200);
    const after = await db.selectFrom("clerks").select("must_change_password")
      .where("id", "=", newId).executeTakeFirstOrThrow();
    assertEquals(after.must_change_password, false);
    const audits = await db.selectFrom("audit_log").select(["action", "actor_id"])
      .where("subject_id", "=", newId).where("action", "=", "clerk.password_changed").execute();
    assertEquals(audits, [{ action: "clerk.password_changed", actor_id: newId }]);

    // The next sign-in takes the new password and goes straight to the workspace.
    const again = await client();
    await again.loginClerk(username, own, phone);
    assertEquals((await again.get("/urad")).status, 200);

    // The administrator sees the last sign-in.
    const shown = await admin.page(`/urad/urednici/${newId}`);
    assert(!/Poslední přihlášení<\/dt>\s*<dd>nikdy<\/dd>/.test(shown), "a time, not 'nikdy'");
    assertMatch(shown, /Poslední přihlášení<\/dt>\s*<dd>\d/);
  },
});

Deno.test({
  name: "[clerk accounts] existing clerks are not asked to change their password",
  ...opts,
  async fn() {
    const clerk = await client();
    await clerk.loginClerk();
    assertEquals((await clerk.get("/urad")).status, 200);
    // …but may change it when they want to: the page is there, without the "must" lead.
    const page = await clerk.page("/urad/heslo");
    assert(!page.includes("Heslo vám nastavil správce"));
  },
});

Deno.test({
  name:
    "[operators] the clerk's case and notice pages show the workflow id; operators (admins) get a safe link to the Temporal UI",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const person = await db.selectFrom("persons").select("id").where("tenant_id", "=", lipnice.id)
      .where("username", "=", "tomas.horak.1001").executeTakeFirstOrThrow();
    const newCase = async (workflowId: (id: string) => string | null) => {
      const id = crypto.randomUUID();
      await db.insertInto("cases").values({
        id,
        tenant_id: lipnice.id,
        reference: `OPS-${id.slice(0, 8)}`,
        form_slug: "poplatek-ze-psa",
        agenda: "poplatky",
        person_id: person.id,
        acting_for: null,
        on_behalf_of: null,
        idempotency_key: `ops-${id}`,
        values: JSON.stringify({}),
        assigned_clerk_id: null,
        last_clerk_id: null,
        due_at: new Date(Date.now() + 86_400_000),
        updated_at: new Date(),
        escalated_at: null,
        decision_text: null,
        workflow_id: workflowId(id),
      }).execute();
      return id;
    };
    const current = await newCase((id) => `lipnice/case/${id}`);
    const old = await newCase(() => null); // filed before ids were stored: `case/<id>`

    const clerk = await client();
    await clerk.loginClerk(); // urednik: agenda poplatky, no admin role
    const seen = await clerk.page(`/urad/ukoly/${current}`);
    assertStringIncludes(seen, "Identifikátor případu (Temporal)");
    assertStringIncludes(seen, `<code class="workflow-id">lipnice/case/${current}</code>`);
    assert(!seen.includes("Otevřít v Temporal UI"), "no operator link for a clerk");
    assertStringIncludes(
      await clerk.page(`/urad/ukoly/${old}`),
      `<code class="workflow-id">case/${old}</code>`,
    );

    const admin = await client();
    await admin.loginClerk(DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone);
    const cfg = config();
    const link = temporalUiWorkflowLink(
      cfg.temporalUiUrl,
      cfg.temporalNamespace,
      `lipnice/case/${current}`,
    );
    assertStringIncludes(link, "/workflows?query=WorkflowId%3D%22lipnice%2Fcase%2F");
    const operator = await admin.page(`/urad/ukoly/${current}`);
    assertStringIncludes(operator, `href="${link}"`);
    assertStringIncludes(operator, "Otevřít v Temporal UI");

    const notice = await db.selectFrom("notices").select(["id", "workflow_id"])
      .where("tenant_id", "=", lipnice.id).orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    assertStringIncludes(
      await clerk.page(`/urad/uredni-deska/${notice.id}`),
      `<code class="workflow-id">${notice.workflow_id}</code>`,
    );
    assertStringIncludes(
      await admin.page(`/urad/uredni-deska/${notice.id}`),
      `href="${
        temporalUiWorkflowLink(cfg.temporalUiUrl, cfg.temporalNamespace, notice.workflow_id)
      }"`,
    );
  },
});
