/**
 * Grants after the decision (issue 14), over HTTP: the clerk prepares the contract (pdf and
 * docx that parse back), the applicant confirms it (twice: once), the payouts are exported as
 * one batch (the same batch downloads the same file, a new export repeats nothing) and marked
 * paid, the settlement report comes in late, the clerk requests a partial return after a
 * confirmation page (exactly one obligation, shown in /ucet), and an accepted report closes the
 * application. The open data of granted grants never shows a natural person's private data, and
 * its CSV and JSON agree.
 */
import { assert, assertEquals } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { insertGrantApplication } from "./support/grant_fixture.ts";
import { getDb } from "../lib/db.ts";
import { hash } from "@node-rs/argon2";
import JSZip from "jszip";
import ExcelJS from "exceljs";
import { acceptSettlement, markBatchPaid, submitSettlement } from "../app/grant_awards.ts";
import { formatPragueDate } from "../domain/time.ts";
import { bookPayment } from "../db/repositories/ledger.ts";
import { addDays } from "../domain/grant_awards.ts";

const opts = { ...shared, ignore: !hasServices };

function uniq(): string {
  return crypto.randomUUID().slice(0, 8);
}

async function postForm(
  c: TestClient,
  path: string,
  fields: Record<string, string>,
): Promise<Response> {
  const body = new URLSearchParams(fields);
  body.set("_csrf", await c.csrfToken());
  return await c.request(path, { method: "POST", body, redirect: "manual" });
}

/** A new citizen of Lipnice with an address and a birth date, signed in. */
async function applicant(): Promise<{ c: TestClient; personId: string; name: string }> {
  const { lipnice } = await demoTowns();
  const username = `zadatel.${uniq()}`;
  const password = "Zadatel-heslo-2026";
  const family = `Dotační${uniq().slice(0, 4)}`;
  const row = await getDb().insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: "Jana",
    family_name: family,
    birth_date: "1980-04-17",
    address: "Lipová 12, 394 11 Lipnice nad Hájem",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  } as never).returning("id").executeTakeFirstOrThrow();
  const c = await client();
  await c.loginCitizen(username, password);
  return { c, personId: (row as { id: string }).id, name: `Jana ${family}` };
}

let clerkClient: Promise<TestClient> | undefined;
function clerk(): Promise<TestClient> {
  return clerkClient ??= (async () => {
    const c = await client();
    await c.loginClerk();
    return c;
  })();
}

async function callId(tenantId: string): Promise<string> {
  const call = await getDb().selectFrom("grant_calls").select("id")
    .where("tenant_id", "=", tenantId).where("idempotency_key", "=", "seed-spolky-2027")
    .executeTakeFirstOrThrow();
  return call.id;
}

/** A granted application with its council decision (as G3's use case leaves it). */
async function granted(
  personId: string,
  o: {
    asked?: number;
    granted?: number;
    kind?: "person" | "organisation" | "entrepreneur";
    name?: string;
    ico?: string | null;
  } = {},
) {
  const { lipnice } = await demoTowns();
  const a = await insertGrantApplication({
    tenantId: lipnice.id,
    callId: await callId(lipnice.id),
    personId,
    state: "granted",
    askedHalere: o.asked ?? 5_000_000,
    grantedHalere: o.granted ?? 4_000_000,
    applicantKind: o.kind,
    applicantName: o.name,
    applicantIco: o.ico,
  });
  await getDb().insertInto("grant_decisions").values({
    tenant_id: lipnice.id,
    application_id: a.applicationId,
    outcome: "granted",
    granted_halere: o.granted ?? 4_000_000,
    resolution: `ZO/${uniq()}`,
    decided_on: formatPragueDate(new Date()),
  } as never).execute();
  return { ...a, tenantId: lipnice.id };
}

async function count(table: "grant_contracts" | "grant_payouts" | "grant_settlements", id: string) {
  const r = await getDb().selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n"))
    .where("application_id", "=", id).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function events(caseId: string, kind: string): Promise<number> {
  const r = await getDb().selectFrom("case_events").select((eb) => eb.fn.countAll<string>().as("n"))
    .where("case_id", "=", caseId).where("kind", "=", kind as never).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function signals(caseId: string): Promise<string[]> {
  const rows = await getDb().selectFrom("workflow_commands").select("command_key")
    .where("subject_id", "=", caseId).where("kind", "=", "signal").execute();
  return rows.map((r) => r.command_key).sort();
}

Deno.test({
  name:
    "[grant awards] contract, confirmation, payout batch, late settlement, partial return in /ucet",
  ...opts,
  async fn() {
    const db = getDb();
    const { c: citizen, personId } = await applicant();
    const a = await granted(personId);
    const office = await clerk();

    // The clerk prepares the contract: pdf and docx parse back and carry its number.
    assert((await office.page("/urad/dotace/smlouvy")).includes(a.reference));
    const prep = await postForm(office, "/urad/dotace/smlouvy", { applicationId: a.applicationId });
    assertEquals(prep.status, 303);
    const again = await postForm(office, "/urad/dotace/smlouvy", {
      applicationId: a.applicationId,
    });
    assertEquals(again.status, 303, "a second prepare changes nothing");
    assertEquals(await count("grant_contracts", a.applicationId), 1);
    const contract = await db.selectFrom("grant_contracts").selectAll()
      .where("application_id", "=", a.applicationId).executeTakeFirstOrThrow();
    assertEquals(contract.number, `SD-${a.reference}`);
    const pdf = contract.pdf!;
    const pdfText = new TextDecoder("latin1").decode(pdf);
    assert(pdfText.startsWith("%PDF-"));
    assert(pdfText.includes(contract.number), "the pdf names its number");
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", pdf as never));
    assertEquals(
      contract.sha256,
      [...digest].map((b) => b.toString(16).padStart(2, "0")).join(""),
    );
    const zip = await JSZip.loadAsync(contract.docx!);
    const xml = await zip.file("word/document.xml")!.async("string");
    assert(xml.includes(contract.number) && xml.includes("Veřejnoprávní smlouva"));
    assert(xml.includes("Spolek Testovací"), "the recipient");
    assertEquals(await events(a.caseId, "grantContractReady"), 1);

    // Somebody else sees nothing of it.
    const stranger = (await applicant()).c;
    const peek = await stranger.get(`/ucet/dotace/${a.applicationId}/smlouva`);
    assertEquals(peek.status, 404);
    await peek.body?.cancel();
    const peekPdf = await stranger.get(`/ucet/dotace/${a.applicationId}/smlouva.pdf`);
    assertEquals(peekPdf.status, 404);
    await peekPdf.body?.cancel();

    // The applicant confirms: errors in Czech first, then contracted (twice: once).
    const page = await citizen.page(`/ucet/dotace/${a.applicationId}/smlouva`);
    assert(page.includes(contract.number));
    const download = await citizen.get(`/ucet/dotace/${a.applicationId}/smlouva.pdf`);
    assertEquals(download.status, 200);
    assertEquals(download.headers.get("content-type"), "application/pdf");
    assertEquals(download.headers.get("cache-control"), "private, no-store");
    await download.body?.cancel();
    const bad = await postForm(citizen, `/ucet/dotace/${a.applicationId}/smlouva`, {
      account: "123",
    });
    assertEquals(bad.status, 422);
    const badHtml = await bad.text();
    assert(badHtml.includes("Potvrďte prosím, že se smlouvou souhlasíte."));
    assert(badHtml.includes("Zadejte platné číslo účtu"));
    const confirm = { account: "19-2000145399/0800", agree: "on" };
    const ok = await postForm(citizen, `/ucet/dotace/${a.applicationId}/smlouva`, confirm);
    assertEquals(ok.status, 303);
    const twice = await postForm(citizen, `/ucet/dotace/${a.applicationId}/smlouva`, confirm);
    assertEquals(twice.status, 303);
    const app = await db.selectFrom("grant_applications").selectAll()
      .where("id", "=", a.applicationId).executeTakeFirstOrThrow();
    assertEquals(app.state, "contracted");
    assertEquals(app.settlement_due, contract.settlement_due);
    assertEquals(await count("grant_payouts", a.applicationId), 2, "two instalments");
    assertEquals(await events(a.caseId, "grantContracted"), 1);
    assert(
      (await signals(a.caseId)).some((k) => k.endsWith(":grantApplicationChanged:contracted")),
    );

    // The payouts: exported as one batch; the same form token gives the same batch; a new
    // export repeats nothing.
    const until = addDays(formatPragueDate(new Date()), 400);
    const list = await office.page(`/urad/dotace/vyplaty?do=${until}`);
    assert(list.includes(a.reference));
    const idem = /name="_idem" value="([^"]+)"/.exec(list)![1];
    const exp = await postForm(office, "/urad/dotace/vyplaty", { _idem: idem, until });
    assertEquals(exp.status, 303);
    const batchPath = exp.headers.get("location")!.replace(/\?.*$/, "");
    const expAgain = await postForm(office, "/urad/dotace/vyplaty", { _idem: idem, until });
    assertEquals(expAgain.headers.get("location")!.replace(/\?.*$/, ""), batchPath);
    const fresh = await postForm(office, "/urad/dotace/vyplaty", {
      _idem: crypto.randomUUID(),
      until,
    });
    assertEquals(fresh.status, 409, "nothing left to export");
    assert((await fresh.text()).includes("Není co exportovat"));
    const csv1 = await (await office.get(`${batchPath}?format=csv`)).text();
    const csv2 = await (await office.get(`${batchPath}?format=csv`)).text();
    assertEquals(csv1, csv2, "the same batch downloads the same file");
    assert(csv1.includes("19-2000145399/0800") && csv1.includes(contract.number));
    const xlsx = await office.get(`${batchPath}?format=xlsx`);
    assertEquals(xlsx.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const cells = wb.worksheets[0].getSheetValues().flat().map(String);
    assert(cells.includes("19-2000145399/0800"));
    assert(cells.includes("20000"), "an instalment of 20 000 Kč as a number");
    const badFormat = await office.get(`${batchPath}?format=exe`);
    assertEquals(badFormat.status, 400);
    await badFormat.body?.cancel();

    // Paid: the application's paid amount and state; a second "paid" changes nothing.
    assertEquals((await postForm(office, batchPath, {})).status, 303);
    assertEquals((await postForm(office, batchPath, {})).status, 303);
    const paid = await db.selectFrom("grant_applications").selectAll()
      .where("id", "=", a.applicationId).executeTakeFirstOrThrow();
    assertEquals([paid.paid_halere, paid.state], ["4000000", "paid"]);
    assertEquals(await events(a.caseId, "grantPaid"), 1);

    // The settlement report, after its deadline: late.
    await db.updateTable("grant_applications")
      .set({ settlement_due: addDays(formatPragueDate(new Date()), -3) })
      .where("id", "=", a.applicationId).execute();
    const form = await citizen.page(`/ucet/dotace/${a.applicationId}/vyuctovani`);
    const lines = [...form.matchAll(/name="(line\d+)Amount"/g)].map((m) => m[1]);
    assert(lines.length >= 1);
    const badReport = await postForm(citizen, `/ucet/dotace/${a.applicationId}/vyuctovani`, {
      report: "krátce",
    });
    assertEquals(badReport.status, 422);
    assert((await badReport.text()).includes("Vyplňte"));
    const fields: Record<string, string> = {
      report: "Oddíl uspořádal 40 tréninků a dva turnaje pro děti z obce.",
    };
    // 30 000 Kč of the grant used on the first line; the rest (10 000 Kč) unused.
    lines.forEach((l, i) => {
      fields[`${l}Amount`] = i === 0 ? "45 000" : "1 000";
      fields[`${l}Grant`] = i === 0 ? "30 000" : "0";
    });
    // A file that is not what its name says is refused (judged by content).
    const fake = await citizen.post(`/ucet/dotace/${a.applicationId}/vyuctovani`, {
      ...fields,
      attachments: new File([new Uint8Array([0, 1, 2, 3])], "faktura.pdf"),
    });
    assertEquals(fake.status, 422);
    assert((await fake.text()).includes("Povolené jsou PDF, PNG, JPEG a TXT."));
    const filed = await citizen.post(`/ucet/dotace/${a.applicationId}/vyuctovani`, {
      ...fields,
      attachments: new File(["%PDF-1.4 faktura za nájem"], "faktura.pdf"),
    });
    assertEquals(filed.status, 303);
    assert(filed.headers.get("location")!.endsWith("podano=pozde"));
    const filedAgain = await postForm(
      citizen,
      `/ucet/dotace/${a.applicationId}/vyuctovani`,
      fields,
    );
    assertEquals(filedAgain.status, 303);
    assertEquals(await count("grant_settlements", a.applicationId), 1);
    const s = await db.selectFrom("grant_settlements").selectAll()
      .where("application_id", "=", a.applicationId).executeTakeFirstOrThrow();
    assertEquals([s.late, s.eligible_halere], [true, "3000000"]);
    const actual = await db.selectFrom("grant_budget_items").select("kind")
      .where("application_id", "=", a.applicationId).where("kind", "=", "settlement").execute();
    assertEquals(actual.length, lines.length, "the same lines, with actual amounts");
    const files = await db.selectFrom("attachments").select(["file_name", "media_type", "field"])
      .where("case_id", "=", a.caseId).execute();
    assertEquals(files, [{
      file_name: "faktura.pdf",
      media_type: "application/pdf",
      field: "settlement",
    }]);
    assert(
      (await citizen.page(`/ucet/dotace/${a.applicationId}/vyuctovani`)).includes("faktura.pdf"),
    );

    // The clerk: a return above the paid amount is a Czech 422; a valid one asks to confirm;
    // the confirmed one creates exactly one obligation.
    const review = `/urad/dotace/vyuctovani/${a.applicationId}`;
    const reviewPage = await office.page(review);
    assert(reviewPage.includes("po lhůtě"));
    assert(reviewPage.includes('value="10000"'), "the unused 10 000 Kč is suggested");
    const tooMuch = await postForm(office, review, {
      action: "return",
      amount: "50 000",
      reason: "Nevyčerpané prostředky.",
    });
    assertEquals(tooMuch.status, 422);
    assert((await tooMuch.text()).includes("Vrátit lze nejvýše vyplacenou částku"));
    const ask = await postForm(office, review, {
      action: "return",
      amount: "10 000",
      reason: "Nevyčerpané prostředky.",
    });
    assertEquals(ask.status, 200);
    assert((await ask.text()).includes("Opravdu požadovat vrácení části dotace?"));
    const confirmed = {
      action: "return",
      amount: "10 000",
      reason: "Nevyčerpané prostředky.",
      _confirm: "ano",
    };
    assertEquals((await postForm(office, review, confirmed)).status, 303);
    assertEquals((await postForm(office, review, confirmed)).status, 303);
    const obligations = await db.selectFrom("obligations").selectAll()
      .where("case_id", "=", a.caseId).execute();
    assertEquals(obligations.length, 1);
    assertEquals([obligations[0].kind, String(obligations[0].amount_halere)], [
      "grant_return",
      "1000000",
    ]);
    const after = await db.selectFrom("grant_applications").selectAll()
      .where("id", "=", a.applicationId).executeTakeFirstOrThrow();
    assertEquals([after.state, after.settled_halere], ["return_requested", "3000000"]);
    assertEquals(await events(a.caseId, "grantReturnRequested"), 1);

    // The applicant's account shows it with its variable symbol.
    const account = await citizen.page("/ucet");
    assert(account.includes(`Vrácení dotace ${a.reference}`));
    assert(account.includes(obligations[0].variable_symbol));
    // Not closable before the return is paid.
    const early = await postForm(office, review, { action: "close" });
    assertEquals(early.status, 409);
    assert((await early.text()).includes("Vratka ještě není zaplacena celá"));

    // The return paid (a bank statement line booked to it): the clerk closes the application.
    await db.transaction().execute(async (trx) => {
      await bookPayment(trx, a.tenantId, {
        kind: "bank",
        amountHalere: 1_000_000,
        receivedOn: formatPragueDate(new Date()),
        obligationId: obligations[0].id,
        sourceKey: `test-${crypto.randomUUID()}`,
      });
    });
    assertEquals((await postForm(office, review, { action: "close" })).status, 303);
    assertEquals((await postForm(office, review, { action: "close" })).status, 303);
    const closed = await db.selectFrom("grant_applications").selectAll()
      .where("id", "=", a.applicationId).executeTakeFirstOrThrow();
    assertEquals([closed.state, closed.returned_halere, closed.settled_halere], [
      "closed",
      "1000000",
      "3000000",
    ]);
    assertEquals(await events(a.caseId, "grantSettled"), 1);
  },
});

Deno.test({
  name: "[grant awards] an accepted settlement report closes the application (on time, not late)",
  ...opts,
  async fn() {
    const db = getDb();
    const { c: citizen, personId } = await applicant();
    const a = await granted(personId, { asked: 2_000_000, granted: 2_000_000 });
    const office = await clerk();
    assertEquals(
      (await postForm(office, "/urad/dotace/smlouvy", { applicationId: a.applicationId })).status,
      303,
    );
    assertEquals(
      (await postForm(citizen, `/ucet/dotace/${a.applicationId}/smlouva`, {
        account: "2000145399/0800",
        agree: "on",
      })).status,
      303,
    );
    // Pay it through the use case: export everything due and mark the batch paid.
    const until = addDays(formatPragueDate(new Date()), 400);
    const list = await office.page(`/urad/dotace/vyplaty?do=${until}`);
    const idem = /name="_idem" value="([^"]+)"/.exec(list)![1];
    const exp = await postForm(office, "/urad/dotace/vyplaty", { _idem: idem, until });
    const batchId = exp.headers.get("location")!.split("/").pop()!.replace(/\?.*$/, "");
    const actor = { tenantId: a.tenantId, clerkId: "", requestId: null };
    const clerkRow = await db.selectFrom("clerks").select("id").where("tenant_id", "=", a.tenantId)
      .limit(1).executeTakeFirstOrThrow();
    actor.clerkId = clerkRow.id;
    assert((await markBatchPaid({ db }, actor, { batchId, origin: "http://localhost" })).ok);
    const person = { tenantId: a.tenantId, personId, onBehalfOf: null, requestId: null };
    const budget = await db.selectFrom("grant_budget_items").selectAll()
      .where("application_id", "=", a.applicationId).orderBy("position").execute();
    const filed = await submitSettlement({ db }, person, {
      applicationId: a.applicationId,
      draft: {
        lines: budget.map((b) => ({
          position: b.position,
          categoryId: b.cost_category_id,
          description: b.description,
          amount: Number(b.amount_halere),
          grant: Number(b.grant_halere),
        })),
        report: "Vše proběhlo podle plánu, podrobnosti v příloze.",
        spent: 3_000_000,
        eligible: 2_000_000,
      },
      now: new Date(),
      origin: "http://localhost",
    });
    assertEquals(filed, { ok: true, late: false, already: false });
    const accepted = await postForm(office, `/urad/dotace/vyuctovani/${a.applicationId}`, {
      action: "accept",
    });
    assertEquals(accepted.status, 303);
    const again = await acceptSettlement({ db }, actor, {
      applicationId: a.applicationId,
      origin: "http://localhost",
    });
    assertEquals(again, { ok: true, already: true });
    const row = await db.selectFrom("grant_applications").selectAll()
      .where("id", "=", a.applicationId).executeTakeFirstOrThrow();
    assertEquals([row.state, row.settled_halere], ["closed", "2000000"]);
    const c = await db.selectFrom("cases").select("state").where("id", "=", a.caseId)
      .executeTakeFirstOrThrow();
    assertEquals(c.state, "closed");
    assertEquals(await events(a.caseId, "grantSettled"), 1);
    const obligations = await db.selectFrom("obligations").select("id")
      .where("case_id", "=", a.caseId).execute();
    assertEquals(obligations.length, 0, "no return");
  },
});

Deno.test({
  name:
    "[grant awards] open data: a natural person's private data never appears; the CSV and JSON agree",
  ...opts,
  async fn() {
    const { personId } = await applicant();
    const tag = uniq();
    await granted(personId, {
      kind: "organisation",
      name: `Sokol ${tag}, z. s.`,
      ico: "12345678",
      asked: 2_000_000,
      granted: 2_000_000,
    });
    await granted(personId, {
      kind: "person",
      name: `Malá ${tag}`,
      asked: 1_000_000,
      granted: 1_000_000,
    });
    await granted(personId, {
      kind: "person",
      name: `Velká ${tag}`,
      asked: 10_000_000,
      granted: 6_000_000,
    });
    const year = formatPragueDate(new Date()).slice(0, 4);
    const anon = await client();
    const res = await anon.get(`/dotace/poskytnute?rok=${year}`);
    assertEquals(res.status, 200);
    assert(res.headers.get("cache-control")!.startsWith("public"));
    const html = await res.text();
    assert(html.includes(`Sokol ${tag}, z. s.`) && html.includes("12345678"));
    assert(html.includes(`Velká ${tag}`), "above 50 000 Kč a natural person is named");
    assert(!html.includes(`Malá ${tag}`), "at or below 50 000 Kč only as Fyzická osoba");
    assert(html.includes("Fyzická osoba"));
    assert(html.includes("Lipnice nad Hájem"), "the municipality");
    for (const privateBit of ["Lipová 12", "394 11", "17. 4. 1980", "1980-04-17"]) {
      assert(!html.includes(privateBit), `never ${privateBit}`);
    }
    const csv = await (await anon.get(`/dotace/poskytnute.csv?rok=${year}`)).text();
    const json = await (await anon.get(`/dotace/poskytnute.json?rok=${year}`)).json();
    for (const text of [csv, JSON.stringify(json)]) {
      assert(
        !text.includes("Lipová 12") && !text.includes("1980") && !text.includes(`Malá ${tag}`),
      );
    }
    const [header, ...rows] = csv.replace(/^\ufeff/, "").trim().split("\r\n");
    const keys = header.split(";");
    const fromCsv = rows.map((line) => {
      const cells = line.split(";").map((v) => v.replace(/^"|"$/g, "").replaceAll('""', '"'));
      return Object.fromEntries(keys.map((k, i) => [k, cells[i] === "" ? null : cells[i]]));
    });
    const fromJson = (json.dotace as Record<string, unknown>[]).map((r) =>
      Object.fromEntries(keys.map((k) => [k, r[k] === null ? null : String(r[k])]))
    );
    assertEquals(
      fromCsv.filter((r) => String(r.prijemce).includes(tag) || r.prijemce === "Fyzická osoba")
        .length >= 3,
      true,
    );
    // The same records in the same order (purposes here have no ; or quotes).
    assertEquals(fromCsv.length, fromJson.length);
    assertEquals(
      fromCsv.filter((r) => String(r.prijemce).includes(tag)),
      fromJson.filter((r) => String(r.prijemce).includes(tag)),
    );
    const bad = await anon.get("/dotace/poskytnute?rok=dvacet");
    assertEquals(bad.status, 400);
    assert((await bad.text()).includes("Rok zadejte jako čtyřmístné číslo"));
  },
});
