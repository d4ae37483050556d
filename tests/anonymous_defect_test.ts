/**
 * An anonymous defect report end to end, as a visitor without an account meets it: the form,
 * the confirmation e-mail in MailDev, the link opened and confirmed (filed once; confirming
 * again files nothing new), a clerk triaging and resolving it on /urad/ukoly/<id> (through the
 * outbox and the real worker), every e-mail at the address the visitor gave, and the public
 * list /hlaseni-zavad showing the report and its state without anything personal.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { waitFor } from "./support/client.ts";
import { type Mail, maildevUrl } from "./support/maildev.ts";
import { getDb } from "../lib/db.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };
const FORM = "/zivotni-situace/hlaseni-zavady/formular";
const CONFIRM = "/zivotni-situace/hlaseni-zavady/potvrzeni";

async function inbox(address: string): Promise<Mail[]> {
  const res = await fetch(`${maildevUrl}/email`);
  assertEquals(res.status, 200);
  return ((await res.json()) as Mail[])
    .filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}

/** Waits for the e-mail to `address` whose subject includes `subject`. */
function mailTo(address: string, subject: string): Promise<Mail> {
  return waitFor(async () => (await inbox(address)).find((m) => m.subject.includes(subject)), {
    what: `an e-mail "${subject}" to ${address}`,
    timeoutMs: 60_000,
    intervalMs: 200,
  });
}

async function html(res: Response): Promise<string> {
  assertEquals(res.status, 200, res.url);
  assertMatch(res.headers.get("content-type") ?? "", /^text\/html/);
  return await res.text();
}

const statusIs = (caseId: string, status: "new" | "assigned" | "resolved") => () =>
  getDb().selectFrom("defect_reports").selectAll().where("case_id", "=", caseId)
    .where("status", "=", status).executeTakeFirst();

Deno.test({
  name:
    "[anonymous defects] a visitor reports a defect by e-mail confirmation; a clerk triages and resolves it; the e-mails reach the given address; the public list shows it without personal data",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const run = crypto.randomUUID().slice(0, 8);
    const email = `Navstevnik.${run}@Example.cz`; // typed with capitals: the address is normalized
    const address = email.toLowerCase();
    const street = `Lipová ${run}`;
    const description = `Nesvítí lampa u zastávky ${run}.`;

    // The visitor fills the form without an account.
    const visitor = await client();
    assertStringIncludes(await html(await visitor.get(FORM)), 'name="email"');
    const sent = await visitor.post(FORM, {
      category: "verejneOsvetleni",
      description,
      placeKind: "address",
      "address.street": street,
      "address.houseNumber": "7",
      "address.town": "Lipnice nad Hájem",
      "address.postalCode": "123 45",
      email,
    });
    assertStringIncludes(await html(sent), "Zkontrolujte svůj e-mail");

    // The confirmation e-mail, delivered through the worker into MailDev, carries the link.
    const confirmation = await mailTo(address, "Potvrďte odeslání");
    const link = /https?:\/\/[^\s/]+(\/zivotni-situace\/hlaseni-zavady\/potvrzeni\?token=[\w-]+)/
      .exec(confirmation.text);
    assert(link, confirmation.text);
    const token = new URL(link[1], "http://localhost").searchParams.get("token")!;
    const ask = await html(await visitor.get(link[1]));
    assertStringIncludes(ask, "Potvrdit a odeslat");
    const casesOfVisitor = () =>
      db.selectFrom("cases").innerJoin(
        "person_contacts",
        "person_contacts.person_id",
        "cases.person_id",
      )
        .select(["cases.id", "cases.reference"]).where("cases.tenant_id", "=", lipnice.id)
        .where("person_contacts.value", "=", address).execute();
    assertEquals(await casesOfVisitor(), [], "opening the link files nothing by itself");

    const confirmed = await html(await visitor.post(CONFIRM, { token }));
    const [filed] = await casesOfVisitor();
    assert(filed, "confirming filed the report");
    assertStringIncludes(confirmed, `Podání bylo přijato pod číslem ${filed.reference}.`);
    // A second confirmation (another press, the link opened again) files nothing new.
    assertStringIncludes(await html(await visitor.post(CONFIRM, { token })), filed.reference);
    assertEquals((await casesOfVisitor()).length, 1, "filed once");
    // Without an account the reporter follows the report on its public page, not /ucet/podani.
    const publicLink = `/hlaseni-zavad/${filed.id}`;
    const receipt = await mailTo(address, `Podání ${filed.reference} bylo přijato`);
    assertStringIncludes(receipt.text, publicLink);
    assert(!receipt.text.includes("/ucet/podani"), receipt.text);
    await waitFor(statusIs(filed.id, "new"), {
      what: "the report's projection",
      timeoutMs: 60_000,
    });

    // A clerk of the defects agenda triages it to a department and resolves it.
    const department = await db.selectFrom("departments").select("id")
      .where("tenant_id", "=", lipnice.id).where("name", "=", "Technické služby")
      .executeTakeFirstOrThrow();
    const clerk = await client();
    await clerk.loginClerk();
    const view = await html(await clerk.get(`/urad/ukoly/${filed.id}`));
    assertStringIncludes(view, description);
    const triaged = await clerk.post(`/urad/ukoly/${filed.id}`, {
      action: "triage",
      outcome: "accept",
      department: department.id,
    });
    await triaged.body?.cancel();
    assertEquals(triaged.status, 303);
    await waitFor(statusIs(filed.id, "assigned"), { what: "the triage", timeoutMs: 60_000 });
    const accepted = await mailTo(address, `Hlášení ${filed.reference} bylo přijato`);
    assertStringIncludes(accepted.text, publicLink);

    const resolved = await clerk.post(`/urad/ukoly/${filed.id}`, {
      action: "resolve",
      resolution: "Žárovka vyměněna.",
    });
    await resolved.body?.cancel();
    assertEquals(resolved.status, 303);
    await waitFor(statusIs(filed.id, "resolved"), { what: "the resolution", timeoutMs: 60_000 });
    const done = await mailTo(address, `Závada z hlášení ${filed.reference} je vyřešena`);
    assertStringIncludes(done.text, "Žárovka vyměněna.");
    assertStringIncludes(done.text, publicLink);
    assertStringIncludes(done.text, "nahlaste ji prosím znovu");
    assert(!done.text.includes("/ucet/podani"), done.text);

    // Every message about the case went to the address the visitor gave, once each.
    const messages = await db.selectFrom("outbox_messages").select(["recipient", "channel"])
      .where("idempotency_key", "like", `case/${filed.id}:%`).execute();
    assert(messages.length >= 3, JSON.stringify(messages));
    assert(messages.every((m) => m.recipient === address && m.channel === "email"));

    // The public list and the report's page: the place and the state, nothing personal.
    const reader = await client();
    const list = await html(
      await reader.get(`/hlaseni-zavad?q=${encodeURIComponent(`lipova ${run}`)}`),
    );
    assertStringIncludes(list, `href="/hlaseni-zavad/${filed.id}"`);
    assertStringIncludes(list, street);
    assertStringIncludes(list, "Vyřešeno");
    const detail = await html(await reader.get(`/hlaseni-zavad/${filed.id}`));
    assertStringIncludes(detail, street);
    assertStringIncludes(detail, "Vyřešeno");
    for (const page of [list, detail]) {
      assert(!page.toLowerCase().includes(address), "no e-mail address in public");
      assert(!page.includes(filed.reference), "no reference in public");
      assert(!page.includes(description), "no description in public");
    }
  },
});
