/**
 * Confirmation before what cannot be undone (issue 10 item 2): publishing a notice (with a
 * preview of its public page, its documents kept across the step), withdrawing it, revoking an
 * agenda authorization, granting a power of attorney and deactivating a clerk. Each action sent
 * without the confirmation field answers 200 with a confirmation page stating the consequence and
 * carrying the input (and the CSRF token) in hidden fields, and changes nothing — neither the
 * rows nor the audit log; the confirmed POST acts, once. Also the representation checks (item
 * 8): a birth date that differs from the request's is shown, and the grant records the identity
 * document checked.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField, waitFor } from "./support/client.ts";
import { maildevUrl } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { DEMO_ADMIN } from "../db/seeds/demo.ts";
import { insertPerson } from "../db/repositories/persons.ts";
import { insertClerk } from "../db/repositories/clerks_admin.ts";
import { createRepresentationRequest } from "../db/repositories/representations.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };
const run = crypto.randomUUID().slice(0, 6);

/** The confirmation page: 200, the consequence, the hidden confirmation field and CSRF token. */
async function confirmationPage(res: Response, consequence: string): Promise<string> {
  const html = await res.text();
  assertEquals(res.status, 200, html.slice(0, 500));
  assertStringIncludes(html, consequence);
  assertStringIncludes(html, 'name="_confirm" value="ano"');
  assert(hiddenField(html, "_csrf").length > 10, "the form carries the CSRF token");
  assertStringIncludes(html, ">Zpět</a>");
  return html;
}

async function auditCount(subjectId: string, action: string): Promise<number> {
  const rows = await getDb().selectFrom("audit_log").select("id")
    .where("subject_id", "=", subjectId).where("action", "=", action).execute();
  return rows.length;
}

/** Hidden fields of the confirmation form, as the browser would send them back. */
function confirmFields(html: string, names: string[]): Record<string, string> {
  const form = html.slice(html.indexOf('class="confirm-action__form"'));
  return Object.fromEntries(names.map((n) => [n, hiddenField(form, n)]));
}

const unescape = (s: string) =>
  s.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#x27;", "'")
    .replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">");

Deno.test({
  name:
    "[confirmations] publishing shows a preview and keeps the documents; only the confirmation files the notice, once; withdrawing asks too",
  ...opts,
  async fn() {
    const db = getDb();
    const c = await client();
    await c.loginClerk();
    const title = `Oznámení s potvrzením ${run}`;
    const form = await c.page("/urad/uredni-deska/novy");
    assert(!/name="postedFrom"[^>]*required/.test(form), "Vyvěsit od is optional");
    assert(!form.includes("Vyvěsit od (povinné)"));
    assertStringIncludes(form, "Prázdné pole znamená ihned");
    const idem = hiddenField(form, "_idem");
    const pdf = new File(["%PDF-1.4 náhled"], "vyhlaska.pdf", { type: "application/pdf" });
    const res = await c.post("/urad/uredni-deska/novy", {
      _idem: idem,
      title,
      referenceNumber: `OÚ-LIP/${run}/2026`,
      agenda: "ostatni",
      description: "Popis pro náhled.",
      postedFrom: "",
      relevantUntil: "",
      documents: [pdf],
    }, { csrf: hiddenField(form, "_csrf") });
    const page = await confirmationPage(
      res,
      "Vyvěšený dokument už nelze upravit ani vrátit zpět",
    );
    // The preview of the public page: title, description, reference number, the document.
    assertStringIncludes(page, "Náhled stránky na úřední desce");
    assertStringIncludes(page, `<h3>${title}</h3>`);
    assertStringIncludes(page, "Popis pro náhled.");
    assertStringIncludes(page, `OÚ-LIP/${run}/2026`);
    assertStringIncludes(page, "vyhlaska.pdf");
    assertStringIncludes(page, "ihned po potvrzení");
    assertStringIncludes(page, "Plánované vyvěšení");
    assertStringIncludes(page, "Ano, vyvěsit dokument");
    // Nothing filed: no notice, no audit entry, no workflow command.
    const filed = () =>
      db.selectFrom("notices").select(["id", "status"]).where("title", "=", title).execute();
    assertEquals(await filed(), []);
    const hidden = confirmFields(page, ["_draft", "_idem"]);
    assertEquals(hidden._idem, idem);

    // "Zpět" returns to the form filled in from the draft, its document kept.
    const back = await c.page(`/urad/uredni-deska/novy?koncept=${hidden._draft}`);
    assertStringIncludes(back, `value="${title}"`);
    assertStringIncludes(back, "Přílohy z předchozího kroku zůstanou: vyhlaska.pdf");
    assertEquals(hiddenField(back, "_draft"), hidden._draft);
    // Another clerk's (or a made-up) draft is not offered.
    assert(
      !(await c.page(`/urad/uredni-deska/novy?koncept=${crypto.randomUUID()}`))
        .includes("zůstanou"),
    );

    // Another clerk of the town (the administrator) can neither reopen nor confirm this draft.
    const admin = await client();
    await admin.loginClerk(DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone);
    assert(
      !(await admin.page(`/urad/uredni-deska/novy?koncept=${hidden._draft}`))
        .includes(title),
    );
    const foreign = await admin.post("/urad/uredni-deska/novy", { ...hidden, _confirm: "ano" });
    assertEquals(foreign.status, 409);
    assertStringIncludes(await foreign.text(), "Koncept dokumentu už neexistuje");
    assertEquals(await filed(), []);

    // Confirmed: filed once, with the document, and published by its workflow.
    const confirmed = await c.post("/urad/uredni-deska/novy", { ...hidden, _confirm: "ano" });
    await confirmed.body?.cancel();
    assertEquals(confirmed.status, 303);
    const id = /\/urad\/uredni-deska\/([0-9a-f-]{36})\?vyveseno=1$/.exec(
      confirmed.headers.get("location") ?? "",
    )?.[1];
    assert(id, `unexpected redirect ${confirmed.headers.get("location")}`);
    const again = await c.post("/urad/uredni-deska/novy", { ...hidden, _confirm: "ano" });
    await again.body?.cancel();
    assertEquals(again.headers.get("location"), `/urad/uredni-deska/${id}?vyveseno=1`);
    assertEquals((await filed()).length, 1);
    assertEquals(await auditCount(id, "notice.created"), 1);
    const docs = await db.selectFrom("notice_documents").select(["file_name", "content"])
      .where("notice_id", "=", id).execute();
    assertEquals(docs.map((d) => d.file_name), ["vyhlaska.pdf"]);
    assertEquals(new TextDecoder().decode(docs[0].content), "%PDF-1.4 náhled");
    assertEquals(
      await db.selectFrom("notice_drafts").select("id").where("id", "=", hidden._draft).execute(),
      [],
    );
    await waitFor(async () => (await filed())[0]?.status === "published", {
      what: "the workflow to publish the confirmed notice",
    });

    // Withdrawing: a reason is still required first; then the confirmation page.
    const empty = await c.post(`/urad/uredni-deska/${id}`, { reason: " " });
    assertEquals(empty.status, 422);
    assertStringIncludes(await empty.text(), "Vyplňte prosím toto pole.");
    const ask = await c.post(`/urad/uredni-deska/${id}`, { reason: "Chyba v příloze." });
    const withdrawPage = await confirmationPage(
      ask,
      "Dokument bude stažen z úřední desky a nelze jej vrátit zpět.",
    );
    assertStringIncludes(withdrawPage, "Chyba v příloze.");
    assertStringIncludes(withdrawPage, "Ano, stáhnout z úřední desky");
    assertEquals((await filed())[0].status, "published");
    assertEquals(await auditCount(id, "notice.withdraw_requested"), 0);
    const commands = await db.selectFrom("workflow_commands").select("id")
      .where("subject_id", "=", id).where("kind", "=", "update").execute();
    assertEquals(commands, []);
    const withdrawn = await c.post(`/urad/uredni-deska/${id}`, {
      ...confirmFields(withdrawPage, ["reason"]),
      _confirm: "ano",
    });
    await withdrawn.body?.cancel();
    assertEquals(withdrawn.status, 303);
    await waitFor(async () => (await filed())[0]?.status === "withdrawn", {
      what: "the confirmed withdrawal",
    });
    assertEquals(await auditCount(id, "notice.withdraw_requested"), 1);
  },
});

async function lipniceId(): Promise<string> {
  return (await demoTowns()).lipnice.id;
}

Deno.test({
  name:
    "[confirmations] revoking an agenda authorization asks first and changes nothing until then",
  ...opts,
  async fn() {
    const db = getDb();
    const tenantId = await lipniceId();
    const personId = await insertPerson(db, tenantId, {
      username: `potvrzeni.${run}.1`,
      givenName: "Radana",
      familyName: `Potvrzená${run}`,
      passwordHash: null,
      status: "active",
      birthDate: "1980-05-05",
    });
    const c = await client();
    await c.loginClerk();
    const granted = await c.post(`/urad/osoby/${personId}`, {
      action: "grant",
      agenda: "poplatky",
      documentType: "id_card",
      documentNumber: "112233445",
      confirmed: "on",
    });
    await granted.body?.cancel();
    assertEquals(granted.status, 303);
    const live = () =>
      db.selectFrom("agenda_authorizations").select("id").where("person_id", "=", personId)
        .where("revoked_at", "is", null).execute();
    const [grant] = await live();

    const ask = await c.post(`/urad/osoby/${personId}`, {
      action: "revoke",
      authorization: grant.id,
      reason: "Osoba o to požádala.",
    });
    const html = await confirmationPage(
      ask,
      "Osoba ztratí oprávnění k agendě Poplatky a odpady okamžitě a odvolání nelze vrátit zpět.",
    );
    assertStringIncludes(html, `Radana Potvrzená${run}`);
    assertStringIncludes(html, "Ano, odvolat oprávnění");
    assertEquals((await live()).length, 1);
    assertEquals(await auditCount(personId, "authorization.revoked"), 0);

    const fields = confirmFields(html, ["action", "authorization", "reason"]);
    assertEquals(fields, {
      action: "revoke",
      authorization: grant.id,
      reason: "Osoba o to požádala.",
    });
    const revoked = await c.post(`/urad/osoby/${personId}`, { ...fields, _confirm: "ano" });
    await revoked.body?.cancel();
    assertEquals(revoked.status, 303);
    assertEquals(await live(), []);
    assertEquals(await auditCount(personId, "authorization.revoked"), 1);
    // After a revocation the page no longer says "zatím" (not yet).
    const after = await c.page(`/urad/osoby/${personId}`);
    assertStringIncludes(after, "Osoba nemá žádné platné oprávnění k agendě.");
    assert(!after.includes("zatím nemá"));
  },
});

Deno.test({
  name:
    "[confirmations] deactivating a clerk asks first; the sessions survive until it is confirmed",
  ...opts,
  async fn() {
    const db = getDb();
    const tenantId = await lipniceId();
    const clerkId = await insertClerk(db, tenantId, {
      username: `potvrzeni-${run}`,
      displayName: `Úřednice Potvrzená ${run}`,
      email: `potvrzeni-${run}@example.cz`,
      phone: `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
      passwordHash: "x",
      roles: ["notices"],
    });
    assert(clerkId);
    const admin = await client();
    await admin.loginClerk(DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone);
    const ask = await admin.post(`/urad/urednici/${clerkId}`, {
      action: "deactivate",
      deactivateReason: "Konec pracovního poměru",
    });
    const html = await confirmationPage(ask, "Všechna přihlášení k tomuto účtu");
    assertStringIncludes(html, `Úřednice Potvrzená ${run}`);
    assertStringIncludes(html, "Ano, deaktivovat účet");
    const active = async () =>
      (await db.selectFrom("clerks").select("active").where("id", "=", clerkId)
        .executeTakeFirstOrThrow()).active;
    assertEquals(await active(), true);
    assertEquals(await auditCount(clerkId, "clerk.deactivated"), 0);

    const done = await admin.post(`/urad/urednici/${clerkId}`, {
      ...confirmFields(html, ["action", "deactivateReason"]),
      _confirm: "ano",
    });
    await done.body?.cancel();
    assertEquals(done.status, 303);
    assertEquals(await active(), false);
    assertEquals(await auditCount(clerkId, "clerk.deactivated"), 1);
    const page = await admin.page(`/urad/urednici/${clerkId}`);
    assertStringIncludes(page, "účet je deaktivován");
    assert(!page.includes("Aktivní účet"), "no 'active account' heading over a deactivated one");
    assert(!page.includes("deaktivovaný"));
  },
});

Deno.test({
  name:
    "[confirmations] granting a representation: a differing birth date is shown, the document checked is required and recorded, and the grant asks first",
  ...opts,
  async fn() {
    const db = getDb();
    const tenantId = await lipniceId();
    const family = `Zastoupená${run}`;
    const representative = await insertPerson(db, tenantId, {
      username: `zastupce.${run}.2`,
      givenName: "Petr",
      familyName: `Zástupce${run}`,
      passwordHash: null,
      status: "active",
      birthDate: "1975-03-03",
    });
    const represented = await insertPerson(db, tenantId, {
      username: `zastoupena.${run}.3`,
      givenName: "Olga",
      familyName: family,
      passwordHash: null,
      status: "active",
      birthDate: "1950-01-01",
    });
    const { id } = await createRepresentationRequest(
      db,
      tenantId,
      crypto.randomUUID(),
      representative,
      {
        kind: "power_of_attorney",
        representedName: `Olga ${family}`,
        representedBirthDate: "1951-02-02",
        representedIco: null,
        scope: ["poplatky"],
        validUntil: null,
        document: {
          fileName: "plna-moc.pdf",
          mediaType: "application/pdf",
          content: new TextEncoder().encode("%PDF-1.4"),
        },
      },
    );
    const c = await client();
    await c.loginClerk();
    const detail = await c.page(`/urad/zastoupeni/${id}`);
    // The match is offered, its birth date said not to match the request's.
    assertStringIncludes(detail, `Olga ${family} (zastoupena.${run}.3, 1. ledna 1950)`);
    assertStringIncludes(detail, "Datum narození nesouhlasí s žádostí (2. února 1951)");
    assertStringIncludes(detail, "Některá z nalezených osob má jiné datum narození");

    // The identity document is required.
    const noDocument = await c.post(`/urad/zastoupeni/${id}`, {
      decision: "grant",
      representedPersonId: represented,
    });
    assertEquals(noDocument.status, 422);
    assertStringIncludes(await noDocument.text(), "Vyplňte prosím toto pole.");

    const ask = await c.post(`/urad/zastoupeni/${id}`, {
      decision: "grant",
      representedPersonId: represented,
      documentType: "passport",
      documentNumber: "40 01 23 45",
    });
    const html = await confirmationPage(ask, "Rozhodnutí o žádosti nelze vrátit zpět.");
    assertStringIncludes(html, `Petr Zástupce${run} bude moci hned po potvrzení jednat`);
    assertStringIncludes(html, "cestovní pas …2345");
    assertStringIncludes(html, "nesouhlasí s datem narození v žádosti (2. února 1951)");
    assertStringIncludes(html, "Ano, udělit zastoupení");
    const row = () =>
      db.selectFrom("representations").select(["status", "grant_evidence"])
        .where("id", "=", id).executeTakeFirstOrThrow();
    assertEquals(await row(), { status: "requested", grant_evidence: null });
    assertEquals(await auditCount(id, "representation.granted"), 0);

    const fields = confirmFields(html, [
      "decision",
      "representedPersonId",
      "documentType",
      "documentNumber",
    ]);
    const done = await c.post(`/urad/zastoupeni/${id}`, { ...fields, _confirm: "ano" });
    await done.body?.cancel();
    assertEquals(done.status, 303);
    assertEquals(await row(), { status: "granted", grant_evidence: "cestovní pas …2345" });
    assertEquals(await auditCount(id, "representation.granted"), 1);
    const again = await c.post(`/urad/zastoupeni/${id}`, { ...fields, _confirm: "ano" });
    assertEquals(again.status, 409);
    await again.body?.cancel();
    assertEquals(await auditCount(id, "representation.granted"), 1);
    // The decision shows the document checked.
    const decided = unescape(await c.page(`/urad/zastoupeni/${id}`));
    assertStringIncludes(decided, "Ověřený doklad zástupce");
    assertStringIncludes(decided, "cestovní pas …2345");
  },
});
