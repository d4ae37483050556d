/**
 * Reporting an accessibility barrier (Act 99/2019): the report is stored once and the office
 * gets one e-mail over real SMTP (MailDev in tests), however often the form is sent.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { hiddenField } from "./support/client.ts";
import { waitFor } from "./support/wait.ts";
import { getDb } from "../lib/db.ts";
import { Client, Connection, WorkflowNotFoundError } from "@temporalio/client";

const maildev = Deno.env.get("MAILDEV_URL");
const opts = { ...shared, ignore: !hasServices || !maildev };

interface MailDevEmail {
  subject: string;
  text: string;
  to: { address: string }[];
  messageId: string;
}

/** Waits until the workflow has finished (the relay may not have started it yet); its result. */
async function workflowResult(workflowId: string): Promise<unknown> {
  const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
  try {
    const handle = new Client({ connection }).workflow.getHandle(workflowId);
    await waitFor(async () => {
      const described = await handle.describe().catch((e) => {
        if (e instanceof WorkflowNotFoundError) return null;
        throw e;
      });
      return described !== null && described.status.name !== "RUNNING";
    }, { what: `the workflow ${workflowId} to finish`, timeoutMs: 30_000 });
    return await handle.result();
  } finally {
    await connection.close();
  }
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
    // Once the one workflow of the report has finished, nothing else can send it again.
    assertEquals(await workflowResult(`lipnice/a11y-report/${rows[0].id}`), "sent");
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
