/**
 * Subscribing to the town's news without an account, in Chromium at 320 px: the form's errors,
 * an e-mail subscription confirmed from the link in MailDev, the subscription's page (what it
 * follows, when consent was given), changing the topics, and unsubscribing — every page audited
 * (status, CSP, console, axe WCAG 2.1 A + AA) with nothing scrolling sideways.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  pathOf,
  type PortalPage,
  setChecked,
  signIn,
} from "./support.ts";
import { watchInbox } from "../support/maildev.ts";
import { demoTowns } from "../support/app.ts";
import { getDb } from "../../lib/db.ts";
import { hash } from "@node-rs/argon2";

const suite = new BrowserSuite();

async function fits(p: PortalPage): Promise<void> {
  const width = await p.scrollWidth();
  assert(width <= 320, `${pathOf(p)} scrolls sideways at 320 px: the document is ${width} px`);
}

Deno.test({
  name: "[browser] an e-mail subscribes, confirms from MailDev, changes topics and unsubscribes",
  ...browserTest,
  async fn() {
    const email = `odber.prohlizec.${crypto.randomUUID().slice(0, 8)}@example.cz`;
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      await p.visit("/odber");
      assertEquals(await p.headings(1), ["Odběr zpráv z obce"]);
      await fits(p);

      // Sent with a bad address and nothing chosen: one summary names each problem.
      await p.fill("E-mail nebo číslo mobilního telefonu (povinné)", "jan.novak@");
      await p.press("Přihlásit k odběru", { status: 422 });
      const summary = (await p.textOfRole("alert")).find((t) => t.includes("Formulář obsahuje"));
      assert(summary, "an error summary");
      assertStringIncludes(summary, "E-mailová adresa není platná");
      assertStringIncludes(summary, "Vyberte alespoň jedno téma.");
      assertStringIncludes(summary, "souhlas se zasíláním");
      await fits(p);

      await p.fill("E-mail nebo číslo mobilního telefonu (povinné)", email);
      await setChecked(p, "Výpadky vody a elektřiny");
      await setChecked(p, "Svoz odpadu");
      await setChecked(p, "Mlýnská");
      await setChecked(p, "Souhlasím se zasíláním zpráv obce");
      const inbox = await watchInbox(email);
      await p.press("Přihlásit k odběru");
      assertStringIncludes(await p.mainText(), "Zkontrolujte e-mail");
      await fits(p);

      const mail = await inbox();
      const link = /https?:\/\/\S+\/odber\/potvrdit\?token=[\w-]+/.exec(mail.text)?.[0];
      assert(link, mail.text);
      await p.visit(new URL(link).pathname + new URL(link).search);
      assertEquals(await p.headings(1), ["Potvrzení odběru zpráv"]);
      await fits(p);
      await p.press("Potvrdit odběr");
      assertStringIncludes(await p.mainText(), "Odběr je potvrzený");
      await fits(p);

      await p.followLink("Můj odběr");
      assertEquals(await p.headings(1), ["Odběr zpráv"]);
      let text = await p.mainText();
      for (const part of ["Aktivní", "Výpadky vody a elektřiny, Svoz odpadu", "Mlýnská"]) {
        assertStringIncludes(text, part);
      }
      assertStringIncludes(text, "Souhlas udělen");
      await fits(p);

      await p.followLink("Změnit témata a ulice");
      assertEquals(await p.headings(1), ["Změna odběru zpráv"]);
      await fits(p);
      await setChecked(p, "Svoz odpadu", false);
      await setChecked(p, "Kultura a akce");
      await setChecked(p, "Mlýnská", false);
      await p.press("Uložit změny");
      text = await p.mainText();
      assertStringIncludes(text, "Změny odběru jsou uložené.");
      assertStringIncludes(text, "Výpadky vody a elektřiny, Kultura a akce");
      assertStringIncludes(text, "Celá obec");

      await p.press("Zrušit odběr");
      text = await p.mainText();
      assertStringIncludes(text, "Odběr je zrušený");
      assertStringIncludes(text, "Souhlas odvolán");
      await fits(p);
    } finally {
      await p.close();
    }
  },
});

Deno.test({
  name: "[browser] a citizen's message settings at 320 px: news by topic and street, quiet hours",
  ...browserTest,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const n = crypto.randomUUID().slice(0, 8);
    const who = { username: `nastaveni.${n}`, password: "Nastaveni-zprav-2026" };
    const person = await db.insertInto("persons").values({
      tenant_id: lipnice.id,
      username: who.username,
      given_name: "Věra",
      family_name: "Nastavená",
      password_hash: await hash(who.password, { algorithm: 2 }),
      status: "active",
      updated_at: new Date(),
    }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("person_contacts").values({
      tenant_id: lipnice.id,
      person_id: person.id,
      kind: "email",
      value: `nastaveni.${n}@example.cz`,
      verified_at: new Date(),
    }).execute();
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      await signIn(p, who);
      await p.visit("/ucet/nastaveni");
      await fits(p);
      await p.fill("Od (hodiny:minuty)", "25:00");
      await p.fill("Do (hodiny:minuty)", "7:00");
      await p.press("Uložit hodiny klidu", { status: 422 });
      assertStringIncludes(
        (await p.textOfRole("alert")).join(" "),
        "Zadejte čas ve tvaru hodiny:minuty",
      );
      await fits(p);
      await p.fill("Od (hodiny:minuty)", "22:00");
      await p.press("Uložit hodiny klidu");
      assertStringIncludes(await p.mainText(), "Nastavení bylo uloženo.");
      await p.press("Uložit odběr zpráv");
      assertStringIncludes(await p.mainText(), "Nastavení bylo uloženo.");
      const quiet = await db.selectFrom("persons").select(["quiet_hours_from", "quiet_hours_to"])
        .where("id", "=", person.id).executeTakeFirstOrThrow();
      assertEquals(quiet, { quiet_hours_from: 1320, quiet_hours_to: 420 });
      await fits(p);
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
