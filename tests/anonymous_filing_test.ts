/**
 * A form that anyone may send (the defect report) without an account: the visitor's e-mail gets
 * a confirmation link, nothing is filed until it is confirmed, confirming files once (a second
 * press shows the same reference), a link past its 24 hours files nothing, and forms that need
 * an account (the dog fee) still ask to sign in.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField } from "./support/client.ts";
import { getDb } from "../lib/db.ts";

const opts = { ...shared, ignore: !hasServices };
const FORM = "/zivotni-situace/hlaseni-zavady/formular";

function report(email: string): Record<string, string> {
  return {
    category: "verejneOsvetleni",
    description: "Nesvítí lampa před domem č. 12.",
    placeKind: "address",
    "address.street": "Na Výsluní",
    "address.houseNumber": "12",
    "address.town": "Lipnice nad Hájem",
    "address.postalCode": "123 45",
    email,
  };
}

async function linkTo(email: string): Promise<string> {
  const row = await getDb().selectFrom("outbox_messages").select(["body", "subject"])
    .where("recipient", "=", email).orderBy("created_at", "desc").executeTakeFirstOrThrow();
  assertStringIncludes(row.subject ?? "", "Potvrďte odeslání");
  const m = /https?:\/\/[^\s]+\/zivotni-situace\/hlaseni-zavady\/potvrzeni\?token=([\w-]+)/.exec(
    row.body ?? "",
  );
  assert(m, row.body ?? "");
  return m[1];
}

async function casesFor(email: string) {
  return await getDb().selectFrom("cases").innerJoin(
    "person_contacts",
    "person_contacts.person_id",
    "cases.person_id",
  ).select(["cases.id", "cases.reference", "cases.form_slug"])
    .where("person_contacts.value", "=", email).where("person_contacts.verified_at", "is not", null)
    .execute();
}

Deno.test({
  name:
    "[anonymous filing] a defect report without an account is filed once its e-mail is confirmed",
  ...opts,
  async fn() {
    await demoTowns();
    const email = `oznamovatel.${crypto.randomUUID().slice(0, 8)}@example.cz`;
    const c = await client();
    const form = await c.get(FORM);
    assertEquals(form.status, 200);
    assertStringIncludes(await form.text(), 'name="email"');

    const missing = await c.post(FORM, { ...report(""), email: "" });
    assertEquals(missing.status, 422);
    assertStringIncludes(await missing.text(), "Vyplňte prosím toto pole.");

    const sent = await c.post(FORM, report(email));
    assertEquals(sent.status, 200);
    assertStringIncludes(await sent.text(), "Zkontrolujte svůj e-mail");
    assertEquals(await casesFor(email), [], "nothing filed before the confirmation");

    const token = await linkTo(email);
    const ask = await c.get(`/zivotni-situace/hlaseni-zavady/potvrzeni?token=${token}`);
    assertEquals(ask.status, 200);
    const askHtml = await ask.text();
    assertStringIncludes(askHtml, "Potvrdit a odeslat");
    assertEquals(await casesFor(email), [], "opening the link files nothing by itself");

    const [first, second] = await Promise.all([
      c.post("/zivotni-situace/hlaseni-zavady/potvrzeni", { token }),
      c.post("/zivotni-situace/hlaseni-zavady/potvrzeni", { token }),
    ]);
    assertEquals([first.status, second.status], [200, 200]);
    const [a, b] = [await first.text(), await second.text()];
    const cases = await casesFor(email);
    assertEquals(cases.length, 1, "filed once");
    assertEquals(cases[0].form_slug, "hlaseni-zavady");
    assertStringIncludes(a, `Podání bylo přijato pod číslem ${cases[0].reference}.`);
    assertStringIncludes(b, cases[0].reference);
    assertEquals(hiddenField(askHtml, "token"), token);
  },
});

Deno.test({
  name: "[anonymous filing] a link past 24 hours files nothing; the dog fee still asks to sign in",
  ...opts,
  async fn() {
    await demoTowns();
    const email = `pozde.${crypto.randomUUID().slice(0, 8)}@example.cz`;
    const c = await client();
    assertEquals((await c.post(FORM, report(email))).status, 200);
    const token = await linkTo(email);
    await getDb().updateTable("pending_submissions")
      .set({ expires_at: new Date(Date.now() - 1000) }).where("email", "=", email).execute();
    const late = await c.post("/zivotni-situace/hlaseni-zavady/potvrzeni", { token });
    assertEquals(late.status, 410);
    assertStringIncludes(await late.text(), "Platnost odkazu vypršela");
    assertEquals(await casesFor(email), []);
    const wrong = await c.post("/zivotni-situace/hlaseni-zavady/potvrzeni", {
      token: "x".repeat(43),
    });
    assertEquals(wrong.status, 404);
    await wrong.body?.cancel();

    const dog = await c.get("/zivotni-situace/poplatek-ze-psa/formular");
    assertEquals(dog.status, 303);
    assertStringIncludes(dog.headers.get("location") ?? "", "/prihlaseni?next=");
    const post = await c.post("/zivotni-situace/poplatek-ze-psa/formular", { givenName: "X" });
    assertEquals(post.status, 303);
    await post.body?.cancel();
  },
});
