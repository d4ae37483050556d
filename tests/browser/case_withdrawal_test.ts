/**
 * Withdrawing a filing in Chromium (the case kit's zpětvzetí): on the case page at 320 px the
 * citizen gives a reason and presses "Vzít podání zpět", reads the confirmation page, confirms,
 * and sees the case closed with the step in its timeline. Every page audited (status, CSP,
 * console, axe WCAG 2.1 A + AA); nothing wider than the screen.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { BrowserSuite, browserTest, pathOf, signIn } from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { waitFor } from "../support/wait.ts";
import { insertPerson } from "../support/people.ts";
import { getDb } from "../../lib/db.ts";
import { translator } from "../../lib/i18n.ts";
import { fileCase } from "../../app/cases.ts";
import type { CaseForm } from "../../app/case_forms.ts";

const suite = new BrowserSuite();

/** A one-field form filed under the dog fee's slug (the kit's review, no situation steps). */
const form: CaseForm = {
  slug: "poplatek-ze-psa",
  title: "cases.forms.poplatek-ze-psa",
  agenda: "poplatky",
  validate: (raw) => ({ ok: true, value: { name: String(raw.name ?? "") } }),
};

Deno.test({
  name: "[browser] a citizen withdraws a filing after the confirmation page, at 320 px",
  ...browserTest,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const person = await insertPerson(lipnice.id, {
      prefix: "zpet",
      givenName: "Karel",
      familyName: "Rozmyslný",
    });
    const who = { username: person.username, password: person.password };
    const filed = await fileCase(
      { db, now: () => new Date(), forms: () => form },
      { tenantId: lipnice.id, personId: person.id, onBehalfOf: null, requestId: null },
      { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" },
      {
        slug: "poplatek-ze-psa",
        values: { name: "Alík" },
        files: [],
        idempotencyKey: crypto.randomUUID(),
      },
    );
    assert(filed.ok, JSON.stringify(filed));
    await waitFor(async () => {
      const rows = await db.selectFrom("workflow_commands").select("status")
        .where("subject_type", "=", "case").where("subject_id", "=", filed.caseId).execute();
      return rows.length > 0 && rows.every((r) => r.status !== "pending");
    }, { what: "the case's workflow to start", timeoutMs: 120_000 });

    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      await signIn(p, who);
      await p.visit(`/ucet/podani/${filed.caseId}`);
      await p.fill("Důvod (nepovinné)", "Pes se přestěhoval k dceři do Brna.");
      await p.press("Vzít podání zpět");
      assertEquals(await p.headings(1), [`Opravdu vzít podání ${filed.reference} zpět?`]);
      assertStringIncludes(await p.mainText(), "Pes se přestěhoval k dceři do Brna.");
      assert((await p.scrollWidth()) <= 320, "the confirmation page fits 320 px");
      const shots = Deno.env.get("SCREENSHOT_DIR");
      if (shots) await p.page.screenshot({ path: `${shots}/withdraw-confirm.png`, fullPage: true });
      await p.press("Ano, vzít podání zpět");
      assertEquals(pathOf(p), `/ucet/podani/${filed.caseId}`);
      await waitFor(async () => {
        const c = await db.selectFrom("cases").select("state").where("id", "=", filed.caseId)
          .executeTakeFirstOrThrow();
        return c.state === "closed";
      }, { what: "the case closed", timeoutMs: 120_000 });
      await p.visit(`/ucet/podani/${filed.caseId}`);
      const text = await p.mainText();
      assertStringIncludes(text, "Podání vzal podatel zpět – řízení skončilo");
      assert(!text.includes("Vzít podání zpět"), "no withdrawal form on a closed case");
      assert((await p.scrollWidth()) <= 320, "the case page fits 320 px");
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
