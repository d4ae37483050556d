/**
 * Representation end to end: a citizen asks to act for their mother with a power of attorney
 * attached, the clerk verifies the document and grants it, the citizen switches to acting for
 * her and every step is audited with both persons; refusals with a reason, withdrawal, expiry,
 * bad input, double submits, and nobody else — another person, another town — sees a thing.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField, type TestClient } from "./support/client.ts";
import { watchSmsCode } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";
import { DEMO_CITIZEN_SMS, SECOND_TOWN_CLERK } from "../db/seeds/demo.ts";

const opts = { ...shared, ignore: !hasServices || !Deno.env.get("MAILDEV_URL") };

const PDF_BYTES = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
);
const pdf = (name = "plna-moc.pdf") => new File([PDF_BYTES], name, { type: "application/pdf" });

let clerkClient: Promise<TestClient> | undefined;
/** One clerk session for the file: each sign-in spends one of the clerk's SMS-code checks. */
function clerk(): Promise<TestClient> {
  return clerkClient ??= (async () => {
    const c = await client();
    await c.loginClerk();
    return c;
  })();
}

async function citizen(): Promise<TestClient> {
  const c = await client();
  await c.loginCitizen();
  return c;
}

async function personId(username: string): Promise<string> {
  const { lipnice } = await demoTowns();
  const row = await getDb().selectFrom("persons").select("id")
    .where("tenant_id", "=", lipnice.id).where("username", "=", username)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function countRepresentations(): Promise<number> {
  const row = await getDb().selectFrom("representations")
    .select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

function byKey(key: string) {
  return getDb().selectFrom("representations").selectAll().where("idempotency_key", "=", key)
    .executeTakeFirst();
}

function auditOf(subjectId: string, action: string) {
  return getDb().selectFrom("audit_log").selectAll()
    .where("subject_id", "=", subjectId).where("action", "=", action).orderBy("id").execute();
}

interface RequestFields {
  kind?: string;
  representedName?: string;
  birthDate?: string;
  ico?: string;
  scope?: string | string[];
  validUntil?: string;
  document?: File | null;
}

/** Opens the request form, fills it in and submits it; returns the response and form key. */
async function request(c: TestClient, fields: RequestFields, key?: string) {
  // The request form (after its kind step) carries the one-time key.
  const idem = key ?? hiddenField(await c.page("/ucet/zastoupeni?druh=parent"), "_idem");
  const { document = pdf(), scope = "poplatky", ...text } = fields;
  const body: Record<string, string | string[] | File> = { _idem: idem, ...text };
  if (scope) body.scope = scope;
  // A file input left empty still sends an empty part (and the form stays multipart).
  body.document = document ?? new File([], "");
  // Multipart (a File is among the fields), where the client sends each array item as a part.
  const res = await c.post("/ucet/zastoupeni", body as Record<string, string | File>);
  return { res, idem };
}

/** The representative's identity document the clerk checked at the counter. */
const CHECKED_DOCUMENT = { documentType: "id_card", documentNumber: "123 454 821" };

/** Files a request for the demo citizen and has the clerk grant it; returns its id. */
async function granted(c: TestClient, fields: RequestFields, link?: string): Promise<string> {
  const { res, idem } = await request(c, fields);
  assertEquals(res.status, 303);
  const row = (await byKey(idem))!;
  const office = await clerk();
  const ok = await office.post(`/urad/zastoupeni/${row.id}`, {
    decision: "grant",
    representedPersonId: link ?? "",
    ...CHECKED_DOCUMENT,
    _confirm: "ano",
  });
  assertEquals(ok.status, 303);
  return row.id;
}

Deno.test({
  name:
    "[representation] a citizen acts for their mother: request with a PDF, clerk verifies and grants, switch, audit with both persons",
  ...opts,
  async fn() {
    const tomas = await personId("tomas.horak.1001");
    const marie = await personId("marie.prochazkova.1002");
    const c = await citizen();
    assertStringIncludes(await c.page("/ucet"), 'href="/ucet/zastoupeni"');

    const { res, idem } = await request(c, {
      kind: "power_of_attorney",
      representedName: "Marie Procházková",
      birthDate: "1958-04-02",
      scope: "poplatky",
      validUntil: "2099-12-31",
    });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/ucet/zastoupeni?podano=1");
    const row = (await byKey(idem))!;
    assertEquals(row.status, "requested");
    assertEquals(row.representative_id, tomas);
    assertEquals(row.scope, ["poplatky"]);
    assertEquals(row.valid_until, "2099-12-31");
    assertEquals(row.document_name, "plna-moc.pdf");
    assertEquals(row.document_type, "application/pdf");
    assertEquals(new Uint8Array(row.document!), PDF_BYTES);
    const requested = await auditOf(row.id, "representation.requested");
    assertEquals(requested.length, 1);
    assertEquals([requested[0].actor_type, requested[0].actor_id], ["person", tomas]);

    const mine = await c.page("/ucet/zastoupeni?podano=1");
    assertStringIncludes(mine, "Žádost jsme přijali.");
    assertStringIncludes(mine, "čeká na ověření");

    // The clerk: the queue, the representative's identity, the document (audited).
    const office = await clerk();
    const queue = await office.page("/urad/zastoupeni");
    assertStringIncludes(queue, `href="/urad/zastoupeni/${row.id}"`);
    assertStringIncludes(queue, "Tomáš Horák");
    assertStringIncludes(await office.page("/urad"), 'href="/urad/zastoupeni"');
    const detail = await office.page(`/urad/zastoupeni/${row.id}`);
    assertStringIncludes(detail, "tomas.horak.1001");
    assertStringIncludes(detail, "tomas.horak@example.cz");
    assertStringIncludes(detail, "Stáhnout dokument plna-moc.pdf");
    // Searched by the requested name at first sight: the mother has an account in the town.
    assertStringIncludes(detail, `value="${marie}"`);
    assertStringIncludes(detail, "marie.prochazkova.1002");

    const views = await auditOf(row.id, "representation.viewed");
    assert(views.length >= 1, "the clerk's view of the representative's data is audited");
    assertEquals(views[0].details, { representativeId: tomas });

    const doc = await office.get(`/urad/zastoupeni/${row.id}/dokument`);
    assertEquals(doc.status, 200);
    assertEquals(doc.headers.get("content-type"), "application/pdf");
    assertMatch(
      doc.headers.get("content-disposition") ?? "",
      /^attachment; filename="plna-moc.pdf"/,
    );
    assertEquals(doc.headers.get("x-content-type-options"), "nosniff");
    assertEquals(new Uint8Array(await doc.arrayBuffer()), PDF_BYTES);
    const viewed = await auditOf(row.id, "representation.document_viewed");
    assertEquals(viewed.length, 1);
    assertEquals(viewed[0].actor_type, "clerk");
    assertEquals(viewed[0].details, { representativeId: tomas });

    const grant = await office.post(`/urad/zastoupeni/${row.id}`, {
      decision: "grant",
      representedPersonId: marie,
      ...CHECKED_DOCUMENT,
      _confirm: "ano",
    });
    assertEquals(grant.status, 303);
    assertEquals(grant.headers.get("location"), `/urad/zastoupeni/${row.id}?udeleno=1`);
    const decided = (await byKey(idem))!;
    assertEquals(decided.status, "granted");
    assertEquals(decided.represented_person_id, marie);
    assert(decided.decided_by && decided.decided_at);
    const grantedAudit = await auditOf(row.id, "representation.granted");
    assertEquals(grantedAudit.length, 1);
    assertEquals(grantedAudit[0].actor_type, "clerk");
    assertEquals(grantedAudit[0].actor_id, decided.decided_by);
    assertEquals(grantedAudit[0].details.representativeId, tomas);
    // The identity document checked is kept with the decision and in its audit entry.
    assertEquals(decided.grant_evidence, "občanský průkaz …4821");
    assertEquals(grantedAudit[0].details.documentType, "id_card");
    assertEquals(grantedAudit[0].details.evidence, "občanský průkaz …4821");
    assert(!(await office.page("/urad/zastoupeni")).includes(`/urad/zastoupeni/${row.id}"`));
    // Decided once: a second decision is refused.
    const again = await office.post(`/urad/zastoupeni/${row.id}`, {
      decision: "refuse",
      reason: "Pozdě.",
    });
    assertEquals(again.status, 409);
    assertStringIncludes(await again.text(), "O žádosti už bylo rozhodnuto.");

    // The citizen: granted, switch to acting for the mother; the header says so everywhere.
    const list = await c.page("/ucet/zastoupeni");
    assertStringIncludes(list, "uděleno");
    assertStringIncludes(list, `<option value="${row.id}">Marie Procházková</option>`);
    assert(!list.includes(`action="/ucet/zastoupeni/${row.id}/stahnout"`), "granted stays");
    const switched = await c.post("/ucet/jednat-za", { representation: row.id, next: "/ucet" });
    assertEquals(switched.status, 303);
    assertEquals(switched.headers.get("location"), "/ucet");
    const account = await c.page("/ucet");
    assertStringIncludes(account, "jednáte za: Marie Procházková");
    assertStringIncludes(account, 'href="/ucet/zastoupeni#jednat-za"');
    const audit = await auditOf(row.id, "representation.switched");
    assertEquals(audit.length, 1);
    assertEquals([audit[0].actor_type, audit[0].actor_id, audit[0].on_behalf_of], [
      "person",
      tomas,
      marie,
    ]);
    assertMatch(await c.page("/ucet/zastoupeni"), new RegExp(`<option value="${row.id}" selected`));

    // The person's own copy of the document.
    const own = await c.get(`/ucet/zastoupeni/${row.id}/dokument`);
    assertEquals(own.status, 200);
    assertEquals(new Uint8Array(await own.arrayBuffer()), PDF_BYTES);

    // An open redirect is not possible through `next`; back to themselves.
    const back = await c.post("/ucet/jednat-za", {
      representation: "self",
      next: "//evil.example/",
    });
    assertEquals(back.headers.get("location"), "/ucet");
    assert(!(await c.page("/ucet")).includes("jednáte za:"));
  },
});

Deno.test({
  name:
    "[representation] a refused power of attorney: the reason is required and shown to the citizen, who can no longer change it",
  ...opts,
  async fn() {
    const c = await citizen();
    const { res, idem } = await request(c, {
      kind: "company",
      representedName: "Truhlářství Horák s.r.o.",
      ico: "25596641",
      scope: ["voda", "poplatky"],
    });
    assertEquals(res.status, 303);
    const row = (await byKey(idem))!;
    assertEquals(row.represented_ico, "25596641");
    assertEquals(row.represented_birth_date, null);
    assertEquals(row.scope, ["poplatky", "voda"]);

    const office = await clerk();
    const detail = await office.page(`/urad/zastoupeni/${row.id}`);
    assert(!detail.includes('name="representedPersonId"'), "a company is not linked to a person");
    const empty = await office.post(`/urad/zastoupeni/${row.id}`, { decision: "refuse" });
    assertEquals(empty.status, 422);
    assertStringIncludes(await empty.text(), "Vyplňte prosím toto pole.");
    assertEquals((await byKey(idem))!.status, "requested");

    const reason = "Výpis z obchodního rejstříku je starší než tři měsíce.";
    const refused = await office.post(`/urad/zastoupeni/${row.id}`, { decision: "refuse", reason });
    assertEquals(refused.status, 303);
    const after = (await byKey(idem))!;
    assertEquals(after.status, "refused");
    assertEquals(after.decision_note, reason);
    const audit = await auditOf(row.id, "representation.refused");
    assertEquals(audit.length, 1);
    assertEquals(audit[0].actor_type, "clerk");
    assertEquals(audit[0].details.representativeId, row.representative_id);
    // The clerk's reason is kept for the request's history (issue 10), nothing else of the form.
    assertEquals(audit[0].details.reason, reason);

    const page = await c.page("/ucet/zastoupeni");
    assertStringIncludes(page, "zamítnuto");
    assertStringIncludes(page, reason);
    assert(!page.includes(`action="/ucet/zastoupeni/${row.id}/zpet-vzit"`));
    // Neither withdrawn (asked or confirmed) nor switched to.
    for (const body of [{}, { _confirm: "ano" }] as Record<string, string>[]) {
      const withdraw = await c.post(`/ucet/zastoupeni/${row.id}/zpet-vzit`, body);
      assertEquals(withdraw.status, 303);
      assertEquals(withdraw.headers.get("location"), "/ucet/zastoupeni?rozhodnuto=1");
    }
    assertEquals((await byKey(idem))!.status, "refused");
    const sw = await c.post("/ucet/jednat-za", { representation: row.id, next: "/ucet" });
    assertEquals(sw.headers.get("location"), "/ucet/zastoupeni?prepnuti=nelze#jednat-za");
    assert(!(await c.page("/ucet")).includes("jednáte za:"));
    assertStringIncludes(
      await c.page("/ucet/zastoupeni?prepnuti=nelze"),
      "Za tuto osobu teď jednat nelze",
    );
  },
});

Deno.test({
  name:
    "[representation] a waiting request can be withdrawn; an expired representation cannot be acted under",
  ...opts,
  async fn() {
    const c = await citizen();
    const { idem } = await request(c, {
      kind: "parent",
      representedName: "Eliška Horáková",
      birthDate: "2016-09-01",
      scope: "knihovna",
    });
    const waiting = (await byKey(idem))!;
    assertEquals(waiting.valid_until, "2034-08-31", "a parent's until the day before 18");
    const list = await c.page("/ucet/zastoupeni");
    assertStringIncludes(list, `action="/ucet/zastoupeni/${waiting.id}/zpet-vzit"`);
    assertStringIncludes(list, "Vzít žádost zpět");
    assert(!list.includes("Stáhnout žádost"), "no button reads as a download");
    // The first POST asks; nothing is withdrawn until confirmed.
    const ask = await c.post(`/ucet/zastoupeni/${waiting.id}/zpet-vzit`, {});
    assertEquals(ask.status, 200);
    const confirmPage = await ask.text();
    assertStringIncludes(
      confirmPage,
      "Opravdu vzít zpět žádost o zastoupení osoby Eliška Horáková?",
    );
    assertStringIncludes(confirmPage, "Ano, vzít žádost zpět");
    assertEquals((await byKey(idem))!.status, "requested");
    const withdrawn = await c.post(`/ucet/zastoupeni/${waiting.id}/zpet-vzit`, {
      _confirm: "ano",
    });
    assertEquals(withdrawn.headers.get("location"), "/ucet/zastoupeni?vzato-zpet=1");
    const gone = (await byKey(idem))!;
    assertEquals(gone.status, "revoked");
    assertEquals(gone.document, null, "the document of a withdrawn request is deleted");
    assertEquals((await auditOf(waiting.id, "representation.withdrawn")).length, 1);
    const after = await c.page("/ucet/zastoupeni?vzato-zpet=1");
    assertStringIncludes(after, "Žádost byla vzata zpět.");
    // The withdrawn request's own entry: taken back, with its date; never decided or valid.
    const item = after.split("<li").find((x) => x.includes("Eliška Horáková"))!;
    assertStringIncludes(item, "vzato zpět");
    assertStringIncludes(item, "<dt>Vzato zpět</dt>");
    assert(!item.includes("Rozhodnuto"), "a withdrawn request shows no decision");
    assert(!item.includes("Platí do"), "a withdrawn request shows no validity");
    // A second confirmation finds nothing left to take back.
    const again = await c.post(`/ucet/zastoupeni/${waiting.id}/zpet-vzit`, { _confirm: "ano" });
    assertEquals(again.headers.get("location"), "/ucet/zastoupeni?rozhodnuto=1");
    const office = await clerk();
    const late = await office.post(`/urad/zastoupeni/${waiting.id}`, { decision: "grant" });
    assertEquals(late.status, 409);

    // Granted, acted under, then expired: the session no longer acts for them, and a switch
    // to it is refused.
    const id = await granted(c, {
      kind: "power_of_attorney",
      representedName: "Jaroslav Horák",
      birthDate: "1949-01-15",
      scope: "voda",
    });
    await c.post("/ucet/jednat-za", { representation: id, next: "/ucet" });
    assertStringIncludes(await c.page("/ucet"), "jednáte za: Jaroslav Horák");
    await getDb().updateTable("representations").set({ valid_until: "2020-01-01" })
      .where("id", "=", id).execute();
    assert(!(await c.page("/ucet")).includes("jednáte za: Jaroslav Horák"));
    const sw = await c.post("/ucet/jednat-za", { representation: id, next: "/ucet" });
    assertEquals(sw.headers.get("location"), "/ucet/zastoupeni?prepnuti=nelze#jednat-za");
    assert(!(await c.page("/ucet/zastoupeni")).includes(`<option value="${id}"`));
  },
});

Deno.test({
  name:
    "[representation] nobody else gets the document: another person, a citizen at /urad, another town's clerk",
  ...opts,
  async fn() {
    const c = await citizen();
    const { idem } = await request(c, {
      kind: "power_of_attorney",
      representedName: "Božena Horáková",
      birthDate: "1950-05-05",
    });
    const row = (await byKey(idem))!;

    // Another person of the same town (SMS second factor on).
    const marie = await client();
    const nextSms = await watchSmsCode(DEMO_CITIZEN_SMS.phone);
    await marie.post("/prihlaseni", {
      identifier: DEMO_CITIZEN_SMS.username,
      password: DEMO_CITIZEN_SMS.password,
    });
    const signedIn = await marie.post("/prihlaseni/overeni", { code: await nextSms() });
    assertEquals(signedIn.status, 303);
    assertEquals((await marie.get(`/ucet/zastoupeni/${row.id}/dokument`)).status, 404);
    for (const body of [{}, { _confirm: "ano" }] as Record<string, string>[]) {
      const res = await marie.post(`/ucet/zastoupeni/${row.id}/zpet-vzit`, body);
      await res.body?.cancel();
      assertEquals(res.status, 404);
    }
    assert(!(await marie.page("/ucet/zastoupeni")).includes("Božena Horáková"));
    const sw = await marie.post("/ucet/jednat-za", { representation: row.id, next: "/ucet" });
    assertEquals(sw.headers.get("location"), "/ucet/zastoupeni?prepnuti=nelze#jednat-za");
    // A citizen is no clerk.
    const office = await marie.get(`/urad/zastoupeni/${row.id}/dokument`);
    assertEquals(office.status, 303);
    assertMatch(office.headers.get("location") ?? "", /^\/prihlaseni/);
    // Nobody signed in.
    const anonymous = await client();
    assertEquals((await anonymous.get(`/ucet/zastoupeni/${row.id}/dokument`)).status, 303);
    assertEquals((await anonymous.get(`/urad/zastoupeni/${row.id}/dokument`)).status, 303);

    // Another town's clerk (with every role) finds nothing of it.
    const dubova = await client("dubova.localhost");
    await dubova.loginClerk(
      SECOND_TOWN_CLERK.username,
      SECOND_TOWN_CLERK.password,
      SECOND_TOWN_CLERK.phone,
    );
    assert(!(await dubova.page("/urad/zastoupeni")).includes("Božena Horáková"));
    assertEquals((await dubova.get(`/urad/zastoupeni/${row.id}`)).status, 404);
    assertEquals((await dubova.get(`/urad/zastoupeni/${row.id}/dokument`)).status, 404);
    const grant = await dubova.post(`/urad/zastoupeni/${row.id}`, { decision: "grant" });
    assertEquals(grant.status, 404);
    assertEquals((await byKey(idem))!.status, "requested");
    assertEquals((await auditOf(row.id, "representation.document_viewed")).length, 0);
  },
});

Deno.test({
  name: "[representation] bad input gets Czech errors at the fields and stores nothing",
  ...opts,
  async fn() {
    const c = await citizen();
    const before = await countRepresentations();
    const base = {
      kind: "power_of_attorney",
      representedName: "Marie Horáková",
      birthDate: "1955-02-03",
    };
    const cases: [RequestFields, string][] = [
      [{ ...base, scope: "" }, "Vyberte alespoň jednu agendu."],
      [{ ...base, document: null }, "Přiložte plnou moc nebo jiný doklad."],
      [
        { ...base, document: new File([new Uint8Array([0x4d, 0x5a, 0x90, 0])], "plna-moc.exe") },
        "Přiložte dokument ve formátu PDF, JPEG nebo PNG.",
      ],
      [{ ...base, birthDate: "2099-01-01" }, "Datum narození nesmí být v budoucnosti."],
      [
        { kind: "company", representedName: "Horák a syn s.r.o.", ico: "12345678" },
        "Zadejte platné IČO: 8 číslic se správnou kontrolní číslicí.",
      ],
      [
        { ...base, representedName: "<script>alert(1)</script>" },
        "Pole nesmí obsahovat HTML značky ani entity.",
      ],
      [{ ...base, kind: "parent" }, "Zákonným zástupcem lze být jen u dítěte mladšího 18 let."],
      [{ ...base, validUntil: "2001-01-01" }, "Datum platnosti musí být v budoucnosti."],
    ];
    for (const [fields, message] of cases) {
      const { res } = await request(c, fields);
      assertEquals(res.status, 422, message);
      assertEquals(res.headers.get("content-type")?.split(";")[0], "text/html");
      const html = await res.text();
      assertStringIncludes(html, "Formulář obsahuje chyby");
      assertStringIncludes(html, message);
      assert(!html.includes("<script>alert(1)</script>"), "markup is escaped");
    }
    assertEquals(await countRepresentations(), before);
  },
});

Deno.test({
  name: "[representation] a double submit files one request",
  ...opts,
  async fn() {
    const c = await citizen();
    const before = await countRepresentations();
    const fields = {
      kind: "power_of_attorney",
      representedName: "Věra Horáková",
      birthDate: "1960-10-10",
    };
    const first = await request(c, fields);
    const second = await request(c, fields, first.idem);
    assertEquals([first.res.status, second.res.status], [303, 303]);
    assertEquals(await countRepresentations(), before + 1);
    const row = (await byKey(first.idem))!;
    assertEquals((await auditOf(row.id, "representation.requested")).length, 1);
  },
});

Deno.test({
  name:
    "[representation] the form asks for the kind first, then shows only that kind's fields; filing e-mails the request number and the processing time",
  ...opts,
  async fn() {
    const c = await citizen();
    const first = await c.page("/ucet/zastoupeni");
    assertStringIncludes(first, 'name="druh"');
    assert(!first.includes('name="birthDate"') && !first.includes('name="ico"'), "kind first");
    const company = await c.page("/ucet/zastoupeni?druh=company");
    assertStringIncludes(company, 'name="kind" value="company"');
    assertStringIncludes(company, 'name="ico"');
    assertStringIncludes(company, "Název firmy");
    assert(!company.includes('name="birthDate"'), "a company has no birth date");
    const parent = await c.page("/ucet/zastoupeni?druh=parent");
    assertStringIncludes(parent, 'name="birthDate"');
    assert(!parent.includes('name="ico"'), "a child has no IČO");
    assertStringIncludes(parent, "Změnit druh");
    const tampered = await c.page("/ucet/zastoupeni?druh=%3Cscript%3E");
    assertStringIncludes(tampered, 'name="druh"');

    const { res, idem } = await request(c, {
      kind: "power_of_attorney",
      representedName: "Vlasta Horáková",
      birthDate: "1948-02-03",
    });
    await res.body?.cancel();
    assertEquals(res.status, 303);
    const row = (await byKey(idem))!;
    const reference = `ZAS-${row.id.replaceAll("-", "").slice(0, 8).toUpperCase()}`;
    assertStringIncludes(await c.page("/ucet/zastoupeni"), reference);
    const mails = await getDb().selectFrom("outbox_messages").select(["subject", "body"])
      .where("idempotency_key", "like", `representation-filed:${row.id}:%`).execute();
    assertEquals(mails.length, 1, "one confirmation to the verified e-mail");
    assertStringIncludes(mails[0].subject ?? "", reference);
    assertStringIncludes(mails[0].body ?? "", "nejpozději do 30 dnů");
    assertStringIncludes(mails[0].body ?? "", "Vlasta Horáková");
    // The same submit again files nothing and sends nothing more.
    const again = await request(c, {
      kind: "power_of_attorney",
      representedName: "Vlasta Horáková",
      birthDate: "1948-02-03",
    }, idem);
    await again.res.body?.cancel();
    const after = await getDb().selectFrom("outbox_messages").select("id")
      .where("idempotency_key", "like", `representation-filed:${row.id}:%`).execute();
    assertEquals(after.length, 1);
  },
});
