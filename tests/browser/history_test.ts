/**
 * The histories' pages in Chromium with axe, at 320 px: the town administrator filters the
 * audit log by a reason's words and an action, and the citizen opens "Kdo z úřadu viděl moje
 * údaje" from the settings and finds the clerk who looked at their record. Neither page is
 * wider than the screen.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { demoTowns } from "../support/app.ts";
import { getDb } from "../../lib/db.ts";
import { appendAudit } from "../../db/repositories/audit.ts";
import { insertClerk } from "../../db/repositories/clerks_admin.ts";
import { viewPerson } from "../../app/persons.ts";
import { defaultDeps } from "../../app/deps.ts";
import {
  BrowserSuite,
  browserTest,
  choose,
  DEMO_ADMIN,
  DEMO_CITIZEN,
  type PortalPage,
  signIn,
} from "./support.ts";

const run = crypto.randomUUID().slice(0, 8);

function scrollWidth(p: PortalPage): Promise<number> {
  return p.page.evaluate(() => document.documentElement.scrollWidth);
}

async function freshClerk(name: string) {
  const { lipnice } = await demoTowns();
  const suffix = crypto.randomUUID().slice(0, 6);
  const id = await insertClerk(getDb(), lipnice.id, {
    username: `test-${suffix}`,
    displayName: name,
    email: `test-${suffix}@example.cz`,
    phone: `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
    passwordHash: "x",
    roles: ["identity"],
  });
  assert(id);
  return { tenantId: lipnice.id, clerkId: id, requestId: null };
}

Deno.test({
  name: "[browser] the admin's audit view and the citizen's list of clerk views at 320 px",
  ...browserTest,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const clerk = await freshClerk(`Bohumila Prohlížející ${run}`);
    // A long reason without spaces must not widen the page.
    await appendAudit(db, {
      tenantId: lipnice.id,
      actorType: "clerk",
      actorId: clerk.clerkId,
      action: "notice.withdraw_requested",
      subjectType: "notice",
      subjectId: crypto.randomUUID(),
      details: { reason: `prohlížeč${run} ${"dlouhéslovobezmezer".repeat(6)}` },
    });
    const citizen = await db.selectFrom("persons").select("id")
      .where("tenant_id", "=", lipnice.id).where("username", "=", DEMO_CITIZEN.username)
      .executeTakeFirstOrThrow();
    assert(await viewPerson(defaultDeps(), clerk, citizen.id));

    const suite = new BrowserSuite();
    try {
      const admin = await suite.newPage({ width: 320, height: 720 });
      await signIn(admin, DEMO_ADMIN);
      await admin.visit("/urad/audit");
      assertEquals(await admin.headings(1), ["Auditní záznam"]);
      await admin.fill("Hledat v důvodech", `prohlizec${run}`);
      await choose(admin, "Akce", "Požádáno o předčasné stažení dokumentu");
      await admin.press("Hledat");
      const text = await admin.mainText();
      assertStringIncludes(text, "Nalezeno záznamů: 1");
      assertStringIncludes(text, `Bohumila Prohlížející ${run}`);
      assert((await scrollWidth(admin)) <= 320, `the audit view is ${await scrollWidth(admin)} px`);

      const person = await suite.newPage({ width: 320, height: 720 });
      await signIn(person, DEMO_CITIZEN);
      await person.visit("/ucet/nastaveni");
      await person.followLink("Kdo z úřadu viděl moje údaje");
      assertEquals(await person.headings(1), ["Kdo z úřadu viděl moje údaje"]);
      const seen = await person.mainText();
      assertStringIncludes(seen, `Bohumila Prohlížející ${run}`);
      assertStringIncludes(seen, "Váš záznam osoby");
      assert((await scrollWidth(person)) <= 320, `the list is ${await scrollWidth(person)} px`);
    } finally {
      await suite.close();
    }
  },
});
