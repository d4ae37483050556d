/**
 * Reporting an accessibility barrier (Act 99/2019): the report is stored once and the office
 * gets one e-mail over real SMTP (MailDev in tests), however often the form is sent.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField, waitFor } from "./support/client.ts";
import { getDb } from "../lib/db.ts";

const maildev = Deno.env.get("MAILDEV_URL");
const opts = { ...shared, ignore: !hasServices || !maildev };

interface MailDevEmail {
  subject: string;
  text: string;
  to: { address: string }[];
  messageId: string;
}

async function mailsWith(text: string): Promise<MailDevEmail[]> {
  const res = await fetch(`${maildev}/email`);
  const all = (await res.json()) as MailDevEmail[];
  return all.filter((m) => m.text.includes(text));
}

Deno.test({
  name: "[a11y report] a barrier report sent twice is stored once and mailed to the office once",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const c = await client();
    const form = await c.page("/pristupnost/nahlasit?stranka=/uredni-deska");
    const marker = `Tlačítko nejde ovládat klávesnicí ${crypto.randomUUID().slice(0, 8)}`;
    const fields = {
      _idem: hiddenField(form, "_idem"),
      page: "/uredni-deska",
      description: marker,
      email: "jana.novakova@example.cz",
    };
    const first = await c.post("/pristupnost/nahlasit", fields, {
      csrf: hiddenField(form, "_csrf"),
    });
    const second = await c.post("/pristupnost/nahlasit", fields, {
      csrf: hiddenField(form, "_csrf"),
    });
    assertEquals(first.status, 303);
    assertEquals(second.headers.get("location"), first.headers.get("location"));

    const rows = await getDb().selectFrom("accessibility_reports").select(["id", "notified_at"])
      .where("tenant_id", "=", lipnice.id).where("description", "=", marker).execute();
    assertEquals(rows.length, 1);

    const mails = await waitFor(async () => {
      const found = await mailsWith(marker);
      return found.length > 0 ? found : null;
    }, { what: "the e-mail to the office", timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1000)); // a duplicate would arrive by now
    assertEquals((await mailsWith(marker)).length, 1);
    const mail = mails[0];
    assertEquals(mail.to.map((t) => t.address), [lipnice.email]);
    assertStringIncludes(mail.subject, "Hlášení problému s přístupností");
    assertStringIncludes(mail.text, "Stránka: /uredni-deska");
    const reference = new URL(first.headers.get("location")!, "http://x").searchParams.get(
      "odeslano",
    )!;
    assertStringIncludes(mail.subject, reference.toUpperCase());
    const row = await getDb().selectFrom("accessibility_reports").select("notified_at")
      .where("id", "=", rows[0].id).executeTakeFirstOrThrow();
    assert(row.notified_at !== null, "the report is marked as notified");
  },
});
