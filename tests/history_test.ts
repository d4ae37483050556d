/**
 * Histories say who and why (issue 10): the notice's withdrawal, a person's agenda grant and
 * revocation, a representation refusal and a clerk's deactivation each show the acting clerk's
 * name and the reason on the clerk's page; the town administrator's audit view filters by
 * clerk, person, action, date and reason words, pages, and exports exactly the filtered rows
 * (other clerks get a 403; the look is audited; another town's entries never show); a citizen
 * sees which clerks viewed their data, and never views of someone else.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { maildevUrl } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { hash } from "@node-rs/argon2";
import { DEMO_ADMIN, DEMO_CLERK } from "../db/seeds/demo.ts";
import { postNotice, withdrawNotice } from "../app/notices.ts";
import { grantAgenda, revokeAgenda, viewPerson } from "../app/persons.ts";
import { decideRepresentation } from "../app/representation.ts";
import { deactivateClerk } from "../app/clerks.ts";
import type { ClerkActor } from "../app/deps.ts";
import { defaultDeps } from "../app/deps.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { insertClerk } from "../db/repositories/clerks_admin.ts";
import {
  createRepresentationRequest,
  grantRepresentation,
} from "../db/repositories/representations.ts";
import { formatPragueDate } from "../domain/time.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };
const run = crypto.randomUUID().slice(0, 8);
const ADMIN = [DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone] as const;

async function clerkId(tenantId: string, username: string): Promise<string> {
  const row = await getDb().selectFrom("clerks").select("id")
    .where("tenant_id", "=", tenantId).where("username", "=", username)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function actorOf(username: string): Promise<ClerkActor> {
  const { lipnice } = await demoTowns();
  return { tenantId: lipnice.id, clerkId: await clerkId(lipnice.id, username), requestId: null };
}

/** A clerk of the demo town who exists only for this test (never signs in). */
async function freshClerk(name: string): Promise<ClerkActor> {
  const { lipnice } = await demoTowns();
  const suffix = crypto.randomUUID().slice(0, 6);
  const id = await insertClerk(getDb(), lipnice.id, {
    username: `test-${suffix}`,
    displayName: name,
    email: `test-${suffix}@example.cz`,
    phone: `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
    passwordHash: "x",
    roles: ["notices", "identity"],
  });
  assert(id, "the clerk was created");
  return { tenantId: lipnice.id, clerkId: id, requestId: null };
}

/** A new citizen of the demo town with a password, and a client signed in as them. */
async function freshCitizen(givenName: string): Promise<{ c: TestClient; personId: string }> {
  const { lipnice } = await demoTowns();
  const username = `historie.${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const password = "Historie-heslo-2026";
  const row = await getDb().insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: givenName,
    family_name: `Zkušební ${run}`,
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  const c = await client();
  await c.loginCitizen(username, password);
  return { c, personId: row.id };
}

async function signedInClerk(...login: [] | readonly [string, string, string]) {
  const c = await client();
  await c.loginClerk(...(login as [string, string, string]));
  return c;
}

/** The history section's entry naming `sentence` (the `<li>`'s text, tags dropped). */
function historyEntry(html: string, sentence: string): string {
  const items = [...html.matchAll(/<li[^>]*class="history__entry"[^>]*>([\s\S]*?)<\/li>/g)]
    .map((m) => m[1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim());
  const found = items.filter((i) => i.includes(sentence));
  assert(found.length > 0, `no history entry "${sentence}" in: ${items.join(" | ")}`);
  return found.at(-1)!;
}

const noOutcome = {
  wait: () => Promise.resolve({ status: "pending" as const }),
  close: () => Promise.resolve(),
};

Deno.test({
  name: "[history] a notice's withdrawal shows the clerk who asked for it and the reason",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const actor = await actorOf(DEMO_CLERK.username);
    const now = new Date();
    const notice = await postNotice({ db }, actor, {
      idempotencyKey: crypto.randomUUID(),
      draft: {
        title: `Oznámení ke stažení ${run}`,
        description: null,
        referenceNumber: null,
        agenda: null,
        postedFrom: now,
        relevantUntil: new Date(now.getTime() + 30 * 864e5),
        documents: [],
      },
    });
    const reason = `Chybná příloha – vyvěšeno omylem (${run})`;
    const result = await withdrawNotice(
      { db, outcomes: noOutcome, waitMs: 0 },
      actor,
      { noticeId: notice.id, reason: `  ${reason}\n` },
    );
    assert(result.ok, "the withdrawal is queued");
    const entry = await db.selectFrom("audit_log").select("details")
      .where("tenant_id", "=", lipnice.id).where("subject_id", "=", notice.id)
      .where("action", "=", "notice.withdraw_requested").executeTakeFirstOrThrow();
    assertEquals(entry.details, { reason });

    const clerk = await signedInClerk();
    const html = await clerk.page(`/urad/uredni-deska/${notice.id}`);
    const item = historyEntry(html, "Požádáno o předčasné stažení dokumentu");
    assertStringIncludes(item, `Kdo: ${DEMO_CLERK.displayName}`);
    assertStringIncludes(item, `Důvod: ${reason}`);
    assertStringIncludes(historyEntry(html, "Dokument zadán do systému"), DEMO_CLERK.displayName);
  },
});

Deno.test({
  name: "[history] a person's agenda grant and revocation show who, on what document and why",
  ...opts,
  async fn() {
    const deps = defaultDeps();
    const granting = await freshClerk(`Gabriela Udělující ${run}`);
    const revoking = await freshClerk(`Rudolf Odvolávající ${run}`);
    const { personId } = await freshCitizen("Olga");
    const grant = new FormData();
    for (
      const [k, v] of Object.entries({
        agenda: "voda",
        documentType: "passport",
        documentNumber: "45 678 912",
        birthDate: "1980-05-05",
        confirmed: "on",
      })
    ) grant.set(k, v);
    const granted = await grantAgenda(deps, granting, personId, grant);
    assert(granted.ok && granted.created, "granted");
    const auth = await getDb().selectFrom("agenda_authorizations").select("id")
      .where("person_id", "=", personId).where("revoked_at", "is", null)
      .executeTakeFirstOrThrow();
    const reason = `Vodoměr převeden na nového nájemce (${run})`;
    const revoke = new FormData();
    revoke.set("authorization", auth.id);
    revoke.set("reason", reason);
    const revoked = await revokeAgenda(deps, revoking, personId, revoke);
    assert(revoked.ok && revoked.agenda === "voda", "revoked");

    const clerk = await signedInClerk();
    const html = await clerk.page(`/urad/osoby/${personId}`);
    const grantItem = historyEntry(html, "Uděleno oprávnění k agendě Vodné a stočné");
    assertStringIncludes(grantItem, `Kdo: Gabriela Udělující ${run}`);
    assertStringIncludes(grantItem, "Totožnost ověřena podle dokladu: cestovní pas");
    const revokeItem = historyEntry(html, "Odvoláno oprávnění k agendě Vodné a stočné");
    assertStringIncludes(revokeItem, `Kdo: Rudolf Odvolávající ${run}`);
    assertStringIncludes(revokeItem, `Důvod: ${reason}`);
    // "Odvolaná oprávnění": who granted, who revoked, when and why.
    const past = /<section aria-labelledby="past-heading">([\s\S]*?)<\/section>/.exec(html)?.[1]
      .replace(/<[^>]+>/g, " ").replace(/\s+/g, " ") ?? "";
    assertStringIncludes(past, "Odvolaná oprávnění");
    assertStringIncludes(past, `ověřil(a) Gabriela Udělující ${run}`);
    assertStringIncludes(past, `odvolal(a) Rudolf Odvolávající ${run}`);
    assertStringIncludes(past, `Důvod: ${reason}`);
  },
});

Deno.test({
  name: "[history] a representation refusal shows the deciding clerk and the reason",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const { personId } = await freshCitizen("Radek");
    const request = await createRepresentationRequest(
      db,
      lipnice.id,
      crypto.randomUUID(),
      personId,
      {
        kind: "power_of_attorney",
        representedName: `Marie Zastoupená ${run}`,
        representedBirthDate: "1950-01-01",
        representedIco: null,
        scope: ["poplatky"],
        validUntil: null,
        document: {
          fileName: "plna-moc.pdf",
          mediaType: "application/pdf",
          content: new TextEncoder().encode("%PDF-1.4\n%%EOF\n"),
        },
      },
    );
    const deciding = await freshClerk(`Dana Rozhodující ${run}`);
    const reason = `Plná moc není podepsána (${run})`;
    const outcome = await decideRepresentation(defaultDeps(), deciding, request.id, {
      decision: "refuse",
      reason,
      representedPersonId: "",
    });
    assertEquals(outcome, { ok: true, status: "refused" });

    const clerk = await signedInClerk();
    const html = await clerk.page(`/urad/zastoupeni/${request.id}`);
    const item = historyEntry(html, "Žádost o zastoupení zamítnuta");
    assertStringIncludes(item, `Kdo: Dana Rozhodující ${run}`);
    assertStringIncludes(item, `Důvod: ${reason}`);
  },
});

Deno.test({
  name: "[history] a clerk's deactivation needs a reason and shows who and why",
  ...opts,
  async fn() {
    const db = getDb();
    const admin = await actorOf(DEMO_ADMIN.username);
    const target = await freshClerk(`Tereza Odcházející ${run}`);
    const deps = defaultDeps();
    const missing = await deactivateClerk(deps, admin, target.clerkId, "  ");
    assertEquals(missing.ok, false);
    assert(!missing.ok && missing.code === "invalid", "a reason is required");
    const still = await db.selectFrom("clerks").select("active").where("id", "=", target.clerkId)
      .executeTakeFirstOrThrow();
    assertEquals(still.active, true);
    const reason = `Odchod na jiný úřad (${run})`;
    assertEquals(await deactivateClerk(deps, admin, target.clerkId, reason), { ok: true });

    const c = await signedInClerk(...ADMIN);
    const html = await c.page(`/urad/urednici/${target.clerkId}`);
    const item = historyEntry(html, "Účet deaktivován");
    assertStringIncludes(item, `Kdo: ${DEMO_ADMIN.displayName}`);
    assertStringIncludes(item, `Důvod: ${reason}`);
    // Without a reason the form says so, in Czech, and nothing changes.
    const other = await freshClerk(`Oto Zůstávající ${run}`);
    const refused = await c.post(`/urad/urednici/${other.clerkId}`, { action: "deactivate" });
    assertEquals(refused.status, 422);
    assertStringIncludes(await refused.text(), "Vyplňte prosím toto pole.");
  },
});

/** The data rows of a CSV export (BOM, `;`, CRLF; no quoted line breaks in these rows). */
async function csvRows(res: Response): Promise<string[][]> {
  assertEquals(res.status, 200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assertEquals([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with BOM");
  const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
  return text.split("\r\n").filter((l) => l !== "").slice(1).map((l) =>
    l.split(";").map((c) => c.replace(/^"|"$/g, "").replace(/""/g, '"'))
  );
}

/** The reasons in the audit view's table, in order. */
function tableReasons(html: string, token: string): string[] {
  return [...html.matchAll(new RegExp(`>(zkouška ${token} [^<]*)<`, "g"))].map((m) => m[1]);
}

Deno.test({
  name: "[history] the admin's audit view filters, pages and exports the same rows; others 403",
  ...opts,
  async fn() {
    const { lipnice, dubova } = await demoTowns();
    const db = getDb();
    const token = `a${run}`;
    const first = await freshClerk(`Filip Prvý ${run}`);
    const second = await freshClerk(`Simona Druhá ${run}`);
    const { personId } = await freshCitizen("Petra");
    const entry = (actor: ClerkActor, action: string, n: number, details = {}) =>
      appendAudit(db, {
        tenantId: actor.tenantId,
        actorType: "clerk",
        actorId: actor.clerkId,
        action,
        subjectType: "notice",
        subjectId: crypto.randomUUID(),
        details: { reason: `zkouška ${token} ${String(n).padStart(2, "0")}`, ...details },
      });
    for (let n = 1; n <= 55; n++) await entry(first, "notice.withdraw_requested", n);
    await entry(second, "notice.withdraw_requested", 56);
    await entry(first, "authorization.revoked", 57, { personId, agenda: "voda" });
    // Another town's entry with the same words never shows.
    await appendAudit(db, {
      tenantId: dubova.id,
      actorType: "system",
      actorId: "test",
      action: "notice.withdraw_requested",
      details: { reason: `zkouška ${token} 99` },
    });

    const urednik = await signedInClerk();
    const forbidden = await urednik.get("/urad/audit");
    assertEquals(forbidden.status, 403);
    assertStringIncludes(await forbidden.text(), "Přístup odepřen");
    const forbiddenCsv = await urednik.get("/urad/audit?format=csv");
    assertEquals(forbiddenCsv.status, 403);
    await forbiddenCsv.body?.cancel();

    const admin = await signedInClerk(...ADMIN);
    const adminId = await clerkId(lipnice.id, DEMO_ADMIN.username);
    const viewsBefore = await db.selectFrom("audit_log").select("id")
      .where("tenant_id", "=", lipnice.id).where("action", "=", "audit.viewed")
      .where("actor_id", "=", adminId).execute();

    // Words, no other filter: all 57, newest first, 50 and 7.
    const all = await admin.page(`/urad/audit?q=${encodeURIComponent(`Zkouska ${token}`)}`);
    assertStringIncludes(all, "Nalezeno záznamů: 57");
    const page1 = tableReasons(all, token);
    assertEquals(page1.length, 50);
    assertEquals(page1[0], `zkouška ${token} 57`);
    const page2 = tableReasons(
      await admin.page(`/urad/audit?q=${encodeURIComponent(`zkouška ${token}`)}&strana=2`),
      token,
    );
    assertEquals(page2.length, 7);
    const csv = await admin.get(
      `/urad/audit?q=${encodeURIComponent(`zkouška ${token}`)}&format=csv`,
    );
    assertEquals(csv.status, 200);
    assertEquals(csv.headers.get("cache-control"), "private, no-store");
    const exported = await csvRows(csv);
    assertEquals(exported.map((r) => r.at(-1)), [...page1, ...page2], "export = every page");

    // Clerk + action + date: the first clerk's 55 withdrawals of today.
    const today = formatPragueDate(new Date());
    const filter = `q=${encodeURIComponent(`zkouška ${token}`)}&urednik=${first.clerkId}` +
      `&akce=notice.withdraw_requested&od=${today}&do=${today}`;
    const byClerk = await admin.page(`/urad/audit?${filter}`);
    assertStringIncludes(byClerk, "Nalezeno záznamů: 55");
    assertStringIncludes(byClerk, `Filip Prvý ${run}`);
    const shown = [
      ...tableReasons(byClerk, token),
      ...tableReasons(await admin.page(`/urad/audit?${filter}&strana=2`), token),
    ];
    const xlsx = await admin.get(`/urad/audit?${filter}&format=xlsx`);
    assertEquals(xlsx.status, 200);
    assertStringIncludes(xlsx.headers.get("content-disposition") ?? "", "audit-");
    await xlsx.body?.cancel();
    const csvByClerk = await csvRows(await admin.get(`/urad/audit?${filter}&format=csv`));
    assertEquals(csvByClerk.map((r) => r.at(-1)), shown);
    assertEquals(shown.length, 55);
    assert(!shown.includes(`zkouška ${token} 56`), "the other clerk's entry is filtered out");
    assert(!shown.includes(`zkouška ${token} 99`), "another town's entry never shows");
    // A day range after today: nothing.
    const tomorrow = formatPragueDate(new Date(Date.now() + 864e5));
    assertStringIncludes(
      await admin.page(`/urad/audit?q=${encodeURIComponent(`zkouška ${token}`)}&od=${tomorrow}`),
      "Filtru neodpovídá žádný záznam.",
    );

    // Person: only the entry about them, with their name.
    const byPerson = await admin.page(`/urad/audit?osoba=${personId}`);
    assertEquals(tableReasons(byPerson, token), [`zkouška ${token} 57`]);
    assertStringIncludes(byPerson, `Petra Zkušební ${run}`);
    assertStringIncludes(byPerson, "Odvoláno oprávnění k agendě Vodné a stočné");

    // Bad input is a Czech 400, never a 5xx.
    const bad = await admin.get("/urad/audit?od=31.%202.%202026");
    assertEquals(bad.status, 400);
    await bad.body?.cancel();

    const viewsAfter = await db.selectFrom("audit_log").select(["id", "details"])
      .where("tenant_id", "=", lipnice.id).where("action", "=", "audit.viewed")
      .where("actor_id", "=", adminId).execute();
    assert(viewsAfter.length >= viewsBefore.length + 6, "every look at the audit is audited");
    const exports = await db.selectFrom("audit_log").select("details")
      .where("tenant_id", "=", lipnice.id).where("action", "=", "audit.exported")
      .where("actor_id", "=", adminId).execute();
    assert(exports.length >= 3, "exports are audited");
  },
});

Deno.test({
  name: "[history] a citizen sees which clerks viewed their data, never views of someone else",
  ...opts,
  async fn() {
    const deps = defaultDeps();
    const me = await freshCitizen("Věra");
    const other = await freshCitizen("Ivan");
    const looking = await freshClerk(`Lucie Nahlížející ${run}`);
    const elsewhere = await freshClerk(`Marek Jinde ${run}`);
    assert(await viewPerson(deps, looking, me.personId), "the clerk saw my record");
    assert(await viewPerson(deps, elsewhere, other.personId), "another clerk saw someone else");

    const res = await me.c.get("/ucet/pristupy");
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("cache-control"), "private, no-store");
    const html = await res.text();
    assertStringIncludes(html, "Kdo z úřadu viděl moje údaje");
    assertStringIncludes(html, `Lucie Nahlížející ${run}`);
    assertStringIncludes(html, "Váš záznam osoby");
    assert(!html.includes(`Marek Jinde ${run}`), "no view of another person");

    const theirs = await other.c.page("/ucet/pristupy");
    assertStringIncludes(theirs, `Marek Jinde ${run}`);
    assert(!theirs.includes(`Lucie Nahlížející ${run}`), "no view of another person");
    assertStringIncludes(await me.c.page("/ucet/nastaveni"), 'href="/ucet/pristupy"');

    // Acting for someone under a granted representation: their views too, named.
    const mother = await freshCitizen("Alžběta");
    const { lipnice } = await demoTowns();
    const granted = await createRepresentationRequest(
      getDb(),
      lipnice.id,
      crypto.randomUUID(),
      me.personId,
      {
        kind: "power_of_attorney",
        representedName: `Alžběta Zkušební ${run}`,
        representedBirthDate: "1950-01-01",
        representedIco: null,
        scope: ["poplatky"],
        validUntil: null,
        document: {
          fileName: "plna-moc.pdf",
          mediaType: "application/pdf",
          content: new TextEncoder().encode("%PDF-1.4\n%%EOF\n"),
        },
      },
    );
    assert(
      await grantRepresentation(
        getDb(),
        lipnice.id,
        granted.id,
        looking.clerkId,
        mother.personId,
      ),
    );
    const forMother = await freshClerk(`Hana Pro matku ${run}`);
    assert(await viewPerson(deps, forMother, mother.personId));
    const withMother = await me.c.page("/ucet/pristupy");
    assertStringIncludes(withMother, `Hana Pro matku ${run}`);
    assertStringIncludes(withMother, `Alžběta Zkušební ${run}`);
    assert(!withMother.includes(`Marek Jinde ${run}`), "still no view of a stranger");
    // The mother does not see views of her representative's data.
    assert(!(await mother.c.page("/ucet/pristupy")).includes(`Lucie Nahlížející ${run}`));

    const anonymous = await client();
    const out = await anonymous.get("/ucet/pristupy");
    assertEquals(out.status, 303);
    await out.body?.cancel();
  },
});
