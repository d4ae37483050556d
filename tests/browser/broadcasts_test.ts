/**
 * A clerk writes a message to residents from a template in Chromium at 320 px: a placeholder
 * left empty is a Czech error, the preview shows how many recipients each channel reaches, the
 * message goes out through the Temporal worker while the delivery report counts it, and the news
 * item appears on the public website — every page audited (status, CSP, console, axe WCAG 2.1
 * A + AA) with nothing scrolling sideways.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  DEMO_CLERK,
  pathOf,
  type PortalPage,
  setChecked,
  signIn,
} from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { waitFor } from "../support/wait.ts";
import { getDb } from "../../lib/db.ts";

const suite = new BrowserSuite();
const run = crypto.randomUUID().slice(0, 8);

async function fits(p: PortalPage): Promise<void> {
  const width = await p.scrollWidth();
  assert(width <= 320, `${pathOf(p)} scrolls sideways at 320 px: the document is ${width} px`);
}

/** Two active subscribers of a street of Lipnice who follow outages (e-mail and SMS). */
async function subscribers(): Promise<string> {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const street = await db.selectFrom("streets").select(["id", "name"])
    .where("tenant_id", "=", lipnice.id).orderBy("name").executeTakeFirstOrThrow();
  for (
    const [channel, address] of [
      ["email", `voda.${run}@example.cz`],
      ["sms", `+420774${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`],
    ] as const
  ) {
    const s = await db.insertInto("subscribers").values({
      tenant_id: lipnice.id,
      channel,
      address,
      status: "active",
      unsubscribe_token: crypto.randomUUID().replaceAll("-", ""),
      all_streets: false,
      confirmed_at: new Date(),
    }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("subscriber_topics").values({
      tenant_id: lipnice.id,
      subscriber_id: s.id,
      topic: "outages",
    }).execute();
    await db.insertInto("subscriber_streets").values({
      tenant_id: lipnice.id,
      subscriber_id: s.id,
      street_id: street.id,
    }).execute();
  }
  return street.name;
}

Deno.test({
  name: "[browser] a clerk sends a message from a template, sees the count and the report",
  ...browserTest,
  async fn() {
    const streetName = await subscribers();
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      await signIn(p, DEMO_CLERK);
      await p.followLink("Zprávy občanům");
      assertEquals(await p.headings(1), ["Zprávy občanům"]);
      await fits(p);
      await p.followLink("Nová zpráva občanům");
      await fits(p);
      await p.followLink("Odstávka vody");
      assertEquals(await p.headings(1), ["Nová zpráva občanům"]);
      await fits(p);

      // A placeholder left empty: the summary says which.
      await p.fill("Údaj ulice (povinné)", streetName);
      await p.fill("Údaj datum (povinné)", `5. 12. 2026 (${run})`);
      await p.fill("Údaj od (povinné)", "8:00");
      await setChecked(p, streetName);
      await p.press("Zobrazit náhled a počet příjemců", { status: 422 });
      const summary = (await p.textOfRole("alert")).find((t) => t.includes("Formulář obsahuje"));
      assert(summary, "an error summary");
      assertStringIncludes(summary, "Doplňte údaj do");
      await fits(p);

      await p.fill("Údaj do (povinné)", "12:00");
      await p.press("Zobrazit náhled a počet příjemců");
      assertEquals(await p.headings(1), ["Opravdu odeslat zprávu občanům?"]);
      const main = await p.mainText();
      const email = /Příjemci \(E-mail\)\s*(\d+)/.exec(main);
      const sms = /Příjemci \(SMS\)\s*(\d+)/.exec(main);
      assert(email && Number(email[1]) >= 1, `an e-mail count: ${main.slice(0, 400)}`);
      assert(sms && Number(sms[1]) >= 1, "an SMS count");
      assertStringIncludes(main, `Odstávka vody v ulici ${streetName}`);
      await fits(p);

      await p.press("Ano, odeslat");
      assert(/^\/urad\/zpravy\/[0-9a-f-]{36}$/.test(pathOf(p)), pathOf(p));
      assertStringIncludes(await p.mainText(), "Zpráva je zadána k odeslání.");
      await fits(p);
      // The report's island asks for the counts until the broadcast is sent.
      await waitFor(async () => (await p.mainText()).includes("Odeslaná"), {
        what: "the report showing the broadcast sent",
        timeoutMs: 60_000,
        intervalMs: 500,
      });
      await p.axe();
      await fits(p);

      await p.visit("/aktuality");
      assertStringIncludes(await p.mainText(), `Odstávka vody v ulici ${streetName}`);
      await fits(p);
      await p.followLink(`Odstávka vody v ulici ${streetName} dne 5. 12. 2026 (${run})`);
      assertStringIncludes(await p.mainText(), "přerušena dodávka pitné vody");
      await fits(p);
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
